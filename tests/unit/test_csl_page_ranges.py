"""memoria.csl.page_ranges: lists and ranges of numbers written as CSL's page-range-format asks."""

from __future__ import annotations

import pytest

from memoria.csl.escaping import TO_PUA
from memoria.csl.page_ranges import (
    Number,
    RangeStyle,
    collapse_end,
    first_number,
    format_numbers,
    fuse_kept_hyphens,
    holds_several_numbers,
    may_hold_range,
    pieces,
)


@pytest.mark.parametrize(
    ("first", "last", "range_format", "expected"),
    [
        ("321", "328", "expanded", "328"),
        ("321", "328", "minimal", "8"),
        ("321", "328", "minimal-two", "28"),
        ("101", "108", "minimal-two", "08"),
        ("71", "72", "minimal-two", "72"),
        ("1536", "1538", "minimal", "8"),
        # Chicago 15th: all digits below 101 and at hundreds, two when the hundreds agree
        ("71", "72", "chicago", "72"),
        ("100", "104", "chicago-15", "104"),
        ("101", "108", "chicago", "8"),
        ("321", "325", "chicago", "25"),
        ("1496", "1504", "chicago", "1504"),
        ("11564", "11568", "chicago", "68"),
        ("13792", "13803", "chicago", "803"),
        # Chicago 16th: the changed part, at least two digits
        ("321", "328", "chicago-16", "28"),
        ("1496", "1500", "chicago-16", "500"),
        ("11564", "11615", "chicago-16", "615"),
        ("498", "532", "chicago-16", "532"),
        ("1100", "1113", "chicago-16", "1113"),
        ("12991", "123001", "chicago-16", "123001"),
    ],
)
def test_collapse_end(first: str, last: str, range_format: str, expected: str) -> None:
    assert collapse_end(first, last, range_format) == expected


@pytest.mark.parametrize(
    ("value", "range_format", "expected"),
    [
        ("110-5", "expanded", "110–115"),
        ("1536-538", "minimal", "1536–8"),
        ("42-45", None, "42–45"),  # no format: the delimiter only
        ("110-5", None, "110–5"),
        ("23-25, 31-5", "expanded", "23–25, 31–35"),
        ("142-145 & 235", "chicago", "142–45 & 235"),
        ("5–7", "minimal", "5–7"),  # an en dash is a range too
        ("10 - 20", "minimal", "10–20"),
        ("23-22", "expanded", "23–22"),  # backwards: not expanded
        # the same prefix on both ends: written once (or twice, expanded)
        ("N110 - N5", "expanded", "N110–N115"),
        ("n11564 - n1568", "minimal", "n11564–8"),
        ("8n11564-8n1568", "chicago", "8n11564–68"),
        # different prefixes: two numbers, not a range; the hyphen stays
        ("N110 - 5", "expanded", "N110-5"),
        ("110 - N6", "expanded", "110-N6"),
        ("123N110 - N5, 456K200 - 99", "expanded", "123N110-N5, 456K200-99"),
        # roman numerals: a range, never shortened
        ("xxv-xxviii", "chicago-16", "xxv–xxviii"),
        # words, chains and kept hyphens keep their text
        ("A-B", "minimal", "A-B"),
        ("1-3-5", "minimal", "1-3-5"),
        ("327\\-30", "expanded", "327-30"),
        ("12a-15b", "minimal", "12a–15b"),
        ("p. 101-108", "minimal", "p. 101–8"),
    ],
)
def test_format_numbers(value: str, range_format: str | None, expected: str) -> None:
    assert format_numbers(value, RangeStyle(collapse=range_format)) == expected


def test_the_locale_delimiter_and_ampersand() -> None:
    style = RangeStyle(delimiter="-", ampersand="AND", collapse="minimal")
    assert format_numbers("101-108 & 110", style) == "101-8 AND 110"


def test_an_escaped_ampersand_is_one_too() -> None:
    value = "213 & 235".translate(TO_PUA)
    assert format_numbers(value, RangeStyle(ampersand="+")) == "213 + 235"


def test_numbers_are_marked_for_the_caller_to_format() -> None:
    parts = pieces("2-3, 5", RangeStyle())
    assert parts == ["2", "–", "3", ", ", "5"]
    assert [isinstance(part, Number) for part in parts] == [True, False, True, False, True]


def test_first_number() -> None:
    assert first_number("22-45, 50") == "22"
    assert first_number("N110 - N5") == "N110"
    assert first_number("327\\-30") == "327-30"


def test_fuse_kept_hyphens() -> None:
    assert fuse_kept_hyphens("327\\-30") == "32730"
    assert fuse_kept_hyphens("327-30") == "327-30"


@pytest.mark.parametrize(
    ("value", "several"),
    [
        ("1-2", True),
        ("1, 3", True),
        ("213 & 235", True),
        ("i-ix", True),
        ("iv", False),
        ("12", False),
        ("3-B", False),
        ("Michaelson-Morely", False),
    ],
)
def test_holds_several_numbers(value: str, several: bool) -> None:
    assert holds_several_numbers(value) is several


def test_may_hold_range() -> None:
    assert may_hold_range("3-4")
    assert may_hold_range("12–15")
    assert not may_hold_range("12")
    assert not may_hold_range("Second-hand")
