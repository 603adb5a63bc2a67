"""Note styles: each cite rendered at its position in the document (first note, short note,
ibid, "(n 1)"), and cached by it."""

from __future__ import annotations

import io
import json
import re
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
from memoria.csl.render_cache import RenderCache

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


def note(number: int, *cites: CiteItem) -> Cluster:
    return Cluster(cites, note_number=number)


def texts(processor: CslProcessor, clusters: list[Cluster]) -> list[str]:
    """The citations' text, without their links."""
    rendered = processor.render_document(clusters, href).citations
    return [re.sub(r"</?a\b[^>]*>", "", html) for html in rendered]


COUP, MOULY = CiteItem("farthing2021coup", "4"), CiteItem("mouly2018")


def test_note_style_and_cluster_defaults():
    assert CslProcessor(ITEMS, style="oscola").note_style
    assert CslProcessor(ITEMS, style="chicago-notes-bibliography").note_style
    assert not CslProcessor(ITEMS, style="apa").note_style
    assert Cluster((COUP,)).note_number == 0  # the main text, as before


def test_a_cached_first_note_is_not_reused_for_an_ibid(tmp_path):
    """Every cache key names the cite's position: render a document, then, from the same
    persistent cache, one where the same cite (key, locator) is an ibid, or a later note."""
    cache = RenderCache(tmp_path)
    first = texts(CslProcessor(ITEMS, style="oscola", cache=cache), [note(1, COUP)])
    cache.save()
    assert first[0].startswith("Linda Farthing and Thomas Becker, <i>Coup")

    cache = RenderCache(tmp_path)  # read back from disk
    processor = CslProcessor(ITEMS, style="oscola", cache=cache)
    again = texts(processor, [note(1, COUP), note(2, COUP), note(3, MOULY), note(4, COUP)])
    assert again[0] == first[0]  # the first note, from the cache
    assert cache.hits
    assert again[1] == "Ibid." and again[1] != first[0]
    assert again[3].startswith("Farthing and Becker") and "(n 1)" in again[3]
    cache.save()

    # The same cite, subsequent again, but first cited in note 2: "(n 2)", not the cached "(n 1)".
    later = texts(
        CslProcessor(ITEMS, style="oscola", cache=RenderCache(tmp_path)),
        [note(1, MOULY), note(2, COUP), note(3, MOULY), note(4, COUP)],
    )
    assert later[2].startswith("Mouly and Hernández Delgado") and "(n 1)" in later[2]
    assert "(n 2)" in later[3] and "(n 1)" not in later[3]

    # And an ibid cached first does not stand in for a first note.
    cache = RenderCache(tmp_path / "other")
    assert texts(CslProcessor(ITEMS, style="oscola", cache=cache), [note(1, COUP), note(2, COUP)])
    cache.save()
    fresh = texts(
        CslProcessor(ITEMS, style="oscola", cache=RenderCache(tmp_path / "other")),
        [note(1, MOULY), note(2, COUP)],
    )
    assert fresh[1] == first[0]


def count_renders(monkeypatch) -> list[tuple]:
    calls: list[tuple] = []
    original = CslProcessor._render_cite
    monkeypatch.setattr(
        CslProcessor,
        "_render_cite",
        lambda self, *a, **k: calls.append(a) or original(self, *a, **k),
    )
    return calls


def test_cites_a_style_renders_alike_share_one_rendering(monkeypatch):
    """Only what the style reads of a position is in the key: apa tests no position, chicago's
    notes never print first-reference-note-number."""
    apa = CslProcessor(ITEMS, style="apa")
    texts(apa, [note(0, COUP)])
    calls = count_renders(monkeypatch)
    assert len(set(texts(apa, [note(0, COUP), note(0, COUP), note(0, COUP)]))) == 1
    assert calls == []  # ibid or not, apa's citation is the one already rendered

    chicago = CslProcessor(ITEMS, style="chicago-notes-bibliography")
    short = CiteItem("farthing2021coup", "7")
    doc = [note(1, COUP), note(2, MOULY), note(3, short), note(4, MOULY), note(5, short)]
    rendered = texts(chicago, doc)
    assert (
        rendered[2]
        == rendered[4]
        == "Farthing and Becker, <i>Coup: A Story of Violence and Resistance in Bolivia</i>, 7."
    )
    assert len([c for c in calls if c[1:2] == ("7",)]) == 1  # note 5 reused note 3's rendering


VARIABLE_CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id>backref</id><title>Backref</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation near-note-distance="1">
    <layout suffix=".">
      <choose>
        <if variable="first-reference-note-number">
          <group delimiter=" ">
            <text variable="title"/>
            <choose><if position="near-note"><text value="near"/></if></choose>
            <text value="n"/>
            <number variable="first-reference-note-number" form="ordinal"/>
            <choose><if is-numeric="first-reference-note-number"><text value="#"/></if></choose>
            <text variable="first-reference-note-number" prefix="(" suffix=")"/>
          </group>
        </if>
        <else><text variable="title" font-style="italic"/></else>
      </choose>
    </layout>
  </citation>
</style>
"""


def test_first_reference_note_number_is_a_variable_of_the_cite(tmp_path):
    """<if variable>, <number>, is-numeric and <text variable> all read it; near-note follows
    the style's near-note-distance."""
    style = tmp_path / "backref.csl"
    style.write_text(VARIABLE_CSL, encoding="utf-8")
    processor = CslProcessor({"coup": {"id": "coup", "type": "book", "title": "Coup"}}, str(style))
    coup = CiteItem("coup")
    assert texts(processor, [note(3, coup), note(4, coup), note(6, coup), note(6, coup)]) == [
        "<i>Coup</i>.",
        "Coup near n 3rd # (3).",
        "Coup n 3rd # (3).",  # two notes after note 4: not near
        "Coup near n 3rd # (3).",  # the same note
    ]


