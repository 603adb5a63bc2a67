"""Cite grouping and collapsing on rendered text (memoria.csl.collapse), one row a rule."""

from __future__ import annotations

import pytest

from memoria.csl.collapse import Cite, collapse_cites, collapse_numbers, delimiters


def cite(name: str, year: str, letter: str = "", *, locator: str = "", **flags: bool) -> Cite:
    """A cite "Name Year[letter][, locator]" as render.py describes it."""
    tail = f"{letter}{', ' + locator if locator else ''}"
    rest = f"{year}{tail}"
    return Cite(
        full=f"{name} {rest}" if name else rest,
        rest=rest if name else "",
        names=name,
        year=year if letter else "",
        year_suffix=tail if letter else "",
        suffix_number=ord(letter) - ord("a") if letter else -1,
        locator=bool(locator),
        prefix=flags.get("prefix", False),
        suffix=flags.get("suffix", False),
    )


def number(n: int, shown: str | None = None) -> Cite:
    return Cite(full=shown or f"[{n}]", number=None if shown else n)


SMITH = [cite("Smith", "2000"), cite("Smith", "2001"), cite("Jones", "1999")]
LETTERS = [cite("Smith", "2000", x) for x in "abcde"] + [cite("Smith", "2001")]


@pytest.mark.parametrize(
    ("cites", "collapse", "options", "expected"),
    [
        # grouping alone (cite-group-delimiter): names kept, same names brought together
        ([SMITH[0], SMITH[2], SMITH[1]], "", {}, "Smith 2000, Smith 2001; Jones 1999"),
        # collapse="year": later cites of a group lose their names
        (SMITH, "year", {}, "Smith 2000, 2001; Jones 1999"),
        ([SMITH[0], SMITH[2], SMITH[1]], "year", {}, "Smith 2000, 2001; Jones 1999"),
        # a cite with a suffix stands alone; nothing moves past an affix
        (
            [SMITH[0], cite("Jones", "1999", suffix=True), SMITH[1]],
            "year",
            {},
            "Smith 2000; Jones 1999; Smith 2001",
        ),
        # a prefix may open a group, not join one
        (
            [cite("Smith", "2000", prefix=True), SMITH[1]],
            "year",
            {},
            "Smith 2000, 2001",
        ),
        (
            [SMITH[0], cite("Smith", "2001", prefix=True)],
            "year",
            {},
            "Smith 2000; Smith 2001",
        ),
        # collapse="year" with a locator: the after-collapse delimiter inside the group
        (
            [cite("Wong", "1999", locator="328"), cite("Wong", "2000", locator="475")],
            "year",
            {"after_collapse": "; ", "layout": ", "},
            "Wong 1999, 328; 2000, 475",
        ),
        # ... and after every group
        (
            [cite("Whittaker", "1967"), cite("Wiens", "1989")],
            "year",
            {"after_collapse": "; ", "layout": ", "},
            "Whittaker 1967; Wiens 1989",
        ),
        # year-suffix: the suffix alone; ranged: three or more successive as a range
        (LETTERS[:2], "year-suffix", {"year_suffix": ","}, "Smith 2000a,b"),
        (LETTERS, "year-suffix", {"year_suffix": ","}, "Smith 2000a,b,c,d,e; 2001"),
        (LETTERS, "year-suffix-ranged", {"year_suffix": ","}, "Smith 2000a–e; 2001"),
        (
            [LETTERS[0], *LETTERS[2:]],
            "year-suffix-ranged",
            {"year_suffix": ","},
            "Smith 2000a,c–e; 2001",
        ),
        # the year-suffix delimiter defaults to the cite-group delimiter, then the layout's
        (LETTERS[:2], "year-suffix", {"cite_group": ","}, "Smith 2000a,b"),
        (LETTERS[:2], "year-suffix", {}, "Smith 2000a; b"),
        # different years: not collapsed to suffixes, cite-group delimiter between
        (SMITH[:2], "year-suffix", {"layout": ", ", "after_collapse": "; "}, "Smith 2000, 2001"),
    ],
)
def test_collapse_cites(
    cites: list[Cite], collapse: str, options: dict[str, str], expected: str
) -> None:
    layout = options.pop("layout", "; ")
    delims = delimiters(
        layout,
        options.get("cite_group"),
        options.get("year_suffix"),
        options.get("after_collapse"),
    )
    assert collapse_cites(cites, collapse, delims) == expected


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ([1, 2, 3, 5], "[1]–[3], [5]"),
        ([1, 2, 5, 6], "[1], [2], [5], [6]"),
        ([1, 2, 2, 3, 4], "[1], [2], [2]–[4]"),
        ([1, 3, 4, 5, 7, 9, 10, 11], "[1], [3]–[5], [7], [9]–[11]"),
        ([4], "[4]"),
    ],
)
def test_collapse_numbers(numbers: list[int], expected: str) -> None:
    assert collapse_numbers([number(n) for n in numbers], delimiters(", ")) == expected


def test_a_number_with_more_than_itself_is_not_collapsed() -> None:
    cites = [number(1), number(2, "[2, p. 23]"), number(3)]
    assert collapse_numbers(cites, delimiters(",")) == "[1],[2, p. 23],[3]"


def test_a_note_style_groups_cites_with_the_layout_delimiter() -> None:
    """citeproc-js: ", " between the cites of a group is an in-text style's default only."""
    cites = [cite("Smith", "2000"), cite("Smith", "2001")]
    assert collapse_cites(cites, "year", delimiters("; ")) == "Smith 2000, 2001"
    assert collapse_cites(cites, "year", delimiters("; ", note=True)) == "Smith 2000; 2001"
    explicit = delimiters("; ", cite_group=" & ", note=True)
    assert collapse_cites(cites, "year", explicit) == "Smith 2000 & 2001"


def test_a_cite_with_nothing_but_its_names_vanishes_from_its_group() -> None:
    """citeproc-js: "(Smith 325, 2000)", not "(Smith 325, 2000, )", for an undated Smith."""
    undated = Cite(full="Smith", names="Smith", vanishes=True)
    cites = [cite("Smith", "325"), cite("Smith", "2000"), undated]
    assert collapse_cites(cites, "year", delimiters(", ")) == "Smith 325, 2000"
    assert collapse_cites([undated, cite("Smith", "2000")], "year", delimiters(", ")) == (
        "Smith, 2000"
    )
