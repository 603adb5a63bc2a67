"""CSL-JSON items -> BibLaTeX fields: the way back of :mod:`memoria.bibliography.csl_json`.

``bib-import`` reads CSL-JSON (and RIS, through a CSL item) with this. Each mapping is the
inverse of the build's, chosen so that an imported entry maps to the same CSL item again:
``to_csl_item(entry_from_csl(item))`` keeps every variable listed here. Variables that have no
BibLaTeX field are returned by name so that the import can say what it did not keep.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from memoria.bibliography.csl_json import GENRES, LANGUAGES, SERIES_TYPES, to_csl_item
from memoria.bibliography.entries import BibEntry
from memoria.bibliography.latex_text import VERBATIM_FIELDS, decode_latex, decode_verbatim

#: CSL type -> (BibLaTeX type, entrysubtype or "").
TYPES: dict[str, tuple[str, str]] = {
    "article-journal": ("article", ""), "article-magazine": ("article", "magazine"),
    "article-newspaper": ("article", "newspaper"), "book": ("book", ""),
    "chapter": ("incollection", ""), "entry-encyclopedia": ("inreference", ""),
    "entry-dictionary": ("inreference", ""), "paper-conference": ("inproceedings", ""),
    "report": ("report", ""), "thesis": ("thesis", ""), "webpage": ("online", ""),
    "post-weblog": ("misc", "blogpost"), "post": ("misc", "post"),
    "manuscript": ("unpublished", ""), "speech": ("unpublished", ""),
    "pamphlet": ("booklet", ""), "dataset": ("dataset", ""), "software": ("software", ""),
    "motion_picture": ("video", ""), "song": ("audio", ""), "patent": ("patent", ""),
    "legislation": ("legislation", ""), "treaty": ("legal", ""),
    "legal_case": ("jurisdiction", ""), "personal_communication": ("letter", ""),
    "graphic": ("artwork", ""), "review": ("review", ""), "document": ("misc", ""),
}  # fmt: skip
#: CSL types whose container is a periodical (``journaltitle``); others have a ``booktitle``.
PERIODICALS = frozenset({"article-journal", "article-magazine", "article-newspaper"})
#: Text variables -> BibLaTeX field.
TEXT_FIELDS = {
    "title": "title", "title-short": "shorttitle", "container-title-short": "shortjournal",
    "collection-title": "series", "publisher-place": "location", "event-place": "venue",
    "event-title": "eventtitle", "edition": "edition", "volume": "volume",
    "abstract": "abstract", "keyword": "keywords", "ISBN": "isbn", "ISSN": "issn",
    "version": "version", "number-of-pages": "pagetotal", "number-of-volumes": "volumes",
    "chapter-number": "chapter", "note": "note", "page": "pages", "DOI": "doi", "URL": "url",
}  # fmt: skip
NAME_FIELDS = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "container-author": "bookauthor",
}
DATE_FIELDS = {"issued": "date", "accessed": "urldate", "event-date": "eventdate",
               "original-date": "origdate"}  # fmt: skip
#: Variables read elsewhere in this module, or meaningless in BibTeX.
HANDLED = frozenset(
    {"id", "type", "container-title", "publisher", "issue", "number", "collection-number",
     "genre", "language", "event", "citation-key"}
)  # fmt: skip

_NOCASE = re.compile(r'<span class="nocase">(.*?)</span>', re.S)
_SPECIAL = re.compile(r"\\|~|\$|%|&|#|_|\{|\}|-(?=-)|`(?=`)|'(?=')")
_ESCAPES = {"\\": r"{\textbackslash}", "~": r"{\textasciitilde}", "{": r"\{", "}": r"\}"}
_LANGUAGE_NAMES = {tag: name for name, tag in reversed(list(LANGUAGES.items()))}
_GENRE_KEYS = {text: key for key, text in reversed(list(GENRES.items()))}


def escape(text: str) -> str:
    """Plain text -> BibTeX source that the build decodes back to the same text."""

    def one(match: re.Match) -> str:
        char = match.group(0)
        if char in _ESCAPES:
            return _ESCAPES[char]
        if char in "-`'":
            return char + r"{\relax}"  # "--" would become an en dash, "``" a quote
        return "\\" + char

    return _SPECIAL.sub(one, text)


def text_source(value: Any, verbatim: bool = False) -> str:
    """A CSL text value as BibTeX source; nocase spans become protecting braces."""
    text = " ".join(str(value).split())
    if verbatim:
        return text
    parts = _NOCASE.split(text)  # even: plain text; odd: nocase contents
    return "".join(escape(p) if i % 2 == 0 else "{" + escape(p) + "}" for i, p in enumerate(parts))


def _protect(part: str, family: bool = False) -> str:
    """A name part BibTeX would split (on a comma, on ' and ', or a family name's lower-case
    word, which BibTeX reads as a particle: "Vázques de Parga") goes in braces."""
    escaped = escape(part)
    lower = family and any(word[:1].islower() for word in part.split())
    return "{" + escaped + "}" if ("," in part or " and " in f" {part} " or lower) else escaped


def name_source(name: Mapping[str, str]) -> str:
    """A CSL name -> one BibTeX name: "von Family, Jr, Given", or {Literal} for a body."""
    if name.get("literal"):
        return "{" + escape(name["literal"]) + "}"
    particle = name.get("non-dropping-particle") or name.get("dropping-particle") or ""
    family = " ".join(p for p in (escape(particle), _protect(name.get("family", ""), True)) if p)
    if not family:
        return "{" + escape(name.get("given", "")) + "}"
    parts = [family]
    if name.get("suffix"):
        parts.append(_protect(name["suffix"]))
    if name.get("given") or name.get("suffix"):
        parts.append(_protect(name.get("given", "")))
    return ", ".join(parts)


def _one_date(parts: list) -> str:
    numbers = [int(p) for p in parts if str(p).lstrip("-").isdigit()]
    if not numbers:
        return ""
    return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:3])])


def date_source(date: Mapping[str, Any]) -> str:
    """A CSL date -> an ISO/EDTF date as BibLaTeX writes it; "" when there is none."""
    ranges = date.get("date-parts") or []
    text = "/".join(p for p in (_one_date(r) for r in ranges[:2]) if p)
    if not text:
        return str(date.get("raw") or date.get("literal") or "").strip()
    if date.get("season") and len(ranges[0]) == 1:
        text = f"{text}-{20 + int(date['season'])}"
    return text + ("~" if date.get("circa") else "")


@dataclass
class Converted:
    """A CSL item as a BibLaTeX entry."""

    key: str  # the item's id ("" when it has none)
    entry_type: str  # BibLaTeX type
    fields: dict[str, str] = field(default_factory=dict)  # field -> BibTeX source (no outer {})
    dropped: list[str] = field(default_factory=list)  # CSL variables with no BibLaTeX field


def from_csl(item: Mapping[str, Any]) -> Converted:
    """A CSL-JSON item -> BibLaTeX type and fields."""
    kind = str(item.get("type") or "document")
    entry_type, subtype = TYPES.get(kind, ("misc", ""))
    out = Converted(str(item.get("id") or "").strip(), entry_type)
    fields = out.fields
    if subtype:
        fields["entrysubtype"] = subtype
    for variable, name in NAME_FIELDS.items():
        names = [n for n in item.get(variable) or [] if isinstance(n, Mapping)]
        if names:
            fields[name] = " and ".join(name_source(n) for n in names)
            if any(n.get("non-dropping-particle") for n in names):
                fields["options"] = "useprefix=true"
    for variable, name in TEXT_FIELDS.items():
        if item.get(variable) not in (None, ""):
            fields[name] = text_source(item[variable], verbatim=name in VERBATIM_FIELDS)
    if item.get("container-title"):
        container = "journaltitle" if kind in PERIODICALS else "booktitle"
        fields[container] = text_source(item["container-title"])
    if item.get("event") and not item.get("event-title"):
        fields["eventtitle"] = text_source(item["event"])
    if item.get("publisher"):
        publisher = "institution" if entry_type in ("report", "thesis") else "publisher"
        fields[publisher] = text_source(item["publisher"])
    number = item.get("issue") if kind in PERIODICALS else item.get("number")
    if kind in SERIES_TYPES and item.get("collection-number"):
        number = item["collection-number"]
    if number not in (None, ""):
        fields["number"] = text_source(number)
    if item.get("genre"):
        genre = str(item["genre"])
        fields["type"] = _GENRE_KEYS.get(genre, text_source(genre))
    if item.get("language"):
        tag = str(item["language"])
        fields["langid"] = _LANGUAGE_NAMES.get(tag, text_source(tag))
    for variable, name in DATE_FIELDS.items():
        if isinstance(item.get(variable), Mapping) and (value := date_source(item[variable])):
            fields[name] = value
    out.dropped = sorted(
        k for k in item if k not in HANDLED and k not in TEXT_FIELDS and k not in NAME_FIELDS
        and k not in DATE_FIELDS
    )  # fmt: skip
    _drop_derived_short_title(out)
    _keep_title_case(out, item)
    return out


def decoded(name: str, source: str) -> str:
    return decode_verbatim(source) if name in VERBATIM_FIELDS else decode_latex(source)


def as_entry(key: str, entry_type: str, source: Mapping[str, str], path: str = "", line: int = 0):
    """A :class:`BibEntry` from BibTeX source fields, decoded as the loader decodes them."""
    fields = {name: decoded(name, value) for name, value in source.items()}
    return BibEntry(key, entry_type, fields, dict(source), path, line)


def _drop_derived_short_title(out: Converted) -> None:
    """Leave ``shorttitle`` out when the build derives the same one from the title."""
    short = out.fields.pop("shorttitle", None)
    if short is None:
        return
    item = to_csl_item(as_entry(out.key or "x", out.entry_type, out.fields))
    wanted = to_csl_item(as_entry("x", "misc", {"title": short})).get("title", "")
    if item.get("title-short", "") != wanted:
        out.fields["shorttitle"] = short


#: Title-like fields whose case the build may change (English titles are sentence-cased).
CASED_FIELDS = {"title": "title", "booktitle": "container-title", "series": "collection-title",
                "eventtitle": "event-title"}  # fmt: skip
_WORD = re.compile(r"\{[^{}]*\}|[^\W\d_]+")
_TAGS = re.compile(r"</?span[^>]*>")


def _protect_words(value: str) -> str:
    """Brace the words whose case a sentence-casing reader would change: a lower-case first
    word (or one after ": "), and every other word with a capital."""
    out, position, first = [], 0, True
    for match in _WORD.finditer(value):
        word = match.group(0)
        out.append(value[position : match.start()])
        after_colon = re.search(r"[:.?!]\s*$", value[: match.start()]) is not None
        if word.startswith("{"):
            out.append(word)
        elif ((first or after_colon) and word[0].islower()) or (
            not first and not after_colon and any(c.isupper() for c in word)
        ):
            out.append("{" + word + "}")
        else:
            out.append(word)
        first, position = False, match.end()
    out.append(value[position:])
    return "".join(out)


def _keep_title_case(out: Converted, item: Mapping[str, Any]) -> None:
    """Protect the case of titles that the build would otherwise re-case, so that importing a
    CSL item and mapping it back gives the same title."""
    for name, variable in CASED_FIELDS.items():
        if name not in out.fields or not item.get(variable):
            continue
        wanted = _TAGS.sub("", " ".join(str(item[variable]).split()))
        for attempt in (out.fields[name], _protect_words(out.fields[name])):
            mapped = to_csl_item(
                as_entry(out.key or "x", out.entry_type, {**out.fields, name: attempt})
            )
            if _TAGS.sub("", str(mapped.get(variable, ""))) == wanted:
                out.fields[name] = attempt
                break
        else:
            out.fields[name] = "{" + out.fields[name] + "}"  # keeps every letter as it is
