"""Our citeproc-py layer against pandoc's citeproc, the reference for what a CSL style prescribes.

The same CSL-JSON library and the same citations go to pandoc and to :class:`CslProcessor`; each
citation and each reference must come out the same after normalising markup that differs only in
form (pandoc's ``<em>`` and bare ``<span>`` wrappers, Unicode normalisation, white space). Known
differences are listed in ``ACCEPTED`` with the reason; an unlisted difference fails, and a listed
one that no longer occurs fails too, so the list stays true.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from memoria.csl.render import CiteItem, Cluster, CslProcessor
from memoria.csl.style import resolve_style

pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary is a dev dependency")
pytestmark = pytest.mark.pandoc

LIBRARY = Path(__file__).resolve().parents[1] / "fixtures" / "csl" / "library.json"

#: (markdown citation, our cluster) pairs: every citation form of the issue.
CITATIONS = [
    ("[@farthing2021coup]", Cluster((CiteItem("farthing2021coup"),))),
    ("[@farthing2021coup, p. 45]", Cluster((CiteItem("farthing2021coup", "45"),))),
    ("[@garciagodos2019, pp. 101-103]", Cluster((CiteItem("garciagodos2019", "101-103"),))),
    (
        "[see @mouly2018, chap. 2]",
        Cluster((CiteItem("mouly2018", "2", "chapter", prefix="see"),)),
    ),
    (
        "[@amnesty2023deadly; @cvr2003informe]",
        Cluster((CiteItem("amnesty2023deadly"), CiteItem("cvr2003informe"))),
    ),
    (
        "[@amnesty2023deadly; @amnesty2023another]",
        Cluster((CiteItem("amnesty2023deadly"), CiteItem("amnesty2023another"))),
    ),
    ("[-@bernasconi2017]", Cluster((CiteItem("bernasconi2017", suppress_author=True),))),
    ("@farthing2021coup", Cluster((CiteItem("farthing2021coup"),), narrative=True)),
    ("@serrano2020 [p. 7]", Cluster((CiteItem("serrano2020", "7"),), narrative=True)),
    ("[@hrf2024press]", Cluster((CiteItem("hrf2024press"),))),
    ("[@joint2023statement]", Cluster((CiteItem("joint2023statement"),))),
    ("[@becker2022draft]", Cluster((CiteItem("becker2022draft"),))),
    ("[@undated]", Cluster((CiteItem("undated"),))),
]

#: (style, locale, "cite" or "ref", key or citation) -> why we differ from pandoc.
ACCEPTED: dict[tuple[str, str, str, str], str] = {
    ("chicago-author-date", "es-ES", "cite", "[see @mouly2018, chap. 2]"): (
        "pandoc reads locator labels in the document's language, so on a Spanish page it does "
        "not recognise 'chap.' and keeps it as text; we accept English labels everywhere and "
        "print the output locale's term ('cap.'), which is what a Spanish reader expects"
    ),
    ("chicago-author-date", "es-ES", "ref", "serrano2020"): (
        "es-ES has no short form of the 'paper-conference' term: citeproc-py falls back to the "
        "English short form 'Conf.', pandoc to the long form"
    ),
}


def normalise(html: str) -> str:
    html = re.sub(r"</?a\b[^>]*>", "", html)
    html = re.sub(r"</?span\b[^>]*>", "", html)
    html = html.replace("<em>", "<i>").replace("</em>", "</i>")
    html = html.replace("<strong>", "<b>").replace("</strong>", "</b>")
    html = html.replace("&#39;", "'").replace("&quot;", '"')
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", html)).strip()


def pandoc_output(style: str, locale: str, tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    doc = tmp_path / "doc.md"
    header = f'---\nnocite: "@*"\nlang: {locale}\n---\n'
    doc.write_text(header + "\n\n".join(md for md, _ in CITATIONS) + "\n", encoding="utf-8")
    run = subprocess.run(
        [
            pypandoc.get_pandoc_path(),
            str(doc),
            "--citeproc",
            "--bibliography",
            str(LIBRARY),
            "--csl",
            str(resolve_style(style)),
            "--wrap=none",
            "-t",
            "html",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    paragraphs = re.findall(r"<p>(.*?)</p>", run.stdout, re.S)
    references = dict(
        re.findall(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', run.stdout, re.S)
    )
    return paragraphs, references


def compare(style: str, locale: str, tmp_path: Path) -> dict[tuple[str, str, str, str], tuple]:
    items = {item["id"]: item for item in json.loads(LIBRARY.read_text(encoding="utf-8"))}
    processor = CslProcessor(items, style=style, locale=locale)
    expected_cites, expected_refs = pandoc_output(style, locale, tmp_path)
    rendered = processor.render_document([c for _, c in CITATIONS], lambda key: f"/b/{key}/")
    differences = {}
    for (markdown, _), ours, theirs in zip(
        CITATIONS, rendered.citations, expected_cites, strict=True
    ):
        if normalise(ours) != normalise(theirs):
            differences[(style, locale, "cite", markdown)] = (normalise(ours), normalise(theirs))
    ours_refs = dict(processor.library())
    assert [k for k, _ in processor.library()] == list(expected_refs), "bibliography order"
    for key, theirs in expected_refs.items():
        if normalise(ours_refs[key]) != normalise(theirs):
            differences[(style, locale, "ref", key)] = (
                normalise(ours_refs[key]),
                normalise(theirs),
            )
    return differences


@pytest.mark.parametrize(
    ("style", "locale"),
    [("chicago-author-date", "en-US"), ("apa", "en-US"), ("chicago-author-date", "es-ES")],
)
def test_citations_and_references_match_pandoc(style, locale, tmp_path):
    differences = compare(style, locale, tmp_path)
    unexpected = {k: v for k, v in differences.items() if k not in ACCEPTED}
    assert not unexpected, "\n".join(
        f"{k}:\n  ours:   {ours}\n  pandoc: {theirs}" for k, (ours, theirs) in unexpected.items()
    )
    stale = [k for k in ACCEPTED if k[:2] == (style, locale) and k not in differences]
    assert not stale, f"accepted differences that no longer occur: {stale}"
