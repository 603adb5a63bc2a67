"""The bibliography's layout: second-field-align, display, and entries numbered as one list
when only the bibliography reads citation-number."""

from __future__ import annotations

from pathlib import Path

import pytest

from memoria.csl.render import CiteItem, Cluster, CslProcessor

ITEMS = {
    "zed": {"id": "zed", "type": "book", "title": "Zed", "issued": {"date-parts": [[2001]]}},
    "abe": {"id": "abe", "type": "book", "title": "Abe", "issued": {"date-parts": [[2002]]}},
}


def style(tmp_path: Path, bibliography: str, sort: str = "", align: bool = True) -> str:
    path = tmp_path / "style.csl"
    options = ' second-field-align="flush"' if align else ""
    path.write_text(
        f"""<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="(" suffix=")"><text variable="title"/></layout></citation>
  <bibliography{options}>{sort}<layout suffix=".">{bibliography}</layout>
  </bibliography>
</style>""",
        encoding="utf-8",
    )
    return str(path)


NUMBERED = (
    '<text variable="citation-number" prefix="[" suffix="]"/><text variable="title" prefix=" "/>'
)


def test_second_field_align_puts_the_first_field_in_the_margin(tmp_path: Path) -> None:
    proc = CslProcessor(
        ITEMS, style=style(tmp_path, NUMBERED, '<sort><key variable="title"/></sort>')
    )
    assert proc.library() == (
        ("abe", '<div class="csl-left-margin">[1]</div><div class="csl-right-inline"> Abe.</div>'),
        ("zed", '<div class="csl-left-margin">[2]</div><div class="csl-right-inline"> Zed.</div>'),
    )


def test_a_document_numbers_its_references_in_citation_order(tmp_path: Path) -> None:
    proc = CslProcessor(ITEMS, style=style(tmp_path, NUMBERED))
    clusters = [Cluster(items=(CiteItem("zed"),)), Cluster(items=(CiteItem("abe"),))]
    rendered = proc.render_document(clusters, href=lambda _key: "#")
    assert [key for key, _ in rendered.references] == ["zed", "abe"]
    assert "[1]" in rendered.references[0][1] and "[2]" in rendered.references[1][1]
    assert ">Zed</a>)" in rendered.citations[0]  # the citations are not numbers


@pytest.mark.parametrize("kind", ["block", "indent", "left-margin", "right-inline"])
def test_display_wraps_the_element_in_its_div(tmp_path: Path, kind: str) -> None:
    date = f'<date variable="issued" display="{kind}"><date-part name="year"/></date>'
    layout = f'<text variable="title"/>{date}'
    proc = CslProcessor({"abe": ITEMS["abe"]}, style=style(tmp_path, layout, align=False))
    assert proc.reference("abe") == f'Abe<div class="csl-{kind}">2002</div>.'
