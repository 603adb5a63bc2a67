"""How text reaches citeproc-py safe: ``&``, ``<`` and ``>`` travel as private-use characters.

citeproc-py writes HTML without escaping anything, and its text-casing would split an entity
such as ``&amp;``. So every text we hand it (field values, locators, and the style's own
affixes, delimiters and terms: OSCOLA puts a URL between "<" and ">") carries these three
characters as private-use code points, and its output is turned into entities afterwards.
"""

from __future__ import annotations

#: ``&``, ``<``, ``>`` -> private-use stand-ins, for ``str.translate``.
TO_PUA = str.maketrans({"&": "\ue000", "<": "\ue001", ">": "\ue002"})
#: The stand-ins -> HTML entities.
FROM_PUA = str.maketrans({"\ue000": "&amp;", "\ue001": "&lt;", "\ue002": "&gt;"})
#: Attributes of a style whose values citeproc-py prints as text.
STYLE_TEXT_ATTRIBUTES = (
    "prefix",
    "suffix",
    "delimiter",
    "value",
    "after-collapse-delimiter",
    "cite-group-delimiter",
    "year-suffix-delimiter",
    "sort-separator",
    "initialize-with",
)
