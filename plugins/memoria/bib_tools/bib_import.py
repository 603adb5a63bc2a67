"""``bib-import``: add imported entries to a .bib file, refusing what the library already has.

:func:`merge` is pure: the target file's text, the whole library and the imported records in;
the new text and a line per decision out. An entry is a duplicate when its key (ignoring case),
its DOI, or its title and year match an entry the library already has (or, for the key, one
added earlier in the same run); it is skipped unless ``update`` is given, in which case the
entry in the target file is replaced and keeps its key (so citations of it keep working). Two
entries of one imported file with the same title and year are both added: an export that holds
a work and its reprint means it (``bib-check`` still points them out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from memoria.bib_tools.bib_source import parse_source, regions
from memoria.bib_tools.canonical_format import FormatError, format_text
from memoria.bib_tools.csl_to_bib import as_entry
from memoria.bib_tools.identity import WorkIndex
from memoria.bib_tools.importers import Imported
from memoria.bib_tools.keygen import base_key, unique_key
from memoria.bib_tools.settings import ToolSettings
from memoria.bibliography.entries import BibEntry
from memoria.bibliography.exports import entry_text, field_rank


@dataclass
class ImportOutcome:
    """What an import did."""

    text: str  # the target file's new text
    added: list[str] = field(default_factory=list)  # one line per added entry
    updated: list[str] = field(default_factory=list)  # one line per replaced entry
    skipped: list[str] = field(default_factory=list)  # one line per refused entry, with why


def entry_source(key: str, entry_type: str, fields: dict[str, str], settings: ToolSettings) -> str:
    """A new entry in the canonical layout of ``bib-format``."""
    names = sorted(fields, key=lambda n: field_rank(n, settings.field_order))
    pairs = [(name, "{" + fields[name] + "}") for name in names]
    return entry_text(entry_type, key, pairs, settings.indent, settings.align).rstrip("\n")


def _notes(record: Imported, generated: bool) -> str:
    notes = [record.origin]
    if generated:
        notes.append("key generated")
    if record.dropped:
        notes.append("not imported: " + ", ".join(record.dropped))
    return "; ".join(notes)


def merge(
    target_text: str,
    target_path: str,
    library: Sequence[BibEntry],
    records: Sequence[Imported],
    settings: ToolSettings,
    update: bool = False,
) -> ImportOutcome:
    """Add ``records`` to the text of ``target_path``; ``library`` is every entry already loaded."""
    outcome = ImportOutcome(target_text)
    by_key = {entry.key.lower(): entry for entry in library}
    works = WorkIndex.of(library)
    target_regions = {
        r.block.key: r for r in regions(target_text, parse_source(target_text)) if r.block.key
    }
    new_blocks: list[str] = []
    replacements: dict[int, tuple[int, str]] = {}  # start -> (end, new text)
    for record in records:
        generated = not record.key
        candidate = as_entry(record.key or "?", record.entry_type, record.fields)
        key = record.key or unique_key(base_key(candidate), [e.key for e in by_key.values()])
        entry = as_entry(key, record.entry_type, record.fields, target_path)
        existing = by_key.get(key.lower())
        why = f"the key '{key}' is taken" if existing is not None else ""
        if existing is None and (duplicate := works.duplicate_of(entry)) is not None:
            existing, why = duplicate[0], duplicate[1]
        if existing is None:
            new_blocks.append(entry_source(key, record.entry_type, record.fields, settings))
            by_key[key.lower()] = entry
            outcome.added.append(f"{key} ({_notes(record, generated)})")
            continue
        where = f"{existing.path}:{existing.line}" if existing.line else "this import"
        region = target_regions.get(existing.key)
        if not update or existing.path != target_path or region is None:
            advice = (
                "it was imported earlier in this run"
                if not existing.line
                else "pass --update to replace it"
                if existing.path == target_path
                else f"it is in {existing.path}; import into that file to update it"
            )
            shown = record.key or "an entry without a key"
            outcome.skipped.append(
                f"{shown} ({record.origin}): {why} as '{existing.key}' ({where}); {advice}"
            )
            continue
        text = entry_source(existing.key, record.entry_type, record.fields, settings)
        replacements[region.start] = (region.start + len(region.text.rstrip()), text)
        outcome.updated.append(f"{existing.key} ({_notes(record, generated)}; was {where})")
    text = target_text
    for start in sorted(replacements, reverse=True):
        end, replacement = replacements[start]
        text = text[:start] + replacement + text[end:]
    if new_blocks:
        body = text.rstrip()
        text = (body + "\n\n" if body else "") + "\n\n".join(new_blocks) + "\n"
    outcome.text = _keep_canonical(target_text, text, target_path, settings)
    return outcome


def _keep_canonical(before: str, after: str, path: str, settings: ToolSettings) -> str:
    """A target that was in canonical layout stays so (sorted keys included)."""
    try:
        if before.strip() and format_text(before, path, settings).text == before:
            return format_text(after, path, settings).text
    except FormatError:
        pass
    return after
