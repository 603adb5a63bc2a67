"""Numbers and ranges in a number-like field, written as the style asks (CSL 1.0.2 ranges).

A page field such as ``"123-5, 131 & 140-145"`` is a list of numbers and ranges. CSL says how
a range is written: the ``page-range-delimiter`` term between its ends (an en dash unless the
locale says otherwise) and, for pages, the style's ``page-range-format`` (``expanded``
"321–328", ``minimal`` "321–8", ``minimal-two`` "321–28", ``chicago``/``chicago-15`` and
``chicago-16`` after the Chicago Manual's rules). citeproc-py rewrote one range per comma with
plain digits only; this module reads the whole list the way citeproc-js (whose behaviour the
CSL test suite records) reads it:

- numbers are split at ``,`` / ``;`` followed by a space, at ``&`` (written as the locale's
  ampersand), at `` and ``, and at hyphens and en dashes; ``\\-`` is a hyphen the author
  wants kept, never a range;
- a range is two numbers joined by a hyphen or en dash. Its ends may carry the same prefix
  ("N110-N5", "8n11564-8n1568"): the prefix is the "particle" written once (or repeated, in
  ``expanded``). Ends with different prefixes ("N110-5", "110-N6") are not a range: the
  hyphen stays, as the author wrote it (without spaces). Roman numerals ("xxv-xxviii") are a
  range too, never shortened;
- anything else (words, "1-3-5", "12a-c") keeps its text.

Pure functions over strings: :mod:`memoria.csl.citeproc` calls :func:`pieces` where it renders
``page``, a locator, or another number variable, and formats the numbers among them itself
(``<number form="ordinal">``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from memoria.csl.escaping import TO_PUA

#: The ``page-range-format`` values CSL 1.0.2 defines ("chicago" is "chicago-15").
FORMATS = frozenset({"expanded", "minimal", "minimal-two", "chicago", "chicago-15", "chicago-16"})

EN_DASH = "\u2013"
#: ``&`` as field values reach citeproc-py (:mod:`memoria.csl.escaping`).
_ESCAPED_AMPERSAND = "&".translate(TO_PUA)

# A joiner between two numbers; the order matters (", and " before ", ").
_JOINER = re.compile(
    rf"(\s*[&{_ESCAPED_AMPERSAND}]\s*|,\s+and\s+|\s+and\s+|[,;]\s+|\s*(?<!\\)[-{EN_DASH}]+\s*)"
)
_AMPERSAND = re.compile(rf"\s*[&{_ESCAPED_AMPERSAND}]\s*")
_HYPHEN = re.compile(rf"\s*[-{EN_DASH}]+\s*")
# An end of a range: [text and a space] [prefix] digits [letters]. The prefix is letters,
# maybe after digits and before zeros: "N", "8n", "000c" (citeproc-js's "particle").
_NUMBER = re.compile(
    r"(?P<lead>.*\s)?(?P<particle>[0-9]*[A-Za-z]+0*)?(?P<digits>[0-9]+)(?P<suffix>[A-Za-z]*)"
)
_ROMAN = re.compile(r"[ivxlcdm]+|[IVXLCDM]+")
_DIGIT = re.compile(r"[0-9]")


@dataclass(frozen=True)
class RangeStyle:
    """How ranges are written: the delimiter, the ampersand, and whether (and how) ends shrink.

    ``collapse`` is the page-range-format to apply (None: ends as written); it is only given
    for pages (the ``page`` variable, a locator labelled "page").
    """

    delimiter: str = EN_DASH
    ampersand: str = "&"
    collapse: str | None = None


@dataclass(frozen=True)
class _End:
    lead: str  # text before the number ("p. "), kept as written; "" on a range's second end
    particle: str
    digits: str
    suffix: str

    @property
    def number(self) -> str:
        return self.particle + self.digits + self.suffix


def _end(text: str, *, lead: bool) -> _End | None:
    """A range's end read from ``text``; None when it is not a number."""
    match = _NUMBER.fullmatch(text)
    if match is None or (match["lead"] and not lead):
        return None
    return _End(match["lead"] or "", match["particle"] or "", match["digits"], match["suffix"])


def _is_hyphen(joiner: str) -> bool:
    return _HYPHEN.fullmatch(joiner) is not None


def _minimal(first: str, last: str, keep: int) -> str:
    """``last`` without the leading digits it shares with ``first``, at least ``keep`` left."""
    if len(first) != len(last):
        return last
    start = 0
    while start < len(last) - keep and first[start] == last[start]:
        start += 1
    return last[start:]


def _chicago_15(first: int, last: int) -> str:
    """Chicago Manual 15th ed. (citeproc-js's reading): below 101 and at a hundred, all
    digits; else two digits when the hundreds agree; five-digit numbers keep what changed."""
    if first > 100 and first % 100 and first // 100 == last // 100:
        return str(last % 100)
    if first >= 10000:
        for power in range(3, len(str(last))):
            if first // 10**power == last // 10**power:
                return str(last % 10**power)
    return str(last)


