"""The ``citation-label`` variable when an entry does not give one: a "trigraph" such as "Asth00".

CSL names the variable ("Aaaa00"-style labels of alphanumeric styles such as Copernicus or
DIN 1505-2 "alphanumeric") but leaves its making to the processor. This module makes it the
way citeproc-js does, whose labels the CSL test suite records: a pattern per number of names,
``"Aaaa00:AaAa00:AaAA00:AAAA00"`` by default (one name: four letters of its family name; two:
two letters each; three: two of the first and one of the others; four or more: one letter of
each of the first four), then the last two digits of the year ("00" for 1900, "00" without a
year). Without names, the title's first words (skip words left out) stand in for them.

The year suffix that tells alike labels apart ("Asth00a") is added by the engine, as after any
rendered year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: citeproc-js's default pattern, one per number of names (the last for more names).
DEFAULT_TRIGRAPH = "Aaaa00:AaAa00:AaAA00:AAAA00"

# Leading lower-case particles ("von Dipheria", "d'Alembert") and articles are not the name.
_PARTICLES = re.compile(r"^[ '\u2019a-z]+\s+")
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
# Letters only: Latin (with Latin-1 and Extended-A), Greek, Cyrillic, Hebrew, Arabic, Thai.
_NOT_LETTER = re.compile(
    "[^a-zA-Z\u00c0-\u017f\u0218-\u021b\u0370-\u03ff\u0400-\u052f\u0590-\u05ff"
    "\u0600-\u06ff\u0e01-\u0e5b\u1f00-\u1fff]"
)
_SKIPPED = (
    "a an the and or nor but yet so for of on in at to by with from as de d' von van via vs v"
    " about above across after against along among around before behind below beneath beside"
    " between beyond during except inside into like near off onto out over per since than"
    " through toward towards under until unto up upon within without"
)
#: Words a title-made label leaves out (after citeproc-js's list: short function words).
SKIP_WORDS = frozenset(_SKIPPED.split())


@dataclass(frozen=True)
class _Pattern:
    letters: tuple[int, ...]  # letters taken from each name, in order
    year_digits: int


def _patterns(trigraph: str) -> list[_Pattern]:
    """``"Aaaa00:AaAa00"`` -> one pattern per ``:``-separated part (A: a name's first letter,
    a: one more letter of it, 0: one digit of the year)."""
    patterns = []
    for part in trigraph.split(":"):
        letters: list[int] = []
        year_digits = 0
        for char in part:
            if char == "A":
                letters.append(1)
            elif char == "a" and letters:
                letters[-1] += 1
            elif char == "0":
                year_digits += 1
            else:
                raise ValueError(f"trigraph {trigraph!r}: unexpected {char!r}")
        patterns.append(_Pattern(tuple(letters), year_digits))
    if not patterns or not patterns[0].letters:
        raise ValueError(f"trigraph {trigraph!r} does not start with a name (A)")
    return patterns


def _word(text: str, length: int) -> str:
    """The first ``length`` letters of ``text``, capitalised ("asthma", 4 -> "Asth")."""
    return text[:length][:1].upper() + text[:length][1:].lower()


def _name_part(name: str) -> str:
    name = _PARTICLES.sub("", name)
    return _NOT_LETTER.sub("", _ARTICLE.sub("", name))


def citation_label(
    names: Sequence[str],
    year: str | None,
    title: str | None = None,
    trigraph: str = DEFAULT_TRIGRAPH,
) -> str:
    """The label of an entry whose first name list (author, else editor, ...) has these
    ``names`` (family names, or literal names), issued in ``year`` (None: unknown)."""
    patterns = _patterns(trigraph)
    pattern = patterns[min(len(names), len(patterns)) - 1] if names else patterns[0]
    label = ""
    for name, length in zip(names, pattern.letters, strict=False):
        part = _name_part(name)
        if not part:
            break
        label += _word(part, length)
    if not label and title:
        words = [word for word in title.split() if word.lower() not in SKIP_WORDS]
        label = _word(_NOT_LETTER.sub("", "".join(words)), pattern.letters[0])
    digits = (year or "0000").strip()
    return label + (digits[-pattern.year_digits :] if pattern.year_digits else "")
