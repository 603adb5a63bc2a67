"""``bib-format``: one canonical layout for .bib files, without losing or changing a value.

The layout: blocks separated by one blank line; ``@type`` lower-cased; one field a line, field
names lower-cased, ordered by ``BIBTEX_FORMAT_FIELD_ORDER`` then A-Z, indented and aligned; a
comma after every field. Values are written exactly as they were (braces, quotes, ``#``, macro
names, inner line breaks), ``@string`` macros stay macros, comments and ``@preamble`` stay as
written, and a block that could not be parsed is copied untouched with the text up to the next
block. Entries may be reordered by ``BIBTEX_FORMAT_KEY_ORDER``; comments travel with the entry
they precede, and macros move to the top so that they are still defined before use.

Every result is re-parsed and compared with the input (:func:`bib_source.signature`) before it
is returned: a bug here raises :class:`FormatError` instead of writing a damaged file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from memoria.bib_tools.bib_source import (
    SourceBlock,
    is_plain_entry,
    parse_source,
    regions,
    signature,
)
from memoria.bib_tools.settings import ToolSettings
from memoria.bibliography.exports import entry_text, field_rank
from memoria.diagnostics import Diagnostic

#: The key of a block that failed to parse, when it has the usual "@type{key" start.
_GUESSED_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^\s,{}()=\"#]+)")


class FormatError(Exception):
    """Formatting would have changed what the file means; the file is left as it is."""


@dataclass(frozen=True)
class FormatResult:
    """The formatted text of one file and what could not be formatted."""

    text: str  # the file in canonical layout
    notes: tuple[Diagnostic, ...]  # blocks left as written (unparsable, comments inside entries)


@dataclass(frozen=True)
class _Unit:
    """A piece of output: one block's text, and what sorting needs to know about it."""

    kind: str  # the block's kind (see SourceBlock.kind)
    text: str  # the text to write, without surrounding blank lines
    sort_key: tuple  # where an entry goes when entries are sorted


def format_entry(block: SourceBlock, settings: ToolSettings) -> str:
    """One parsed entry in canonical layout (no trailing newline)."""
    order = settings.field_order
    fields = sorted(block.fields, key=lambda f: field_rank(f.name.lower(), order))
    pairs = [(field.name.lower(), field.value.strip()) for field in fields]
    return entry_text(
        block.entry_type.lower(), block.key, pairs, settings.indent, settings.align
    ).rstrip("\n")


def _units(text: str, path: str, settings: ToolSettings) -> tuple[list[_Unit], list[Diagnostic]]:
    units: list[_Unit] = []
    notes: list[Diagnostic] = []
    for region in regions(text, parse_source(text)):
        block = region.block
        sort_key = (block.key.lower(), block.key)
        if block.kind == "failed":
            guessed = _GUESSED_KEY.match(region.text.strip())
            sort_key = (guessed.group(1).lower(), guessed.group(1)) if guessed else ()
            notes.append(
                Diagnostic(
                    path,
                    block.line,
                    "could not parse this block; it is left as written"
                    + (f": {block.error}" if block.error else ""),
                    "run `invoke bib-check` for the details",
                    "error",
                    "format.unparsed",
                )
            )
            units.append(_Unit("failed", region.text.strip(), sort_key))
        elif block.kind == "entry" and not is_plain_entry(block):
            notes.append(
                Diagnostic(
                    path,
                    block.line,
                    f"entry '{block.key}' has text between its fields (a % comment?); "
                    "it is left as written",
                    "move the comment out of the entry, or into a note field",
                    "warning",
                    "format.unformatted",
                )
            )
            units.append(_Unit("entry", block.raw.strip(), sort_key))
        elif block.kind == "entry":
            by_type = (block.entry_type.lower(), *sort_key)
            key = by_type if settings.key_order == "type" else sort_key
            units.append(_Unit("entry", format_entry(block, settings), key))
        elif block.kind == "string":
            units.append(_Unit("string", f"@string{{{block.key} = {block.value.strip()}}}", ()))
        else:
            units.append(_Unit(block.kind, block.raw.strip(), ()))
    return units, notes


def _sorted_units(units: list[_Unit]) -> list[_Unit]:
    """Entries sorted, each with the comments before it; macros and preambles first.

    A block that could not be parsed sorts by the key it seems to have, else travels with the
    entry after it, like a comment.
    """
    head: list[_Unit] = []
    groups: list[tuple[tuple, list[_Unit]]] = []
    pending: list[_Unit] = []
    for unit in units:
        if unit.kind == "entry" or (unit.kind == "failed" and unit.sort_key):
            groups.append((unit.sort_key, [*pending, unit]))
            pending = []
        elif unit.kind in ("string", "preamble") or not groups:
            head += [*pending, unit] if groups else [unit]
            pending = [] if groups else pending
        else:
            pending.append(unit)
    ordered = [unit for _key, group in sorted(groups, key=lambda g: g[0]) for unit in group]
    return head + ordered + pending


def format_text(text: str, path: str, settings: ToolSettings) -> FormatResult:
    """``text`` in canonical layout; raises :class:`FormatError` rather than change a value."""
    units, notes = _units(text, path, settings)
    if settings.key_order != "keep":
        units = _sorted_units(units)
    out = "\n\n".join(unit.text for unit in units if unit.text)
    out = out + "\n" if out else ""
    before, after = signature(parse_source(text)), signature(parse_source(out))
    same = (
        before == after
        if settings.key_order == "keep"
        else Counter(map(repr, before)) == Counter(map(repr, after))
    )
    if not same:
        raise FormatError(
            f"{path}: formatting would change the file's entries; it is left as it is"
        )
    return FormatResult(out, tuple(notes))
