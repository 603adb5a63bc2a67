"""RIS records -> CSL-JSON items, the inverse of the build's RIS export (``exports.to_ris``).

RIS is a line format (``TY  - BOOK`` ... ``ER  - ``); a small reader keeps its tag table next to
the writer's and needs no dependency. Tags mean what Zotero and the export mean by them; ``L1``,
``L4`` and other attachment links are local files and are never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from memoria.bibliography.exports import RIS_TYPES

_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])  -(?: (?P<value>.*))?$")
#: RIS type -> CSL type: the export's table read backwards, plus common synonyms.
TYPES = {ris: csl for csl, ris in reversed(list(RIS_TYPES.items()))} | {
    "CONF": "paper-conference", "EBOOK": "book", "ECHAP": "chapter", "EJOUR": "article-journal",
    "NEWS": "article-newspaper", "WEB": "webpage", "GEN": "document", "JFULL": "article-journal",
}  # fmt: skip
#: Single-valued text tags -> CSL variable (first occurrence wins).
TEXT_TAGS = {
    "TI": "title", "T1": "title", "T2": "container-title", "JO": "container-title",
    "JF": "container-title", "BT": "container-title", "T3": "collection-title",
    "PB": "publisher", "CY": "publisher-place", "VL": "volume", "IS": "issue", "M1": "number",
    "ET": "edition", "M3": "genre", "LA": "language", "DO": "DOI", "UR": "URL",
    "AB": "abstract", "N2": "abstract", "N1": "note", "ID": "id",
}  # fmt: skip
NAME_TAGS = {"AU": "author", "A1": "author", "A2": "editor", "ED": "editor", "A4": "translator"}
#: Tags that name a local file or a database record: dropped on purpose.
IGNORED_TAGS = frozenset({"DB", "DP", "AN", "ER", "TY"})
#: Attachment tags: local files or links to them; reported as not imported.
ATTACHMENT_TAGS = frozenset({"L1", "L2", "L3", "L4"})
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")


@dataclass
class RisRecord:
    """One TY...ER record as read."""

    line: int  # 1-based line of its TY tag
    tags: list[tuple[str, str]] = field(default_factory=list)  # (tag, value) in written order


def read_records(text: str) -> tuple[list[RisRecord], list[tuple[int, str]]]:
    """Records of ``text`` and (line, problem) for lines that are not RIS."""
    records: list[RisRecord] = []
    problems: list[tuple[int, str]] = []
    current: RisRecord | None = None
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            if current is not None and current.tags:  # a continuation of the previous value
                tag, value = current.tags[-1]
                current.tags[-1] = (tag, f"{value} {line.strip()}")
            else:
                problems.append((number, f"not a RIS line: {line.strip()[:40]!r}"))
            continue
        tag, value = match.group("tag"), (match.group("value") or "").strip()
        if tag == "TY":
            if current is not None:
                problems.append((current.line, "record has no 'ER  - ' line"))
                records.append(current)
            current = RisRecord(number, [("TY", value)])
        elif current is None:
            problems.append((number, f"tag {tag} outside a record (no 'TY  - ' before it)"))
        elif tag == "ER":
            records.append(current)
            current = None
        else:
            current.tags.append((tag, value))
    if current is not None:
        problems.append((current.line, "record has no 'ER  - ' line"))
        records.append(current)
    return records, problems


def _name(value: str) -> dict[str, str]:
    """ "Family, Given[, Suffix]" -> a CSL name; a name without a comma is an organisation."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) == 1:
        return {"literal": value.strip()}
    name = {"family": parts[0], "given": parts[1]}
    if len(parts) > 2 and parts[2]:
        name["suffix"] = parts[2]
    return {k: v for k, v in name.items() if v}


def _date(value: str) -> dict[str, Any] | None:
    """ "2021/08/17/", "2021///", "2021" -> CSL date; None when there is no year."""
    parts = re.split(r"[/-]", value.strip())[:3]
    numbers = []
    for part in parts:
        if not part.strip().isdigit():
            break
        numbers.append(int(part))
    return {"date-parts": [numbers]} if numbers else None


def to_csl(record: RisRecord) -> tuple[dict[str, Any], list[str]]:
    """The CSL item of a record, and the tags it did not keep."""
    item: dict[str, Any] = {"type": TYPES.get(record.tags[0][1].upper(), "document")}
    unused: list[str] = []
    keywords, pages = [], {}
    for tag, value in record.tags[1:]:
        if not value:
            continue
        if tag in NAME_TAGS:
            item.setdefault(NAME_TAGS[tag], []).append(_name(value))
        elif tag in TEXT_TAGS:
            item.setdefault(TEXT_TAGS[tag], value)
        elif tag == "DA" or (tag in ("PY", "Y1") and "issued" not in item):
            if date := _date(value):
                item["issued"] = date
        elif tag == "Y2":
            if date := _date(value):
                item["accessed"] = date
        elif tag == "SN":
            item.setdefault("ISSN" if _ISSN.match(value) else "ISBN", value)
        elif tag in ("SP", "EP"):
            pages[tag] = value
        elif tag == "KW":
            keywords.append(value)
        elif tag in ATTACHMENT_TAGS:
            unused.append(f"{tag} (attachment)")
        elif tag not in IGNORED_TAGS and tag not in ("PY", "Y1"):
            unused.append(tag)
    if keywords:
        item["keyword"] = ",".join(keywords)
    if pages:
        item["page"] = "-".join(p for p in (pages.get("SP"), pages.get("EP")) if p)
    return item, sorted(set(unused))
