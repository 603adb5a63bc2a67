"""The per-entry exports: each format parses back into what it was made from."""

from __future__ import annotations

import json
import re

import bibtexparser

from memoria.bibliography.csl_json import to_csl_item
from memoria.bibliography.entries import BibEntry
from memoria.bibliography.exports import to_bibtex, to_csl_json, to_ris


def entry(key: str, entry_type: str, source: dict[str, str], **decoded: str) -> BibEntry:
    """An entry whose decoded fields are ``source`` unless a test gives them (LaTeX decoded)."""
    return BibEntry(key, entry_type, {**source, **decoded}, source, "bibliography/x.bib", 3)


ENTRIES = [
    entry(
        "farthing2021coup",
        "book",
        {
            "author": "Farthing, Linda and Becker, Thomas",
            "title": "Coup: A story of violence and resistance in {Bolivia}",
            "publisher": "Haymarket Books",
            "location": "Chicago",
            "date": "2021-08-17",
            "isbn": "978-1-64259-480-1",
            "keywords": "bolivia; coup",
            "file": "/home/me/papers/coup.pdf",
        },
    ),
    entry(
        "HRW:2020/senkata",
        "report",
        {
            "author": "{Human Rights Watch}",
            "title": "Justice for {Senkata}",
            "institution": "Human Rights Watch",
            "date": "2020-12",
            "urldate": "2021-01-05",
            "url": "https://www.hrw.org/report/2020/12?a=1&b=50%25",
            "doi": "10.1000/abc_def",
            "langid": "english",
        },
    ),
    entry(
        "garciagodos2019",
        "incollection",
        {
            "author": "Garc{\\'\\i}a-Godos, Jemima",
            "editor": "Mouly, C{\\'e}cile and Serrano, M{\\'o}nica",
            "title": "Peasant self-defence in {Peru}",
            "booktitle": "Resisting atrocities",
            "pages": "101--120",
            "year": "2019",
            "month": "11",
            "abstract": "Two lines\nof text.",
        },
        author="García-Godos, Jemima",
        editor="Mouly, Cécile and Serrano, Mónica",
    ),
    entry(
        "anon",
        "misc",
        {"title": "No author, no date"},
    ),
]


def test_csl_json_parses_back_into_the_items() -> None:
    text = to_csl_json(ENTRIES)
    assert text.endswith("]\n")
    assert json.loads(text) == [to_csl_item(e) for e in ENTRIES]
    assert "García-Godos" in text  # UTF-8, not \\u escapes
    assert '"DOI": "10.1000/abc_def"' in text  # sorted keys, indent 2
    assert "/home/me" not in text


def test_csl_json_uses_the_items_of_the_build_when_given() -> None:
    items = {e.key: {**to_csl_item(e), "note": "from the build"} for e in ENTRIES}
    assert {i["note"] for i in json.loads(to_csl_json(ENTRIES, items))} == {"from the build"}


def test_bibtex_parses_back_into_the_source_fields() -> None:
    text = to_bibtex(ENTRIES)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    parsed = {e.key: (e.entry_type, {f.key: f.value for f in e.fields}) for e in library.entries}
    expected = {
        e.key: (e.entry_type, {k: v for k, v in e.source_fields.items() if k != "file"})
        for e in ENTRIES
    }
    assert parsed == expected


def test_bibtex_is_canonical_and_never_exports_local_files() -> None:
    text = to_bibtex(ENTRIES)
    assert "file" not in re.findall(r"^\s+(\w+)\s*=", text, re.M)
    assert "/home/me" not in text
    first = text.split("\n\n")[0].splitlines()
    names = [line.split("=")[0].strip() for line in first[1:-1]]
    # The canonical order: people, title, publication, date, identifiers, then the rest A-Z.
    assert names == ["author", "title", "publisher", "location", "date", "isbn", "keywords"]
    assert first[0] == "@book{farthing2021coup,"
    assert first[1] == "  author    = {Farthing, Linda and Becker, Thomas},"
    # Same input, same bytes; and the order of fields in the source does not matter.
    shuffled = [
        BibEntry(e.key, e.entry_type, e.fields, dict(reversed(e.source_fields.items())), "", 1)
        for e in ENTRIES
    ]
    assert to_bibtex(shuffled) == text


def _ris_records(text: str) -> list[list[tuple[str, str]]]:
    records, current = [], []
    for line in text.splitlines():
        if not line:
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match, line
        current.append((match.group(1), match.group(2)))
        if match.group(1) == "ER":
            records.append(current)
            current = []
    assert current == []
    return records


def test_ris_has_one_record_per_entry_with_type_and_authors() -> None:
    records = _ris_records(to_ris(ENTRIES))
    assert len(records) == len(ENTRIES)
    assert [r[0] for r in records] == [
        ("TY", "BOOK"),
        ("TY", "RPRT"),
        ("TY", "CHAP"),
        ("TY", "GEN"),
    ]
    assert all(r[-1] == ("ER", "") for r in records)
    authors = [[v for t, v in r if t == "AU"] for r in records]
    assert authors == [
        ["Farthing, Linda", "Becker, Thomas"],
        ["Human Rights Watch"],
        ["García-Godos, Jemima"],
        [],
    ]


def test_ris_fields() -> None:
    book, report, chapter, anon = (dict(r) | {"all": r} for r in _ris_records(to_ris(ENTRIES)))
    assert book["TI"] == "Coup: A story of violence and resistance in Bolivia"
    assert (book["PY"], book["DA"]) == ("2021", "2021/08/17/")
    assert (book["PB"], book["CY"], book["SN"]) == (
        "Haymarket Books",
        "Chicago",
        "978-1-64259-480-1",
    )
    assert [v for t, v in book["all"] if t == "KW"] == ["bolivia", "coup"]
    assert book["ID"] == "farthing2021coup"
    assert (report["DA"], report["Y2"]) == ("2020/12//", "2021/01/05/")
    assert report["UR"] == "https://www.hrw.org/report/2020/12?a=1&b=50%25"
    assert (report["DO"], report["LA"]) == ("10.1000/abc_def", "en")
    assert [v for t, v in chapter["all"] if t == "A2"] == ["Mouly, Cécile", "Serrano, Mónica"]
    assert (chapter["T2"], chapter["SP"], chapter["EP"]) == ("Resisting atrocities", "101", "120")
    assert chapter["DA"] == "2019/11//"
    assert chapter["AB"] == "Two lines of text."  # one line per tag
    assert "PY" not in anon
