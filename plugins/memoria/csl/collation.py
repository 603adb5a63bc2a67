"""How two sort keys of a CSL ``<sort>`` compare: a small stand-in for the Unicode Collation
Algorithm.

The reference processors compare text keys with a locale's collator whose punctuation is
"variable" (shifted, ignored at the first levels): citeproc-js through the browser's
``localeCompare``, jgm/citeproc (pandoc's) through the UCA with shifted weighting, after splitting
the key into words at white space, apostrophes and commas. So ``“Title B”`` sorts between
``Title, A`` and ``Title C``, ``[F]linders`` with the F's, ``’t Horvath`` under T and ``d’Wander``
(the words ``d``, ``wander``) before ``de’ Frinkle``. Python compares code points, where quotes
and brackets sort before letters and ``é`` after ``z``: :func:`collation_key` gives a key whose
tuple order is the collator's at its first level (letters without their accents, case folded,
punctuation ignored, word by word), then, on a tie, the accents, then the text itself.

A ``\\x01`` in the key separates fields that compare one after the other before any word of the
next (the fork's sort separator of a name: "Smith, A." before "Smith Foundation").
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: Where a key splits into words (jgm/citeproc's word separators, and the name separator ";").
_WORD_BREAK = re.compile(r"[\s'’,;ʾʿ]+")
FIELD_SEPARATOR = "\x01"

Words = tuple[tuple[str, ...], ...]


def _base(word: str) -> tuple[str, str]:
    """(the word's letters and digits without accents, the same with accents) case folded;
    every other character is ignorable."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    accented = "".join(c for c in decomposed if c.isalnum() or unicodedata.combining(c))
    return "".join(c for c in accented if not unicodedata.combining(c)), accented


@functools.lru_cache(maxsize=1 << 16)
def collation_key(text: str) -> tuple[Words, Words, str]:
    """The key ``text`` sorts by: (its fields' words as letters, the same with accents, the text
    case folded). Words without a letter or digit do not count. Cached: a sort asks again for
    the keys of the entries still tied, and disambiguation sorts the same names again."""
    primary: list[tuple[str, ...]] = []
    secondary: list[tuple[str, ...]] = []
    for field in text.split(FIELD_SEPARATOR):
        bases = [_base(word) for word in _WORD_BREAK.split(field)]
        kept = [pair for pair in bases if pair[0]]
        primary.append(tuple(base for base, _ in kept))
        secondary.append(tuple(accented for _, accented in kept))
    return tuple(primary), tuple(secondary), text.casefold()
