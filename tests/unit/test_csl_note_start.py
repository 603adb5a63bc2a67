"""A note citation's leading term is capitalised where it opens the note (memoria.csl.note_start).

Each case names the CSL test-suite fixture whose behaviour (citeproc-js's) it reproduces, or
pandoc's footnotes where Memoria follows pandoc.
"""

from __future__ import annotations

from memoria.csl.note_start import (
    TERM_AT,
    TERM_MARK,
    capitalise_after_prefix,
    carry_terms,
    mark_term,
    marking_terms,
    open_note,
    unmarked,
)


def test_terms_are_marked_only_while_marking() -> None:
    assert mark_term("ibid.") == "ibid."
    with marking_terms():
        assert mark_term("ibid.") == TERM_MARK + "ibid."
        assert mark_term("") == ""
        with marking_terms(False):
            assert mark_term("ibid.") == "ibid."
    assert mark_term("ibid.") == "ibid."


def test_marks_are_carried_past_the_rich_text_step() -> None:
    assert carry_terms(f"(<i>{TERM_MARK}ibid.</i>") == f"(<i>{TERM_AT}ibid.</i>"


def test_open_note_capitalises_a_leading_term_only() -> None:
    # position_IbidWithLocator: "Ibid. p. 23."
    link = '<a href="#x">'
    assert open_note(f"{link}{TERM_AT}ibid. p. 23</a>.") == f"{link}Ibid. p. 23</a>."
    # OSCOLA, author suppressed: the label that then opens the note ("(N 1)", as pandoc)
    assert open_note(f"({TERM_AT}n 1)") == "(N 1)"
    # a rendered value or name is printed as written, a term after it too
    assert open_note("(ibid-with-locator)") == "(ibid-with-locator)"
    assert open_note(f"Doe, {TERM_AT}p. 4") == "Doe, p. 4"
    # pandoc: the author's prefix opens the note with a capital ("See Mouly ...")
    assert open_note("see Mouly (n 2)", prefixed=True) == "See Mouly (n 2)"


def test_a_prefix_keeps_the_term_lower_case_unless_it_is_a_sentence() -> None:
    # magic_TermCapitalizationWithPrefix, bugreports_CapsAfterOneWordPrefix
    marked = f"{TERM_AT}ibid."
    assert capitalise_after_prefix("See", marked) == "ibid."
    assert capitalise_after_prefix("This has been said.", marked) == "Ibid."
    assert capitalise_after_prefix("Caps after.", marked) == "Ibid."
    assert capitalise_after_prefix("Nocapsafter.", marked) == "ibid."
    assert capitalise_after_prefix("He said “Please work.”", marked) == "Ibid."
    assert capitalise_after_prefix('He said "Please work."', marked) == "Ibid."


def test_unmarked_drops_every_mark() -> None:
    assert unmarked(f"{TERM_AT}ibid.; {TERM_AT}see") == "ibid.; see"
