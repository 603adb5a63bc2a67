"""biblatex-examples.bib (92 entries, every BibLaTeX feature) through check, format, export and
import: no entry is lost or changed. See tests/fixtures/biblatex-examples/README.md."""

from __future__ import annotations

import dataclasses

import pytest

from memoria.bib_tools.bib_import import merge
from memoria.bib_tools.canonical_format import format_text
from memoria.bib_tools.check import check_texts
from memoria.bib_tools.importers import read_import
from memoria.bib_tools.library_export import export_library
from memoria.bib_tools.settings import ToolSettings
from memoria.bibliography.bib_files import load_texts
from memoria.bibliography.exports import NOT_EXPORTED

PATH = "biblatex-examples.bib"


def entries_of(text: str) -> dict:
    loaded = load_texts([(PATH, text)])
    assert not [d for d in loaded.diagnostics if d.severity == "error"]
    return {e.key: (e.entry_type, dict(e.fields)) for e in loaded.entries}


def without(entries: dict, names) -> dict:
    return {k: (t, {n: v for n, v in f.items() if n not in names}) for k, (t, f) in entries.items()}


def test_check_reads_every_entry_and_finds_only_the_file_fields(corpus_text):
    report = check_texts([(PATH, corpus_text())])
    assert report.entries == 92
    errors = [f"{d.line}: {d.message}" for d in report.findings if d.severity == "error"]
    assert errors == [
        "1536: entry 'laufenberg' has a 'file' field (a local path that must not be published)",
        "1627: entry 'padhye' has a 'file' field (a local path that must not be published)",
    ]


@pytest.mark.parametrize("key_order", ["keep", "key", "type"])
def test_format_changes_no_entry_and_is_idempotent(corpus_text, key_order):
    settings = dataclasses.replace(ToolSettings.default(), key_order=key_order)
    text = corpus_text()
    result = format_text(text, PATH, settings)
    assert result.notes == ()
    assert entries_of(result.text) == entries_of(text)
    assert result.text.count("@string{") == 8  # macros stay macros
    assert "% booktitle and booksubtitle are only needed" in result.text  # comments stay
    assert format_text(result.text, PATH, settings).text == result.text


def _import(text: str, fmt: str) -> str:
    records, problems = read_import(text, "in", fmt)
    assert problems == []
    outcome = merge("", "a.bib", [], records, ToolSettings.default())
    assert len(outcome.added) == len(records) and outcome.skipped == []
    return outcome.text


def test_import_keeps_every_entry_but_the_file_fields(corpus_text):
    text = corpus_text()
    assert entries_of(_import(text, "bibtex")) == without(entries_of(text), {"file"})


def test_biblatex_export_then_import_changes_no_entry(corpus_text):
    original = entries_of(corpus_text())
    exported = export_library(load_texts([(PATH, corpus_text())]).entries, "biblatex")
    # The export inlines crossref and xdata (it stands alone) and never holds a file path.
    assert entries_of(_import(exported, "bibtex")) == without(original, NOT_EXPORTED)


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csljson"])
def test_other_exports_survive_an_import_and_export_again(corpus_text, fmt):
    exported = export_library(load_texts([(PATH, corpus_text())]).entries, fmt)
    imported = _import(exported, "bibtex" if fmt == "bibtex" else fmt)
    again = export_library(load_texts([("a.bib", imported)]).entries, fmt)
    assert again == exported
