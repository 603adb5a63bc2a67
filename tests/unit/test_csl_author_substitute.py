"""subsequent-author-substitute on the list shown: a pure function of the marked entries."""

from __future__ import annotations

import pytest

from memoria.csl.author_substitute import finish, substitute_authors
from memoria.csl.citeproc.string import (
    LIST_END,
    LIST_START,
    NAME_END,
    NAME_START,
    NAMES_END,
    NAMES_START,
    SWALLOWED,
)


def names(*people: str, label: str = "", joiner: str = ", ") -> str:
    """A marked <names> as the fork renders it: one list of ``people``, then ``label``."""
    listed = joiner.join(f"{NAME_START}{person}{NAME_END}" for person in people)
    return f"{NAMES_START}{LIST_START}{listed}{LIST_END}{label}{NAMES_END}"


def entry(marked: str, rest: str) -> str:
    return f"{marked}. {rest}"


DOE_A, DOE_B = entry(names("Doe, John"), "1990a."), entry(names("Doe, John"), "1990b.")
ROE = entry(names("Roe, Jane"), "1991.")
DOE_ROE = entry(names("Doe, John", "Jane Roe"), "1992.")
DOE_ROE_B = entry(names("Doe, John", "Jane Roe"), "1993.")
DOE_SMITH = entry(names("Doe, John", "Al Smith"), "1994.")


@pytest.mark.parametrize(
    ("texts", "substitute", "rule", "expected"),
    [
        # the names of the entry before: the substitute stands in for them
        ([DOE_A, DOE_B], "———", "complete-all", ["Doe, John. 1990a.", "———. 1990b."]),
        # an empty substitute leaves the rest of the entry
        ([DOE_A, DOE_B], "", "complete-all", ["Doe, John. 1990a.", ". 1990b."]),
        # only the entry just before counts
        (
            [DOE_A, ROE, DOE_B],
            "———",
            "complete-all",
            ["Doe, John. 1990a.", "Roe, Jane. 1991.", "Doe, John. 1990b."],
        ),
        # no substitute in the style: as they are
        ([DOE_A, DOE_B], None, "complete-all", ["Doe, John. 1990a.", "Doe, John. 1990b."]),
        # complete-all wants every name alike, and replaces the list at once
        (
            [DOE_A, DOE_ROE],
            "———",
            "complete-all",
            ["Doe, John. 1990a.", "Doe, John, Jane Roe. 1992."],
        ),
        ([DOE_ROE, DOE_ROE_B], "———", "complete-all", ["Doe, John, Jane Roe. 1992.", "———. 1993."]),
        # complete-each: each name
        (
            [DOE_ROE, DOE_ROE_B],
            "———",
            "complete-each",
            ["Doe, John, Jane Roe. 1992.", "———, ———. 1993."],
        ),
        # partial-each: the names alike from the first on; partial-first: the first only
        (
            [DOE_ROE, DOE_SMITH],
            "———",
            "partial-each",
            ["Doe, John, Jane Roe. 1992.", "———, Al Smith. 1994."],
        ),
        (
            [DOE_ROE, DOE_ROE_B],
            "———",
            "partial-first",
            ["Doe, John, Jane Roe. 1992.", "———, Jane Roe. 1993."],
        ),
        (
            [ROE, DOE_SMITH],
            "———",
            "partial-each",
            ["Roe, Jane. 1991.", "Doe, John, Al Smith. 1994."],
        ),
        # an entry without names breaks the run
        (["Anon. 1990.", "Anon. 1990."], "———", "complete-all", ["Anon. 1990.", "Anon. 1990."]),
    ],
)
def test_substitute_authors(texts, substitute, rule, expected):
    assert substitute_authors(texts, substitute, rule) == expected


def test_a_label_stays_and_is_not_compared():
    edited = entry(names("Doe, John", label=" ed"), "Hello.")
    assert substitute_authors([edited, DOE_A], "---", "complete-all") == [
        "Doe, John ed. Hello.",
        "---. 1990a.",
    ]
    assert substitute_authors([DOE_A, edited], "---", "complete-all")[1] == "--- ed. Hello."


def test_names_substituted_by_a_title_compare_as_text():
    title = f"{NAMES_START}Title One{NAMES_END}"
    # the partial rules have no names to compare: the whole text, as complete-all
    assert substitute_authors([title, title], "---", "partial-each") == ["Title One", "---"]


def test_only_the_first_names_of_an_entry_count():
    second = entry(names("Roe, Jane"), names("Doe, John"))
    assert substitute_authors([DOE_A, second], "---", "complete-all")[1] == ("Roe, Jane. Doe, John")


def test_a_swallowed_period_comes_back_after_a_substitute():
    et_al = f"{NAMES_START}{LIST_START}{NAME_START}Doe, John{NAME_END} et al.{LIST_END}{NAMES_END}"
    texts = [et_al + f"{SWALLOWED}. 1990.", et_al + f"{SWALLOWED}. 1991."]
    assert substitute_authors(texts, "---", "complete-all") == [
        "Doe, John et al. 1990.",
        "---. 1991.",
    ]


def test_finish():
    assert finish(DOE_A) == "Doe, John. 1990a."
    assert finish(f"J.{NAMES_END}{SWALLOWED}. x") == "J. x"
    assert finish(f"J{NAMES_END}{SWALLOWED}, x") == "J, x"
