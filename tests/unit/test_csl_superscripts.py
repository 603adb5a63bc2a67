"""Superscript characters as superscript markup (memoria.csl.superscripts), as citeproc-js
prints them (CSL test-suite fixture magic_SuperscriptChars)."""

from __future__ import annotations

from memoria.csl.superscripts import superscript_markup


def test_superscript_characters_become_markup() -> None:
    assert superscript_markup("1ª ed.") == "1<sup>a</sup> ed."
    assert superscript_markup("E = mc² ™") == "E = mc<sup>2</sup> <sup>TM</sup>"
    assert superscript_markup("ˀ ㆒") == "<sup>ʔ</sup> <sup>一</sup>"


def test_tags_and_plain_text_are_left_alone() -> None:
    assert superscript_markup('<a href="/x²">x</a>') == '<a href="/x²">x</a>'
    assert superscript_markup("Éditions 2") == "Éditions 2"
    assert superscript_markup("plain") == "plain"
