"""Entries written back out: BibTeX (BibLaTeX flavour), RIS and CSL-JSON, deterministically."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from memoria.bibliography.csl_json import to_csl_item
from memoria.bibliography.entries import BibEntry
from memoria.bibliography.entry_metadata import date_parts, plain

#: Fields written first, in this order; the others follow alphabetically.
FIELD_ORDER = (
    "author", "editor", "translator", "bookauthor", "title", "subtitle", "titleaddon",
    "shorttitle", "booktitle", "journaltitle", "journal", "eventtitle", "series", "volume",
    "number", "edition", "pages", "institution", "school", "organization", "publisher",
    "location", "address", "date", "year", "month", "day", "type", "langid", "doi", "url",
    "urldate", "archiveurl", "isbn", "issn", "keywords", "note", "abstract",
)  # fmt: skip
#: Never exported: local file paths, and links to entries a standalone export may not contain.
NOT_EXPORTED = frozenset({"file", "crossref", "xdata"})

RIS_TYPES = {
    "book": "BOOK", "chapter": "CHAP", "article-journal": "JOUR", "article-newspaper": "NEWS",
    "article-magazine": "MGZN", "report": "RPRT", "thesis": "THES", "webpage": "ELEC",
    "post-weblog": "BLOG", "paper-conference": "CPAPER", "manuscript": "UNPB", "dataset": "DATA",
    "motion_picture": "VIDEO", "legislation": "STAT", "legal_case": "CASE", "pamphlet": "PAMP",
    "software": "COMP", "patent": "PAT", "entry-encyclopedia": "ENCYC", "graphic": "ART",
    "song": "SOUND", "personal_communication": "PCOMM", "periodical": "JFULL",
    "speech": "GEN", "treaty": "LEGAL", "review": "GEN", "document": "GEN",
}  # fmt: skip


def field_rank(name: str, order: Sequence[str] = FIELD_ORDER) -> tuple[int, str]:
    """Sort key of a field name: the names in ``order`` first, in that order, then A-Z."""
    return (order.index(name), "") if name in order else (len(order), name)


def entry_text(
    entry_type: str,
    key: str,
    fields: Sequence[tuple[str, str]],
    indent: int = 2,
    align: bool = True,
) -> str:
    """One entry in Memoria's layout: a field a line, "=" signs aligned, a comma after each.

    ``fields`` are (name, value) pairs in the order to write, each value already delimited
    (``{...}``, ``"..."``, a number or a macro). The export and ``bib-format`` share this layout.
    """
    width = max((len(name) for name, _ in fields), default=0) if align else 0
    lines = [f"{' ' * indent}{name:<{width}} = {value}," for name, value in fields]
    return f"@{entry_type}{{{key},\n" + "\n".join(lines) + "\n}\n"


def bibtex_block(entry: BibEntry) -> str:
    """One entry as BibLaTeX source, from its source text (macros expanded, crossref inlined)."""
    names = sorted((n for n in entry.source_fields if n not in NOT_EXPORTED), key=field_rank)
    pairs = [(name, f"{{{entry.source_fields[name]}}}") for name in names]
    return entry_text(entry.entry_type, entry.key, pairs)


def to_bibtex(entries: Sequence[BibEntry], items: Mapping[str, Mapping] | None = None) -> str:
    """The entries as BibLaTeX source, from their source text (macros expanded, crossref inlined).

    ``items`` is not needed here; it keeps the signature of the other writers.
    """
    return join_bibtex([bibtex_block(entry) for entry in entries])


def join_bibtex(blocks: Sequence[str]) -> str:
    """A BibTeX export of entries from their blocks (:func:`bibtex_block`)."""
    return "\n".join(blocks)


def _ris_name(name: dict) -> str:
    if name.get("literal"):
        return plain(name["literal"])
    particles = (name.get("dropping-particle"), name.get("non-dropping-particle"))
    family = " ".join(p for p in (*particles, name.get("family")) if p)
    given = name.get("given", "")
    text = f"{family}, {given}" if given else family
    return f"{text}, {name['suffix']}" if name.get("suffix") else text


def _ris_date(parts: list[int]) -> str:
    """RIS dates are "YYYY/MM/DD/" with empty parts left blank: 2021 -> "2021///"."""
    padded = [f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:3])]
    return "/".join(padded + [""] * (3 - len(padded))) + "/"


def _ris_record(entry: BibEntry, item: Mapping[str, Any]) -> list[str]:
    lines = [("TY", RIS_TYPES.get(item["type"], "GEN"))]
    lines += [("AU", _ris_name(n)) for n in item.get("author", [])]
    lines += [("A2", _ris_name(n)) for n in item.get("editor", [])]
    lines += [("A4", _ris_name(n)) for n in item.get("translator", [])]
    lines += [("TI", plain(item.get("title")))]
    lines += [("T2", plain(item.get("container-title")))]
    lines += [("T3", plain(item.get("collection-title")))]
    parts = date_parts(item)
    if parts:
        lines.append(("PY", f"{parts[0]:04d}"))
        lines.append(("DA", _ris_date(parts)))
    if accessed := date_parts(item, "accessed"):
        lines.append(("Y2", _ris_date(accessed)))
    for key, tag in (
        ("publisher", "PB"), ("publisher-place", "CY"), ("volume", "VL"), ("issue", "IS"),
        ("number", "M1"), ("edition", "ET"), ("genre", "M3"), ("language", "LA"), ("DOI", "DO"),
        ("URL", "UR"), ("ISBN", "SN"), ("ISSN", "SN"), ("abstract", "AB"), ("note", "N1"),
    ):  # fmt: skip
        if item.get(key):
            lines.append((tag, plain(item[key])))
    if item.get("page"):
        first, _, last = plain(item["page"]).partition("-")
        lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    keywords = [k.strip() for k in re.split(r"[,;]", plain(item.get("keyword"))) if k.strip()]
    lines += [("KW", k) for k in keywords]
    lines.append(("ID", entry.key))
    record = [f"{tag}  - {' '.join(value.split())}" for tag, value in lines if value]
    return [*record, "ER  - "]


def _items(entries: Sequence[BibEntry], items: Mapping[str, Mapping] | None) -> list[Mapping]:
    """The entries' CSL items: the ones already mapped when given (a build maps each once)."""
    return [items[e.key] if items and e.key in items else to_csl_item(e) for e in entries]


