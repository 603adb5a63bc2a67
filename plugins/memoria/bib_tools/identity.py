"""When two entries are one work: the same DOI, or the same title and year.

Shared by ``bib-check`` (likely duplicates in the library) and ``bib-import`` (refusing an entry
the library already has), so that both agree on what "the same work" means.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from memoria.bibliography.dates import entry_date
from memoria.bibliography.entries import BibEntry
from memoria.bibliography.latex_text import strip_protection

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def fold(text: str) -> str:
    """Lower-case, accents and LaTeX protection removed, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", strip_protection(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def normalised_doi(entry: BibEntry) -> str:
    return _DOI_PREFIX.sub("", entry.get("doi").strip()).lower()


def normalised_title(title: str) -> str:
    """Only the letters and digits of a title, folded: the key of 'same title' comparisons."""
    return re.sub(r"[^0-9a-z]+", "", fold(title))


def year(entry: BibEntry) -> int | None:
    date = entry_date(entry.fields)
    return date["date-parts"][0][0] if date else None


@dataclass
class WorkIndex:
    """Entries indexed by DOI and by (title, year), to find the one a new entry duplicates."""

    by_doi: dict[str, BibEntry] = field(default_factory=dict)  # normalised DOI -> first entry
    by_title: dict[tuple[str, int | None], BibEntry] = field(default_factory=dict)  # same

    @staticmethod
    def of(entries: Iterable[BibEntry]) -> WorkIndex:
        index = WorkIndex()
        for entry in entries:
            index.add(entry)
        return index

    def add(self, entry: BibEntry) -> None:
        if doi := normalised_doi(entry):
            self.by_doi.setdefault(doi, entry)
        if title := normalised_title(entry.get("title")):
            self.by_title.setdefault((title, year(entry)), entry)

    def duplicate_of(self, entry: BibEntry) -> tuple[BibEntry, str] | None:
        """(the entry ``entry`` duplicates, why) or None."""
        doi = normalised_doi(entry)
        if doi and doi in self.by_doi and self.by_doi[doi] is not entry:
            return self.by_doi[doi], f"the same DOI '{doi}'"
        title = normalised_title(entry.get("title"))
        other = self.by_title.get((title, year(entry))) if title else None
        if other is not None and other is not entry:
            return other, "the same title and year"
        return None
