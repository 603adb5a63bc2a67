"""Read .bib files into :class:`BibEntry` records, with every problem as a diagnostic.

bibtexparser v2 splits a file into blocks (and recovers after a broken one); it does not expand
``@string`` macros inside ``#`` concatenations, resolve ``crossref``/``xdata``, or decode LaTeX.
Those steps happen here, on plain data, so the loader stays testable without files.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
)

from memoria.bibliography.entries import BibEntry
from memoria.bibliography.latex_text import VERBATIM_FIELDS, decode_latex, decode_verbatim
from memoria.diagnostics import Diagnostic, did_you_mean

# bibtexparser logs each broken block itself; we report it as a Diagnostic with a hint instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: BibTeX's predefined macros: the month abbreviations expand to English month names.
PREDEFINED_MACROS = dict(zip(MONTHS, MONTH_NAMES, strict=True))

#: Parent type -> child types whose "title" the parent's title becomes "booktitle" of (BibLaTeX).
BOOK_PARENTS = {"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings",
                "reference", "mvreference"}  # fmt: skip
BOOK_CHILDREN = {"inbook", "bookinbook", "suppbook", "incollection", "suppcollection",
                 "inproceedings", "inreference"}  # fmt: skip
#: Fields a child never inherits (BibLaTeX's defaults).
NOT_INHERITED = {"ids", "crossref", "xref", "entryset", "entrysubtype", "execute", "label",
                 "options", "presort", "related", "relatedoptions", "relatedstring",
                 "relatedtype", "shorthand", "shorthandintro", "sortkey", "xdata"}  # fmt: skip


@dataclass(frozen=True)
class BibliographyLoad:
    """The outcome of loading one or more .bib files."""

    entries: tuple[BibEntry, ...]  # every loaded entry, sorted by (path, line)
    diagnostics: tuple[Diagnostic, ...]  # every problem found, sorted
    # Keys written in an entry header ("@book{key,") whose entry could not be loaded: citing
    # one is the parse error's consequence, reported once as that error, not again per cite.
    unparsed_keys: frozenset[str] = frozenset()


#: An entry's header as it opens a block: "@book{key," (not @string, @comment, @preamble).
_ENTRY_HEADER = re.compile(
    r"^\s*@(?!(?:string|comment|preamble)\b)\w+\s*[{(]\s*([^,\s{}()]+)\s*,", re.I | re.M
)


def header_keys(text: str) -> set[str]:
    """The keys of every entry header in a .bib ``text``, parsed or not."""
    return set(_ENTRY_HEADER.findall(text))


def normalise_month(value: str) -> str:
    """'jan', 'January', '5', '05' -> '1'...'12'; anything else unchanged."""
    text = value.strip().strip("{}").strip()
    if text.isdigit() and 1 <= int(text) <= 12:
        return str(int(text))
    lowered = text[:3].lower()
    if lowered in MONTHS and (
        len(text) == 3 or text.lower() == MONTH_NAMES[MONTHS.index(lowered)].lower()
    ):
        return str(MONTHS.index(lowered) + 1)
    return text


def split_concatenation(raw: str) -> list[str]:
    """Split a raw field value on '#' outside braces and quotes."""
    if "#" not in raw:  # most values: nothing to walk through
        return [raw.strip()]
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(raw):
        if char == "\\":
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0 and (index == 0 or raw[index - 1] != "\\"):
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(raw[start:index])
            start = index + 1
    parts.append(raw[start:])
    return [part.strip() for part in parts]


def expand_value(raw: str, macros: Mapping[str, str]) -> tuple[str, list[str]]:
    """The value's source text with macros expanded and '#' joined; plus undefined macro names."""
    out, undefined = [], []
    for part in split_concatenation(raw):
        if (len(part) >= 2 and part[0] == "{" and part[-1] == "}") or (
            len(part) >= 2 and part[0] == '"' and part[-1] == '"'
        ):
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        elif part.lower() in macros:
            out.append(macros[part.lower()])
        elif part:
            undefined.append(part)
            out.append(part)
    return "".join(out), undefined


def decode_field(name: str, source: str) -> str:
    if name in VERBATIM_FIELDS:
        return decode_verbatim(source)
    if name == "month":
        return normalise_month(source)
    return decode_latex(source)


@dataclass
class _RawEntry:
    """An entry between parsing and crossref resolution."""

    key: str
    entry_type: str
    source: dict[str, str]
    path: str
    line: int


def parse_bib_text(text: str, path: str) -> BibliographyLoad:
    """One file's entries (crossrefs resolved within the file) and problems."""
    raw, problems = _parse_file(text, path, {})
    entries, more = _resolve(raw)
    return BibliographyLoad(tuple(entries), tuple(sorted(problems + more)))


