"""A note citation that opens with a term begins with its capital ("Ibid.", "See ...").

citeproc-js (whose output the CSL test suite records) capitalises a term, and only a term, when
it is the first thing a note-style citation renders: ``<text term="ibid"/>`` prints "Ibid." at
a note's start but ``<text value="ibid-with-locator"/>`` stays as written. A prefix the author
wrote before the cite keeps the term lower-case ("See ibid."), unless that prefix is a sentence
of more than one word ("This has been said. Ibid.": it ends with ``.``, ``!`` or ``?`` and has a
space; "Nocapsafter. ibid." has none).

Whether a cite opens with a term is known only while the fork renders it (and a term may
come to open it once its author is taken out: OSCOLA's "(n 1)"); so, while :func:`marking_terms`
is on, the fork puts :data:`TERM_MARK` before every term it renders (:func:`mark_term`),
:func:`carry_terms` turns them into :data:`TERM_AT` (which the rich-text step leaves alone) and
the cite's text keeps them until its cluster is assembled: :func:`capitalise_after_prefix` when
the cite has a prefix, :func:`open_note` for the cluster that opens a note, :func:`unmarked` for
every other.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator

__all__ = [
    "TERM_AT",
    "TERM_MARK",
    "capitalise_after_prefix",
    "carry_terms",
    "mark_term",
    "marking_terms",
    "open_note",
    "unmarked",
]

#: Private-use mark before a term: one of the fork's RICH_TEXT_MARKS (capitalisation and title
#: case step over them), outside the range U+E020-U+E02F that rich-text kinds use.
TERM_MARK = "\ue031"
#: The same mark in finished HTML (outside the range rich_text.finish resolves).
TERM_AT = "\ue030"
_MARKING: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "memoria_marking_terms", default=False
)
# What may stand before a citation's first letter: tags, spaces, opening punctuation, marks.
_OPENING = r"(?:<[^>]*>|[\s(\[“‘\"'«¡¿\ue020-\ue02f])*"
_MARKED_LETTER = re.compile(
    "^(" + _OPENING + ")" + re.escape(TERM_AT) + "(" + _OPENING + r")([^\W\d_])"
)
_FIRST_LETTER = re.compile("^(" + _OPENING + r")([^\W\d_])")
_TERMINAL = ".!?"


@contextlib.contextmanager
def marking_terms(on: bool = True) -> Iterator[None]:
    """While on, :func:`mark_term` marks the terms the fork renders."""
    token = _MARKING.set(on)
    try:
        yield
    finally:
        _MARKING.reset(token)


def mark_term(text: str) -> str:
    """A rendered term with :data:`TERM_MARK` before it while :func:`marking_terms` is on."""
    return type(text)(TERM_MARK + str(text)) if text and _MARKING.get() else text


def carry_terms(text: str) -> str:
    """The fork's output with its term marks as :data:`TERM_AT`, ready for rich_text.finish."""
    return text.replace(TERM_MARK, TERM_AT)


def unmarked(text: str) -> str:
    """``text`` without term marks: what is printed."""
    return text.replace(TERM_AT, "")


def _capitalised(text: str) -> str:
    """The letter after a leading :data:`TERM_AT` upper-cased, the marks removed."""
    text = _MARKED_LETTER.sub(lambda m: m.group(1) + m.group(2) + m.group(3).upper(), text, 1)
    return unmarked(text)


def capitalise_after_prefix(prefix: str, text: str) -> str:
    """A cite's ``text`` after the author's ``prefix`` (plain text, as written): its leading
    term capitalised when the prefix is a sentence of several words ("This has been said."),
    lower-case otherwise."""
    bare = prefix.rstrip(" \u00a0\"'”’»\u202f")
    if bare and bare[-1] in _TERMINAL and " " in prefix.strip():
        return _capitalised(text)
    return unmarked(text)


def open_note(text: str, prefixed: bool = False) -> str:
    """The HTML of a cluster that opens its note: its leading term capitalised; or, when the
    author wrote a prefix before it ("see"), that prefix's first letter, as pandoc does (the
    author's own words open the note: "See ...")."""
    if prefixed:
        text = _FIRST_LETTER.sub(lambda m: m.group(1) + m.group(2).upper(), text, count=1)
    return _capitalised(text)
