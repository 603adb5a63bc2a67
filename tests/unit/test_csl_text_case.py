"""English title case on case-protected segments (memoria.csl.text_case).

Each case names the CSL test-suite fixture whose behaviour (citeproc-js's) it reproduces, or
the CSL 1.0.2 specification ("spec") where it says it.
"""

from __future__ import annotations

import pytest

from memoria.csl.text_case import title_case, turkic_i


def titled(text: str) -> str:
    return title_case([(text, False)])[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spec: stop words lower-case inside, capitalised first and after a colon
        ("the lord of the rings: a life", "The Lord of the Rings: A Life"),
        # textcase_InQuotes: the last word even when a stop word; quotes are transparent
        (
            "from “distance” to “friction”: research for",
            "From “Distance” to “Friction”: Research For",
        ),
        # textcase_SkipNameParticlesInTitleCase: particles and "about" are stop words
        ("John von Doe: an about up life", "John von Doe: An about up Life"),
        ("John d’Doe! a life", "John d’Doe! A Life"),
        # textcase_LastChar: one-letter words after a hyphen stay
        ("07-x test", "07-x Test"),
        # textcase_NonEnglishChars: non-ASCII letters, a lone Greek letter is a symbol
        ("saline solution of β-carotine", "Saline Solution of β-Carotine"),
        # textcase_TitleWithEnDash, _TitleWithEmDash, _TitleCapitalization2: dashes, slashes
        ("the scientist–practitioner gap", "The Scientist–Practitioner Gap"),
        ("traits—self-esteem—with jobs", "Traits—Self-Esteem—with Jobs"),
        ("a cat/mouse", "A Cat/Mouse"),
        # textcase_StopWordBeforeHyphen, _TitleCaseWithHyphens: a compound's first part only
        ("employee pro-environmental behavior", "Employee Pro-Environmental Behavior"),
        ("out-of-fashion initiatives", "Out-of-Fashion Initiatives"),
        # textcase_TitleCapitalization: words with capitals are left alone, nothing lowered
        ("This IS a pen that is", "This IS a Pen That Is"),
        # textcase_NoSpaceBeforeApostrophe: an apostrophe continues its word
        ("response to shafi’i comment", "Response to Shafi’i Comment"),
        # flipflop_Apostrophes: "de" is a stop word, "aux" is not
        ("supplément aux annales de l’Égypte", "Supplément Aux Annales de l’Égypte"),
    ],
)
def test_title_case(text: str, expected: str) -> None:
    assert titled(text) == expected


def test_protected_segments_keep_their_case_and_count_as_text() -> None:
    # textcase_TitleCapitalization: nocase "smith" stays, and is no first word
    assert title_case([("a ", False), ("smith", True), (" pencil of", False)]) == [
        "A ",
        "smith",
        " Pencil Of",
    ]
    # a protected last word: the stop word before it is not the title's last word
    assert title_case([("the man of ", False), ("iso", True)]) == ["The Man of ", "iso"]
    # a protected first part: the next word is not the first
    assert title_case([("x", True), (" of men", False)]) == ["x", " of Men"]


def test_small_caps_superscript_subscript_marks_protect() -> None:
    # textcase_ImplicitNocase: <sc>, <sup>, <sub> content (rich-text marks) keeps its case
    assert titled("my \ue026superscript phrase\ue027 in a title") == (
        "My \ue026superscript phrase\ue027 in a Title"
    )
    # italics marks are transparent: the word inside is capitalised
    assert (
        titled("my \ue020italic phrase\ue021 in a title")
        == "My \ue020Italic Phrase\ue021 in a Title"
    )


def test_turkic_dotted_and_dotless_i() -> None:
    # textcase_LocaleUnicode: "ic" upper-cases to "İC" in Turkish, to "IC" in English
    assert turkic_i("ic and ıd", "tr", upper=True).upper() == "İC AND ID"
    assert turkic_i("ic and ıd", "en", upper=True).upper() == "IC AND ID"
    assert turkic_i("IŞIK İzmir", "tr", upper=False).lower() == "ışık izmir"
