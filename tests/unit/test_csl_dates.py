"""CSL-JSON date values as the engine reads them (memoria.csl.dates)."""

from __future__ import annotations

import pytest

from memoria.csl.dates import (
    CslDate,
    date_parts,
    read_csl_date,
    season_number,
    season_of_month,
    sort_string,
)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([2000, 5, 17], {"year": 2000, "month": 5, "day": 17}),
        (["2000", "05", "17"], {"year": 2000, "month": 5, "day": 17}),
        (["2000", "", ""], {"year": 2000}),  # empty strings are no parts
        ([-44, 3, 15], {"year": -44, "month": 3, "day": 15}),
        ([1965, -1, 1], {"year": 1965}),  # no month: no day either
        ([1965, 60, 1], {"year": 1965}),
        ([1965, 13, 1], {"year": 1965, "season": 1}),  # a season has no day
        ([1965, 17], {"year": 1965, "season": 1}),
        ([1965, 22], {"year": 1965, "season": 2}),
        ([1965, 24, 0], {"year": 1965, "season": 4}),
        ([1965, 2, 0], {"year": 1965, "month": 2}),
        ([1965, 2, 32], {"year": 1965, "month": 2}),
        ([0], {"year": 0}),  # an open range's end
        ([], {}),
        ([""], {}),
        (["spring"], {}),
    ],
)
def test_date_parts(parts: list[object], expected: dict[str, int]) -> None:
    assert date_parts(parts) == expected


@pytest.mark.parametrize(
    ("month", "season"), [(12, None), (13, 1), (16, 4), (17, 1), (21, 1), (24, 4), (25, None)]
)
def test_season_of_month(month: int, season: int | None) -> None:
    assert season_of_month(month) == season


@pytest.mark.parametrize(
    ("value", "season"), [(3, 3), ("2", 2), (23, 3), (0, None), ("22:56:08", None), (None, None)]
)
def test_season_number(value: object, season: int | None) -> None:
    assert season_number(value) == season


def test_range_of_seasons() -> None:
    value = {"date-parts": [["1999", "21"], ["2001", "22"]], "raw": "Spring 1999 - Summer 2001"}
    assert read_csl_date(value) == CslDate(
        dates=({"year": 1999, "season": 1}, {"year": 2001, "season": 2})
    )


def test_season_field_fills_a_date_without_month() -> None:
    assert read_csl_date({"date-parts": [[2000]], "season": 3}) == CslDate(
        dates=({"year": 2000, "season": 3},)
    )
    assert read_csl_date({"date-parts": [[2000, 5]], "season": 3}) == CslDate(
        dates=({"year": 2000, "month": 5},)
    )


def test_raw_dates() -> None:
    assert read_csl_date({"date-parts": [], "raw": "Bogus Date"}) == CslDate(literal="Bogus Date")
    assert read_csl_date({"raw": "2001-05/2003"}) == CslDate(
        dates=({"year": 2001, "month": 5}, {"year": 2003})
    )


def test_literal_circa_and_nothing() -> None:
    assert read_csl_date({"literal": "c. 1900", "circa": 1}) == CslDate(
        literal="c. 1900", circa=True
    )
    assert read_csl_date({"date-parts": [[2000]], "circa": "1"}).circa
    assert read_csl_date({"date-parts": [[""]]}) is None
    assert read_csl_date({}) is None


def test_sort_string_fixed_width_and_shown_parts() -> None:
    full = sort_string([{"year": 2002, "month": 10, "day": 25}], ["year", "month", "day"])
    year_only = sort_string([{"year": 2002, "month": 11, "day": 30}], ["year"])
    assert full == "120021025"
    assert year_only == "120020000"  # the month and day it does not show count as zeros
    assert year_only < full
    assert sort_string([{"year": -100, "month": 7}], ["year", "month", "day"]) == "099000700"
    assert sort_string([{"year": -100}], ["year"]) < sort_string([{"year": 54}], ["year"])


def test_sort_string_of_a_range() -> None:
    shown = ["year", "month", "day"]
    begin, end = {"year": 1999, "season": 1}, {"year": 2001}
    assert sort_string([begin, end], shown) == "119990000-120010000"
    assert sort_string([begin], shown) < sort_string([begin, end], shown)
