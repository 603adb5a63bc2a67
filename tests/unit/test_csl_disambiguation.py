"""Global name disambiguation (step 1) is pure: which names get initials or given names."""

from __future__ import annotations

import pytest

from memoria.csl.cite_names import CiteNames
from memoria.csl.disambiguation import disambiguate, global_names, shown_count, suffix_letters
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


def _fake_render(items: dict) -> object:
    """A citation as "Family Year", with the title when <if disambiguate="true"> holds."""

    def render(key: str, names: CiteNames) -> str:
        item = items[key]
        text = f"{item['author'][0]['family']} {item['year']}"
        return f"{text}, {item['title']}" if names.disambiguate else text

    return render


LOOKALIKES = {
    "a": {"author": [person("Doe", "Jo")], "year": 2000, "title": "A"},
    "b": {"author": [person("Doe", "Jo")], "year": 2000, "title": "B"},
    "c": {"author": [person("Roe", "Al")], "year": 2000, "title": "C"},
}


@pytest.mark.parametrize(
    ("year_suffix", "suffixes", "flagged"),
    [
        # disambiguate-add-year-suffix: a, b in bibliography order; nothing left for step 4
        (True, {"b": "a", "a": "b"}, set()),
        # without it, the cites still alike render <if disambiguate="true"> (step 4)
        (False, {}, {"a", "b"}),
    ],
)
def test_last_steps(year_suffix, suffixes, flagged):
    opts = Disambiguation(False, False, "by-cite", False, 0, year_suffix)
    names, got = disambiguate(["b", "a", "c"], LOOKALIKES, opts, _fake_render(LOOKALIKES))
    assert got == suffixes
    assert {key for key, override in names.items() if override.disambiguate} == flagged


@pytest.mark.parametrize(
    ("override", "tag", "entry"),
    [
        (CiteNames(disambiguate=True), "d", CiteNames(disambiguate=True)),
        (CiteNames(2, disambiguate=True), "n2,d", CiteNames(disambiguate=True)),
        (CiteNames(2), "n2", CiteNames()),
    ],
)
def test_disambiguate_flag_names_the_cache_key(override, tag, entry):
    assert override.tag() == tag and override.names_only() == entry


def _first_names_render(items: dict) -> object:
    """A citation as its shown family names ("Smith, Brown, et al."), expanded names as
    "J. Jones" (initials) or "Jo Jones" (given name), and the year."""

    def render(key: str, names: CiteNames) -> str:
        people = items[key]["author"]
        shown = names.use_first or 1
        levels = {index: level for _variable, index, level in names.expand}
        parts = []
        for index, name in enumerate(people[:shown]):
            level = levels.get(index, 0)
            given = {0: "", 1: name["given"][0] + ". ", 2: name["given"] + " "}[level]
            parts.append(given + name["family"])
        text = ", ".join(parts) + (", et al." if len(people) > shown else "")
        return f"{text} {items[key]['year']}"

    return render


ANDREA = {
    "j": {"author": [person("Smith", "Al"), person("Brown", "Bo"), person("Jones", "Jo")]},
    "a": {"author": [person("Smith", "Al"), person("Brown", "Bo"), person("Jones", "Ann")]},
    "b": {"author": [person("Smith", "Al"), person("Benson", "Ben"), person("Jones", "Jo")]},
}
for _item in ANDREA.values():
    _item["year"] = 1980


def test_by_cite_adds_the_names_of_other_persons_then_shows_only_their_initials():
    # "Smith, Brown, Jones" prints alike for j and a; the persons differ, so the names are
    # added, and only Jones gets initials (the rest are the same persons)
    opts = Disambiguation(True, True, "by-cite", True, 1, False, et_al_min=3)
    names, _suffixes = disambiguate(["j", "a", "b"], ANDREA, opts, _first_names_render(ANDREA))
    render = _first_names_render(ANDREA)
    assert render("j", names["j"]) == "Smith, Brown, J. Jones 1980"
    assert render("a", names["a"]) == "Smith, Brown, A. Jones 1980"
    assert render("b", names.get("b", CiteNames())) == "Smith, Benson, et al. 1980"


def test_the_same_initials_show_the_whole_given_name():
    items = {key: {**item, "author": list(item["author"])} for key, item in ANDREA.items()}
    items["a"]["author"][2] = person("Jones", "Jan")
    opts = Disambiguation(True, True, "by-cite", True, 1, False, et_al_min=3)
    names, _suffixes = disambiguate(["j", "a", "b"], items, opts, _first_names_render(items))
    assert _first_names_render(items)("a", names["a"]) == "Smith, Brown, Jan Jones 1980"


def test_shown_count_follows_et_al_and_the_added_names():
    item = ANDREA["j"]
    etal = Disambiguation(True, True, "by-cite", True, 1, False, et_al_min=3)
    assert shown_count(item, CiteNames(), etal) == 1
    assert shown_count(item, CiteNames(use_first=2), etal) == 2
    assert shown_count(item, CiteNames(), Disambiguation(True, True, "by-cite", True, 1)) == 3


def test_initials_spaced_otherwise_are_one_person():
    items = {
        "a": {"author": [person("Doe", "J. J.")]},
        "b": {"author": [person("Doe", "J.J.")]},
    }
    assert global_names(items, options("all-names")) == {}
