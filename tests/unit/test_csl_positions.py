"""Cite positions are a pure function of the document's clusters (memoria.csl.positions).

Each case names its source: the CSL 1.0.2 specification ("spec"), or the CSL test-suite fixture
whose behaviour (citeproc-js's) it reproduces where the specification is silent.
"""

from __future__ import annotations

import pytest

from memoria.csl.positions import FIRST, CitePosition, cite_positions
from memoria.csl.render import CiteItem, Cluster


def cite(text: str) -> CiteItem:
    """A cite written as ``A`` (of entry A), ``A@4`` (at page 4) or ``A@ch.2`` (chapter 2)."""
    key, _, locator = text.partition("@")
    label = "page"
    if locator.startswith("ch."):
        label, locator = "chapter", locator[3:]
    return CiteItem(key, locator, label)


def document(text: str) -> list[Cluster]:
    """Clusters written as ``1: A@4, B | 2: A``: note 1 cites A (p. 4) and B, then note 2 A."""
    clusters = []
    for part in text.split("|"):
        note, _, cites = part.partition(":")
        items = tuple(cite(c.strip()) for c in cites.split(","))
        clusters.append(Cluster(items, note_number=int(note)))
    return clusters


def positions(text: str, distance: int = 5) -> list[str]:
    return [p.position for cluster in cite_positions(document(text), distance) for p in cluster]


F, S, IB, IL = "first", "subsequent", "ibid", "ibid-with-locator"


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        # spec (a): right after a cite of the same item within the citation
        ("1: A, A", [F, IB]),
        ("1: A@4, A@4", [F, IB]),  # spec: previous with locator, same locator
        ("1: A@4, A@5", [F, IL]),  # spec: previous with locator, another one
        ("1: A@4, A", [F, S]),  # spec: previous with locator, this one without
        ("1: A, A@4", [F, IL]),  # spec: previous without locator, this one with
        ("1: A@4, A@ch.4", [F, IL]),  # the label is part of the locator
        ("1: A, B, A", [F, F, S]),  # not right after
        # spec (b): the previous citation (in a note style, the previous note) is a single cite
        ("1: A | 2: A", [F, IB]),
        ("1: A@4 | 2: A@4 | 3: A@5 | 4: A", [F, IB, IL, S]),
        ("1: B, A | 2: A", [F, F, S]),
        ("1: A, A | 2: A", [F, IB, S]),  # two cites, though of one item (citeproc-js counts cites)
        # position_IbidWithMultipleSoloCitesInBackref: two clusters in note 1 are two cites
        ("1: A | 1: B | 2: B | 3: B", [F, F, S, IB]),
        # integration_SubsequentWhenInterveningFootnote: note 2, without citations, came between
        ("1: A | 3: A", [F, S]),
        # the clusters of one note are one citation (position_IbidSeparateCiteSameNote)
        (
            "1: A | 2: A | 2: A@33 | 3: B, A | 4: A@99 | 4: A | 4: A",
            [F, IB, IL, F, S, S, S, IB],
        ),
        ("3: B, A | 3: A", [F, F, IB]),  # rule (a) across the clusters of a note
        # main text and notes are two sequences (position_IbidInText)
        ("0: A | 1: B | 0: A", [F, F, IB]),
        ("0: A | 1: A | 0: A | 2: A", [F, F, IB, IB]),
        # in the text each cluster is a citation: spec (b) wants the previous one a single cite
        ("0: A | 0: A", [F, IB]),
        ("0: B, A | 0: A", [F, F, S]),
        ("0: A, A", [F, IB]),
        # note numbers going down restart the notes (position_ResetNoteNumbers)
        ("1: A | 2: A | 3: B | 1: B | 2: A", [F, IB, F, F, F]),
    ],
)
def test_positions(doc, expected):
    assert positions(doc) == expected


@pytest.mark.parametrize(
    ("doc", "distance", "expected"),
    [
        ("1: A | 6: A", 5, [False, True]),  # spec: at most near-note-distance notes before
        ("1: A | 7: A", 5, [False, False]),
        ("1: A | 5: A | 10: A", 5, [False, True, True]),  # from the nearest earlier note
        ("1: A, A", 0, [False, True]),  # position_NearNoteSameNote: 0 is the same note
        ("1: A | 2: A", 0, [False, False]),
        ("0: A | 0: A", 5, [False, False]),  # spec: both cites in notes
        ("0: A | 1: A | 2: A", 5, [False, False, True]),  # the text's cite is not a note
    ],
)
def test_near_note(doc, distance, expected):
    result = cite_positions(document(doc), distance)
    assert [p.near_note for cluster in result for p in cluster] == expected


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ("1: A | 3: A | 4: B | 5: A", [0, 1, 0, 1]),  # spec: the note of the first reference
        ("2: A, A | 3: A", [0, 0, 2]),  # empty in the first reference's own note
        ("0: A | 0: A", [0, 0]),  # and outside notes
        ("0: A | 4: A | 5: A", [0, 0, 4]),  # the text's cite is not a note
        ("3: A | 1: A | 2: A", [0, 0, 1]),  # numbering restarted (position_ResetNoteNumbers)
    ],
)
def test_first_reference_note_number(doc, expected):
    result = cite_positions(document(doc))
    assert [p.first_reference_note_number for cluster in result for p in cluster] == expected


def test_one_record_per_cite_in_item_order():
    result = cite_positions(document("1: A, B | 2: B, A, A"))
    assert [len(cluster) for cluster in result] == [2, 3]
    assert result[0] == (FIRST, FIRST)
    assert result[1] == (
        CitePosition("subsequent", True, 1),
        CitePosition("subsequent", True, 1),
        CitePosition("ibid", True, 1),
    )
    assert cite_positions([]) == ()


@pytest.mark.parametrize(
    ("position", "holds"),
    [
        # spec: ibid-with-locator implies ibid; ibid and near-note imply subsequent
        ("first", {"first"}),
        ("subsequent", {"subsequent"}),
        ("ibid", {"subsequent", "ibid"}),
        ("ibid-with-locator", {"subsequent", "ibid", "ibid-with-locator"}),
    ],
)
def test_what_each_position_tests_true_for(position, holds):
    tests = ("first", "subsequent", "ibid", "ibid-with-locator", "near-note", "far-note")
    assert {t for t in tests if CitePosition(position, False, 0).matches(t)} == holds
    near = CitePosition(position, position != "first", 0)
    expected = holds | {"near-note"} if position != "first" else holds
    assert {t for t in tests if near.matches(t)} == expected


@pytest.mark.parametrize(
    ("position", "tested", "shows_number", "tag"),
    [
        (FIRST, {"first", "ibid"}, True, ""),
        (CitePosition("ibid", True, 1), set(), False, ""),  # a style that tests nothing
        (CitePosition("ibid", True, 1), {"ibid"}, False, "pos:ibid"),
        (CitePosition("ibid-with-locator", True, 1), {"ibid"}, False, "pos:ibid"),  # alike
        (CitePosition("subsequent", False, 2), {"subsequent"}, True, "pos:subsequent;n2"),
        (CitePosition("subsequent", False, 2), {"subsequent"}, False, "pos:subsequent"),
        (CitePosition("subsequent", True, 0), {"first"}, False, "pos:"),  # not first
        (CitePosition("subsequent", True, 0), {"near-note"}, False, "pos:near-note"),
        (CitePosition("subsequent", False, 3), set(), True, "pos:;n3"),
    ],
)
def test_tag_names_what_the_style_reads(position, tested, shows_number, tag):
    assert position.tag(tested, shows_number) == tag
