"""memoria.site_url: which SITEURL values ``invoke publish`` refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from memoria.site_url import siteurl_problem


@pytest.fixture
def settings(tmp_path: Path) -> Path:
    path = tmp_path / "publishconf.py"
    path.write_text('import os\n\nSITEURL = os.environ.get("X", "")\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "siteurl",
    [
        "https://memoria.example.org",
        "https://example.com",
        "http://localhost:8000",
        "http://127.0.0.1",
        "https://portal.test",
        "",
        "memoria.org",  # no scheme: links would be relative to the page
        "javascript:alert(1)",
    ],
)
def test_a_placeholder_or_unusable_address_is_refused_at_its_line(settings, siteurl):
    problem = siteurl_problem(siteurl, settings)
    assert problem is not None
    assert str(problem).startswith("publishconf.py:3: error: SITEURL is ")
    assert "MEMORIA_SITEURL" in problem.hint


@pytest.mark.parametrize(
    "siteurl",
    [
        "https://memoria.org",
        "https://www.myexample.org/portal",
        "http://research.example-group.net",
    ],
)
def test_a_real_address_passes(settings, siteurl):
    assert siteurl_problem(siteurl, settings) is None