def _chicago_16(first: int, last: int) -> str:
    """Chicago Manual 16th ed.: below 101 and at a hundred, all digits; else the changed part,
    at least two digits ("321–28", "1496–500", "11564–615")."""
    if first > 100 and first % 100:
        for power in range(2, len(str(last))):
            if first // 10**power == last // 10**power:
                return str(last % 10**power)
    return str(last)


def collapse_end(first: str, last: str, range_format: str) -> str:
    """The second end of the range ``first``–``last`` (digits, ``last`` already expanded to
    at least as many digits as ``first`` when it was shorter) written in ``range_format``."""
    if range_format == "minimal":
        return _minimal(first, last, 1)
    if range_format == "minimal-two":
        return _minimal(first, last, 2)
    if range_format in ("chicago", "chicago-15"):
        return _chicago_15(int(first), int(last))
    if range_format == "chicago-16":
        return _chicago_16(int(first), int(last))
    return last  # expanded (or unknown): every digit


def _range(first_text: str, last_text: str, joiner: str, style: RangeStyle) -> list[Piece]:
    """Two ends and the hyphen between them, written as ``style`` asks."""
    first, last = _end(first_text, lead=True), _end(last_text, lead=False)
    if first is None or last is None:
        if _ROMAN.fullmatch(first_text) and _ROMAN.fullmatch(last_text):
            return [Number(first_text), style.delimiter, Number(last_text)]
        return [Number(first_text), joiner, Number(last_text)]  # not numbers: as written
    if first.particle != last.particle:
        return [Number(first_text), "-", Number(last_text)]  # "N110-5": not a range
    plain: list[Piece] = [Number(first_text), style.delimiter, Number(last_text)]
    if style.collapse not in FORMATS or first.suffix or last.suffix:
        return plain
    digits = last.digits
    if len(digits) < len(first.digits):  # "110-5" means 110-115
        digits = first.digits[: len(first.digits) - len(digits)] + digits
    if int(first.digits) >= int(digits):
        return plain
    head: list[Piece] = [first.lead, Number(first.number), style.delimiter]
    if style.collapse == "expanded":
        return [*head, Number(last.particle + digits)]
    return [*head, Number(collapse_end(first.digits, digits, style.collapse))]


def _ampersand(before: str, after: str, style: RangeStyle) -> str:
    """``&`` between two numbers: spaced, except between two letters ("A&B")."""
    if before[-1:].isalpha() and after[:1].isalpha():
        return style.ampersand
    return f" {style.ampersand} "


class Number(str):
    """A piece of the output that is a number (or an end of a range) as the field wrote it,
    for the caller to format (an ordinal...); every other piece is text to print as it is."""


Piece = str  # text, or a Number


def pieces(value: str, style: RangeStyle) -> list[Piece]:
    """``value`` (a page field, a locator, a volume...) as pieces of output, its ranges
    written in ``style``. Empty texts are left out."""
    parts = _JOINER.split(value.strip())
    texts, joiners = parts[0::2], parts[1::2]
    out: list[Piece] = []
    index = 0
    while index < len(texts):
        is_range = (
            index < len(joiners)
            and _is_hyphen(joiners[index])
            and not (index + 1 < len(joiners) and _is_hyphen(joiners[index + 1]))
            and not (index > 0 and _is_hyphen(joiners[index - 1]))
        )
        if is_range:
            out += _range(texts[index], texts[index + 1], joiners[index], style)
            index += 1
        else:
            out.append(Number(texts[index]))
        if index < len(joiners):
            joiner = joiners[index]
            if _AMPERSAND.fullmatch(joiner):
                joiner = _ampersand(texts[index], texts[index + 1], style)
            out.append(joiner)
        index += 1
    return [_unkept(piece) for piece in out if piece]


def _unkept(piece: Piece) -> Piece:
    """``piece`` with its kept hyphens ("\\-") written as hyphens, still a Number if it was."""
    text = piece.replace("\\-", "-")
    return Number(text) if isinstance(piece, Number) else text


def format_numbers(value: str, style: RangeStyle) -> str:
    """``value`` with its ranges written in ``style``, as one text."""
    return "".join(pieces(value, style))


def first_number(value: str) -> str:
    """The first element of ``value`` (``page-first``: "22" of "22-45, 50")."""
    first = _JOINER.split(value.strip(), maxsplit=1)[0]
    return first.replace("\\-", "-")


def fuse_kept_hyphens(value: str) -> str:
    """``value`` without its kept hyphens (``\\-``), for counting numbers: "327\\-30" is one
    page (singular "page"), not the range 327-30."""
    return value.replace("\\-", "")


def holds_several_numbers(value: str) -> bool:
    """Whether ``value`` lists or spans more than one number ("1, 3", "i-ix": a plural label),
    counting arabic and roman numerals, not words ("Michaelson-Morely")."""
    numbers = [
        piece
        for piece in pieces(value, RangeStyle())
        if isinstance(piece, Number) and (_ROMAN.fullmatch(piece) or _DIGIT.search(piece))
    ]
    return len(numbers) > 1


def may_hold_range(value: str) -> bool:
    """Whether ``value`` has digits and a hyphen or en dash, so that :func:`pieces` may write it
    differently; other values are best left as they came (rich text, case protection)."""
    return _DIGIT.search(value) is not None and _HYPHEN.search(value) is not None
