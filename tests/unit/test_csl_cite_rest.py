"""A cite as cite grouping sees it: without its names (a later cite of a collapsed group,
suppress-author), or a date alone."""

from __future__ import annotations

import pytest

from memoria.csl.render import _opens_with_year, _rest


@pytest.mark.parametrize(
    ("full", "author", "rest"),
    [
        ("Doe, 1999", "Doe", "1999"),
        # the markup that held the names alone goes with them
        ("<i>Aalto et al.</i>, 1999", "Aalto et al.", "1999"),
        ('<span style="x"><b>Roe</b></span> 2001', "Roe", "2001"),
        # markup around more than the names stays
        ("<i>Doe 1999</i>", "Doe", "<i>1999</i>"),
        ("Doe, 1999", "", "Doe, 1999"),
    ],
)
def test_rest(full: str, author: str, rest: str) -> None:
    assert _rest(full, author) == rest


def test_a_cite_of_a_date_alone_opens_with_its_year() -> None:
    item = {"issued": {"date-parts": [[1965]]}}
    assert _opens_with_year("<b>1965a</b>", item)
    assert not _opens_with_year("Doe 1965a", item)
    assert not _opens_with_year("1965", {})
