"""Cite grouping and cite collapsing (CSL 1.0.2, "Citation-specific options"), on rendered text.

Pure functions over :class:`Cite` records (each cite's texts already rendered and linked by
:mod:`~memoria.csl.render`); they decide only what of each cite is shown and which delimiter
stands between them, as citeproc-js and pandoc's citeproc do:

- Cite grouping (``cite-group-delimiter``, or any ``collapse``): cites with the same names are
  moved next to the first of them, "(Smith 2000, Smith 2001; Jones 1999)". A cite with a
  suffix stands alone; one with a prefix may open a group but joins none; nothing moves past
  an affix.
- ``collapse="year"``: the later cites of a group lose their names, "(Smith 2000, 2001)".
- ``collapse="year-suffix"``: later cites of the same year show their year suffix alone,
  "(Smith 2000a, b)"; ``"year-suffix-ranged"`` makes three or more successive suffixes a
  range, "(Smith 2000a–c)".
- ``collapse="citation-number"``: three or more successive numbers become a range,
  "[1–3, 5]"; a cite that shows more than its number (a locator, an affix) is not collapsed.

The delimiters follow pandoc's citeproc: ``cite-group-delimiter`` defaults to ", " (in a note
style to the layout's delimiter, as citeproc-js has it), ``year-suffix-delimiter`` to the
``cite-group-delimiter`` and then to the layout's delimiter, ``after-collapse-delimiter`` to the
layout's delimiter; ``collapse="year"`` puts the after-collapse delimiter after every group and
between the cites of a group that carries a locator (CSL test-suite issue 36).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Cite", "Delimiters", "collapse_cites", "collapse_numbers", "group_cites"]

EN_DASH = "–"


@dataclass(frozen=True)
class Cite:
    """One cite of a cluster, as rendered."""

    full: str  # the cite as shown first in its group (names and affixes included)
    rest: str = ""  # as shown later in its group: without its names ("" when it has none)
    names: str = ""  # grouping key: cites with the same non-empty key are grouped
    year: str = ""  # ``rest`` before its year suffix ("" when it has no year suffix)
    year_suffix: str = ""  # ``rest`` from its year suffix on: shown when its year collapses
    suffix_number: int = -1  # the year suffix's place (a: 0, b: 1, ...), -1 when none
    prefix: bool = False  # the cite has a prefix: it may open a group, not join one
    suffix: bool = False  # the cite has a suffix: it stands alone
    locator: bool = False  # the cite has a locator
    number: int | None = None  # its citation number when it shows that number alone
    vanishes: bool = False  # nothing is left of it without its names: later in a group it
    # shows nothing, its delimiter neither (citeproc-js drops it)


@dataclass(frozen=True)
class Delimiters:
    """The citation's delimiters, defaults resolved (see :func:`delimiters`)."""

    layout: str  # between cites (the layout's delimiter)
    cite_group: str  # between the cites of a group
    year_suffix: str  # between collapsed year suffixes
    after_collapse: str  # after a collapsed group


def delimiters(
    layout: str,
    cite_group: str | None = None,
    year_suffix: str | None = None,
    after_collapse: str | None = None,
    note: bool = False,
) -> Delimiters:
    """The delimiters with the defaults pandoc's citeproc gives those the style leaves out; in a
    ``note`` style the cites of a group are joined by the layout's delimiter, as citeproc-js
    joins them (its ", " between grouped cites is an in-text style's)."""
    group = (layout if note else ", ") if cite_group is None else cite_group
    return Delimiters(
        layout=layout,
        cite_group=group,
        year_suffix=year_suffix if year_suffix is not None else (cite_group or layout),
        after_collapse=layout if after_collapse is None else after_collapse,
    )


def group_cites(cites: Sequence[Cite]) -> list[list[Cite]]:
    """The cites in groups of the same names, each group where its first cite stands; nothing
    moves past a cite with an affix (pandoc's citeproc, ``groupWith``)."""
    groups: list[list[Cite]] = []
    rest = list(cites)
    while rest:
        first, rest = rest[0], rest[1:]
        if first.suffix:
            groups.append([first])
            continue
        span = 0
        while span < len(rest) and not (rest[span].prefix or rest[span].suffix):
            span += 1
        movable, after = rest[:span], rest[span:]
        same = [c for c in movable if first.names and c.names == first.names]
        groups.append([first, *same])
        rest = [c for c in movable if not (first.names and c.names == first.names)] + after
    return groups


