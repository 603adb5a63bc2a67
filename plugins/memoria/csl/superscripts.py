"""Superscript characters printed as superscript markup: "ª" -> ``<sup>a</sup>``.

citeproc-js (whose output the CSL test suite records) prints every Unicode superscript or
modifier character as its base character in ``<sup>``, so that the text reads alike whatever
the font has; Memoria does the same on the finished HTML. The characters are those Unicode
decomposes as ``<super>`` (ª, ², ᴬ, ⁿ, ™, ㆒, ...) and four modifier letters it does not.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["superscript_markup"]

# Superscript-like letters without a <super> decomposition (glottal stops, Arabic small letters).
_EXTRA = {"\u02c0": "\u0294", "\u02c1": "\u0295", "\u06e5": "\u0648", "\u06e6": "\u064a"}
_TAG = re.compile(r"(<[^>]*>)")


@cache
def _table() -> dict[str, str]:
    table = dict(_EXTRA)
    # The Basic Multilingual Plane, Latin Extended-F (modifier letters) and the raised MC, MD,
    # MR signs hold them all.
    for code in (*range(0x10000), *range(0x10780, 0x107C0), *range(0x1F16A, 0x1F16D)):
        char = chr(code)
        decomposition = unicodedata.decomposition(char)
        if decomposition.startswith("<super>"):
            table[char] = "".join(chr(int(part, 16)) for part in decomposition.split()[1:])
    return table


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(char) for char in sorted(_table())) + "]")


def superscript_markup(html_text: str) -> str:
    """``html_text`` with each superscript character outside tags as ``<sup>base</sup>``."""
    if html_text.isascii():
        return html_text
    table, pattern = _table(), _pattern()
    parts = _TAG.split(html_text)
    for index in range(0, len(parts), 2):  # even parts are text, odd ones tags
        parts[index] = pattern.sub(lambda m: f"<sup>{table[m.group(0)]}</sup>", parts[index])
    return "".join(parts)
