"""Bad bibliography input and bad citations: every problem as path:line with a hint, build fails."""

from __future__ import annotations

GOOD_BIB = """
@book{becker2021coup,
  author = {Becker, Thomas},
  title = {Coup},
  date = {2021},
}
"""


def post(body: str) -> str:
    return f"---\ntitle: P\ndate: 2024-01-01\n---\n{body}\n"


def test_unknown_key_is_reported_with_line_and_did_you_mean(build_site):
    site, result = build_site(
        {
            "bibliography/a.bib": GOOD_BIB,
            "content/posts/p.md": post("Fine [@becker2021coup].\n\nTypo [@beker2021coup, p. 4]."),
        }
    )
    assert not result.ok
    assert (
        "content/posts/p.md:7: error: unknown citation key 'beker2021coup' "
        "(hint: did you mean 'becker2021coup'?)" in result.messages()
    )
    assert not site.exists("posts/p/index.html")  # no output/ at all: the first build failed


def test_every_problem_of_a_build_is_reported_not_only_the_first(build_site):
    bad_bib = "@book{broken,\n  title = {Unclosed,\n\n@book{becker2021coup, title = {Again}}\n"
    _site, result = build_site(
        {
            "bibliography/a.bib": GOOD_BIB,
            "bibliography/b.bib": bad_bib,
            "content/posts/p.md": post("[@nosuchkey] and [@other]"),
        }
    )
    assert not result.ok
    text = "\n".join(result.messages())
    assert "content/posts/p.md:5: error: unknown citation key 'nosuchkey'" in text
    assert "content/posts/p.md:5: error: unknown citation key 'other'" in text
    assert "bibliography/b.bib:" in text


def test_a_broken_entry_is_one_error_not_one_per_citation_of_it(build_site):
    # The unclosed brace swallows first2020; citing it is the same mistake, not a second one.
    bib = (
        "@book{first2020,\n  author = {First, Ann},\n  title = {One {Brace},\n"
        "  date = {2020},\n}\n\n" + GOOD_BIB
    )
    _site, result = build_site(
        {
            "bibliography/a.bib": bib,
            "content/posts/p.md": post("[@first2020] and [@becker2021coup]\n\n[@nosuchkey]"),
        }
    )
    assert not result.ok
    messages = result.messages()
    assert [m.split(": error: ")[0] for m in messages] == [
        "bibliography/a.bib:1",
        "content/posts/p.md:7",
    ]
    assert "could not parse this entry" in messages[0]
    assert "unknown citation key 'nosuchkey'" in messages[1]


def test_duplicate_key_across_files_is_an_error(build_site):
    _site, result = build_site({"bibliography/a.bib": GOOD_BIB, "bibliography/b.bib": GOOD_BIB})
    assert not result.ok
    duplicates = [m for m in result.messages() if "bibliography/b.bib:" in m]
    assert duplicates and "becker2021coup" in duplicates[0]
    assert "bibliography/a.bib:1" in duplicates[0]


def test_crossref_to_nothing_is_an_error(build_site):
    bib = "@incollection{chap, title = {C}, crossref = {becker2021cop}, date = {2021}}\n" + GOOD_BIB
    _site, result = build_site({"bibliography/a.bib": bib})
    assert not result.ok
    messages = [m for m in result.messages() if m.startswith("bibliography/a.bib:1:")]
    assert messages and "becker2021cop" in messages[0] and "becker2021coup" in messages[0]


def test_unknown_style_is_reported_with_a_hint(build_site):
    _site, result = build_site({"bibliography/a.bib": GOOD_BIB}, CSL_STYLE="chicago-autor-date")
    assert not result.ok
    assert any(
        m.startswith("pelicanconf.py:0: error:") and "chicago-author-date" in m
        for m in result.messages()
    ), result.messages()