def ris_text(entry: BibEntry, item: Mapping[str, Any]) -> str:
    """One entry's RIS record, TY…ER and the blank line after it."""
    return "\n".join(_ris_record(entry, item)) + "\n\n"


def to_ris(entries: Sequence[BibEntry], items: Mapping[str, Mapping] | None = None) -> str:
    """The entries as RIS records, one TY…ER block each."""
    records = zip(entries, _items(entries, items), strict=True)
    return join_ris([ris_text(e, i) for e, i in records])


def join_ris(records: Sequence[str]) -> str:
    """A RIS export of entries from their records (:func:`ris_text`)."""
    return "".join(records)


def csl_json_object(item: Mapping[str, Any]) -> str:
    """One CSL item as a JSON object (sorted keys, UTF-8, indented as at the top level)."""
    return json.dumps(item, indent=2, ensure_ascii=False, sort_keys=True)


def to_csl_json(entries: Sequence[BibEntry], items: Mapping[str, Mapping] | None = None) -> str:
    """The entries as a CSL-JSON array (sorted keys, UTF-8, trailing newline)."""
    return join_csl_json([csl_json_object(item) for item in _items(entries, items)])


def join_csl_json(objects: Sequence[str]) -> str:
    """A CSL-JSON array from its objects (:func:`csl_json_object`), byte for byte what
    ``json.dumps(items, indent=2, ...)`` writes: each object one level deeper."""
    if not objects:
        return "[]\n"
    return "[\n  " + ",\n  ".join(o.replace("\n", "\n  ") for o in objects) + "\n]\n"


#: Changes whenever a writer above writes other text for the same entry: cached texts then miss.
EXPORTS_VERSION = "memoria-exports-1"


def entry_exports(entry: BibEntry, item: Mapping[str, Any]) -> dict[str, str]:
    """An entry's piece of each export, by file suffix; exports of many entries join them."""
    return {"bib": bibtex_block(entry), "ris": ris_text(entry, item), "json": csl_json_object(item)}


#: File suffix -> function joining the entries' pieces into that export.
JOINERS = {"bib": join_bibtex, "ris": join_ris, "json": join_csl_json}
