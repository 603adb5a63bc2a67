"""The typed record every part of the bibliography domain passes around."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class BibEntry:
    """One BibTeX/BibLaTeX entry after loading: macros expanded, '#' joined, crossref inherited.

    Field names are lower-cased. ``fields`` holds the values decoded from LaTeX to Unicode; groups
    the author protected with braces keep their braces (``"The coup in {Bolivia}"``,
    ``"{Human Rights Watch}"`` for a corporate author) so that later stages can keep their case
    and treat them as one name. ``url``, ``doi``, ``eprint`` and ``file`` are never decoded.
    """

    key: str  # citation key exactly as written in the file (keys are case-sensitive)
    entry_type: str  # lower-cased entry type: "report", "book", "online", "inproceedings", ...
    fields: Mapping[str, str]  # field name -> Unicode value, braces kept around protected groups
    source_fields: Mapping[
        str, str
    ]  # field name -> BibTeX source text (macros expanded, not decoded)
    path: str  # .bib file the entry comes from, relative to the site root where possible
    line: int  # 1-based line of the '@' that opens the entry

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)
