"""Run Pagefind over a built site: ``python -m pagefind --site <folder>``.

The build wrapper calls :func:`index_site` on its staging folder before swapping it in, so a
failed index fails the build and ``output/`` never holds a site without its index. Pagefind reads
only pages with a ``data-pagefind-body`` element (the theme's content pages) and writes its index
and its UI assets to ``<folder>/pagefind/``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from memoria.diagnostics import Diagnostic

#: Pagefind's output folder inside the site; the search page loads its UI from there.
BUNDLE_FOLDER = "pagefind"


@dataclass(frozen=True)
class IndexResult:
    """What one Pagefind run did."""

    seconds: float  # wall-clock time of the run
    problems: tuple[Diagnostic, ...]  # an error when Pagefind is missing or failed, else empty


def pagefind_command(site: Path) -> list[str]:
    """The command line; ``pagefind`` has no console script, its module runs the binary."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"]


def index_site(site: Path) -> IndexResult:
    """Index ``site`` in place; report a failure as a diagnostic instead of raising."""
    started = time.perf_counter()
    try:
        run = subprocess.run(
            pagefind_command(site), capture_output=True, text=True, check=False, timeout=600
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return IndexResult(time.perf_counter() - started, (_failure(str(error)),))
    seconds = time.perf_counter() - started
    if run.returncode != 0 or not (site / BUNDLE_FOLDER / "pagefind-entry.json").exists():
        output = " ".join((run.stderr or run.stdout or "").split())[-500:]
        return IndexResult(seconds, (_failure(output or f"exit status {run.returncode}"),))
    return IndexResult(seconds, ())


def _failure(detail: str) -> Diagnostic:
    return Diagnostic(
        "pelicanconf.py",
        0,
        f"the search index could not be built: {detail}",
        hint="install Pagefind with pip install 'pagefind[bin]', or set SEARCH_INDEX = False",
        code="search.pagefind",
    )
