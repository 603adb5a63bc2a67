"""The malformed-file corpus: one small .bib file per mistake, each with its exact findings.

Every file in ``malformed/`` is checked alone (no content folder, so no citation findings); the
whole list of findings must be exactly the expected one, so a new false positive fails too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from memoria.bib_tools.check import check_texts

HERE = Path(__file__).parent
CORPUS = HERE / "malformed"

#: file -> every finding, as "line: severity: message" (the path is the file's own).
EXPECTED = {
    "archiveurl_scheme.bib": [
        "9: warning: archiveurl 'file:///home/me/deadly-racism.html' is not an absolute http or "
        "https link; it is left out",
    ],
    "bad_date.bib": ["2: error: entry 'becker2021coup': date '2021-13-01' is not a date"],
    "bad_urldate.bib": ["2: error: entry 'hrw2020page': urldate '2020-02-30' is not a date"],
    "bad_year.bib": ["2: error: entry 'becker2021coup': year 'n.d.' is not a year"],
    "brace_in_quotes.bib": [
        "4: error: unbalanced braces in entry 'becker2021coup': '{' is never closed",
    ],
    "crossref_missing.bib": [
        "2: error: entry 'mouly2022' has crossref 'resistance2022', but no entry has that key",
    ],
    "duplicate_field.bib": [
        "2: error: entry 'becker2021coup' sets a field twice; the entry is ignored",
    ],
    "duplicate_key.bib": ["8: error: duplicate key 'becker2021coup'; this entry is ignored"],
    "file_field.bib": [
        "6: error: entry 'becker2021coup' has a 'file' field (a local path that must not be "
        "published)",
    ],
    "key_case.bib": [
        "8: error: key 'Becker2021Coup' differs from 'becker2021coup' "
        "(malformed/key_case.bib:2) only in case",
    ],
    "missing_required.bib": [
        "2: warning: @article 'becker2021coup' has no 'journaltitle' or 'journal'",
    ],
    "organisation_author.bib": [
        "3: warning: author 'Human Rights Watch' looks like an organisation but is not in double "
        "braces; it renders as 'Watch, Human Rights'",
    ],
    "parse_failure.bib": [
        "2: error: could not parse this entry: Expected comma after entry key, but found =",
    ],
    "report_no_archive.bib": [
        "2: warning: report 'amnesty2023deadly' has a url but no archived copy (archiveurl)",
    ],
    "same_doi.bib": [
        "10: warning: entry 'farthing2021b' has the same DOI '10.1080/10714839.2021.1891639' as "
        "'farthing2021a' (malformed/same_doi.bib:2)",
    ],
    "same_title_year.bib": [
        "9: warning: entry 'cvr2003b' has the same title and year as 'cvr2003a' "
        "(malformed/same_title_year.bib:2)",
    ],
    "stray_brace.bib": [
        "6: error: unbalanced braces in text between entries: '}' closes nothing",
    ],
    "unclosed_brace.bib": [
        "2: error: could not parse this entry: Unexpected block start: `@book`. Was still looking "
        "for field-value closing `,` or `}`",
        "4: error: unbalanced braces in this entry: '{' is never closed (field 'date' starts "
        "inside it)",
    ],
    "undefined_macro.bib": ["7: error: undefined @string macro 'hwr'"],
    "url_scheme.bib": [
        "2: warning: entry 'page': url 'javascript:alert(1)' is not an absolute http, https or "
        "mailto link; it is left out",
    ],
    "web_no_urldate.bib": ["2: warning: entry 'hrw2020page' has a url but no urldate"],
}


def findings(*names: str) -> list[str]:
    texts = [(f"malformed/{n}", (CORPUS / n).read_text(encoding="utf-8")) for n in names]
    return [f"{d.path}:{d.line}: {d.severity}: {d.message}" for d in check_texts(texts).findings]


def test_every_corpus_file_has_an_expectation():
    assert sorted(p.name for p in CORPUS.glob("*.bib")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_mistake_is_reported_at_its_line(name):
    assert findings(name) == [f"malformed/{name}:{line}" for line in EXPECTED[name]]


def test_every_finding_has_a_hint_and_a_code():
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.bib"))]
    report = check_texts(texts)
    assert report.findings
    assert all(d.hint and d.code for d in report.findings)


def test_duplicate_key_across_files_names_the_first():
    assert findings("duplicate_across_files/a.bib", "duplicate_across_files/b.bib") == [
        "malformed/duplicate_across_files/b.bib:2: error: duplicate key 'becker2021coup'; "
        "this entry is ignored",
    ]
    texts = [
        (
            f"malformed/duplicate_across_files/{n}",
            (CORPUS / "duplicate_across_files" / n).read_text(),
        )
        for n in ("a.bib", "b.bib")
    ]
    (finding,) = check_texts(texts).findings
    assert finding.hint == (
        "the first 'becker2021coup' is at malformed/duplicate_across_files/a.bib:1; "
        "rename one of them"
    )


def test_a_clean_file_has_no_findings():
    text = (
        "@book{becker2021coup,\n  author = {Becker, Thomas},\n  title = {Coup},\n  date = {2021}}"
    )
    report = check_texts([("ok.bib", text)])
    assert report.findings == ()
    assert report.summary() == "bib-check: 0 errors, 0 warnings in 1 entry of 1 file"
