"""BibLaTeX dates (ISO 8601 and the EDTF subset it allows) -> CSL date objects.

citeproc-py drops dates given as ``raw``, so every date becomes ``date-parts``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_DATE = re.compile(
    r"^(?P<year>-?\d{1,4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _parts(text: str) -> list[int] | None:
    match = _DATE.match(text.strip())
    if not match:
        return None
    parts = [int(match.group("year"))]
    if match.group("month"):
        month = int(match.group("month"))
        if not 1 <= month <= 12:
            return None
        parts.append(month)
        if match.group("day"):
            day = int(match.group("day"))
            if not 1 <= day <= _DAYS[month - 1]:
                return None
            parts.append(day)
    return parts


def parse_date(value: str) -> dict[str, Any] | None:
    """``"2021-08-17"`` -> ``{"date-parts": [[2021, 8, 17]]}``; ranges "a/b"; None if not a date."""
    text = value.strip().rstrip("~?%")
    if not text:
        return None
    if "/" in text:
        start, _, end = text.partition("/")
        first = _parts(start)
        last = _parts(end) if end.strip() not in ("", "..") else None
        if first is None or (end.strip() not in ("", "..") and last is None):
            return None
        return {"date-parts": [first, last] if last else [first]}
    parts = _parts(text)
    return {"date-parts": [parts]} if parts else None


def entry_date(fields: Mapping[str, str]) -> dict[str, Any] | None:
    """The work's date: ``date``, else ``year`` (+ ``month``, + ``day``)."""
    if fields.get("date"):
        return parse_date(fields["date"])
    year = fields.get("year", "").strip()
    if not year.lstrip("-").isdigit():
        return None
    parts = [int(year)]
    month = fields.get("month", "").strip()
    if month.isdigit() and 1 <= int(month) <= 12:
        parts.append(int(month))
        day = fields.get("day", "").strip()
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return {"date-parts": [parts]}
