"""Note styles (OSCOLA, Chicago notes): citations become footnotes, as pandoc makes them.

A tiny site cites with every form, next to one of the author's own footnotes; the footnotes of
the built page are compared with pandoc ``--citeproc`` on the same Markdown and ``.bib`` file.
"""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata

import pytest

from memoria.csl.style import resolve_style

BIB = """
@book{smith2020,
  author = {Smith, John},
  title = {The Book},
  publisher = {Pub},
  location = {London},
  year = {2020},
}
@report{giei2021,
  author = {{Grupo Interdisciplinario de Expertos Independientes}},
  title = {Informe sobre Bolivia},
  year = {2021},
  institution = {GIEI},
}
"""

BODY = """First claim [@smith2020, p. 4]. Second claim [@giei2021].
Again [@smith2020, p. 5]; and @smith2020 says so. Own note.[^n]
Later [see @giei2021; @smith2020].

[^n]: My note, citing [@smith2020, p. 9].
"""


def build_post(site, style: str) -> str:
    site.write(
        {
            "bibliography/refs.bib": BIB,
            "content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{BODY}",
        }
    )
    result = site.build(CSL_STYLE=style)
    assert not result.diagnostics, result.diagnostics
    return (site.root / "output" / "posts" / "a" / "index.html").read_text(encoding="utf-8")


def plain(fragment: str) -> str:
    text = re.sub(r"<[^>]+>", "", fragment)
    text = html.unescape(text).replace("\u21a9\ufe0e", "").replace("\u21a9", "")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def our_notes(page: str) -> list[str]:
    notes = re.search(r'<div class="footnote">(.*?)</div>', page, re.S)
    assert notes, "the page has no footnotes"
    return [plain(li) for li in re.findall(r"<li [^>]*>(.*?)</li>", notes.group(1), re.S)]


def our_text(page: str) -> str:
    body = re.search(r"<p>First claim.*?</p>", page, re.S)
    assert body
    return plain(body.group(0))


def pandoc(site, style: str) -> tuple[str, list[str]]:
    pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary is a dev dependency")
    source = site.root / "pandoc.md"
    source.write_text(BODY, encoding="utf-8")
    out = subprocess.run(
        [
            pypandoc.get_pandoc_path(),
            str(source),
            "--citeproc",
            "--bibliography",
            str(site.root / "bibliography" / "refs.bib"),
            "--csl",
            str(resolve_style(style)),
            "-t",
            "html",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = re.search(r"<p>First claim.*?</p>", out, re.S)
    notes = re.search(r'<section id="footnotes".*?</section>', out, re.S)
    assert text and notes
    return plain(text.group(0)), [
        plain(li) for li in re.findall(r"<li [^>]*>(.*?)</li>", notes.group(0), re.S)
    ]


def test_citations_become_numbered_footnotes_with_the_authors_own(site):
    page = build_post(site, "oscola")
    markers = re.findall(r'<a class="footnote-ref" href="#fn:([^"]+)">(\d+)</a>', page)
    assert [number for _, number in markers] == ["1", "2", "3", "4", "5", "6"]
    assert markers[4][0] == "n"  # the author's own note keeps its place among the citations
    # The marker follows the punctuation, and the space before the citation goes.
    assert "First claim.<span" in page and "Again;<span" in page
    notes = our_notes(page)
    assert len(notes) == 6
    assert notes[0].startswith("John Smith, The Book")
    assert notes[4].startswith("My note, citing (")  # a citation inside a note stays in it
    # The reference list follows, for a note style with a bibliography.
    assert 'id="ref-smith2020"' in page and 'id="ref-giei2021"' in page


def test_in_text_styles_are_unchanged(site):
    page = build_post(site, "chicago-author-date")
    assert "(Smith 2020, 4)" in plain(page)
    assert "memoria-cite" not in page


@pytest.mark.pandoc
@pytest.mark.parametrize("style", ["oscola", "chicago-notes-bibliography"])
def test_footnotes_read_as_pandocs(site, style):
    page = build_post(site, style)
    text, notes = pandoc(site, style)
    assert our_text(page) == text
    assert our_notes(page) == notes
