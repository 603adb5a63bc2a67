"""BibLaTeX dates -> CSL date-parts: a table of good and bad inputs, and a round-trip property."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from memoria.bibliography.dates import entry_date, month_number, parse_date

GOOD = [
    ("2021", {"date-parts": [[2021]]}),
    ("2021-11", {"date-parts": [[2021, 11]]}),
    ("2021-11-15", {"date-parts": [[2021, 11, 15]]}),
    (" 2021-11-15 ", {"date-parts": [[2021, 11, 15]]}),
    ("2021-11-15T10:00:00Z", {"date-parts": [[2021, 11, 15]]}),
    ("2021-11-15T10:00", {"date-parts": [[2021, 11, 15]]}),
    ("2021-11-15T10:00:00.5+02:00", {"date-parts": [[2021, 11, 15]]}),
    ("2019-11-15/2019-11-18", {"date-parts": [[2019, 11, 15], [2019, 11, 18]]}),
    ("2019/2021", {"date-parts": [[2019], [2021]]}),
    ("2019/", {"date-parts": [[2019], [0]]}),
    ("2019-11/..", {"date-parts": [[2019, 11], [0]]}),
    ("2019~", {"date-parts": [[2019]], "circa": True}),
    ("2019%", {"date-parts": [[2019]], "circa": True}),
    ("2019?", {"date-parts": [[2019]]}),
    ("2021-21", {"date-parts": [[2021]], "season": 1}),
    ("2020-02-29", {"date-parts": [[2020, 2, 29]]}),
    ("-0044-03-15", {"date-parts": [[-44, 3, 15]]}),
]

BAD = [
    "",
    "   ",
    "yesterday",
    "2021-13",
    "2021-11-31",
    "2021-00",
    "2021-1-5",
    "15/11/2021",
    "November 2021",
    "2021-11-15/tomorrow",
    "2019-11-18/2019-11-15",
    "2021-21/2021-23",
    "21021",
    "~",
]


@pytest.mark.parametrize(("value", "expected"), GOOD)
def test_parse_date(value: str, expected: dict) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", BAD)
def test_not_a_date(value: str) -> None:
    assert parse_date(value) is None


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_every_iso_date_round_trips(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == {"date-parts": [[day.year, day.month, day.day]]}


def test_dates_are_never_raw() -> None:
    # citeproc-py drops "raw" and "literal" dates silently.
    for value, _ in GOOD:
        assert set(parse_date(value)) <= {"date-parts", "circa", "season"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"date": "2021-11-15", "year": "1999"}, {"date-parts": [[2021, 11, 15]]}),
        ({"year": "2021"}, {"date-parts": [[2021]]}),
        ({"year": "2021", "month": "11"}, {"date-parts": [[2021, 11]]}),
        ({"year": "2021", "month": "November"}, {"date-parts": [[2021, 11]]}),
        ({"year": "2021", "month": "nov", "day": "15"}, {"date-parts": [[2021, 11, 15]]}),
        ({"year": "2021", "month": "2", "day": "30"}, {"date-parts": [[2021, 2]]}),
        ({"year": "2021", "month": "13"}, {"date-parts": [[2021]]}),
        ({"year": "2021", "day": "15"}, {"date-parts": [[2021]]}),
        ({"year": "c. 2021"}, None),
        ({"date": "yesterday", "year": "2021"}, None),
        ({}, None),
    ],
)
def test_entry_date(fields: dict[str, str], expected: dict | None) -> None:
    assert entry_date(fields) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("12", 12), ("nov", 11), ("Nov.", 11), ("November", 11), ("13", None), ("x", None)],
)
def test_month_number(value: str, expected: int | None) -> None:
    assert month_number(value) == expected
