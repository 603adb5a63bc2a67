"""`invoke build`'s promises: errors reported by line, non-zero exit, output/ kept when it fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FRONT_ONLY = {"PLUGINS": ["memoria.front_matter"]}
GOOD = {"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nFirst version.\n"}
BAD = {"content/posts/b.md": "---\ntitle: B\ndate: not-a-date\n---\nBroken.\n"}


def test_failed_build_leaves_last_good_output_untouched(site):
    site.write(GOOD)
    assert site.build(**FRONT_ONLY).ok
    before = site.read("posts/a/index.html")
    site.write({**BAD, "content/posts/a.md": GOOD["content/posts/a.md"].replace("First", "Second")})
    result = site.build(**FRONT_ONLY)
    assert not result.ok
    assert site.read("posts/a/index.html") == before  # not half-updated
    assert not site.exists("posts/b/index.html")
    leftovers = [p.name for p in site.root.iterdir() if ".staging-" in p.name]
    assert leftovers == []  # the staging folder is cleaned up


def test_successful_build_replaces_output(site):
    site.write(GOOD)
    assert site.build(**FRONT_ONLY).ok
    site.write({"content/posts/a.md": GOOD["content/posts/a.md"].replace("First", "Second")})
    assert site.build(**FRONT_ONLY).ok
    assert "Second version." in site.read("posts/a/index.html")
    assert oct((site.root / "output").stat().st_mode & 0o777) == "0o755"


def test_build_command_prints_path_line_and_exits_nonzero_without_traceback(site):
    site.write({**GOOD, **BAD})
    site.build(**FRONT_ONLY)  # writes pelicanconf.py
    plugins = str(Path(__file__).resolve().parents[2] / "plugins")
    env = {**os.environ, "PYTHONPATH": plugins}
    run = subprocess.run(
        [sys.executable, "-m", "memoria.site_build", "pelicanconf.py"],
        cwd=site.root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 1
    assert "content/posts/b.md:3: error: 'date': 'not-a-date' is not a date" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert "build failed with 1 error" in run.stderr
    assert "Done: Processed" not in run.stdout  # Pelican's count, before the verdict: left out


def test_a_successful_build_counts_every_kind_of_page_it_read(site):
    site.write({**GOOD, "content/posts/a2.md": GOOD["content/posts/a.md"].replace("A", "A2")})
    site.write({"content/pages/about.md": "---\ntitle: About\n---\nUs.\n"})
    site.build(**FRONT_ONLY)  # writes pelicanconf.py
    plugins = str(Path(__file__).resolve().parents[2] / "plugins")
    run = subprocess.run(
        [sys.executable, "-m", "memoria.site_build", "pelicanconf.py"],
        cwd=site.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": plugins},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert (
        run.stderr.splitlines()[-1] == f"memoria: built {site.root / 'output'} (2 articles, 1 page)"
    )


def test_an_impossible_calendar_day_is_reported_at_its_line(site):
    # YAML reads 2024-02-30 as a timestamp and PyYAML fails constructing it, without a position.
    site.write({"content/posts/bad2.md": "---\ntitle: B\n\ndate: 2024-02-30\n---\nBroken.\n"})
    result = site.build(**FRONT_ONLY)
    assert not result.ok
    assert result.messages() == [
        "content/posts/bad2.md:4: error: 'date': '2024-02-30' is not a date (day is out of "
        "range for month) (hint: write an ISO date such as 2024-07-25 or 2024-07-25 18:30)"
    ]


def test_a_content_file_no_generator_reads_is_named_in_a_warning(site):
    # ARTICLE_PATHS of the fixture site are Pelican's default (the whole of content/), so the
    # blog folder is set apart here as a user's settings would leave it.
    site.write({**GOOD, "content/blog/b.md": "---\ntitle: B\n---\nNever read.\n"})
    site.write({"content/.drafts/c.md": "---\ntitle: C\n---\nIgnored, as IGNORE_FILES says.\n"})
    result = site.build(**FRONT_ONLY, ARTICLE_PATHS=["posts"])
    assert result.ok
    assert site.exists("posts/a/index.html")
    assert result.messages() == [
        "content/blog/b.md:1: warning: no part of the build reads this file: it is in none of "
        "ARTICLE_PATHS, PAGE_PATHS, STATIC_PATHS or the portal's folders (hint: move it into a "
        "content folder (posts/, pages/, people/, ...) or add its folder to ARTICLE_PATHS in "
        "pelicanconf.py)"
    ]


def test_two_builds_of_the_same_input_are_byte_identical(site):
    site.write(GOOD)
    assert site.build(**FRONT_ONLY).ok
    first = _tree(site.root / "output")
    assert site.build(**FRONT_ONLY).ok
    assert _tree(site.root / "output") == first


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
