"""The CSL processor test suite's human-readable fixture format, parsed into plain data.

A fixture is a text file of sections, each between an opening and a closing delimiter line::

    >>===== MODE =====>>
    citation
    <<===== MODE =====<<

(two to five ``=``; text between sections is ignored; a UTF-8 byte order mark may precede the
first line). The sections are described in the suite's manual, ``manual/citeproc-test.rst``
upstream. Nothing here knows about Memoria: :func:`parse` is pure and :class:`Fixture` only holds
what the file says.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"

_OPEN = re.compile(r"^>>=+\s*([A-Z0-9-]+)\s*=+>>\s*$")
_CLOSE = re.compile(r"^<<=+\s*([A-Z0-9-]+)\s*=+<<\s*$")

#: Sections whose body is JSON.
_JSON_SECTIONS = frozenset(
    {
        "INPUT",
        "INPUT2",
        "CITATION-ITEMS",
        "CITATIONS",
        "BIBENTRIES",
        "BIBSECTION",
        "ABBREVIATIONS",
        "OPTIONS",
        "LANGPARAMS",
        "MULTIAFFIX",
    }
)
_REQUIRED = ("MODE", "RESULT", "CSL", "INPUT")


class FixtureError(ValueError):
    """A fixture file that does not follow the format."""


@dataclass(frozen=True)
class CiteSpec:
    """One cite of a citation, as a fixture writes it (a CSL citation item)."""

    id: str  # the cited item's id in INPUT (numbers in the file become strings)
    locator: str = ""  # "23", "12-14"; "" when none (numbers in the file become strings)
    label: str = ""  # CSL locator term, "page", "chapter", ...; "" when not given
    prefix: str = ""  # text before the cite
    suffix: str = ""  # text after the cite
    suppress_author: bool = False  # "suppress-author": the cite without its names
    author_only: bool = False  # "author-only": the cite's names only
    position: int | None = None  # citeproc-js position given by hand: 0 first, 1 subsequent,
    # 2 ibid, 3 ibid-with-locator; None when the processor must work it out
    near_note: bool | None = None  # "near-note" given by hand; None when not given
    extra: tuple[tuple[str, Any], ...] = ()  # any other keys of the item, sorted, as found


@dataclass(frozen=True)
class CitationSpec:
    """One citation (cluster) of a CITATIONS call or of CITATION-ITEMS."""

    cites: tuple[CiteSpec, ...]  # the cites, in written order
    citation_id: str = ""  # citationID (CITATIONS only; "" in CITATION-ITEMS)
    note_index: int = 0  # properties.noteIndex: the footnote it sits in, 0 for in-text


@dataclass(frozen=True)
class CitationCall:
    """One processCitationCluster() call of a CITATIONS section: [citation, pre, post]."""

    citation: CitationSpec  # the citation inserted or updated by this call
    pre: tuple[tuple[str, int], ...]  # (citationID, noteIndex) of the citations before it
    post: tuple[tuple[str, int], ...]  # (citationID, noteIndex) of the citations after it


@dataclass(frozen=True)
class Fixture:
    """One test fixture of the CSL processor test suite."""

    name: str  # file name without ".txt", e.g. "date_YearSuffixDelimiter"
    category: str  # the name up to its first "_", e.g. "date"
    mode: str  # "citation" or "bibliography" (may carry a "-nosort"/"-header" submode)
    result: str  # the expected output, line breaks normalised to "\n", outer blank lines removed
    csl: str  # the style, as XML text
    input: tuple[dict[str, Any], ...]  # the CSL-JSON items, as parsed (ids untouched)
    citation_items: tuple[tuple[CiteSpec, ...], ...] | None = None  # CITATION-ITEMS: one
    # citation per entry, rendered alone (makeCitationCluster); None when absent
    citations: tuple[CitationCall, ...] | None = None  # CITATIONS: calls in order; None if absent
    bibentries: tuple[tuple[str, ...], ...] | None = None  # BIBENTRIES: successive registries
    # of item ids, the last one counts; None when absent
    bibsection: dict[str, Any] | None = None  # BIBSECTION: select/include/exclude/quash filter
    abbreviations: dict[str, Any] | None = None  # ABBREVIATIONS: jurisdiction -> field -> map
    options: dict[str, Any] | None = None  # OPTIONS: citeproc-js development extensions
    input2: tuple[dict[str, Any], ...] | None = None  # INPUT2: replacement items for a second
    # pass over CITATIONS (citeproc-js runner); None when absent
    version: str = ""  # VERSION: the CSL version the fixture targets, "1.0"
    description: str = ""  # DESCRIPTION: free text, "" when absent
    other_sections: tuple[str, ...] = ()  # names of sections this parser does not know

    @property
    def base_mode(self) -> str:
        """The mode without its submode: "bibliography-nosort" -> "bibliography"."""
        return self.mode.split("-", 1)[0]


def sections(text: str) -> dict[str, str]:
    """The fixture's sections, name -> body (lines joined with "\\n", unstripped)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    found: dict[str, str] = {}
    current: str | None = None
    body: list[str] = []
    for number, line in enumerate(text.split("\n"), 1):
        if current is None:
            opening = _OPEN.match(line)
            if opening:
                current, body = opening.group(1), []
            continue
        closing = _CLOSE.match(line)
        if closing:
            if closing.group(1) != current:
                raise FixtureError(f"line {number}: {closing.group(1)} closes {current}")
            if current in found:
                raise FixtureError(f"line {number}: section {current} appears twice")
            found[current] = "\n".join(body)
            current = None
        else:
            body.append(line)
    if current is not None:
        raise FixtureError(f"section {current} is not closed")
    return found


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def cite_spec(data: dict[str, Any]) -> CiteSpec:
    """A CSL citation item (``{"id": ..., "locator": ..., ...}``) as a :class:`CiteSpec`."""
    known = {
        "id",
        "locator",
        "label",
        "prefix",
        "suffix",
        "suppress-author",
        "author-only",
        "position",
        "near-note",
    }
    position = data.get("position")
    near_note = data.get("near-note")
    return CiteSpec(
        id=_text(data["id"]),
        locator=_text(data.get("locator")),
        label=_text(data.get("label")),
        prefix=_text(data.get("prefix")),
        suffix=_text(data.get("suffix")),
        suppress_author=bool(data.get("suppress-author", False)),
        author_only=bool(data.get("author-only", False)),
        position=None if position is None else int(position),
        near_note=None if near_note is None else bool(near_note),
        extra=tuple(sorted((k, v) for k, v in data.items() if k not in known)),
    )


