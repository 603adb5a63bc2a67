"""bib-import, bib-export and bib-stats: readers, key generation, duplicates, the tasks."""

from __future__ import annotations

import json

import pytest

from memoria.bib_tools.bib_import import merge
from memoria.bib_tools.csl_to_bib import as_entry, escape, from_csl
from memoria.bib_tools.importers import detect_format, read_import
from memoria.bib_tools.keygen import base_key, unique_key
from memoria.bib_tools.settings import ToolSettings
from memoria.bibliography.bib_files import load_texts
from memoria.bibliography.latex_text import decode_latex

LIBRARY = """\
@book{becker2021coup,
  author = {Becker, Thomas},
  title  = {Coup},
  date   = {2021},
  doi    = {10.1000/coup},
}
"""

RIS = """\
TY  - RPRT
AU  - Amnesty International
TI  - Deadly Racism: Extrajudicial Executions
DA  - 2023/02/16/
PB  - Amnesty International
UR  - https://www.amnesty.org/en/documents/amr46/6761/2023/en/
L1  - file:///home/me/Zotero/storage/X/deadly.pdf
KW  - peru
KW  - protests
ER  -

TY  - BOOK
AU  - Becker, Thomas
TI  - Coup: a second printing
DO  - https://doi.org/10.1000/COUP
PY  - 2021
ER  -
"""

ZOTERO_BIB = """\
@string{hrw = {{Human Rights Watch}}}

@report{hrw2020justice,
  title = {Justice for {Bolivia}},
  author = hrw,
  institution = hrw,
  date = {2020},
  month = nov,
  file = {Full Text PDF:/home/me/Zotero/storage/ABCD/justice.pdf:application/pdf},
}
"""


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"author": "Becker, Thomas", "title": "The Coup in Bolivia", "date": "2021"},
         "becker2021coup"),
        ({"author": "{Grupo Interdisciplinario}", "title": "Informe sobre", "year": "2021"},
         "grupo2021informe"),
        ({"editor": "García-Godos, Jemima", "title": "El caso", "date": "2019-05"},
         "garciagodos2019caso"),
        ({"title": "A", "date": "x"}, "anonnda"),
    ],
)  # fmt: skip
def test_key_pattern_is_author_year_firstword(fields, key):
    assert base_key(as_entry("", "book", fields)) == key


def test_generated_keys_never_collide_even_in_case():
    assert unique_key("becker2021coup", ["Becker2021Coup", "becker2021coup-2"]) == (
        "becker2021coup-3"
    )


def test_formats_are_detected_by_suffix_then_content():
    assert detect_format("a.RIS", "") == "ris"
    assert detect_format("export", '[{"id": "x"}]') == "csljson"
    assert detect_format("export", "TY  - BOOK\n") == "ris"
    assert detect_format("export", "@book{x,}") == "bibtex"
    assert detect_format("export", "hello") is None


@pytest.mark.parametrize("text", ["A & B -- 50% $5 ~ x_1 #2 `q` ``q'' \\ end", "Rock'n'roll"])
def test_escaped_text_decodes_to_itself(text):
    assert decode_latex(escape(text)) == text