def _error(path: str, line: int, message: str, hint: str, code: str) -> Diagnostic:
    return Diagnostic(path, line, message, hint=hint, code=code)


def _parse_file(
    text: str, path: str, seen: dict[str, tuple[str, int]]
) -> tuple[list[_RawEntry], list[Diagnostic]]:
    library = bibtexparser.parse_string(text, parse_stack=[])
    problems: list[Diagnostic] = []
    macros = dict(PREDEFINED_MACROS)
    entries: list[_RawEntry] = []
    for block in library.blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            first = seen.get(block.key, (path, 0))
            problems.append(
                _error(
                    path,
                    line,
                    f"duplicate key '{block.key}'; this entry is ignored",
                    f"the first '{block.key}' is at {first[0]}:{first[1]}; rename one of them",
                    "bibtex.duplicate_key",
                )
            )
        elif isinstance(block, DuplicateFieldKeyBlock):
            # The block has no key of its own; the entry it failed on has.
            key = getattr(block.ignore_error_block, "key", "?")
            problems.append(
                _error(
                    path,
                    line,
                    f"entry '{key}' sets a field twice; the entry is ignored",
                    "keep one of the fields " + ", ".join(sorted(block.duplicate_keys)),
                    "bibtex.duplicate_field",
                )
            )
        elif isinstance(block, ParsingFailedBlock):
            problems.append(
                _error(
                    path,
                    line,
                    "could not parse this entry: " + _parse_error(block),
                    "look for an unbalanced brace or quote, or a missing comma, from this line on",
                    "bibtex.parse",
                )
            )
        elif isinstance(block, bibtexparser.model.String):
            value, undefined = expand_value(block.value, macros)
            macros[block.key.lower()] = value
            problems += _undefined(undefined, macros, path, line)
        elif isinstance(block, Entry):
            entry, entry_problems = _read_entry(block, macros, path)
            problems += entry_problems
            if entry.key in seen:
                first = seen[entry.key]
                problems.append(
                    _error(
                        path,
                        line,
                        f"duplicate key '{entry.key}'; this entry is ignored",
                        f"the first '{entry.key}' is at {first[0]}:{first[1]}; rename one of them",
                        "bibtex.duplicate_key",
                    )
                )
                continue
            seen[entry.key] = (path, line)
            entries.append(entry)
    return entries, problems


def _parse_error(block: ParsingFailedBlock) -> str:
    error = block.error
    reason = getattr(error, "abort_reason", "") or getattr(error, "message", "") or str(error)
    return reason.strip().splitlines()[0] if reason.strip() else "syntax error"


def _undefined(
    names: Iterable[str], macros: Mapping[str, str], path: str, line: int
) -> list[Diagnostic]:
    return [
        _error(
            path,
            line,
            f"undefined @string macro '{name}'",
            did_you_mean(name.lower(), macros)
            or "define it with @string or put the value in braces",
            "bibtex.undefined_macro",
        )
        for name in names
    ]


def _read_entry(
    block: Entry, macros: Mapping[str, str], path: str
) -> tuple[_RawEntry, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    source: dict[str, str] = {}
    for field in block.fields:
        name = field.key.lower()
        field_line = (field.start_line or block.start_line) + 1
        value, undefined = expand_value(field.value, macros)
        problems += _undefined(undefined, macros, path, field_line)
        if name in source:
            problems.append(
                _error(
                    path,
                    field_line,
                    f"entry '{block.key}' sets '{name}' twice; the first value is kept",
                    "delete one of the two fields",
                    "bibtex.duplicate_field",
                )
            )
            continue
        source[name] = normalise_month(value) if name == "month" else value
    entry = _RawEntry(block.key, block.entry_type.lower(), source, path, block.start_line + 1)
    return entry, problems


def _resolve(raw: list[_RawEntry]) -> tuple[list[BibEntry], list[Diagnostic]]:
    """Apply crossref and xdata inheritance, then decode every field."""
    by_key = {entry.key: entry for entry in raw}
    lower = {entry.key.lower(): entry for entry in raw}
    problems: list[Diagnostic] = []
    resolved = []
    for entry in raw:
        source = dict(entry.source)
        for xkey in [k.strip() for k in source.get("xdata", "").split(",") if k.strip()]:
            parent = by_key.get(xkey) or lower.get(xkey.lower())
            if parent is None:
                problems.append(_missing_parent(entry, xkey, "xdata", by_key))
                continue
            for name, value in parent.source.items():
                source.setdefault(name, value)
        parent_key = source.get("crossref", "").strip()
        if parent_key:
            parent = by_key.get(parent_key) or lower.get(parent_key.lower())
            if parent is None:
                problems.append(_missing_parent(entry, parent_key, "crossref", by_key))
            else:
                _inherit(source, entry.entry_type, parent)
        fields = {name: decode_field(name, value) for name, value in source.items()}
        resolved.append(
            BibEntry(entry.key, entry.entry_type, fields, source, entry.path, entry.line)
        )
    return resolved, problems


def _missing_parent(entry: _RawEntry, key: str, field: str, by_key: Mapping) -> Diagnostic:
    return _error(
        entry.path,
        entry.line,
        f"entry '{entry.key}' has {field} '{key}', but no entry has that key",
        did_you_mean(key, by_key) or f"add an entry '{key}' or remove the {field} field",
        f"bibtex.{field}",
    )


def _inherit(source: dict[str, str], child_type: str, parent: _RawEntry) -> None:
    """BibLaTeX's default inheritance rules for the common parent/child types."""
    renames: dict[str, str] = {}
    if parent.entry_type in BOOK_PARENTS and child_type in BOOK_CHILDREN:
        renames = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon",
                   "shorttitle": "", "sorttitle": ""}  # fmt: skip
        if child_type in {"inbook", "bookinbook", "suppbook"}:
            renames["author"] = "bookauthor"
    elif parent.entry_type == "periodical" and child_type in {"article", "suppperiodical"}:
        renames = {"title": "journaltitle", "subtitle": "journalsubtitle", "shorttitle": ""}
    for name, value in parent.source.items():
        if name in NOT_INHERITED:
            continue
        target = renames.get(name, name)
        if target:
            source.setdefault(target, value)


