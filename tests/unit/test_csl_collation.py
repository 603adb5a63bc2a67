"""memoria.csl.collation: sort keys compared as a collator with ignorable punctuation does."""

from __future__ import annotations

from memoria.csl.collation import collation_key


def _sorted(*texts: str) -> list[str]:
    return sorted(texts, key=collation_key)


def test_quotes_and_brackets_do_not_sort() -> None:
    assert _sorted("Simple “title” here C", "“Simple title here B”", "Simple title, here A") == [
        "Simple title, here A",
        "“Simple title here B”",
        "Simple “title” here C",
    ]
    assert _sorted("Roe", "[F]linders", "Doe") == ["Doe", "[F]linders", "Roe"]


def test_apostrophes_split_words() -> None:
    assert _sorted("de’ Frinkle", "’t Horvath", "d’Wander", "Vooz") == [
        "d’Wander",
        "de’ Frinkle",
        "’t Horvath",
        "Vooz",
    ]


def test_accents_and_case_count_only_on_a_tie() -> None:
    assert _sorted("Ezra", "Émile", "emile") == ["emile", "Émile", "Ezra"]


def test_a_field_sorts_before_the_next_field_s_words() -> None:
    assert _sorted("Smith Foundation", "Smith\x01Zoe") == ["Smith\x01Zoe", "Smith Foundation"]
