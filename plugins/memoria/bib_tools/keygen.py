"""Citation keys for imported entries that have none: ``author-year-firstword``.

The pattern (README, "Maintaining the bibliography") joins, without separators and in lower-case
ASCII: the first author's family name (an organisation's first word; the first editor's when
there is no author; "anon" when there is neither), the year ("nd" without one), and the first
word of the title that is not an article or preposition. "Becker, Thomas", 2021, "The Coup in
Bolivia" -> ``becker2021coup``. A key the library already has gets "-2", "-3", ... appended.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from memoria.bib_tools.identity import fold, year
from memoria.bibliography.entries import BibEntry
from memoria.bibliography.names import split_names

#: Words skipped when picking the title's first word (en, es, pt, fr, de).
STOP_WORDS = frozenset(
    [
        "a", "an", "the", "of", "on", "in", "at", "to", "for", "and", "or", "el", "la", "los",
        "las", "lo", "un", "una", "unos", "unas", "de", "del", "y", "o", "en", "al", "por",
        "para", "con", "os", "as", "um", "uma", "do", "da", "dos", "das", "e", "le", "les", "une",
        "des", "du", "et", "der", "die", "ein", "eine", "und",
    ]
)  # fmt: skip


def _ascii_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _author_part(entry: BibEntry) -> str:
    for field in ("author", "editor"):
        names = split_names(entry.get(field))
        if names:
            first = names[0]
            words = _ascii_words(first.get("family") or first.get("literal", ""))
            if first.get("literal"):
                words = words[:1]
            if words:
                return "".join(words)
    return "anon"


def _title_part(entry: BibEntry) -> str:
    words = _ascii_words(entry.get("title"))
    return next((w for w in words if w not in STOP_WORDS), words[0] if words else "")


def base_key(entry: BibEntry) -> str:
    """The pattern's key for ``entry``, before making it unique."""
    found = year(entry)
    return f"{_author_part(entry)}{found if found is not None else 'nd'}{_title_part(entry)}"


def unique_key(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... : the first one no key in ``taken`` equals,
    ignoring case (keys that differ only in case are an error of their own)."""
    lowered = {key.lower() for key in taken}
    key, number = base, 1
    while key.lower() in lowered:
        number += 1
        key = f"{base}-{number}"
    return key
