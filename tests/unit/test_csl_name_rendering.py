"""Name rendering helpers of the citeproc fork: initials with rich-text marks, scripts."""

from __future__ import annotations

from memoria.csl import rich_text
from memoria.csl.citeproc.model import _in_other_script, _initialize_given, _is_byzantine


def _marked(value: str) -> str:
    return rich_text.encode(rich_text.parse(value), in_nocase=True)


def test_initials_keep_the_marks_around_their_word() -> None:
    bold_j = _marked("<b>J.</b>")
    assert _initialize_given(_marked("<b>John</b> Quiggly"), ". ", True, True) == bold_j + " Q."
    assert _initialize_given(_marked("<b>John</b>-Quiggly"), ".", True, True) == bold_j + "-Q."


def test_initials_without_marks_are_unchanged() -> None:
    assert _initialize_given("John Quiggly", ". ", True, True) == "J. Q."
    assert _initialize_given("J-P", ".", False, True) == "J-P"  # initialize="false"


def test_scripts() -> None:
    assert _is_byzantine("Doe") and _is_byzantine("תפוח") and not _is_byzantine("田中")
    assert _in_other_script("等") and not _in_other_script("e") and not _in_other_script("[")
