"""Particles and suffixes read out of CSL-JSON names (memoria.csl.name_parsing)."""

from __future__ import annotations

import pytest

from memoria.csl.name_parsing import parse_name, split_family, split_given, split_suffix
from memoria.csl.render import prepare_item


@pytest.mark.parametrize(
    ("family", "expected"),
    [
        ("von Hoppel", ("von", "Hoppel")),
        ("van der Berg", ("van der", "Berg")),
        ("d'Aubignac", ("d'", "Aubignac")),
        ("al-One", ("al-", "One")),
        ("de' Frinkle", ("de' ", "Frinkle")),
        ("Van Four", ("", "Van Four")),
        ("Smith-Jones", ("", "Smith-Jones")),
        ("O'Brien", ("", "O'Brien")),
        ("de la", ("", "de la")),  # all lower case: no family name would remain
    ],
)
def test_split_family(family: str, expected: tuple[str, str]) -> None:
    assert split_family(family) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("François Hédelin d'", ("François Hédelin", "d'")),
        ("Gustav von", ("Gustav", "von")),
        ("Jean de la", ("Jean", "de la")),
        ("Mary Ann", ("Mary Ann", "")),
        ("de Jean", ("de Jean", "")),  # particles only at the end
        ("von", ("von", "")),
    ],
)
def test_split_given(given: str, expected: tuple[str, str]) -> None:
    assert split_given(given) == expected


def test_split_suffix() -> None:
    assert split_suffix("John, Jr.") == ("John", "Jr.", False)
    assert split_suffix("John,! Jr.") == ("John", "Jr.", True)
    assert split_suffix("John") == ("John", "", False)
    assert split_suffix(", Jr.") == (", Jr.", "", False)


def test_parse_name_splits_every_part() -> None:
    assert parse_name({"family": "von Hoppel", "given": "Gustav, Jr."}) == {
        "family": "Hoppel",
        "non-dropping-particle": "von",
        "given": "Gustav",
        "suffix": "Jr.",
    }
    assert parse_name({"family": "Doe", "given": "John,! III"})["comma-suffix"] is True


def test_parse_name_keeps_quoted_and_given_parts() -> None:
    assert parse_name({"family": '"Van Dyke"', "given": "Dick"}) == {
        "family": "Van Dyke",
        "given": "Dick",
    }
    assert parse_name({"family": '"van Happel"'}) == {"family": "van Happel"}
    explicit = {"family": "van Gogh", "non-dropping-particle": "de"}
    assert parse_name(explicit) == explicit
    assert parse_name({"literal": "van Eyck Studio"}) == {"literal": "van Eyck Studio"}


def test_parse_name_honours_parse_names_false() -> None:
    assert parse_name({"family": "von Hoppel", "parse-names": False}) == {"family": "von Hoppel"}
    assert parse_name({"family": "von Hoppel", "parse-names": "false"}) == {"family": "von Hoppel"}


def test_prepare_item_parses_names_unless_told_they_are_split() -> None:
    item = {"author": [{"family": "van Gogh", "given": "Vincent"}], "title": "Letters"}
    parsed = prepare_item(item, "x")["author"][0]
    assert parsed["non-dropping-particle"] == "van" and parsed["family"] == "Gogh"
    kept = prepare_item(item, "x", parse_names=False)["author"][0]
    assert kept == {"family": "van Gogh", "given": "Vincent"}
