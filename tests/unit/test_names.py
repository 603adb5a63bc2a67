"""BibTeX name lists -> CSL names: a table of inputs and the names pandoc gives for them."""

from __future__ import annotations

import pytest

from memoria.bibliography.names import name_problems, split_names, useprefix

NAMES = [
    (
        "Becker, Thomas and Farthing, Linda",
        [{"family": "Becker", "given": "Thomas"}, {"family": "Farthing", "given": "Linda"}],
    ),
    ("{Human Rights Watch}", [{"literal": "Human Rights Watch"}]),
    (
        "{Comisión de la Verdad y Reconciliación} and Becker, Thomas",
        [
            {"literal": "Comisión de la Verdad y Reconciliación"},
            {"family": "Becker", "given": "Thomas"},
        ],
    ),
    (
        "van der Berg, Jan",
        [{"family": "Berg", "given": "Jan", "dropping-particle": "van der"}],
    ),
    (
        "Ludwig van Beethoven",
        [{"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"}],
    ),
    ("van Beethoven", [{"family": "Beethoven", "dropping-particle": "van"}]),
    (
        "de la Fontaine, Jean",
        [{"family": "Fontaine", "given": "Jean", "dropping-particle": "de la"}],
    ),
    ("Becker, Jr, Thomas", [{"family": "Becker", "given": "Thomas", "suffix": "Jr"}]),
    ("García-Godos, Jemima", [{"family": "García-Godos", "given": "Jemima"}]),
    ("Jemima García-Godos", [{"family": "García-Godos", "given": "Jemima"}]),
    ("Klein, Herbert S.", [{"family": "Klein", "given": "Herbert S."}]),
    # pandoc: lower-case words ending the given names are the particle ("P. van Dijk", not
    # "P. van . Dijk"); braces keep a word in the given names
    ("Dijk, Pieter van", [{"family": "Dijk", "given": "Pieter", "dropping-particle": "van"}]),
    (
        "Dijk, Jr, Pieter van der",
        [{"family": "Dijk", "given": "Pieter", "dropping-particle": "van der", "suffix": "Jr"}],
    ),
    ("Quispe, Mario {de}", [{"family": "Quispe", "given": "Mario de"}]),
    ("smith, john", [{"family": "smith", "given": "john"}]),
    ("{van der Berg}, Jan", [{"family": "van der Berg", "given": "Jan"}]),
    ("Thomas", [{"family": "Thomas"}]),
    (
        "Becker, Thomas and Farthing, Linda and others",  # pandoc's CSL-JSON keeps the marker
        [
            {"family": "Becker", "given": "Thomas"},
            {"family": "Farthing", "given": "Linda"},
            {"literal": "others"},
        ],
    ),
    (
        "Becker, Thomas AND Farthing, Linda",
        [{"family": "Becker", "given": "Thomas"}, {"family": "Farthing", "given": "Linda"}],
    ),
    ("", []),
    ("   ", []),
]


@pytest.mark.parametrize(("value", "expected"), NAMES)
def test_split_names(value: str, expected: list[dict[str, str]]) -> None:
    assert split_names(value) == expected


def test_useprefix_makes_the_particle_non_dropping() -> None:
    # BibLaTeX's useprefix=true (honoured by pandoc): "van der Berg" is cited and sorted as such.
    assert split_names("van der Berg, Jan", use_prefix=True) == [
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("useprefix=true", True),
        ("useprefix", True),
        ("maxnames=3, useprefix = true", True),
        ("useprefix=false", False),
        ("", False),
        ("maxnames=3", False),
        ("nouseprefix=true", False),
    ],
)
def test_useprefix_option(options: str, expected: bool) -> None:
    assert useprefix(options) is expected


def test_name_with_too_many_commas_is_kept_whole_and_reported() -> None:
    value = "a, b, c, d and Farthing, Linda"
    assert split_names(value) == [
        {"literal": "a, b, c, d"},
        {"family": "Farthing", "given": "Linda"},
    ]
    problems = name_problems(value)
    assert len(problems) == 1
    assert "'a, b, c, d'" in problems[0]
    assert "too many commas" in problems[0]


def test_unclosed_brace_keeps_the_text_and_is_reported() -> None:
    # The brace hides the "and" from the splitter: nothing is lost, and the author is told.
    value = "Becker, {Thomas and Farthing, Linda"
    assert split_names(value) == [{"literal": "Becker, Thomas and Farthing, Linda"}]
    problems = name_problems(value)
    assert len(problems) == 1
    assert "unterminated opening brace" in problems[0]


def test_good_names_have_no_problems() -> None:
    assert name_problems("Becker, Thomas and {Human Rights Watch} and others") == []
    assert name_problems("") == []
