"""BibLaTeX dates (ISO 8601 and the EDTF subset BibLaTeX allows) -> CSL date objects.

citeproc-py silently drops dates given as ``raw`` or ``literal``, so every date we accept becomes
``date-parts``, and anything we cannot read as a date is ``None`` for the caller to report.
Supported: ``2021``, ``2021-11``, ``2021-11-15``, a time after the day (ignored), ranges
``2019-11-15/2019-11-18`` and open-ended ``2019/`` or ``2019/..`` (end ``[0]``, as pandoc),
EDTF seasons ``2021-21`` (spring) to ``2021-24`` (winter), and the EDTF qualifiers ``~``
(approximate -> CSL ``circa``), ``?`` and ``%``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_DATE = re.compile(
    r"^(?P<year>-?\d{1,4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?"
    r"(?:T\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)
#: Days per month; February has 29 so that any year's 29 February is accepted.
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: EDTF season codes (21 spring ... 24 winter) -> CSL season numbers.
_SEASONS = {21: 1, 22: 2, 23: 3, 24: 4}
#: English month names and BibTeX's abbreviations, for a ``month`` field written as a word.
_MONTH_WORDS = {
    name: number
    for number, full in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"),
        start=1,
    )
    for name in (full, full[:3])
}  # fmt: skip


def _parts(text: str) -> tuple[list[int], int | None] | None:
    """(date-parts, season or None) of one date, or None when it is not a date."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    parts = [int(match.group("year"))]
    if match.group("month"):
        month = int(match.group("month"))
        if month in _SEASONS and not match.group("day"):
            return parts, _SEASONS[month]
        if not 1 <= month <= 12:
            return None
        parts.append(month)
        if match.group("day"):
            day = int(match.group("day"))
            if not 1 <= day <= _DAYS[month - 1]:
                return None
            parts.append(day)
    return parts, None


def parse_date(value: str) -> dict[str, Any] | None:
    """``"2021-08-17"`` -> ``{"date-parts": [[2021, 8, 17]]}``; None when it is not a date."""
    text = value.strip()
    qualifiers = set()
    while text[-1:] in ("~", "?", "%"):
        qualifiers.add(text[-1])
        text = text[:-1].rstrip()
    if not text:
        return None
    start, slash, end = text.partition("/")
    first = _parts(start)
    if first is None:
        return None
    date: dict[str, Any] = {"date-parts": [first[0]]}
    if slash and end.strip() in ("", ".."):
        date["date-parts"].append([0])  # open-ended, as pandoc writes it: "2019–"
    elif slash:
        last = _parts(end)
        if last is None or last[1] is not None or first[1] is not None:
            return None  # a range of seasons has no CSL form
        if last[0] < first[0]:
            return None
        date["date-parts"].append(last[0])
    if first[1] is not None:
        date["season"] = first[1]
    if qualifiers & {"~", "%"}:
        date["circa"] = True
    return date


def month_number(value: str) -> int | None:
    """``"11"``, ``"nov"`` or ``"November"`` -> 11; None when it is not a month."""
    text = value.strip().lower().rstrip(".")
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return _MONTH_WORDS.get(text)


def entry_date(fields: Mapping[str, str]) -> dict[str, Any] | None:
    """The work's date: ``date``, else ``year`` (+ ``month``, + ``day``); None when unreadable.

    A month or day that is not one is left out (and reported by the caller), keeping the year.
    """
    if fields.get("date", "").strip():
        return parse_date(fields["date"])
    year = fields.get("year", "").strip()
    if not re.fullmatch(r"-?\d{1,4}", year):
        return None
    parts = [int(year)]
    month = month_number(fields.get("month", ""))
    if month:
        parts.append(month)
        day = fields.get("day", "").strip()
        if day.isdigit() and 1 <= int(day) <= _DAYS[month - 1]:
            parts.append(int(day))
    return {"date-parts": [parts]}
