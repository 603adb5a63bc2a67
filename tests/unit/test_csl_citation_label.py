"""memoria.csl.citation_label: trigraph labels ("Asth00") as citeproc-js makes them."""

from __future__ import annotations

import pytest

from memoria.csl.citation_label import citation_label


@pytest.mark.parametrize(
    ("names", "year", "expected"),
    [
        (["Asthma"], "1900", "Asth00"),
        (["Doe"], "1965", "Doe65"),  # shorter than four letters: all of it
        (["Bronchitis", "Cholera"], "1998", "BrCh98"),
        (["Roe", "Noakes", "Smith"], "1978", "RoNS78"),
        (["von Dipheria", "Eczema", "Flatulence", "Goiter", "Hiccups"], "1926", "DEFG26"),
        (["ASTHMA"], "1900", "Asth00"),  # capitalised, whatever its case
        (["O'Brien"], "2001", "Obri01"),  # letters only
        (["Aalto"], None, "Aalt00"),  # no year: "00"
    ],
)
def test_from_names(names: list[str], year: str | None, expected: str) -> None:
    assert citation_label(names, year) == expected


def test_the_title_stands_in_for_missing_names() -> None:
    assert citation_label([], "2010", "The Art of War") == "Artw10"


def test_another_trigraph() -> None:
    assert citation_label(["Asthma", "Bronchitis"], "1900", trigraph="Aaa:AaAa0000") == "AsBr1900"


def test_a_bad_trigraph_is_refused() -> None:
    with pytest.raises(ValueError, match="unexpected"):
        citation_label(["Asthma"], "1900", trigraph="Ax00")
