"""The space before high punctuation in a field value becomes U+202F, as citeproc-js prints it."""

from __future__ import annotations

import pytest

from memoria.csl.narrow_spaces import narrow_spaces


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("His « Anonymous » Life", "His «\u202fAnonymous\u202f» Life"),
        ("Pourquoi ? Comment !", "Pourquoi\u202f? Comment\u202f!"),
        ("Titre : sous-titre ; suite", "Titre\u202f: sous-titre\u202f; suite"),
        # No space before the mark, or a space after it: nothing to do.
        ("Title: Subtitle; more?", "Title: Subtitle; more?"),
        ("«Mot»", "«Mot»"),
    ],
)
def test_narrow_spaces(value, expected):
    assert narrow_spaces(value) == expected


def test_a_reference_prints_the_narrow_space():
    from memoria.csl import CslProcessor

    item = {"id": "k", "type": "book", "title": "Pourquoi ?", "issued": {"date-parts": [[2020]]}}
    ((_key, text),) = CslProcessor({"k": item}, link_bibliography=False).library()
    assert "Pourquoi\u202f?" in text
