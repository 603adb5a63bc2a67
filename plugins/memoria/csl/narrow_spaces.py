"""The space before high punctuation in a field value made a narrow no-break space.

French writes a space before ``;``, ``?``, ``!`` and ``:`` and inside guillemets (``« mot »``);
a plain space there lets a line break before the mark. citeproc-js turns each such space in the
text it prints into U+202F (the suite's punctuation_FrenchOrthography), in any language: a space
before those marks is French typography wherever it is written. Only a field's own text is
changed, never the style's affixes and delimiters.
"""

from __future__ import annotations

import re

NARROW_NBSP = "\u202f"
_BEFORE = re.compile(r" ([:;?!»])")
_AFTER = re.compile(r"« ")


def narrow_spaces(text: str) -> str:
    """``text`` with the space before ``: ; ? ! »`` and after ``«`` made a narrow no-break
    space ("« Anonyme »" -> "«\\u202fAnonyme\\u202f»")."""
    return _AFTER.sub("«" + NARROW_NBSP, _BEFORE.sub(NARROW_NBSP + r"\1", text))
