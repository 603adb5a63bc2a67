"""Which links from untrusted bibliography fields may reach HTML, and URL-safe entry slugs."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

#: Schemes a link taken from a .bib file may use; anything else (javascript:, file:, data:) is
#: dropped.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_ASCII_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20]")
_UNSAFE_SLUG_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)


def safe_url(value: str) -> str | None:
    """``value`` when it is an absolute http(s)/mailto URL, else None."""
    value = value.strip()
    if not value:
        return None
    if value.isascii():  # ASCII white space and control characters are all <= " "
        if _ASCII_SPACE_OR_CONTROL.search(value):
            return None
    elif any(ch.isspace() or ord(ch) < 32 for ch in value):
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return value


def doi_url(doi: str) -> str | None:
    """The https://doi.org/ link of a DOI (with or without a doi: or resolver prefix)."""
    bare = _DOI_PREFIX.sub("", doi.strip())
    if not bare.startswith("10.") or any(ch.isspace() for ch in bare):
        return None
    return "https://doi.org/" + quote(bare, safe="/:;()._-")


def entry_slugs(keys: Iterable[str]) -> dict[str, str]:
    """A folder name per entry key: lower-cased, with URL-unsafe characters replaced by "-".

    Keys that would share a folder (``a:b`` and ``a/b``, or ``Becker2021`` and ``becker2021``,
    which a case-insensitive file system merges) each get a short hash of the key appended.
    """
    keys = sorted(set(keys))
    base = {key: _UNSAFE_SLUG_CHARS.sub("-", key).strip("-.").lower() or "entry" for key in keys}
    counts = Counter(base.values())
    return {
        key: slug if counts[slug] == 1 else f"{slug}-{hashlib.sha1(key.encode()).hexdigest()[:6]}"
        for key, slug in base.items()
    }
