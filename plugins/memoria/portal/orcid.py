"""ORCID iDs: the ISO 7064 MOD 11-2 check digit, so a typo in a profile is caught at build time."""

from __future__ import annotations

import re

_ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$", re.I)


def check_digit(base_digits: str) -> str:
    """The check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value: str) -> str | None:
    """``"0000-0002-1825-0097"`` (or its URL form) when valid, else None."""
    match = _ORCID.match(str(value).strip())
    if not match:
        return None
    digits = "".join(match.groups()).upper()
    if check_digit(digits[:15]) != digits[15]:
        return None
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))
