"""Build a site the way ``invoke build`` promises: all problems reported, ``output/`` never
half-written.

Pelican writes pages in place and logs a failing file or plugin while still exiting 0. This
wrapper builds into a staging folder beside ``OUTPUT_PATH``, collects Memoria's diagnostics and
Pelican's own error messages, prints each once, and swaps the staging folder in only when nothing
went wrong.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pelican import Pelican, signals
from pelican.log import console as pelican_console
from pelican.settings import read_settings

from memoria.diagnostics import (
    SETTINGS_KEY,
    Diagnostic,
    DiagnosticLog,
    InputError,
    display_path,
)
from memoria.search.pagefind_index import index_site
from memoria.search.settings import SETTINGS_KEY as SEARCH_SETTINGS_KEY
from memoria.unread_sources import unread_sources, unread_warnings

#: Set in the settings by this wrapper: plugins then leave the reporting to it.
REPORTER_KEY = "MEMORIA_REPORTER"


@dataclass
class BuildResult:
    """What a build produced and what went wrong in it."""

    output_path: Path  # where the site is (the final folder, also when the build failed)
    diagnostics: list[Diagnostic]  # Memoria's findings, sorted
    pelican_errors: list[str] = field(default_factory=list)  # Pelican's own ERROR messages
    pelican_warnings: list[str] = field(default_factory=list)  # Pelican's own WARNING messages
    internal_error: str = ""  # traceback of a bug in Memoria or Pelican, "" when none
    search_seconds: float | None = None  # time Pagefind took to index the site; None: not run
    # Source files read, by kind ("articles": 4, "people": 19), translations and drafts included;
    # Pelican's own "Done: Processed ..." line counts articles and pages only.
    read_counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def ok(self) -> bool:
        return not (self.errors or self.pelican_errors or self.internal_error)

    def messages(self) -> list[str]:
        """Every line a person should read, errors and warnings alike, in a stable order."""
        lines = [str(d) for d in self.diagnostics]
        lines += [f"pelican: error: {m}" for m in self.pelican_errors]
        lines += [f"pelican: warning: {m}" for m in self.pelican_warnings]
        return lines


class _PelicanMessages(logging.Handler):
    """Keeps Pelican's warnings and errors (without tracebacks) instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Pelican logs a reader's exception while handling it, without exc_info: look at the
        # exception being handled to recognise one a reader already recorded with its line.
        if isinstance(sys.exc_info()[1], InputError):
            return
        message = record.getMessage().strip().replace("\n", " ")
        target = self.errors if record.levelno >= logging.ERROR else self.warnings
        if message not in target:
            target.append(message)


def build(
    settings_file: str | Path = "pelicanconf.py",
    overrides: Mapping[str, Any] | None = None,
) -> BuildResult:
    """Build the site described by ``settings_file``; replace its output only on success."""
    settings = read_settings(str(settings_file), override=dict(overrides or {}))
    base = Path(settings_file).resolve().parent
    for name in ("PATH", "OUTPUT_PATH", "CACHE_PATH"):
        # Pelican makes only the paths written in the file absolute; defaults stay relative to
        # the working directory, which would put a site's output wherever the command ran.
        settings[name] = str(base / settings[name])
    final_output = Path(settings["OUTPUT_PATH"])
    final_output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(prefix=f"{final_output.name}.staging-", dir=final_output.parent)
    )
    settings["OUTPUT_PATH"] = str(staging)
    settings[REPORTER_KEY] = True
    log = DiagnosticLog()
    settings[SETTINGS_KEY] = log

    handler = _PelicanMessages()
    root = logging.getLogger()
    root.addHandler(handler)
    internal_error = ""
    generators_seen: list[Any] = []

    # Held here while Pelican runs (blinker keeps only a weak reference to a receiver).
    def remember(generators: list[Any]) -> None:
        generators_seen[:] = generators

    signals.all_generators_finalized.connect(remember)
    # Pelican's "Done: Processed 4 articles" line counts none of the portal's pages and comes
    # before Memoria's verdict; report() prints the counts and the verdict together instead.
    quiet = pelican_console.quiet
    pelican_console.quiet = True
    try:
        Pelican(settings).run()
    except InputError:
        pass  # already in the log
    except Exception:
        internal_error = traceback.format_exc()
    finally:
        pelican_console.quiet = quiet
        root.removeHandler(handler)
        signals.all_generators_finalized.disconnect(remember)
    read_counts: dict[str, int] = {}
    if generators_seen:
        log.extend(_unread_source_warnings(generators_seen, settings))
        read_counts = _read_counts(generators_seen[0].context)

    result = BuildResult(
        output_path=final_output,
        diagnostics=log.sorted(),
        pelican_errors=handler.errors,
        pelican_warnings=handler.warnings,
        internal_error=internal_error,
        read_counts=read_counts,
    )
    search = settings.get(SEARCH_SETTINGS_KEY)
    if result.ok and search is not None and search.enabled:
        # Indexed before the swap: a failed index fails the build and output/ stays as it was.
        indexed = index_site(staging)
        result.search_seconds = indexed.seconds
        log.extend(indexed.problems)
        result.diagnostics = log.sorted()
    if result.ok:
        _replace_folder(final_output, staging)
    else:
        shutil.rmtree(staging, ignore_errors=True)
    return result


