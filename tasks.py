"""Tasks for building, serving, testing and benchmarking a Memoria site: ``invoke --list``.

The task names are the ones ``pelican-quickstart`` generates, plus ``test``, ``lint``, ``format``
and ``bench``. ``build`` goes through Memoria's wrapper, which reports every problem as
``path:line: message`` and replaces ``output/`` only when the build succeeded.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
SETTINGS = {"base": "pelicanconf.py", "publish": "publishconf.py"}
OUTPUT = ROOT / "output"
PORT = 8000


def _build(settings_file: str) -> None:
    sys.path.insert(0, str(ROOT / "plugins"))
    from memoria.site_build import build as build_site
    from memoria.site_build import report

    status = report(build_site(ROOT / settings_file))
    if status:
        raise Exit(code=status)


@task
def clean(c):
    """Remove the generated site and the caches."""
    for folder in (OUTPUT, ROOT / "cache"):
        shutil.rmtree(folder, ignore_errors=True)


@task
def build(c):
    """Build the site into output/ (replaced only when the build succeeds)."""
    _build(SETTINGS["base"])


@task(pre=[clean])
def rebuild(c):
    """Build from scratch, with empty caches."""
    _build(SETTINGS["base"])


@task
def regenerate(c):
    """Rebuild on every change (plain Pelican autoreload: writes output/ in place)."""
    c.run(f"pelican --autoreload -s {SETTINGS['base']}", pty=sys.stdout.isatty())


@task
def serve(c, port=PORT):
    """Serve output/ at http://localhost:PORT/."""
    c.run(f"pelican --listen --port {port} -s {SETTINGS['base']}", pty=sys.stdout.isatty())


@task
def reserve(c, port=PORT):
    """Build, then serve."""
    build(c)
    serve(c, port=port)


@task
def preview(c):
    """Build with the publishing settings (absolute URLs)."""
    _build(SETTINGS["publish"])


@task
def livereload(c, port=PORT):
    """Rebuild on every change and serve the result."""
    c.run(
        f"pelican --autoreload --listen --port {port} -s {SETTINGS['base']}",
        pty=sys.stdout.isatty(),
    )


@task
def publish(c):
    """Build for publishing into output/; upload that folder to your web host. Refuses a
    placeholder SITEURL (set MEMORIA_SITEURL): feeds and citations would point nowhere."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from pelican.settings import read_settings

    from memoria.site_url import siteurl_problem

    settings_file = ROOT / SETTINGS["publish"]
    problem = siteurl_problem(read_settings(str(settings_file)).get("SITEURL", ""), settings_file)
    if problem:
        print(problem, file=sys.stderr)
        raise Exit(code=2)
    _build(SETTINGS["publish"])
    print(f"Ready to publish: copy {OUTPUT} to your web server (e.g. with rsync).")


CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def _ensure_chromium(c) -> None:
    """Install Debian's chromium for the browser tests when it is missing (never a download of
    Playwright's own browser). Fails loudly: the browser tests are part of the suite."""
    if CHROMIUM.exists():
        return
    install = (
        "apt-get update && DEBIAN_FRONTEND=noninteractive "
        "apt-get install -y --no-install-recommends chromium"
    )
    if os.geteuid() == 0:
        command = f"sh -c '{install}'"
    elif shutil.which("sudo"):
        command = f"sudo -n sh -c '{install}'"
    else:
        raise Exit(
            f"{CHROMIUM} is missing, this is not root and there is no sudo: install it with "
            f"'{install}' as root, then run the tests again.",
            code=1,
        )
    print(f"{CHROMIUM} is missing; installing Debian's chromium for the browser tests.")
    result = c.run(command, warn=True, pty=False)
    if not result.ok:
        raise Exit(
            f"could not install chromium (exit {result.exited}; 'sudo -n' needs root or "
            f"passwordless sudo): run '{install}' as root, then run the tests again.",
            code=1,
        )
    if not CHROMIUM.exists():
        raise Exit(f"apt-get installed chromium but {CHROMIUM} is still missing.", code=1)


@task(help={"args": "extra arguments for pytest, e.g. '-k citations -x'"})
def test(c, args=""):
    """Install what the tests need beyond pip (chromium), then run the whole test suite."""
    _ensure_chromium(c)
    started = time.time()
    result = c.run(f"{sys.executable} -m pytest {args}", pty=sys.stdout.isatty(), warn=True)
    taken = [p for p in SCREENSHOTS.glob("*.png") if p.stat().st_mtime >= started]
    if taken:
        print(f"{len(taken)} screenshots of the demo's pages (phone and desktop): {SCREENSHOTS}/")
    if not result.ok:
        raise Exit(code=result.exited)


@task
def lint(c):
    """Check code style with ruff (lint and format)."""
    c.run("ruff check .")
    c.run("ruff format --check .")


@task(name="format")
def format_(c):
    """Format the code with ruff and apply its safe fixes."""
    c.run("ruff format .")
    c.run("ruff check --fix .")


