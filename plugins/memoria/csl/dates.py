"""CSL-JSON date values -> the parts the engine renders: valid numbers, seasons, literals.

citeproc-py took a ``date-parts`` array as it came: an empty string became a part
(``00/00/2000``), a month 13-24 (CSL-JSON's way to write a season, as EDTF does with 21-24)
crashed or printed nothing, and a ``raw`` date was dropped. These pure functions say what a date
value means, the way citeproc-js and pandoc's citeproc read it; the fork's JSON source builds its
Date objects from what they return, for fixtures' CSL-JSON and the build's BibLaTeX mapping alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: A ``raw`` date written as ISO 8601 (``2001``, ``2001-05``, ``2001-05-17``).
_ISO = re.compile(r"^\s*(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def _number(value: object) -> int | None:
    """An integer part, from an int or a string of digits; None for "", None or anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def season_of_month(month: int) -> int | None:
    """The season (1 spring ... 4 winter) a month number 13-24 stands for, else None.

    13-16 and 21-24 (EDTF) are spring ... winter; citeproc-js counts 17-20 round again.
    """
    if 13 <= month <= 24:
        return (month - 13) % 4 + 1
    return None


def date_parts(parts: Sequence[object]) -> dict[str, int]:
    """One ``date-parts`` array -> ``{"year", "month", "day", "season"}``, the valid parts only.

    No year: ``{}`` (no date). A month that is no month (0, -1, 60, "") drops it and the day; a
    season month (13-24) becomes ``season`` with no day; a day outside 1-31 is dropped.
    """
    values = [_number(value) for value in list(parts)[:3]]
    values += [None] * (3 - len(values))
    year, month, day = values
    if year is None:
        return {}
    result = {"year": year}
    if month is None:
        return result
    if 1 <= month <= 12:
        result["month"] = month
        if day is not None and 1 <= day <= 31:
            result["day"] = day
    elif (season := season_of_month(month)) is not None:
        result["season"] = season
    return result


def season_number(value: object) -> int | None:
    """A CSL-JSON ``season`` field as a season number 1-4 (13-24 too), else None."""
    number = _number(value)
    if number is None:
        return None
    if 1 <= number <= 4:
        return number
    return season_of_month(number)


@dataclass(frozen=True)
class CslDate:
    """What a CSL-JSON date value says: one date, a range (two), or a literal text."""

    dates: tuple[dict[str, int], ...] = ()  # one, or begin and end (end {"year": 0}: open)
    literal: str | None = None  # the text to print as it stands, when there are no dates
    circa: bool = False


def _raw_dates(raw: str) -> tuple[dict[str, int], ...]:
    """A ``raw`` date's parts when it is ISO 8601 (``2001-05``, a range ``2001/2003``), else ()."""
    dates = []
    for piece in raw.split("/", 1):
        match = _ISO.match(piece)
        if not match:
            return ()
        dates.append(date_parts(match.groups()))
    return tuple(dates)


def read_csl_date(value: Mapping[str, object]) -> CslDate | None:
    """A CSL-JSON date object -> :class:`CslDate`; None when it holds no date at all.

    ``date-parts`` first (its invalid parts left out, see :func:`date_parts`), then ``raw``
    (ISO 8601, else printed as a literal, as citeproc-js prints an unparsable raw date), then
    ``literal``. A ``season`` field applies when the date has no month of its own.
    """
    circa = value.get("circa", 0) not in (0, False, None, "", "0")
    arrays = value.get("date-parts") or []
    dates = tuple(
        date
        for date in (
            date_parts(a) for a in arrays if isinstance(a, Sequence) and not isinstance(a, str)
        )
        if date
    )
    if not dates and isinstance(value.get("raw"), str) and value["raw"].strip():
        dates = _raw_dates(value["raw"])
        if not dates:
            return CslDate(literal=value["raw"].strip(), circa=circa)
    if not dates:
        literal = value.get("literal")
        if isinstance(literal, str) and literal:
            return CslDate(literal=literal, circa=circa)
        return None
    season = season_number(value.get("season"))
    if season is not None:
        dates = tuple(
            date if "month" in date or "season" in date else {**date, "season": season}
            for date in dates
        )
    return CslDate(dates=dates[:2], circa=circa)


#: The date parts, widest first, as a sort key writes them.
_SORT_PARTS = ("year", "month", "day")


def sort_string(dates: Sequence[Mapping[str, object]], shown: Sequence[str]) -> str:
    """The text a date (or range: begin, end) sorts by where a macro sort key renders it.

    What the date would print is no sort key ("May 2002" after "2002"); as pandoc's citeproc and
    citeproc-js do, a rendered date sorts by its numbers instead: the year (plus 10000, so that
    BC years sort first), month and day as fixed-width digits, the parts the date does not show
    (or lacks) as zeros, so that every date's key has the width of every other and no affix
    around it changes the order. A range is its begin, "-", its end.
    """
    keys = []
    for date in dates[:2]:
        digits = []
        for name, width, offset in zip(_SORT_PARTS, (5, 2, 2), (10000, 0, 0), strict=True):
            value = date.get(name) if name in shown else None
            number = value if isinstance(value, int) and not isinstance(value, bool) else 0
            digits.append(f"{max(number + offset, 0):0{width}d}")
        keys.append("".join(digits))
    return "-".join(keys)