def _suffix_run(cites: Sequence[Cite], ranged: bool, delimiter: str) -> str:
    """A run of cites of one year: the first whole, the others' year suffixes (ranged: three or
    more successive suffixes as "a–c")."""
    if len(cites) == 1:
        return cites[0].rest or cites[0].full
    pieces: list[list[Cite]] = []
    for cite in cites:
        last = pieces[-1][-1] if pieces else None
        successive = (
            ranged
            and last is not None
            and last.suffix_number >= 0
            and cite.suffix_number == last.suffix_number + 1
        )
        if successive:
            pieces[-1].append(cite)
        else:
            pieces.append([cite])
    texts = []
    for index, piece in enumerate(pieces):
        shown = [c.year_suffix for c in piece]
        if index == 0:
            shown[0] = piece[0].rest or piece[0].full
        if len(piece) >= 3:
            texts.append(f"{shown[0]}{EN_DASH}{shown[-1]}")
        else:
            texts.append(delimiter.join(shown))
    return delimiter.join(texts)


def _collapse_group(group: Sequence[Cite], collapse: str, delims: Delimiters) -> tuple[str, bool]:
    """(the group's text, whether anything in it collapsed)."""
    first, others = group[0], [c for c in group[1:] if not c.vanishes]
    if not others:
        return first.full, len(group) > 1
    group = [first, *others]
    elements = [first.full] + [c.rest or c.full for c in others]
    merged = False
    if collapse in ("year-suffix", "year-suffix-ranged"):
        ranged = collapse == "year-suffix-ranged"
        runs: list[list[Cite]] = []
        for cite in group:
            last = runs[-1][-1] if runs else None
            if last is not None and cite.year and last.year == cite.year:
                runs[-1].append(cite)
            else:
                runs.append([cite])
        merged = any(len(run) > 1 for run in runs)
        elements = []
        for index, run in enumerate(runs):
            text = _suffix_run(run, ranged, delims.year_suffix)
            if index == 0:  # the group's first cite shows its names
                text = first.full + text[len(first.rest or first.full) :]
            elements.append(text)
    flipped = collapse == "year" and any(c.locator for c in group)
    inner = delims.after_collapse if (merged or flipped) else delims.cite_group
    return inner.join(elements), True


def collapse_cites(cites: Sequence[Cite], collapse: str, delims: Delimiters) -> str:
    """The cluster's cites (without the layout's prefix and suffix), grouped by names and
    collapsed as ``collapse`` says ("year", "year-suffix", "year-suffix-ranged"; "": grouped
    only)."""
    groups = group_cites(cites)
    if not collapse:
        return delims.layout.join(delims.cite_group.join(c.full for c in g) for g in groups)
    out = []
    for index, group in enumerate(groups):
        text, collapsed = _collapse_group(group, collapse, delims)
        out.append(text)
        if index < len(groups) - 1:
            after = collapsed or collapse == "year"
            out.append(delims.after_collapse if after else delims.layout)
    return "".join(out)


def collapse_numbers(cites: Sequence[Cite], delims: Delimiters) -> str:
    """Numeric cites with three or more successive numbers as a range, "[1]–[3], [5]"."""
    runs: list[list[Cite]] = []
    for cite in cites:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and last.number is not None
            and cite.number is not None
            and cite.number == last.number + 1
        ):
            runs[-1].append(cite)
        else:
            runs.append([cite])
    out = []
    for index, run in enumerate(runs):
        ranged = len(run) >= 3
        if ranged:
            out.append(f"{run[0].full}{EN_DASH}{run[-1].full}")
        else:
            out.append(delims.layout.join(c.full for c in run))
        if index < len(runs) - 1:
            out.append(delims.after_collapse if ranged else delims.layout)
    return "".join(out)
