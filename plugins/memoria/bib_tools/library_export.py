"""``bib-export``: the whole library in one file, in the format another tool wants.

``biblatex`` is exactly the ``all.bib`` the build publishes (the build's own writer: macros
expanded, crossref inherited and inlined, ``file`` left out); ``ris`` and ``csljson`` are the
build's ``all.ris`` and ``all.json``. ``bibtex`` is the BibLaTeX export rewritten for classic
BibTeX styles: BibTeX's entry types and field names, ``year``/``month`` from ``date``; fields
BibTeX does not know are kept (BibTeX ignores them), so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Sequence

from memoria.bibliography.csl_json import to_csl_item
from memoria.bibliography.dates import entry_date
from memoria.bibliography.entries import BibEntry
from memoria.bibliography.exports import to_bibtex, to_csl_json, to_ris

FORMATS = ("bibtex", "biblatex", "ris", "csljson")

#: BibLaTeX type -> BibTeX type; types BibTeX has keep their name.
BIBTEX_TYPES = {
    "report": "techreport", "online": "misc", "collection": "book", "mvbook": "book",
    "mvcollection": "book", "reference": "book", "mvreference": "book", "bookinbook": "inbook",
    "suppbook": "inbook", "suppcollection": "incollection", "inreference": "incollection",
    "mvproceedings": "proceedings", "periodical": "misc", "suppperiodical": "article",
}  # fmt: skip
BIBTEX_STANDARD = frozenset(
    {"article", "book", "booklet", "inbook", "incollection", "inproceedings", "manual",
     "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished"}
)  # fmt: skip
#: BibLaTeX field -> BibTeX field (the BibLaTeX one is kept too when BibTeX lacks it).
BIBTEX_FIELDS = {"journaltitle": "journal", "location": "address"}


def bibtex_entry(entry: BibEntry) -> BibEntry:
    """``entry`` with BibTeX's type and field names."""
    source = dict(entry.source_fields)
    kind = entry.entry_type
    if kind == "thesis":
        master = entry.get("type").strip().lower() in ("mathesis", "masterthesis", "mastersthesis")
        kind = "mastersthesis" if master else "phdthesis"
    kind = BIBTEX_TYPES.get(kind, kind if kind in BIBTEX_STANDARD else "misc")
    for old, new in BIBTEX_FIELDS.items():
        if old in source and new not in source:
            source[new] = source.pop(old)
    if kind in ("phdthesis", "mastersthesis") and "institution" in source:
        source.setdefault("school", source.pop("institution"))
    date = entry_date(entry.fields)
    if date and "year" not in source:
        parts = date["date-parts"][0]
        source["year"] = str(parts[0])
        if len(parts) > 1 and "month" not in source:
            source["month"] = str(parts[1])
    return BibEntry(entry.key, kind, entry.fields, source, entry.path, entry.line)


def export_library(entries: Sequence[BibEntry], fmt: str, locale: str = "en-US") -> str:
    """The entries (sorted by key, as the build lists them) in format ``fmt``; ``locale`` is the
    site's ``CSL_LOCALE``, the language of entries that name none (as in the build)."""
    ordered = sorted(entries, key=lambda e: e.key)
    if fmt == "bibtex":
        return to_bibtex([bibtex_entry(e) for e in ordered])
    items = {e.key: to_csl_item(e, locale) for e in ordered} if fmt != "biblatex" else None
    writers = {"biblatex": to_bibtex, "ris": to_ris, "csljson": to_csl_json}
    return writers[fmt](ordered, items)
