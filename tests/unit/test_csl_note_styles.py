"""Note styles: each cite rendered at its position in the document (first note, short note,
ibid, "(n 1)"), and cached by it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from memoria.csl.citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    Locator,
    formatter,
)
from memoria.csl.citeproc.source.json import CiteProcJSON
from memoria.csl.positions import FIRST, CitePosition
from memoria.csl.render import CiteItem, Cluster, CslProcessor

LIBRARY = Path(__file__).resolve().parents[1] / "fixtures" / "csl" / "library.json"
ITEMS = {item["id"]: item for item in json.loads(LIBRARY.read_text(encoding="utf-8"))}


def href(key: str) -> str:
    return f"/b/{key}/"


POSITIONS_CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id>positions</id><title>Positions</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation>
    <layout>
      <choose>
        <if position="ibid-with-locator"><text value="ibid-with-locator"/></if>
        <else-if position="ibid"><text value="ibid"/></else-if>
        <else-if position="near-note"><text value="near"/></else-if>
        <else-if position="subsequent"><text value="subsequent"/></else-if>
        <else><text variable="title"/></else>
      </choose>
    </layout>
  </citation>
</style>
"""


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (None, "Coup"),  # no position given: citeproc-py's own reckoning (a first cite here)
        (FIRST, "Coup"),
        (CitePosition("subsequent", False, 1), "subsequent"),
        (CitePosition("subsequent", True, 1), "near"),
        (CitePosition("ibid", True, 1), "ibid"),
        (CitePosition("ibid-with-locator", True, 1), "ibid-with-locator"),
    ],
)
def test_the_fork_tests_the_position_it_is_given(position, expected):
    style = CitationStylesStyle(io.BytesIO(POSITIONS_CSL.encode()), validate=False)
    source = CiteProcJSON([{"id": "coup", "type": "book", "title": "Coup"}])
    bib = CitationStylesBibliography(style, source, formatter.plain)
    extra = {"position_info": position} if position is not None else {}
    citation = Citation([CitationItem("coup", **extra)])
    bib.register(citation)
    assert str(bib.cite(citation, lambda _item: None)) == expected


LABEL_CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id>labels</id><title>Labels</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation>
    <layout delimiter="; ">
      <group delimiter=" ">
        <text variable="title"/>
        <label variable="edition"/>
        <label variable="locator" form="short"/>
      </group>
    </layout>
  </citation>
</style>
"""


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({}, "Coup"),  # chicago's short notes printed "Coup edition"
        ({"edition": "2"}, "Coup edition"),
        ({"locator": "4"}, "Coup p."),
    ],
)
def test_a_label_needs_its_variable(item, expected):
    """CSL 1.0.2, Label: "the term is only rendered if the selected variable is non-empty"."""
    style = CitationStylesStyle(io.BytesIO(LABEL_CSL.encode()), validate=False)
    data = {"id": "coup", "type": "book", "title": "Coup"}
    if "edition" in item:
        data["edition"] = item["edition"]
    bib = CitationStylesBibliography(style, CiteProcJSON([data]), formatter.plain)
    extra = {"locator": Locator("page", item["locator"])} if "locator" in item else {}
    citation = Citation([CitationItem("coup", **extra)])
    bib.register(citation)
    assert str(bib.cite(citation, lambda _item: None)) == expected


CITATIONS_ONLY_CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>citations-only</id><title>Only</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="[" suffix="]">{body}</layout></citation>
</style>
"""


@pytest.mark.parametrize("body", ['<text variable="title"/>', '<text variable="citation-number"/>'])
def test_a_style_without_bibliography_lists_no_references(body, tmp_path):
    """Most CSL test-suite styles define citations only; render_document raised
    AttributeError on them."""
    style = tmp_path / "only.csl"
    style.write_text(CITATIONS_ONLY_CSL.format(body=body), encoding="utf-8")
    processor = CslProcessor(ITEMS, style=str(style))
    rendered = processor.render_document([Cluster((CiteItem("farthing2021coup"),))], href)
    assert rendered.references == ()
    assert len(rendered.citations) == 1


NUMBER_CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id>numbers</id><title>Numbers</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation>
    <layout>
      <group delimiter=" ">
        <text variable="title"/>
        <number variable="number-of-pages"/>
        <number variable="collection-number" form="ordinal"/>
      </group>
    </layout>
  </citation>
</style>
"""


def test_a_number_reads_a_hyphenated_variable():
    style = CitationStylesStyle(io.BytesIO(NUMBER_CSL.encode()), validate=False)
    data = {"id": "coup", "type": "book", "title": "Coup"}
    data |= {"number-of-pages": "320", "collection-number": "2"}
    bib = CitationStylesBibliography(style, CiteProcJSON([data]), formatter.plain)
    citation = Citation([CitationItem("coup")])
    bib.register(citation)
    assert str(bib.cite(citation, lambda _item: None)) == "Coup 320 2nd"