#: Plural labels of the content classes whose name plus "s" is not English.
_PLURALS = {"Person": "people", "CaseStudy": "case studies", "Series": "series"}
_SINGULARS = {"people": "person", "case studies": "case study", "series": "series"}


def _counted(n: int, kind: str) -> str:
    """ "1 article", "2 articles" (``kind`` is a label of :func:`_read_counts`)."""
    return f"{n} {kind if n != 1 else _SINGULARS.get(kind, kind.removesuffix('s'))}"


def _read_counts(context: Mapping[str, Any]) -> dict[str, int]:
    """How many source files of each kind the generators read ("articles", "people", ...)."""
    counts: dict[str, int] = {}
    for content in context.get("generated_content", {}).values():
        if content is None:  # a file that failed: its error is reported
            continue
        name = type(content).__name__
        label = _PLURALS.get(name) or re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower() + "s"
        counts[label] = counts.get(label, 0) + 1
    return dict(sorted(counts.items()))


def _unread_source_warnings(generators: list[Any], settings: Mapping[str, Any]) -> list[Diagnostic]:
    """Warnings for content files that no generator read (memoria.unread_sources)."""
    context = generators[0].context
    read = set(context.get("generated_content", {})) | set(context.get("static_content", {}))
    extensions = set(generators[0].readers.extensions)
    content_root = Path(settings["PATH"])
    unread = unread_sources(content_root, extensions, read, settings.get("IGNORE_FILES", ()))
    return unread_warnings(display_path(content_root / path, settings) for path in unread)


def _replace_folder(target: Path, new: Path) -> None:
    """Put ``new`` where ``target`` is with two renames, so readers never see a partial site."""
    new.chmod(0o755)  # mkdtemp creates 0700; a published site must be readable
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
        new.rename(target)
        _discard(old)
    else:
        new.rename(target)


def _discard(folder: Path) -> None:
    """Delete the replaced site without making the build wait (a large site takes seconds)."""
    if os.name == "posix":
        subprocess.Popen(
            ["rm", "-rf", "--", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    else:
        shutil.rmtree(folder, ignore_errors=True)


def report(result: BuildResult, stream: TextIO = sys.stderr) -> int:
    """Print the build's messages for a person; return the process exit status."""
    for line in result.messages():
        print(line, file=stream)
    if result.internal_error:
        print(
            "memoria: internal error (a bug, not a problem in your files); details follow.",
            file=stream,
        )
        print(result.internal_error.rstrip().splitlines()[-1], file=stream)
        print("Re-run with MEMORIA_DEBUG=1 to see the full traceback.", file=stream)
    if result.ok:
        count = len(result.diagnostics)
        suffix = f" with {count} warning{'s' if count != 1 else ''}" if count else ""
        read = ", ".join(_counted(n, kind) for kind, n in result.read_counts.items())
        print(
            f"memoria: built {result.output_path}{f' ({read})' if read else ''}{suffix}",
            file=stream,
        )
        if count:
            by_code: dict[str, int] = {}
            for diagnostic in result.diagnostics:
                by_code[diagnostic.code or "other"] = by_code.get(diagnostic.code or "other", 0) + 1
            summary = ", ".join(f"{n} {code}" for code, n in sorted(by_code.items()))
            print(f"memoria: warnings by kind: {summary}", file=stream)
        return 0
    problems = len(result.errors) + len(result.pelican_errors) + bool(result.internal_error)
    print(
        f"memoria: build failed with {problems} error{'s' if problems != 1 else ''}; "
        f"{result.output_path} was left as it was",
        file=stream,
    )
    return 1


def main(argv: list[str] | None = None) -> int:
    """``python -m memoria.site_build [SETTINGS_FILE]``, what ``invoke build`` runs."""
    args = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.ERROR, format="%(message)s", handlers=[logging.NullHandler()])
    result = build(args[0] if args else "pelicanconf.py")
    if result.internal_error and os.environ.get("MEMORIA_DEBUG"):
        print(result.internal_error, file=sys.stderr)
    return report(result)


if __name__ == "__main__":
    sys.exit(main())