def test_a_short_note_ending_in_a_quote_keeps_one_period():
    """chicago's short note of an article ends with its quoted title: the layout's period goes
    inside the quote once (pandoc: “Peace Communities in Colombia.”), not “….”."""
    chicago = CslProcessor(ITEMS, style="chicago-notes-bibliography")
    rendered = texts(chicago, [note(1, MOULY), note(2, COUP), note(3, MOULY)])
    assert rendered[2] == "Mouly and Hernández Delgado, “Peace Communities in Colombia.”"


#: A document of footnotes, one citation each, as pandoc makes them of these Markdown citations.
NOTES = [
    ("[@farthing2021coup, p. 4]", note(1, CiteItem("farthing2021coup", "4"))),
    ("[@mouly2018]", note(2, MOULY)),
    ("[@mouly2018, p. 7]", note(3, CiteItem("mouly2018", "7"))),
    ("[@mouly2018, p. 7]", note(4, CiteItem("mouly2018", "7"))),
    ("[@farthing2021coup, p. 10]", note(5, CiteItem("farthing2021coup", "10"))),
    (
        "[@farthing2021coup; @farthing2021coup, p. 12]",
        note(6, CiteItem("farthing2021coup"), CiteItem("farthing2021coup", "12")),
    ),
    ("[see @mouly2018]", note(7, CiteItem("mouly2018", prefix="see"))),
]
COUP_TITLE = "<i>Coup: A Story of Violence and Resistance in Bolivia</i>"
ARTICLE = "Journal of Peace Research"

#: pandoc 3.9's footnotes for NOTES (``pandoc --citeproc --csl <style> -t html``, with
#: ``lang: en-GB`` for OSCOLA), links and spans dropped as in tests/conformance.
PANDOC = {
    "oscola": [
        f"Linda Farthing and Thomas Becker, {COUP_TITLE} (Haymarket Books 2021) 4.",  # first
        "Cécile Mouly and Esperanza Hernández Delgado, ‘Peace Communities in Colombia’ (2018) 55 "
        f"{ARTICLE} 231 &lt;https://doi.org/10.1177/0022343317733287&gt;.",
        "Ibid 7.",  # ibid-with-locator
        "Ibid.",  # ibid: the same locator
        "Farthing and Becker (n 1) 10.",  # subsequent, with the note of the first reference
        "Farthing and Becker (n 1); ibid 12.",  # ibid within the note
        "See Mouly and Hernández Delgado (n 2).",  # the prefix opens the note
    ],
    "chicago-notes-bibliography": [
        f"Linda Farthing and Thomas Becker, {COUP_TITLE} (Haymarket Books, 2021), 4.",
        "Cécile Mouly and Esperanza Hernández Delgado, “Peace Communities in Colombia,” "
        f"<i>{ARTICLE}</i> 55, no. 2 (2018): 231–45, https://doi.org/10.1177/0022343317733287.",
        "Mouly and Hernández Delgado, “Peace Communities in Colombia,” 7.",  # short note
        "Mouly and Hernández Delgado, “Peace Communities in Colombia,” 7.",  # Chicago 18: no ibid
        f"Farthing and Becker, {COUP_TITLE}, 10.",
        f"Farthing and Becker, {COUP_TITLE}; Farthing and Becker, {COUP_TITLE}, 12.",
        "See Mouly and Hernández Delgado, “Peace Communities in Colombia.”",
    ],
}

#: (style, note) -> (what we print instead, why): differences that are not about positions.
ACCEPTED = {}


def normalise(html: str) -> str:
    html = re.sub(r"</?(a|span)\b[^>]*>", "", html)
    return html.replace("<em>", "<i>").replace("</em>", "</i>")


@pytest.mark.parametrize(
    ("style", "locale"), [("oscola", "en-GB"), ("chicago-notes-bibliography", "en-US")]
)
def test_notes_match_pandoc(style, locale):
    """First note in full, later notes short, ibid, and OSCOLA's "(n 1)", as pandoc prints
    them; the note a citation opens begins with a capital."""
    processor = CslProcessor(ITEMS, style=style, locale=locale)
    rendered = processor.render_document([cluster for _, cluster in NOTES], href).citations
    for number, (ours, theirs) in enumerate(zip(rendered, PANDOC[style], strict=True), 1):
        # An accepted difference that no longer occurs fails too, so ACCEPTED stays true.
        expected, why = ACCEPTED.get((style, number), (theirs, "pandoc's footnote"))
        assert normalise(ours) == expected, f"note {number}, {NOTES[number - 1][0]}: {why}"


def test_only_the_citation_opening_a_note_is_capitalised():
    """CSL 1.0.2, Citation: uppercase the first character "when there is no preceding text in
    the footnote"; otherwise, as in the main text, print the citation as it is."""
    oscola = CslProcessor(ITEMS, style="oscola")
    assert texts(oscola, [note(1, COUP), note(2, COUP), note(2, COUP)])[1:] == ["Ibid.", "ibid."]
    assert texts(oscola, [note(0, COUP), note(0, COUP)])[1] == "ibid."  # in the main text