def bib_files(paths: Sequence[str | Path], root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every .bib file named by ``paths`` (folders searched recursively), in a stable order."""
    files: list[Path] = []
    problems = []
    for given in paths:
        path = Path(given) if Path(given).is_absolute() else root / given
        if path.is_dir():
            files.extend(sorted(path.rglob("*.bib")))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(
                _error(
                    str(given),
                    0,
                    "this bibliography path does not exist",
                    "fix BIBLIOGRAPHY_PATHS in pelicanconf.py or create the folder",
                    "bibtex.missing_path",
                )
            )
    return list(dict.fromkeys(files)), problems


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def load_bibliography(
    paths: Sequence[str | Path], root: str | Path, cache_folder: Path | None = None
) -> BibliographyLoad:
    """Load every .bib file under ``paths``; duplicate keys across files are errors.

    With ``cache_folder``, the result is kept there, keyed by the files' names and bytes: an
    unchanged bibliography loads without parsing (thousands of entries take seconds to parse).
    """
    root = Path(root)
    files, problems = bib_files(paths, root)
    texts = [(_display(file, root), file.read_text(encoding="utf-8-sig")) for file in files]
    cached = _cache_path(cache_folder, texts, problems)
    if cached is not None and cached.is_file():
        try:
            with cached.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a damaged or outdated cache file is simply rebuilt
    result = load_texts(texts, problems)
    if cached is not None:
        _write_atomically(cached, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result


def load_texts(
    texts: Sequence[tuple[str, str]], problems: Sequence[Diagnostic] = ()
) -> BibliographyLoad:
    """Load (path, text) pairs as one bibliography: the pure core of :func:`load_bibliography`.

    Duplicate keys across the texts are errors; crossrefs resolve across them. ``problems`` are
    earlier findings (missing paths) to report with the rest.
    """
    seen: dict[str, tuple[str, int]] = {}
    raw: list[_RawEntry] = []
    found = list(problems)
    for path, text in texts:
        entries, file_problems = _parse_file(text, path, seen)
        raw += entries
        found += file_problems
    entries, more = _resolve(raw)
    written = set().union(*(header_keys(text) for _path, text in texts))
    return BibliographyLoad(
        tuple(sorted(entries, key=lambda e: (e.path, e.line))),
        tuple(sorted(found + more)),
        frozenset(written - {entry.key for entry in entries}),
    )


#: Bump when loading changes, so that cached loads from an older Memoria are not reused.
LOADER_VERSION = "2"


def _cache_path(
    folder: Path | None, texts: Sequence[tuple[str, str]], problems: Sequence[Diagnostic]
) -> Path | None:
    if folder is None:
        return None
    digest = hashlib.sha256(LOADER_VERSION.encode())
    for path, text in texts:
        digest.update(f"\0{path}\0{len(text)}\0".encode())
        digest.update(text.encode())
    digest.update(repr(sorted(problems)).encode())
    return Path(folder) / f"bib-{digest.hexdigest()[:32]}.pickle"


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".bib-", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    Path(temp).replace(target)
