"""bib-check rules that read the content: citations, uncited entries, person profiles."""

from __future__ import annotations

from pathlib import Path

from conftest import write_files

from memoria.bib_tools.check import check_texts
from memoria.bib_tools.content_scan import body_citations, scan_content

BIB = """\
@book{becker2021coup,
  author = {Becker, Thomas},
  title = {Coup},
  date = {2021},
}

@collection{resistance2022,
  editor = {Mouly, Cécile},
  title = {Resistance},
  date = {2022},
}

@incollection{mouly2022,
  author = {Garcia-Godos, Jemima},
  title = {Self-defence},
  crossref = {resistance2022},
}

@book{lonely2020,
  author = {García-Godos, J.},
  title = {Never cited},
  date = {2020},
}
"""

CONTENT = {
    "content/posts/p.md": """\
        ---
        title: P
        date: 2024-01-01
        ---
        Cited [@becker2021coup] and once more @becker2021coup.

        A typo [@beker2021coup, p. 4].

        In code: `[@incode]`, and

        ```
        [@infence]
        ```
        """,
    "content/workshops/w.md": """\
        ---
        title: W
        presentations:
          - title: Self-defence in Peru
            cites: [mouly2022, vargas1999]
        ---
        Body.
        """,
    "content/case-studies/peru.md": """\
        ---
        title: Peru
        timeline:
          - date: 2003
            cites: [becker2021coup]
        ---
        """,
    "content/people/jemima-garcia-godos.md": """\
        ---
        name: "Jemima García-Godos"
        aliases: ["García-Godos, J."]
        ---
        Profile.
        """,
}


def check(tmp_path: Path):
    write_files(tmp_path, CONTENT)
    content = scan_content(tmp_path / "content", lambda p: p.relative_to(tmp_path).as_posix())
    return check_texts([("bibliography/a.bib", BIB)], content)


def test_markdown_code_is_not_a_citation():
    assert body_citations("[@a] `[@b]`\n\n```\n[@c]\n```\n\n    [@d]\n\n@e says") == ["a", "e"]


def test_cited_keys_come_from_bodies_and_front_matter_cites(tmp_path):
    write_files(tmp_path, CONTENT)
    content = scan_content(tmp_path / "content", lambda p: p.relative_to(tmp_path).as_posix())
    assert [(c.key, c.path, c.line) for c in content.citations] == [
        ("becker2021coup", "content/case-studies/peru.md", 5),
        ("becker2021coup", "content/posts/p.md", 5),
        ("beker2021coup", "content/posts/p.md", 7),
        ("mouly2022", "content/workshops/w.md", 5),
        ("vargas1999", "content/workshops/w.md", 5),
    ]
    assert content.case_studies == ("peru",)
    assert [p.name for p in content.people] == ["Jemima García-Godos"]


def test_unknown_keys_are_errors_at_the_citing_line(tmp_path):
    lines = [str(d) for d in check(tmp_path).findings if d.code == "citation.unknown_key"]
    assert lines == [
        "content/posts/p.md:7: error: unknown citation key 'beker2021coup' "
        "(hint: did you mean 'becker2021coup'?)",
        "content/workshops/w.md:5: error: unknown citation key 'vargas1999' "
        "(hint: add the entry to the bibliography or fix the key)",
    ]


def test_a_key_whose_entry_failed_to_parse_is_not_reported_again_as_unknown(tmp_path):
    write_files(tmp_path, CONTENT)
    content = scan_content(tmp_path / "content", lambda p: p.relative_to(tmp_path).as_posix())
    broken = "@book{vargas1999,\n  title = {Unclosed,\n}\n\n" + BIB
    findings = check_texts([("bibliography/a.bib", broken)], content).findings
    assert [d.line for d in findings if d.code == "bibtex.parse"] == [1]
    unknown = [d.message for d in findings if d.code == "citation.unknown_key"]
    assert unknown == ["unknown citation key 'beker2021coup'"]


def test_uncited_entries_are_warnings_and_crossref_parents_count_as_used(tmp_path):
    lines = [str(d) for d in check(tmp_path).findings if d.code == "citation.uncited"]
    assert lines == [
        "bibliography/a.bib:19: warning: entry 'lonely2020' is cited nowhere in the content "
        "(hint: cite it, or delete it if it does not belong in the bibliography)",
    ]


def test_an_author_spelled_unlike_the_person_profile_is_reported(tmp_path):
    lines = [str(d) for d in check(tmp_path).findings if d.code == "bibtex.person_spelling"]
    # "García-Godos, J." is an alias: fine. "Garcia-Godos, Jemima" lacks the accent.
    assert lines == [
        "bibliography/a.bib:14: warning: author 'Garcia-Godos, Jemima' matches the person "
        "profile 'Jemima García-Godos' (content/people/jemima-garcia-godos.md) but is spelled "
        "differently (hint: write it as in the profile, or add 'Garcia-Godos, Jemima' to its "
        "aliases)",
    ]


def test_without_a_content_folder_citations_are_not_checked():
    report = check_texts([("a.bib", BIB)], None)
    assert not [d for d in report.findings if d.code.startswith("citation.")]


WITNESS = {
    "content/people/rosa.md": """\
        ---
        name: "Rosa Mamani Quispe"
        pseudonym: Witness A
        aliases: ["Mamani Quispe, R."]
        ---
        Profile.
        """,
    "content/people/rosa.es.md": """\
        ---
        name: "Rosa Mamani Quispe"
        aliases: ["Mamani, Rosa"]
        lang: es
        ---
        Perfil.
        """,
}

WITNESS_BIB = """\
@book{mamani2020,
  author = {Mamani Quispe, Rosa},
  title = {Testimonio},
  date = {2020},
}

@book{mamani2021,
  author = {Mamani, Rosa},
  title = {Cartas},
  date = {2021},
}

@book{about2022,
  author = {Other, Olga},
  title = {Conversations with Rosa Mamani Quispe},
  date = {2022},
}

@book{mamani2019,
  author = {Mamani Quispe, Roberto},
  title = {Another Mamani},
  date = {2019},
}
"""


def test_a_pseudonymous_persons_real_name_is_reported_as_the_build_reports_it(tmp_path):
    write_files(tmp_path, WITNESS)
    content = scan_content(tmp_path / "content", lambda p: p.relative_to(tmp_path).as_posix())
    report = check_texts([("bibliography/w.bib", WITNESS_BIB)], content)
    hint = (
        "(hint: it is listed on no page that shows her, and none of those pages links to it; "
        "if it is not her, remove the alias that matches from her file)"
    )
    # By name, by an alias of her translation, in a title; not a namesake. No report names her,
    # nor is she offered as a spelling of "Mamani Quispe, Roberto".
    assert [str(d) for d in report.findings if d.code == "portal.pseudonym_author"] == [
        f"bibliography/w.bib:{line}: warning: '{key}' names a pseudonymous person "
        f"(content/people/rosa.md:2) {hint}"
        for line, key in ((1, "mamani2020"), (7, "mamani2021"), (13, "about2022"))
    ]
    assert not [d for d in report.findings if "Rosa" in str(d) or "Witness" in str(d)]
