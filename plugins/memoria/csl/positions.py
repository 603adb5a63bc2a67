"""Cite positions (CSL 1.0.2, "Choose": ``position``): first, subsequent, ibid, near-note.

A pure function of the document's citations in order: :func:`cite_positions` gives each cite its
position, whether it is near-note and its ``first-reference-note-number``. The rules are the
specification's; where it is silent, they are what citeproc-js (the reference processor) does:

- A cite is "first" when it is the first to reference its item, else "subsequent".
- Citations in the main text (note 0) and citations in notes are two sequences, each with its own
  first cites and ibids (citeproc-js; the suite's ``position_IbidInText``): a work first cited in
  the text is "first" again in the first note that cites it, and "ibid" in the text refers to the
  text's previous citation, whatever notes came between.
- Ibid, rule (a): a cite that immediately follows a cite of the same item "within the same
  citation". In a note, the citation is the note (the specification: citations appear "in the form
  of either in-text citations ... or notes"), so the cites of every cluster in one note count, in
  order, as citeproc-js does (``position_IbidSeparateCiteSameNote``). In the text, a cluster.
- Ibid, rule (b): the first cite of a citation, when "the previous citation consists of a single
  cite referencing the same item". For a note: the previous note, ``note_number - 1``, holds
  exactly one cite, of that item; a note without citations in between (the footnote the reader
  just read) breaks ibid (citeproc-js; ``integration_SubsequentWhenInterveningFootnote``,
  ``position_IbidWithMultipleSoloCitesInBackref``). In the text: the previous cluster is that
  single cite (citeproc-js also accepts a previous cluster that merely ends with the item; the
  specification asks for a single cite, and a reader of "(Ibid.)" after "(Smith 2000; Jones 2001)"
  could not tell which work it means).
- Ibid then depends on the locators, compared with their labels (the specification's two cases):
  previous without locator: "ibid-with-locator" when this cite has one, else "ibid"; previous with
  a locator: "ibid" for the same locator and label, "ibid-with-locator" for another, and only
  "subsequent" when this cite has none.
- "ibid-with-locator" also tests true for "ibid"; "ibid" and "near-note" also for "subsequent".
- near-note: both cites are in notes and the current note follows the nearest earlier note citing
  the item by at most ``near-note-distance`` notes (0 is the same note).
- ``first-reference-note-number``: the note of the item's first cite, for a later cite in a
  later note; 0 (empty) in the text and in the first cite's own note.
- Note numbers that go down (numbering restarted, e.g. in a new chapter) start the notes' sequence
  afresh (citeproc-js, ``position_ResetNoteNumbers``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from memoria.csl.render import Cluster

__all__ = ["FIRST", "POSITIONS", "CitePosition", "cite_positions"]

#: The positions a ``<if position>`` can test, each implied by the ones after it.
POSITIONS = ("first", "subsequent", "ibid", "ibid-with-locator")
_RANK = {name: rank for rank, name in enumerate(POSITIONS)}


class CitePosition(NamedTuple):
    """Where one cite stands in its document, as CSL conditions and variables see it."""

    position: str  # "first", "subsequent", "ibid" or "ibid-with-locator" (the most specific)
    near_note: bool  # a cite of the same item is at most near-note-distance notes before
    first_reference_note_number: int  # the note first citing the item; 0 when none is shown

    def matches(self, test: str) -> bool:
        """Whether ``<if position="test">`` holds for this cite (one of the listed values)."""
        if test == "near-note":
            return self.near_note
        if test == "first":
            return self.position == "first"
        rank = _RANK.get(test)  # "subsequent", "ibid", "ibid-with-locator"; others never hold
        return rank is not None and _RANK[self.position] >= rank

    def tag(self, tested: Iterable[str], shows_note_number: bool) -> str:
        """What of this position can change a rendering by a style that tests ``tested`` and,
        when ``shows_note_number``, reads ``first-reference-note-number``: "" when it renders
        as a first cite does, else e.g. "pos:ibid,subsequent;n1". A part of cache keys."""
        holds = sorted(test for test in set(tested) if self.matches(test))
        number = self.first_reference_note_number if shows_note_number else 0
        if holds == sorted(test for test in set(tested) if FIRST.matches(test)) and not number:
            return ""
        return f"pos:{','.join(holds)}" + (f";n{number}" if number else "")


#: A first cite: what a cite rendered alone is.
FIRST = CitePosition("first", False, 0)


class _Cite(NamedTuple):
    """A cite as the ibid rules compare it."""

    key: str  # entry key
    locator: tuple[str, str] | None  # (label, locator); None without a locator


def _ibid(previous: _Cite, current: _Cite) -> str:
    """The position of ``current`` right after ``previous``, a cite of the same item."""
    if previous.locator is None:
        return "ibid" if current.locator is None else "ibid-with-locator"
    if current.locator is None:
        return "subsequent"
    return "ibid" if current.locator == previous.locator else "ibid-with-locator"


class _Sequence:
    """The cites seen so far in the main text, or in the notes."""

    def __init__(self) -> None:
        self.first_note: dict[str, int] = {}  # key -> note of its first cite
        self.last_note: dict[str, int] = {}  # key -> note of its latest cite
        self.unit: list[_Cite] = []  # the cites of the current citation (a note, or a cluster)
        self.unit_note = -1  # that note (0 in the text)
        self.previous: list[_Cite] = []  # the cites of the citation before it
        self.previous_note = -1  # its note


def cite_positions(
    clusters: Sequence[Cluster], near_note_distance: int = 5
) -> tuple[tuple[CitePosition, ...], ...]:
    """Each cluster's cites' positions, in the order of its items; ``clusters`` in document
    order, each with its items in the order they are rendered (the style's citation sort)."""
    text, notes = _Sequence(), _Sequence()
    result = []
    for cluster in clusters:
        note = max(cluster.note_number, 0)
        seq = notes if note else text
        if note and note < notes.unit_note:  # note numbers restarted
            seq = notes = _Sequence()
        if not note or note != seq.unit_note:  # a new citation: a cluster in the text, a note
            seq.previous, seq.previous_note = seq.unit, seq.unit_note
            seq.unit, seq.unit_note = [], note
        positions = []
        for item in cluster.items:
            cite = _Cite(item.key, (item.label, item.locator) if item.locator else None)
            positions.append(_position(seq, cite, note, near_note_distance))
            seq.unit.append(cite)
            seq.first_note.setdefault(cite.key, note)
            seq.last_note[cite.key] = note
        result.append(tuple(positions))
    return tuple(result)


def _position(seq: _Sequence, cite: _Cite, note: int, near_note_distance: int) -> CitePosition:
    if cite.key not in seq.first_note:
        return FIRST
    position = "subsequent"
    if seq.unit:  # rule (a): right after a cite of the same item in this citation
        if seq.unit[-1].key == cite.key:
            position = _ibid(seq.unit[-1], cite)
    elif (
        len(seq.previous) == 1  # rule (b): the previous citation is that item's single cite
        and seq.previous[0].key == cite.key
        and (not note or seq.previous_note == note - 1)
    ):
        position = _ibid(seq.previous[0], cite)
    near = bool(note) and note - seq.last_note[cite.key] <= near_note_distance
    first_note = seq.first_note[cite.key]
    return CitePosition(position, near, first_note if first_note != note else 0)