def test_csl_items_map_back_to_biblatex_fields():
    converted = from_csl(
        {
            "id": "vg",
            "type": "chapter",
            "title": 'On <span class="nocase">Bolivia</span>',
            "author": [{"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}],
            "container-title": "Collected",
            "issued": {"date-parts": [[2019, 11]]},
            "language": "es",
            "medium": "paper",
        }
    )
    assert (converted.key, converted.entry_type) == ("vg", "incollection")
    assert converted.fields == {
        "author": "van Gogh, Vincent",
        "options": "useprefix=true",
        "title": "On {Bolivia}",
        "booktitle": "Collected",
        "langid": "spanish",
        "date": "2019-11",
    }
    assert converted.dropped == ["medium"]


def test_ris_import_generates_keys_strips_attachments_and_refuses_duplicates():
    # RIS has no case markup: words the build would re-case in an English title are braced,
    # so that the title renders as the RIS file wrote it.
    library = load_texts([("a.bib", LIBRARY)]).entries
    records, problems = read_import(RIS, "z.ris", "ris")
    assert problems == []
    outcome = merge(LIBRARY, "a.bib", library, records, ToolSettings.default())
    assert outcome.added == [
        "amnesty2023deadly (z.ris:1; key generated; not imported: L1 (attachment))"
    ]
    assert outcome.skipped == [
        "an entry without a key (z.ris:12): the same DOI '10.1000/coup' as 'becker2021coup' "
        "(a.bib:1); pass --update to replace it"
    ]
    assert outcome.text == LIBRARY + (
        "\n@report{amnesty2023deadly,\n"
        "  author      = {{Amnesty International}},\n"
        "  title       = {Deadly {Racism}: Extrajudicial {Executions}},\n"
        "  institution = {Amnesty International},\n"
        "  date        = {2023-02-16},\n"
        "  url         = {https://www.amnesty.org/en/documents/amr46/6761/2023/en/},\n"
        "  keywords    = {peru,protests},\n"
        "}\n"
    )


def test_update_replaces_the_entry_in_place_and_keeps_its_key():
    library = load_texts([("a.bib", LIBRARY)]).entries
    records, _ = read_import(RIS, "z.ris", "ris")
    outcome = merge(LIBRARY, "a.bib", library, records[1:], ToolSettings.default(), update=True)
    assert outcome.updated == ["becker2021coup (z.ris:12; key generated; was a.bib:1)"]
    (entry,) = load_texts([("a.bib", outcome.text)]).entries
    assert (entry.key, entry.get("title"), entry.get("doi")) == (
        "becker2021coup",
        "Coup: {a} second printing",
        "https://doi.org/10.1000/COUP",
    )


def test_bibtex_import_expands_macros_and_never_imports_file_fields():
    records, problems = read_import(ZOTERO_BIB, "z.bib", "bibtex")
    assert problems == []
    (record,) = records
    assert record.fields == {
        "title": "Justice for {Bolivia}",
        "author": "{Human Rights Watch}",
        "institution": "{Human Rights Watch}",
        "date": "2020",
        "month": "11",
    }
    assert record.dropped == ("file",)


def test_unreadable_input_is_reported_with_its_line():
    _, problems = read_import('[{"id": "a",}]', "z.json", "csljson")
    assert [str(p) for p in problems] == [
        "z.json:1: error: not valid JSON: Expecting property name enclosed in double quotes "
        "(hint: export CSL JSON from Zotero again, or check the file's brackets and commas)"
    ]
    _, problems = read_import("AU  - Becker, T.\nTY  - BOOK\nnonsense\n", "z.ris", "ris")
    assert [f"{p.line}: {p.message}" for p in problems] == [
        "1: tag AU outside a record (no 'TY  - ' before it)",
        "2: record has no 'ER  - ' line",
    ]


# --- the tasks --------------------------------------------------------------------------------


def test_bib_import_task_adds_and_reports(task_site):
    task_site.write({"bibliography/a.bib": LIBRARY, "z.ris": RIS})
    result = task_site.run("bib-import", str(task_site.root / "z.ris"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("added amnesty2023deadly (")
    assert result.stdout.splitlines()[-1] == (
        "bib-import: 1 added, 0 updated, 1 skipped; bibliography/a.bib written"
    )
    assert "@report{amnesty2023deadly," in task_site.read("bibliography/a.bib")
    again = task_site.run("bib-import", str(task_site.root / "z.ris"))
    assert again.stdout.splitlines()[-1] == (
        "bib-import: 0 added, 0 updated, 2 skipped; bibliography/a.bib unchanged"
    )


def test_bib_import_asks_where_when_the_library_has_several_files(task_site):
    task_site.write({"bibliography/a.bib": LIBRARY, "bibliography/b.bib": "", "z.ris": RIS})
    result = task_site.run("bib-import", str(task_site.root / "z.ris"))
    assert result.returncode == 2
    assert result.stderr == (
        "bib-import: error: which .bib file should the entries go to? (hint: pass --into FILE "
        "(the library has: bibliography/a.bib, bibliography/b.bib) or set BIBTEX_IMPORT_TARGET)\n"
    )
    outside = task_site.run("bib-import", "z.ris", "--into", "elsewhere.bib")
    assert outside.returncode == 2
    assert "elsewhere.bib is not a .bib file under BIBLIOGRAPHY_PATHS" in outside.stderr
    missing = task_site.run("bib-import", "nope.ris", "--into", "bibliography/b.bib")
    assert missing.stderr.startswith("bib-import: error: nope.ris: no such file")


def test_bib_export_writes_each_format_atomically(task_site):
    task_site.write({"bibliography/a.bib": LIBRARY + "\n" + ZOTERO_BIB})
    for fmt, start in (("biblatex", "@report{hrw2020justice"), ("bibtex", "@book{becker"),
                       ("ris", "TY  - BOOK"), ("csljson", "[")):  # fmt: skip
        result = task_site.run("bib-export", "--format", fmt, "--output", f"all.{fmt}")
        assert result.returncode == 0, result.stderr
        assert result.stderr == f"bib-export: 2 entries written to all.{fmt}\n"
        text = task_site.read(f"all.{fmt}")
        assert text.startswith(start) or start in text
        assert "Zotero/storage" not in text
    bibtex = task_site.read("all.bibtex")
    assert "@techreport{hrw2020justice," in bibtex and "year        = {2020}," in bibtex
    assert json.loads(task_site.read("all.csljson"))[0]["id"] == "becker2021coup"
    stdout = task_site.run("bib-export", "--format", "ris")
    assert stdout.stdout == task_site.read("all.ris")


def test_bib_export_refuses_a_library_with_errors(task_site):
    task_site.write({"bibliography/a.bib": LIBRARY + "@book{broken title={x}}\n"})
    result = task_site.run("bib-export", "--format", "csljson", "--output", "out.json")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("bibliography/a.bib:7: error: could not parse")
    assert not (task_site.root / "out.json").exists()


def test_bib_stats_counts_by_type_year_language_and_case_study(task_site):
    task_site.write(
        {
            "bibliography/a.bib": LIBRARY
            + "@report{r, author={{HRW}}, title={T}, institution={HRW}, date={2020},\n"
            + "  keywords={Bolivia, x}, langid={spanish}}\n",
            "content/case-studies/bolivia.md": "---\ntitle: Bolivia\n---\n",
            "content/posts/p.md": "---\ntitle: P\n---\n[@becker2021coup]\n",
        }
    )
    result = task_site.run("bib-stats", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "entries": 2,
        "by_type": {"book": 1, "report": 1},
        "by_year": {"2020": 1, "2021": 1},
        "by_language": {"es": 1, "unknown": 1},
        "by_case_study": {"bolivia": 1, "none": 1},
        "cited": 1,
        "uncited": 1,
    }
    text = task_site.run("bib-stats").stdout
    assert text.splitlines()[0] == "entries: 2 (1 cited, 1 not cited)"
