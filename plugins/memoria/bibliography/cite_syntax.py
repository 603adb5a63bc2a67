"""Pandoc's citation syntax, parsed into records: ``[see @key, p. 4; -@other]`` and ``@key``.

Pure functions over strings. Markdown-awareness (never inside code, links or e-mail addresses)
lives in :mod:`memoria.bibliography.markdown_citations`, which calls these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A key starts with a letter, digit or "_" and may hold single internal punctuation (pandoc's
#: rule); punctuation at the end ("@becker2021." closing a sentence) is not part of it.
KEY = r"[^\W](?:[\w]|[:.#$%&\-+?<>~/](?=[\w]))*"
#: ``@key`` or ``@{key with.odd:chars}``; group "key" or "braced".
KEY_REF = rf"@(?:(?P<key>{KEY})|\{{(?P<braced>[^{{}}\s]+)\}})"

_ITEM = re.compile(rf"^(?P<prefix>.*?)(?:(?<=\s)|^)(?P<minus>-)?{KEY_REF}(?P<suffix>.*)$", re.S)

#: Locator labels pandoc understands in English, with abbreviations -> CSL locator term.
LOCATOR_TERMS: dict[str, str] = {}
for _term, _names in {
    "book": ("book", "books", "bk.", "bks."),
    "chapter": ("chapter", "chapters", "chap.", "chaps.", "ch.", "chs."),
    "column": ("column", "columns", "col.", "cols."),
    "figure": ("figure", "figures", "fig.", "figs."),
    "folio": ("folio", "folios", "fol.", "fols.", "fo."),
    "line": ("line", "lines", "l.", "ll."),
    "note": ("note", "notes", "n.", "nn."),
    "number": ("number", "numbers", "no.", "nos."),
    "opus": ("opus", "opera", "op.", "opp."),
    "page": ("page", "pages", "p.", "pp."),
    "paragraph": ("paragraph", "paragraphs", "para.", "paras.", "¶", "¶¶"),
    "part": ("part", "parts", "pt.", "pts."),
    "section": ("section", "sections", "sec.", "secs.", "§", "§§"),
    "sub-verbo": ("sub verbo", "sub verbis", "s.v.", "s.vv."),
    "verse": ("verse", "verses", "v.", "vv."),
    "volume": ("volume", "volumes", "vol.", "vols."),
}.items():
    for _name in _names:
        LOCATOR_TERMS[_name] = _term

_TOKEN = r"(?:\d+(?:\.\d+)*[a-z]?|[ivxlcdm]+|[IVXLCDM]+)\b"
_VALUE = rf"{_TOKEN}(?:\s*[-–—]\s*{_TOKEN}|\s*,\s*{_TOKEN}|\s*&\s*{_TOKEN})*"
_LABELS = "|".join(re.escape(name) for name in sorted(LOCATOR_TERMS, key=len, reverse=True))
_LOCATOR = re.compile(
    rf"^(?:(?P<label>{_LABELS})\s*)?(?:\{{(?P<braced>[^{{}}]*)\}}|(?P<value>{_VALUE}))"
    rf"(?P<rest>.*)$",
    re.S | re.I,
)
_NARRATIVE = re.compile(rf"(?<![\w@.\-]){KEY_REF}(?:[ \t]\[(?P<locator>[^\[\]@]*)\])?")
_BRACKETED = re.compile(r"\[(?P<body>[^\[\]]*@[^\[\]]*)\](?![(\[:])")


@dataclass(frozen=True)
class CitationItem:
    """One cited work inside a citation."""

    key: str  # citation key, without '@' or braces
    prefix: str = ""  # text before the key, "see" in [see @key, p. 4]
    locator: str = ""  # "4", "101-103", "iv" ("" when there is none)
    label: str = ""  # CSL locator term: "page", "chapter", ... ("" when there is no locator)
    suffix: str = ""  # text after the locator (or after the key when there is none)
    suppress_author: bool = False  # [-@key]: the author is already named in the sentence


@dataclass(frozen=True)
class Citation:
    """A citation as written: one or more works."""

    items: tuple[CitationItem, ...]  # the cited works, in written order
    narrative: bool  # bare @key in running text (pandoc's AuthorInText)
    raw: str  # the exact source text, e.g. "[@becker2021coup, pp. 101-103]"


def parse_locator(suffix: str) -> tuple[str, str, str]:
    """Split a suffix such as ", pp. 33-35 and passim" into (label, locator, rest).

    A bare number is a page, as in pandoc. Returns ("", "", suffix) when there is no locator.
    """
    text = suffix.strip()
    comma = text.startswith(",")
    body = text[1:].strip() if comma else text
    match = _LOCATOR.match(body)
    if not match or not (comma or match.group("label")):
        return "", "", suffix.strip()
    label_text = match.group("label")
    value = match.group("braced") if match.group("braced") is not None else match.group("value")
    label = LOCATOR_TERMS[label_text.lower()] if label_text else "page"
    return label, value.strip(), match.group("rest").strip().lstrip(",").strip()


def _item(text: str) -> CitationItem | None:
    match = _ITEM.match(text.strip())
    if not match:
        return None
    key = match.group("key") or match.group("braced")
    prefix = match.group("prefix").strip()
    if "@" in prefix:
        return None
    label, locator, suffix = parse_locator(match.group("suffix"))
    return CitationItem(
        key=key,
        prefix=prefix,
        locator=locator,
        label=label,
        suffix=suffix,
        suppress_author=bool(match.group("minus")),
    )


def parse_bracketed(text: str) -> Citation | None:
    """``"[see @a, p. 4; -@b]"`` -> Citation; None when the brackets do not hold a citation."""
    if not (text.startswith("[") and text.endswith("]")):
        return None
    parts = text[1:-1].split(";")
    items = [_item(part) for part in parts]
    if not items or any(item is None for item in items):
        return None
    return Citation(items=tuple(items), narrative=False, raw=text)  # type: ignore[arg-type]


def parse_narrative(key: str, locator_text: str | None, raw: str) -> Citation:
    """``@key`` or ``@key [p. 33]`` in running text."""
    label = locator = suffix = ""
    if locator_text:
        label, locator, suffix = parse_locator(", " + locator_text.strip())
    return Citation(
        items=(CitationItem(key=key, locator=locator, label=label, suffix=suffix),),
        narrative=True,
        raw=raw,
    )


def find_citations(text: str) -> list[tuple[int, int, Citation]]:
    """Every citation in plain text (no Markdown awareness), as (start, end, citation)."""
    found: list[tuple[int, int, Citation]] = []
    taken: list[tuple[int, int]] = []
    for match in _BRACKETED.finditer(text):
        citation = parse_bracketed(match.group(0))
        if citation:
            found.append((match.start(), match.end(), citation))
            taken.append(match.span())
    for match in _NARRATIVE.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        key = match.group("key") or match.group("braced")
        found.append(
            (
                match.start(),
                match.end(),
                parse_narrative(key, match.group("locator"), match.group(0)),
            )
        )
    return sorted(found, key=lambda f: f[0])


BRACKETED_PATTERN = _BRACKETED.pattern
NARRATIVE_PATTERN = _NARRATIVE.pattern
