"""A .bib file as the blocks it is written in, for tools that must not lose a character.

The build's loader (:mod:`memoria.bibliography.bib_files`) turns a file into decoded entries;
the tools also need what the loader throws away: which line each field is on, the exact text of
blocks that failed to parse, comments, ``@string`` and ``@preamble`` as written. bibtexparser v2
with an empty middleware stack keeps all of that (``block.raw``, raw field values with their
braces or quotes, macros not inlined).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Literal

import bibtexparser
from bibtexparser import model

# bibtexparser logs each broken block itself; the tools report it as a Diagnostic instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

BlockKind = Literal["entry", "string", "preamble", "comment", "failed"]

#: A field name as BibTeX allows it; anything else in a field position is a comment or junk that
#: bibtexparser folded into the name (``% note\n  title``).
FIELD_NAME = re.compile(r"^[A-Za-z_][\w:.+\-]*$")


@dataclass(frozen=True)
class SourceField:
    """One ``name = value`` of an entry, as written."""

    name: str  # field name as written (case kept)
    value: str  # raw value with its delimiters: "{Title}", '"Title"', "2021", "jan # { 5}"
    line: int  # 1-based line the field starts on


@dataclass(frozen=True)
class SourceBlock:
    """One block of a .bib file: an entry, a macro, a preamble, a comment or a failure."""

    kind: BlockKind  # what the block is
    raw: str  # the block's exact text (comments between blocks come stripped)
    line: int  # 1-based line the block starts on
    entry_type: str = ""  # entries: the type as written ("Article"); "" otherwise
    key: str = ""  # entries: citation key; strings: macro name; "" otherwise
    value: str = ""  # strings: raw value; "" otherwise
    fields: tuple[SourceField, ...] = ()  # entries: fields in written order
    error: str = ""  # failed blocks: why bibtexparser gave up ("" when unknown)


def _failure_reason(block: model.ParsingFailedBlock) -> str:
    error = block.error
    reason = getattr(error, "abort_reason", "") or getattr(error, "message", "") or str(error)
    if not reason or not reason.strip():
        return ""
    return reason.strip().splitlines()[0].split(". Note:")[0].strip()


def _entry(block: model.Entry) -> SourceBlock:
    fields = tuple(
        SourceField(
            f.key, f.value, (f.start_line if f.start_line is not None else block.start_line) + 1
        )
        for f in block.fields
    )
    return SourceBlock(
        "entry", block.raw, block.start_line + 1, block.entry_type, block.key, fields=fields
    )


def _block(block: model.Block) -> SourceBlock:
    line = block.start_line + 1
    if isinstance(block, model.ParsingFailedBlock):
        # Duplicate keys and duplicate fields are failures too: written back untouched.
        return SourceBlock("failed", block.raw, line, error=_failure_reason(block))
    if isinstance(block, model.Entry):
        return _entry(block)
    if isinstance(block, model.String):
        return SourceBlock("string", block.raw, line, key=block.key, value=block.value)
    if isinstance(block, model.Preamble):
        return SourceBlock("preamble", block.raw, line)
    return SourceBlock("comment", block.raw, line)


def parse_source(text: str) -> tuple[SourceBlock, ...]:
    """Every block of ``text`` in file order; nothing is expanded, decoded or re-cased."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    return tuple(_block(block) for block in library.blocks)


@dataclass(frozen=True)
class Region:
    """A block with the exact text it covers in the file."""

    block: SourceBlock  # the block
    text: str  # its text; for a failed block, up to the next block bibtexparser could read
    start: int  # offset of that text in the file


def regions(text: str, blocks: tuple[SourceBlock, ...]) -> list[Region]:
    """Each block with its text, in file order.

    bibtexparser recovers from a broken block at the next ``@`` and splits what it skipped into
    comments; a failed block here takes that text back, so that it is reported and kept as the
    person wrote it.
    """
    spans, position = [], 0
    for block in blocks:
        raw = block.raw.strip()
        start = text.find(raw, position) if raw else -1
        start = position if start < 0 else start
        spans.append((start, start + len(raw)))
        position = start + len(raw)
    out: list[Region] = []
    index = 0
    while index < len(blocks):
        start, end = spans[index]
        block = blocks[index]
        if block.kind == "failed":
            while index + 1 < len(blocks) and blocks[index + 1].kind == "comment":
                index += 1
                end = spans[index][1]
        out.append(Region(block, text[start:end], start))
        index += 1
    return out


def entries(blocks: tuple[SourceBlock, ...]) -> list[SourceBlock]:
    return [block for block in blocks if block.kind == "entry"]


def is_plain_entry(block: SourceBlock) -> bool:
    """Whether every field name is a real name (no comment or junk folded into one)."""
    return all(FIELD_NAME.match(field.name) for field in block.fields)


def signature(blocks: tuple[SourceBlock, ...]) -> list[tuple]:
    """What a file means, independent of layout: the check that formatting lost nothing.

    Entries compare by lower-cased type, key, and the set of lower-cased field names with raw
    values (field order carries no meaning); macros by name and raw value; comments line by
    line; every other block by its exact text.
    """
    out: list[tuple] = []
    for block in blocks:
        if block.kind == "entry":
            fields = tuple(sorted((f.name.lower(), f.value.strip()) for f in block.fields))
            out.append(("entry", block.entry_type.lower(), block.key, fields))
        elif block.kind == "string":
            out.append(("string", block.key, block.value.strip()))
        elif block.kind == "comment":
            # Line by line: two comments that end up next to each other are read back as one.
            out += [("comment", line.strip()) for line in block.raw.splitlines() if line.strip()]
        else:
            out.append((block.kind, block.raw.strip()))
    return out
