"""Global name disambiguation (step 1) is pure: which names get initials or given names."""

from __future__ import annotations

import pytest

from memoria.csl.cite_names import CiteNames
from memoria.csl.disambiguation import global_names, suffix_letters
from memoria.csl.style import Disambiguation


def options(rule: str, initials: bool = True) -> Disambiguation:
    return Disambiguation(True, True, rule, initials, 1)


def person(family: str, given: str = "") -> dict:
    return {"family": family, "given": given} if given else {"literal": family}


ITEMS = {
    "alice": {"author": [person("Smith", "Alice")]},
    "alan": {"author": [person("Smith", "Alan")]},
    "bob": {"author": [person("Smith", "Bob")]},
    "pair": {"author": [person("Jones", "Carla"), person("Smith", "Beth")]},
    "edited": {"editor": [person("Smith", "Bea")]},
    "org": {"author": [person("Smith")]},
}


@pytest.mark.parametrize(
    ("rule", "initials", "expected"),
    [
        # chicago: initials where they differ, else the whole given name; first names only
        (
            "primary-name",
            True,
            {"alice": 2, "alan": 2, "bob": 2, "edited": 2},
        ),
        # APA: initials only; the A. and B. Smiths cannot be told apart by initials
        ("primary-name-with-initials", True, {}),
        # without initialize-with the only step is the whole given name
        ("primary-name", False, {"alice": 2, "alan": 2, "bob": 2, "edited": 2}),
        ("by-cite", True, {}),
    ],
)
def test_global_names(rule, initials, expected):
    result = global_names(ITEMS, options(rule, initials))
    assert {key: names.expand[0][2] for key, names in result.items()} == expected
    assert all(len(names.expand) == 1 and names.expand[0][1] == 0 for names in result.values())


def test_initials_are_enough_when_they_differ():
    items = {
        "a": {"author": [person("Hall", "Jean-Paul")]},
        "b": {"author": [person("Hall", "Jane")]},
    }
    result = global_names(items, options("primary-name"))
    assert result == {
        "a": CiteNames(expand=(("author", 0, 1),)),
        "b": CiteNames(expand=(("author", 0, 1),)),
    }


def test_all_names_rule_looks_at_every_name():
    result = global_names(ITEMS, options("all-names"))
    assert result["pair"] == CiteNames(expand=(("author", 1, 2),))


def test_cite_names_tag_names_the_override():
    assert CiteNames().tag() == "" and not CiteNames()
    assert CiteNames(2, (("author", 0, 1),)).tag() == "n2,author0=1"


def test_suffix_letters():
    assert [suffix_letters(i) for i in (0, 25, 26, 27)] == ["a", "z", "aa", "ab"]
