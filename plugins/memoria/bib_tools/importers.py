"""Read a file to import: BibTeX/BibLaTeX (as Zotero and Better BibTeX export it), RIS or
CSL-JSON, into plain records of BibTeX source fields.

BibTeX is read with the build's own block parser and macro expansion (macros are expanded,
because the target file may not define them; ``crossref`` is kept, not inlined). RIS and
CSL-JSON go through a CSL item and the inverse of the build's CSL mapping. ``file`` fields and
RIS attachment links are never imported: they are paths on someone's computer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from memoria.bib_tools.bib_source import parse_source
from memoria.bib_tools.csl_to_bib import from_csl
from memoria.bib_tools.ris_reader import read_records, to_csl
from memoria.bibliography.bib_files import (
    PREDEFINED_MACROS,
    expand_value,
    load_texts,
    normalise_month,
)
from memoria.diagnostics import Diagnostic

FORMATS = ("bibtex", "ris", "csljson")
#: File suffix -> format, for files given without --from.
SUFFIXES = {".bib": "bibtex", ".bibtex": "bibtex", ".biblatex": "bibtex", ".ris": "ris",
            ".json": "csljson", ".csljson": "csljson"}  # fmt: skip
#: Fields never imported.
STRIPPED_FIELDS = frozenset({"file"})
#: Loader findings that mean an entry of the imported file was not read.
_LOST = ("bibtex.parse", "bibtex.duplicate_key", "bibtex.duplicate_field", "bibtex.undefined_macro")


@dataclass(frozen=True)
class Imported:
    """One entry read from the file to import."""

    key: str  # its key, "" when the source had none (one is generated)
    entry_type: str  # lower-cased BibLaTeX type
    fields: dict[str, str]  # field name -> BibTeX source text, without outer braces
    origin: str  # where it came from: "refs.ris:12"
    dropped: tuple[str, ...]  # fields, tags or CSL variables not imported, e.g. ("file",)


def detect_format(path: str, text: str) -> str | None:
    """The format of a file from its suffix, else from its first characters."""
    for suffix, name in SUFFIXES.items():
        if path.lower().endswith(suffix):
            return name
    start = text.lstrip("\ufeff \t\r\n")[:10]
    if start.startswith(("[", "{")):
        return "csljson"
    if start.startswith("TY  -"):
        return "ris"
    if start.startswith(("@", "%")):
        return "bibtex"
    return None


def read_bibtex(text: str, path: str) -> tuple[list[Imported], list[Diagnostic]]:
    problems = [d for d in load_texts([(path, text)]).diagnostics if d.code in _LOST]
    macros = dict(PREDEFINED_MACROS)
    out: list[Imported] = []
    for block in parse_source(text):
        if block.kind == "string":
            macros[block.key.lower()] = expand_value(block.value, macros)[0]
        if block.kind != "entry":
            continue
        fields: dict[str, str] = {}
        dropped = []
        for field in block.fields:
            name = field.name.lower()
            if name in STRIPPED_FIELDS:
                dropped.append(name)
                continue
            value = expand_value(field.value, macros)[0]
            fields.setdefault(name, normalise_month(value) if name == "month" else value)
        out.append(
            Imported(
                block.key, block.entry_type.lower(), fields, f"{path}:{block.line}", tuple(dropped)
            )
        )
    return out, problems


def _from_items(items: list, path: str, lines: list[int]) -> list[Imported]:
    out = []
    for item, line in zip(items, lines, strict=True):
        converted = from_csl(item)
        origin = f"{path}:{line}" if line else f"{path}#{len(out) + 1}"
        out.append(
            Imported(
                converted.key,
                converted.entry_type,
                converted.fields,
                origin,
                tuple(converted.dropped),
            )
        )
    return out


def read_csljson(text: str, path: str) -> tuple[list[Imported], list[Diagnostic]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [
            Diagnostic(
                path,
                error.lineno,
                f"not valid JSON: {error.msg}",
                "export CSL JSON from Zotero again, or check the file's brackets and commas",
                code="import.json",
            )
        ]
    items = data if isinstance(data, list) else [data]
    good = [item for item in items if isinstance(item, dict)]
    problems = []
    if len(good) != len(items):
        problems.append(
            Diagnostic(
                path,
                1,
                f"{len(items) - len(good)} item(s) are not JSON objects and were not read",
                "a CSL-JSON file is an array of objects",
                code="import.json",
            )
        )
    return _from_items(good, path, [0] * len(good)), problems


def read_ris(text: str, path: str) -> tuple[list[Imported], list[Diagnostic]]:
    records, bad_lines = read_records(text)
    problems = [
        Diagnostic(path, line, message, "each line is 'XX  - value'", code="import.ris")
        for line, message in bad_lines
    ]
    items, lines, unused = [], [], []
    for record in records:
        item, tags = to_csl(record)
        items.append(item)
        lines.append(record.line)
        unused.append(tags)
    entries = _from_items(items, path, lines)
    return [
        Imported(e.key, e.entry_type, e.fields, e.origin, tuple(sorted({*e.dropped, *tags})))
        for e, tags in zip(entries, unused, strict=True)
    ], problems


READERS = {"bibtex": read_bibtex, "ris": read_ris, "csljson": read_csljson}


def read_import(text: str, path: str, fmt: str) -> tuple[list[Imported], list[Diagnostic]]:
    """Entries of ``text`` in format ``fmt`` (one of :data:`FORMATS`), and what was not read."""
    return READERS[fmt](text, path)
