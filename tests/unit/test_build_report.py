"""memoria.site_build.report: what a person reads at the end of a build."""

from __future__ import annotations

import io
from pathlib import Path

from memoria.diagnostics import Diagnostic
from memoria.site_build import BuildResult, report


def _warning(path: str, code: str) -> Diagnostic:
    return Diagnostic(path, 1, "something to look at", severity="warning", code=code)


def test_a_good_build_ends_with_its_counts_and_its_warnings_by_kind():
    result = BuildResult(
        output_path=Path("output"),
        diagnostics=[
            _warning("bibliography/a.bib", "bibtex.person_spelling"),
            _warning("content/blog/a.md", "content.unread"),
            _warning("content/blog/b.md", "content.unread"),
        ],
        read_counts={"articles": 1, "case studies": 2, "people": 1},
    )
    stream = io.StringIO()
    assert report(result, stream) == 0
    assert stream.getvalue().splitlines()[-2:] == [
        "memoria: built output (1 article, 2 case studies, 1 person) with 3 warnings",
        "memoria: warnings by kind: 1 bibtex.person_spelling, 2 content.unread",
    ]


def test_a_failed_build_says_so_last():
    error = Diagnostic("content/posts/b.md", 3, "'date': 'x' is not a date")
    stream = io.StringIO()
    assert report(BuildResult(output_path=Path("output"), diagnostics=[error]), stream) == 1
    assert stream.getvalue().splitlines() == [
        "content/posts/b.md:3: error: 'date': 'x' is not a date",
        "memoria: build failed with 1 error; output was left as it was",
    ]