@task(
    help={
        "posts": "synthetic posts",
        "entries": "synthetic bibliography entries",
        "runs": "builds of each kind; medians are reported",
        "dir": "where to build (default /dev/shm, else the temp folder)",
    }
)
def bench(c, posts=1000, entries=5000, runs=3, dir=""):
    """Time cold and warm builds of a synthetic portal against plain Pelican; print JSON."""
    where = f" --dir {dir}" if dir else ""
    c.run(
        f"{sys.executable} tests/benchmarks/bench_build.py --posts {posts} --entries {entries}"
        f" --runs {runs}{where}"
    )


# --- Maintaining the bibliography (memoria.bib_tools); README "Maintaining the bibliography" ---

SETTINGS_HELP = "the site's settings file (default: pelicanconf.py beside tasks.py)"


def _bib_settings(settings: str) -> Path:
    return Path(settings).resolve() if settings else ROOT / SETTINGS["base"]


def _bib_exit(status: int) -> None:
    if status:
        raise Exit(code=status)


@task(
    name="bib-check",
    help={"format": "text (default) or json", "settings": SETTINGS_HELP},
)
def bib_check(c, format="text", settings=""):
    """Lint every .bib file and the citations in content; exit 1 on errors."""
    from memoria.bib_tools.cli import check_command

    _bib_exit(check_command(_bib_settings(settings), format))


@task(
    name="bib-format",
    help={
        "check": "only report what would change (exit 1 if anything would)",
        "settings": SETTINGS_HELP,
    },
)
def bib_format(c, check=False, settings=""):
    """Rewrite every .bib file in the canonical layout (idempotent, lossless)."""
    from memoria.bib_tools.cli import format_command

    _bib_exit(format_command(_bib_settings(settings), check))


@task(
    name="bib-import",
    help={
        "file": "the file to import: .bib (BibTeX/BibLaTeX), .ris or .json (CSL-JSON)",
        "into": "the .bib file to add to (default: BIBTEX_IMPORT_TARGET, or the only .bib file)",
        "update": "replace entries the library already has instead of skipping them",
        "from": "the file's format when its suffix does not tell: bibtex, ris or csljson",
        "settings": SETTINGS_HELP,
    },
)
def bib_import(c, file, into="", update=False, from_="", settings=""):
    """Add entries from a BibTeX, RIS or CSL-JSON file; refuse duplicates; generate keys."""
    from memoria.bib_tools.cli import import_command

    _bib_exit(import_command(_bib_settings(settings), file, into, update, from_))


@task(
    name="bib-export",
    help={
        "format": "bibtex, biblatex, ris or csljson",
        "output": "the file to write (default: standard output)",
        "settings": SETTINGS_HELP,
    },
)
def bib_export(c, format, output="", settings=""):
    """Write the whole library as BibTeX, BibLaTeX, RIS or CSL-JSON."""
    from memoria.bib_tools.cli import export_command

    _bib_exit(export_command(_bib_settings(settings), format, output))


@task(
    name="bib-stats",
    help={"format": "text (default) or json", "settings": SETTINGS_HELP},
)
def bib_stats(c, format="text", settings=""):
    """Count entries by type, year, language and case study; cited and uncited."""
    from memoria.bib_tools.cli import stats_command

    _bib_exit(stats_command(_bib_settings(settings), format))


@task
def translations(c):
    """Add the theme's new strings to every catalog (theme/translations); list the untranslated."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from memoria.i18n.extract import TRANSLATIONS, update_catalog

    missing = 0
    for folder in sorted(p for p in TRANSLATIONS.iterdir() if (p / "LC_MESSAGES").is_dir()):
        untranslated = update_catalog(folder.name)
        missing += len(untranslated)
        for message in untranslated:
            print(f"{folder.name}: untranslated: {message}")
    print(f"translations: {missing} string{'s' if missing != 1 else ''} left to translate")


@task(
    name="csl-suite",
    help={
        "write_expected": "rewrite tests/csl_suite/expected_failures.txt, with reasons",
        "json": "print the figures as JSON",
    },
)
def csl_suite(c, write_expected=False, json=False):
    """Run the CSL processor test suite through Memoria's engine: N/845 and a table by category."""
    flags = (" --write-expected" if write_expected else "") + (" --json" if json else "")
    c.run(f"{sys.executable} -m tests.csl_suite.report{flags}", pty=False)


@task(name="csl-fork-diff")
def csl_fork_diff(c):
    """Print the citeproc-py fork's changes: diff -ru of the installed release against it."""
    import citeproc

    upstream = Path(citeproc.__file__).resolve().parent
    fork = ROOT / "plugins" / "memoria" / "csl" / "citeproc"
    for path in sorted(fork.rglob("*.py")):
        name = path.relative_to(fork)
        c.run(f"diff -ruN {upstream / name} {path.relative_to(ROOT)}", warn=True, pty=False)