def _citation(data: dict[str, Any]) -> CitationSpec:
    properties = data.get("properties") or {}
    return CitationSpec(
        cites=tuple(cite_spec(item) for item in data.get("citationItems", [])),
        citation_id=_text(data.get("citationID")),
        note_index=int(properties.get("noteIndex", 0) or 0),
    )


def _neighbours(pairs: list[Any]) -> tuple[tuple[str, int], ...]:
    return tuple((_text(pair[0]), int(pair[1] or 0)) for pair in pairs)


def parse(text: str, name: str = "") -> Fixture:
    """A fixture's text -> :class:`Fixture`. Raises :class:`FixtureError` on a malformed file."""
    found = sections(text)
    missing = [section for section in _REQUIRED if section not in found]
    if missing:
        raise FixtureError(f"{name or 'fixture'}: missing section(s) {', '.join(missing)}")
    data: dict[str, Any] = {}
    for section in _JSON_SECTIONS & found.keys():
        try:
            data[section] = json.loads(found[section])
        except json.JSONDecodeError as error:
            raise FixtureError(f"{name or 'fixture'}: {section} is not JSON: {error}") from error
    citation_items = data.get("CITATION-ITEMS")
    citations = data.get("CITATIONS")
    bibentries = data.get("BIBENTRIES")
    input2 = data.get("INPUT2")
    known = _JSON_SECTIONS | {"MODE", "RESULT", "CSL", "VERSION", "DESCRIPTION"}
    return Fixture(
        name=name,
        category=name.split("_", 1)[0],
        mode=found["MODE"].strip(),
        result=found["RESULT"].strip("\n"),
        csl=found["CSL"].strip(),
        input=tuple(data["INPUT"]),
        citation_items=None
        if citation_items is None
        else tuple(tuple(cite_spec(item) for item in citation) for citation in citation_items),
        citations=None
        if citations is None
        else tuple(
            CitationCall(_citation(call[0]), _neighbours(call[1]), _neighbours(call[2]))
            for call in citations
        ),
        bibentries=None
        if bibentries is None
        else tuple(tuple(_text(key) for key in keys) for keys in bibentries),
        bibsection=data.get("BIBSECTION"),
        abbreviations=data.get("ABBREVIATIONS"),
        options=data.get("OPTIONS"),
        input2=None if input2 is None else tuple(input2),
        version=found.get("VERSION", "").strip(),
        description=found.get("DESCRIPTION", "").strip(),
        other_sections=tuple(sorted(found.keys() - known)),
    )


def load(path: Path | str) -> Fixture:
    """Parse the fixture file at ``path``."""
    path = Path(path)
    return parse(path.read_text(encoding="utf-8"), path.stem)


def names() -> list[str]:
    """Every fixture's name, sorted."""
    return sorted(path.stem for path in FIXTURES.glob("*.txt"))


def load_named(name: str) -> Fixture:
    """The fixture called ``name`` in :data:`FIXTURES`."""
    return load(FIXTURES / f"{name}.txt")
