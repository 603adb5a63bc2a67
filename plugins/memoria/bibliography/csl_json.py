"""BibTeX/BibLaTeX entries -> CSL-JSON items, following pandoc's mapping.

The item holds plain text, except that case-protected groups become
``<span class="nocase">…</span>`` (the CSL-JSON convention citeproc-js, pandoc and citeproc-py
honour). Nothing is HTML-escaped here: the renderer escapes, so exports stay plain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from memoria.bibliography.dates import entry_date, parse_date
from memoria.bibliography.entries import BibEntry
from memoria.bibliography.latex_text import strip_protection
from memoria.bibliography.links import safe_url
from memoria.bibliography.names import split_names
from memoria.diagnostics import Diagnostic

#: BibTeX/BibLaTeX entry type -> CSL type (pandoc's choices).
TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "bookinbook": "chapter",
    "inbook": "chapter",
    "incollection": "chapter",
    "inreference": "entry-encyclopedia",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "collection": "book",
    "mvcollection": "book",
    "reference": "book",
    "mvreference": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "unpublished": "manuscript",
    "manual": "book",
    "booklet": "pamphlet",
    "dataset": "dataset",
    "software": "software",
    "video": "motion_picture",
    "movie": "motion_picture",
    "audio": "song",
    "music": "song",
    "patent": "patent",
    "periodical": "periodical",
    "legislation": "legislation",
    "legal": "legislation",
    "jurisdiction": "legal_case",
    "letter": "personal_communication",
    "misc": "document",
    "artwork": "graphic",
    "image": "graphic",
    "performance": "performance",
    "standard": "standard",
    "review": "review",
}

#: BibLaTeX language names -> the locale codes pandoc writes.
LANGUAGES = {
    "english": "en-US", "american": "en-US", "usenglish": "en-US", "british": "en-GB",
    "ukenglish": "en-GB", "spanish": "es-ES", "french": "fr-FR", "german": "de-DE",
    "ngerman": "de-DE", "portuguese": "pt-PT", "brazil": "pt-BR", "brazilian": "pt-BR",
    "italian": "it-IT", "dutch": "nl-NL", "catalan": "ca-AD", "russian": "ru-RU",
    "arabic": "ar", "turkish": "tr-TR", "polish": "pl-PL", "swedish": "sv-SE",
}  # fmt: skip

THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master’s thesis"}

#: Fields that take a nocase span for braces; in all others braces are simply dropped.
TITLE_FIELDS = ("title", "container-title", "collection-title", "title-short", "event-title")


def with_nocase(value: str) -> str:
    """``"Coup in {Bolivia}"`` -> ``'Coup in <span class="nocase">Bolivia</span>'``.

    Only the outermost braces matter: nested groups are inside an already protected span.
    """
    out, depth, escaped = [], 0, False
    for char in value:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
            out.append(char)
        elif char == "{":
            depth += 1
            if depth == 1:
                out.append('<span class="nocase">')
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                out.append("</span>")
        else:
            out.append(char)
    out.extend("</span>" for _ in range(min(depth, 1)))
    return (
        "".join(out)
        .replace('<span class="nocase"></span>', "")
        .replace('</span><span class="nocase">', "")
    )


def csl_type(entry_type: str, fields: Mapping[str, str]) -> str:
    subtype = fields.get("entrysubtype", "").strip().lower()
    if entry_type == "article" and subtype in ("magazine", "newspaper"):
        return f"article-{subtype}"
    if entry_type in ("misc", "online") and subtype in ("post", "blogpost"):
        return "post-weblog"
    return TYPES.get(entry_type, "document")


def language(value: str) -> str:
    text = value.strip()
    return LANGUAGES.get(text.lower(), text)


def _join_title(fields: Mapping[str, str], title: str, subtitle: str, addon: str) -> str:
    text = fields.get(title, "")
    if fields.get(subtitle):
        text = f"{text}: {fields[subtitle]}" if text else fields[subtitle]
    if fields.get(addon):
        text = f"{text}. {fields[addon]}" if text else fields[addon]
    return text


def to_csl_item(entry: BibEntry) -> dict[str, Any]:
    """The CSL-JSON item of ``entry``; ``id`` is the key exactly as written."""
    fields = entry.fields
    kind = csl_type(entry.entry_type, fields)
    item: dict[str, Any] = {"id": entry.key, "type": kind}
    text: dict[str, str] = {}

    title = _join_title(fields, "title", "subtitle", "titleaddon")
    if title:
        text["title"] = title
        if fields.get("subtitle") or fields.get("shorttitle"):
            text["title-short"] = fields.get("shorttitle") or fields["title"]
    container = _join_title(fields, "booktitle", "booksubtitle", "booktitleaddon") or (
        _join_title(fields, "journaltitle", "journalsubtitle", "") or fields.get("journal", "")
    )
    if container:
        text["container-title"] = container
    if fields.get("shortjournal"):
        text["container-title-short"] = fields["shortjournal"]
    if fields.get("series"):
        text["collection-title"] = fields["series"]
    if fields.get("eventtitle"):
        text["event-title"] = fields["eventtitle"]

    publisher = next(
        (
            fields[n]
            for n in ("publisher", "institution", "school", "organization")
            if fields.get(n)
        ),
        "",
    )
    if publisher:
        text["publisher"] = publisher
    elif fields.get("howpublished") and kind not in ("webpage",):
        text["publisher"] = fields["howpublished"]
    place = fields.get("location") or fields.get("address")
    if place:
        text["publisher-place"] = place
    if fields.get("venue"):
        text["event-place"] = fields["venue"]

    for source, target in (
        ("edition", "edition"), ("volume", "volume"), ("note", "note"), ("abstract", "abstract"),
        ("keywords", "keyword"), ("isbn", "ISBN"), ("issn", "ISSN"), ("version", "version"),
        ("pagetotal", "number-of-pages"), ("volumes", "number-of-volumes"), ("chapter", "chapter-number"),
        ("addendum", "note"),
    ):  # fmt: skip
        if fields.get(source) and target not in text:
            text[target] = fields[source]
    if fields.get("pages"):
        text["page"] = fields["pages"].replace("–", "-").replace("—", "-")
    if fields.get("number"):
        text["issue" if kind.startswith("article") else "number"] = fields["number"]
    if fields.get("issue") and "issue" not in text:
        text["issue"] = fields["issue"]
    genre = fields.get("type", "")
    genre = THESIS_GENRES.get(genre.lower(), genre) or THESIS_GENRES.get(entry.entry_type, "")
    if genre:
        text["genre"] = genre

    for name, value in text.items():
        item[name] = with_nocase(value) if name in TITLE_FIELDS else strip_protection(value)

    for source, target in (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("bookauthor", "container-author"),
    ):
        names = split_names(fields.get(source, ""))
        if names:
            item[target] = names

    issued = entry_date(fields)
    if issued:
        item["issued"] = issued
    for source, target in (
        ("urldate", "accessed"),
        ("eventdate", "event-date"),
        ("origdate", "original-date"),
    ):
        if fields.get(source) and (date := parse_date(fields[source])):
            item[target] = date
    lang = fields.get("langid") or fields.get("language")
    if lang:
        item["language"] = language(strip_protection(lang))
    if fields.get("doi"):
        item["DOI"] = re.sub(
            r"^(https?://(dx\.)?doi\.org/|doi:)", "", fields["doi"].strip(), flags=re.I
        )
    if fields.get("url") and safe_url(fields["url"]):
        item["URL"] = fields["url"].strip()  # a javascript: or file: "URL" is not published
    return item


def entry_problems(entry: BibEntry) -> list[Diagnostic]:
    """Values the build cannot use: dates that are not dates."""
    problems = []
    for name in ("date", "urldate", "eventdate", "origdate"):
        value = entry.fields.get(name, "")
        if value and parse_date(value) is None:
            problems.append(
                Diagnostic(
                    entry.path,
                    entry.line,
                    f"entry '{entry.key}': {name} '{value}' is not a date",
                    "write an ISO date: 2021, 2021-08 or 2021-08-17 (a range as 2019-11-15/2019-11-18)",
                    code="bibtex.date",
                )
            )
    year = entry.fields.get("year", "")
    if year and not entry.fields.get("date") and not year.strip().lstrip("-").isdigit():
        problems.append(
            Diagnostic(
                entry.path,
                entry.line,
                f"entry '{entry.key}': year '{year}' is not a year",
                "write the year as digits, e.g. year = {2021}",
                code="bibtex.date",
            )
        )
    return problems
