"""BibTeX/BibLaTeX entries -> CSL-JSON items, following pandoc's mapping.

Pandoc (``pandoc -f biblatex -t csljson``) is the reference: the conformance test in
``tests/unit/test_csl_json.py`` compares the two and lists every deliberate difference with its
reason. The item holds plain text, except that case-protected groups in title-like fields become
``<span class="nocase">…</span>`` (the CSL-JSON convention citeproc-js, pandoc and citeproc-py
honour). Nothing is HTML-escaped here: the renderer escapes, so exports stay plain text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from memoria.bibliography.dates import entry_date, month_number, parse_date
from memoria.bibliography.entries import BibEntry
from memoria.bibliography.latex_text import strip_protection
from memoria.bibliography.links import safe_url
from memoria.bibliography.names import name_problems, split_names, useprefix
from memoria.diagnostics import Diagnostic, Severity

#: BibTeX/BibLaTeX entry type -> CSL type, as pandoc maps them. Where pandoc writes an empty
#: type (misc, conference, unknown types) we write "document" or the obvious type instead: an
#: empty type is not CSL, and styles then fall back to their generic layout anyway.
TYPES = {
    "article": "article-journal",
    "periodical": "article-journal",
    "suppperiodical": "article-journal",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "reference": "book",
    "mvreference": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "manual": "book",
    "commentary": "book",
    "bookinbook": "chapter",
    "inbook": "chapter",
    "incollection": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inreference": "entry-encyclopedia",
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
    "booklet": "pamphlet",
    "dataset": "dataset",
    "data": "dataset",
    "software": "software",
    "video": "motion_picture",
    "movie": "motion_picture",
    "audio": "song",
    "music": "song",
    "patent": "patent",
    "legislation": "legislation",
    "standard": "legislation",
    "legal": "treaty",
    "jurisdiction": "legal_case",
    "letter": "personal_communication",
    "artwork": "graphic",
    "image": "graphic",
    "performance": "speech",
    "review": "review",
    "newsarticle": "article-newspaper",
    "misc": "document",
}

#: Types whose ``entrysubtype`` may say "magazine" or "newspaper" (BibLaTeX's convention).
PERIODICAL_TYPES = frozenset({"article", "periodical", "suppperiodical"})
#: ``entrysubtype`` of a @misc that names a CSL type (pandoc ignores it; we take the hint).
MISC_SUBTYPES = {
    "post": "post-weblog", "blogpost": "post-weblog", "blog": "post-weblog",
    "webpage": "webpage", "website": "webpage", "online": "webpage",
}  # fmt: skip
#: CSL types whose ``number`` is the issue of a periodical.
ISSUE_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper"})
#: CSL types whose ``number`` is their position in a ``series`` when there is one.
SERIES_TYPES = frozenset({"book", "chapter", "paper-conference", "entry-encyclopedia"})

#: BibLaTeX (babel/polyglossia) language names -> BCP 47 tags. Pandoc writes a country for every
#: language ("spanish" -> "es-ES"); we do not, because a Spanish-language report from Bolivia is
#: not from Spain: only names that say a country ("american", "brazil") get one.
LANGUAGES = {
    "english": "en", "american": "en-US", "usenglish": "en-US", "british": "en-GB",
    "ukenglish": "en-GB", "canadian": "en-CA", "australian": "en-AU", "newzealand": "en-NZ",
    "spanish": "es", "mexican": "es-MX", "french": "fr", "german": "de", "ngerman": "de",
    "austrian": "de-AT", "naustrian": "de-AT", "swissgerman": "de-CH", "nswissgerman": "de-CH",
    "portuguese": "pt", "portuges": "pt", "brazil": "pt-BR", "brazilian": "pt-BR",
    "italian": "it", "dutch": "nl", "catalan": "ca", "russian": "ru", "arabic": "ar",
    "turkish": "tr", "polish": "pl", "swedish": "sv", "danish": "da", "norsk": "nb",
    "nynorsk": "nn", "finnish": "fi", "greek": "el", "czech": "cs", "hungarian": "hu",
    "romanian": "ro", "croatian": "hr", "serbian": "sr", "slovene": "sl", "ukrainian": "uk",
    "hebrew": "he", "chinese": "zh", "japanese": "ja", "korean": "ko", "latin": "la",
    "basque": "eu", "galician": "gl", "quechua": "qu", "aymara": "ay", "guarani": "gn",
}  # fmt: skip
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

#: ``type`` values that are BibLaTeX localisation keys, and the thesis types' default genre
#: (pandoc's English strings).
GENRES = {
    "phdthesis": "PhD thesis",
    "mathesis": "Master’s thesis",
    "masterthesis": "Master’s thesis",
    "mastersthesis": "Master’s thesis",
    "techreport": "technical report",
    "resreport": "research report",
    "software": "computer software",
    "datacd": "CD-ROM",
    "audiocd": "audio CD",
}
THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master’s thesis"}
#: The same keys in other languages, from biblatex's localisation files (``spanish.lbx``), which
#: pandoc's biblatex reader uses for the document's language. Where biblatex has no string
#: (``mathesis``, ``resreport``) pandoc prints the bare key ("Mathesis"); we write the Spanish
#: term instead. A language not listed keeps the English strings.
LOCALISED_GENRES = {
    "es": {
        "phdthesis": "Tesis doctoral",
        "mathesis": "Tesis de maestría",
        "masterthesis": "Tesis de maestría",
        "mastersthesis": "Tesis de maestría",
        "techreport": "informe técnico",
        "resreport": "informe de investigación",
        "software": "programa",
        "datacd": "disco de datos",
        "audiocd": "disco de audio",
    },
}

#: Fields that take a nocase span for braces; in all others braces are simply dropped.
TITLE_FIELDS = frozenset(
    {"title", "title-short", "container-title", "container-title-short", "collection-title",
     "event-title", "event"}
)  # fmt: skip

#: Entry fields whose value must be a date, and the CSL variable each becomes.
DATE_FIELDS = {"urldate": "accessed", "eventdate": "event-date", "origdate": "original-date"}
#: Name fields -> CSL name variables.
NAME_FIELDS = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "bookauthor": "container-author",
}
#: Fields copied as they are (braces dropped) -> CSL variable.
PLAIN_FIELDS = {
    "edition": "edition", "volume": "volume", "abstract": "abstract", "keywords": "keyword",
    "isbn": "ISBN", "issn": "ISSN", "version": "version", "pagetotal": "number-of-pages",
    "volumes": "number-of-volumes", "chapter": "chapter-number",
}  # fmt: skip

#: Source fields pandoc's biblatex reader turns into sentence case in an English entry (styles
#: such as chicago title-case them back; APA prints them as they are). Journal titles are names
#: and keep their case.
SENTENCE_CASE_FIELDS = (
    "title", "subtitle", "titleaddon", "shorttitle", "booktitle", "booksubtitle",
    "booktitleaddon", "maintitle", "mainsubtitle", "maintitleaddon", "issuetitle",
    "issuesubtitle", "series", "eventtitle",
)  # fmt: skip
#: A run of letters: the unit whose case sentence-casing decides.
_LETTERS = re.compile(r"[^\W\d_]+")
#: Ends a sentence (or starts a subtitle) when followed by a space.
_SENTENCE_END = re.compile(r"[:.?!]\s")

#: Brackets a short title must not cut in half.
_PAIRS = (("[", "]"), ("(", ")"), ("{", "}"))
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def with_nocase(value: str) -> str:
    """``"Coup in {Bolivia}"`` -> ``'Coup in <span class="nocase">Bolivia</span>'``.

    Only the outermost braces matter: nested groups are inside an already protected span.
    """
    out, depth = [], 0
    for char in value:
        if char == "{":
            depth += 1
            if depth == 1:
                out.append('<span class="nocase">')
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                out.append("</span>")
        elif char != "}":
            out.append(char)
    if depth:
        out.append("</span>")  # an unclosed group protects up to the end
    return (
        "".join(out)
        .replace('<span class="nocase"></span>', "")
        .replace('</span><span class="nocase">', "")
    )


def sentence_case(value: str) -> str:
    """``"State Violence in the {Andes}: A New Look"`` -> ``"State violence in the {Andes}: A new
    look"``, as pandoc's biblatex reader does for English titles.

    A capitalised word ("Violence", "A", "I") becomes lower case; a word in braces, all capitals
    ("NGO") or mixed case ("iPhone", "McDonald") stays as written. The first word, and the first
    after ":", ".", "?" or "!" and a space, starts with a capital. Words are runs of letters, so
    "Hyphen-Ated" gives "Hyphen-ated" and "U.S." gives "u.s." (as pandoc).
    """
    out: list[str] = []
    between = ""  # the text since the last word or braced group
    started = False
    depth = 0
    group = ""
    plain = ""

    def flush_plain() -> None:
        nonlocal plain, between, started
        position = 0
        for match in _LETTERS.finditer(plain):
            between += plain[position : match.start()]
            out.append(plain[position : match.start()])
            word = match.group(0)
            if not started or _SENTENCE_END.search(between):
                if word[1:].islower() or len(word) == 1:
                    word = word[0].upper() + word[1:]
            elif word[0].isupper() and (len(word) == 1 or word[1:].islower()):
                word = word.lower()
            out.append(word)
            started, between = True, ""
            position = match.end()
        between += plain[position:]
        out.append(plain[position:])
        plain = ""

    for char in value:
        if depth == 0 and char != "{":
            plain += char
            continue
        if char == "{":
            if depth == 0:
                flush_plain()
            depth += 1
        elif char == "}":
            depth -= 1
        group += char
        if depth == 0:
            out.append(group)
            # "{U.S.} Army": the group's last character counts as text before the next word
            started, between, group = True, group.rstrip("}")[-1:], ""
    flush_plain()
    out.append(group)  # an unclosed group stays as written
    return "".join(out)


def is_english(fields: Mapping[str, str], site_language: str = "en") -> bool:
    """Whether pandoc would sentence-case the entry's titles: the site (pandoc: the document's
    ``lang``) is English and the entry names no language or an English one."""
    lang = language(fields.get("langid") or fields.get("language", "")) or site_language
    return all(tag.lower().split("-")[0] == "en" for tag in (lang, site_language))


def csl_type(entry_type: str, fields: Mapping[str, str]) -> str:
    """The CSL type of a BibTeX entry type, refined by ``entrysubtype`` and event fields."""
    kind = entry_type.strip().lower()
    subtype = strip_protection(fields.get("entrysubtype", "")).strip().lower()
    if kind in PERIODICAL_TYPES and subtype in ("magazine", "newspaper"):
        return f"article-{subtype}"
    if kind == "misc" and subtype in MISC_SUBTYPES:
        return MISC_SUBTYPES[subtype]
    if kind == "unpublished" and any(fields.get(f) for f in ("eventtitle", "eventdate", "venue")):
        return "speech"  # a talk: pandoc's choice
    return TYPES.get(kind, "document")


def language(value: str) -> str | None:
    """``"spanish"`` -> ``"es"``; a BCP 47 tag stays as written; None for anything else."""
    text = strip_protection(value).strip()
    if text.lower() in LANGUAGES:
        return LANGUAGES[text.lower()]
    return text if _LANGUAGE_TAG.match(text) else None


def _join(*parts: str, sep: str) -> str:
    return sep.join(p for p in parts if p)


def _title(fields: Mapping[str, str], title: str, subtitle: str, addon: str) -> str:
    """Title, subtitle and addon joined as pandoc does: "Title: Subtitle. Addon"."""
    text = _join(fields.get(title, "").strip(), fields.get(subtitle, "").strip(), sep=": ")
    return _join(text, fields.get(addon, "").strip(), sep=". ")


def _short_title(fields: Mapping[str, str], main: str) -> str:
    """``shorttitle``; else, as pandoc, the title before its colon (or before its subtitle)."""
    if fields.get("shorttitle", "").strip():
        return fields["shorttitle"].strip()
    before, colon, _ = main.partition(":")
    if colon and before.strip() and all(before.count(o) == before.count(c) for o, c in _PAIRS):
        # Not inside brackets: "[Bolivia: Submission ...]" must not shorten to "[Bolivia".
        return before.strip()
    if fields.get("subtitle") or fields.get("titleaddon"):
        return main
    return ""


def genre(entry: BibEntry, locale: str = "en") -> str:
    """The entry's ``type`` as a CSL genre: a BibLaTeX localisation key ("phdthesis", also the
    default of a @phdthesis) in the words of ``locale`` ("Tesis doctoral" in es-ES), any other
    text as written."""
    written = strip_protection(entry.fields.get("type", "")).strip()
    key = written.lower() if written.lower() in GENRES else ""
    if not written and entry.entry_type in THESIS_GENRES:
        key = entry.entry_type
    if not key:
        return written
    localised = LOCALISED_GENRES.get(locale.lower().replace("_", "-").split("-")[0], {})
    return localised.get(key) or GENRES.get(key) or THESIS_GENRES[key]


def _texts(entry: BibEntry, kind: str, locale: str = "en") -> dict[str, str]:
    """Every text variable of the item, with braces still in place."""
    fields = entry.fields
    text: dict[str, str] = {}
    if entry.entry_type in PERIODICAL_TYPES - {"article"}:
        # A whole periodical, or one issue of it: the issue title is the title (pandoc).
        issue = _title(fields, "issuetitle", "issuesubtitle", "")
        main = _title(fields, "title", "subtitle", "titleaddon")
        text["title"], text["container-title"] = (issue, main) if issue else (main, "")
    else:
        main = _title(fields, "title", "subtitle", "titleaddon")
        text["title"] = main
        text["title-short"] = _short_title(fields, fields.get("title", "").strip())
        text["container-title"] = (
            _title(fields, "booktitle", "booksubtitle", "booktitleaddon")
            or _title(fields, "journaltitle", "journalsubtitle", "")
            or fields.get("journal", "").strip()
        )
    text["container-title-short"] = fields.get("shortjournal", "")
    text["collection-title"] = fields.get("series", "")
    text["event-title"] = fields.get("eventtitle", "")
    text["event"] = fields.get("eventtitle", "")  # the CSL 1.0.1 name, which most styles use

    publishers = [fields.get(n, "").strip() for n in ("school", "institution", "organization")]
    howpublished = fields.get("howpublished", "").strip()
    if howpublished and not safe_url(howpublished):
        publishers.append(howpublished)
    publishers.append(fields.get("publisher", "").strip())
    text["publisher"] = _join(*publishers, sep="; ")
    text["publisher-place"] = fields.get("location") or fields.get("address", "")
    text["event-place"] = fields.get("venue", "")

    for source, target in PLAIN_FIELDS.items():
        text[target] = fields.get(source, "")
    text["note"] = _join(
        fields.get("note", "").strip(), fields.get("addendum", "").strip(), sep=". "
    )
    text["page"] = re.sub(r"\s*[–—]\s*|\s*--?\s*", "-", fields.get("pages", "").strip())

    number = fields.get("number", "").strip()
    if kind in ISSUE_TYPES:
        text["issue"] = _join(number, fields.get("issue", "").strip(), sep=", ")
    elif kind in SERIES_TYPES and fields.get("series"):
        text["collection-number"] = number
    else:
        text["number"] = number

    text["genre"] = genre(entry, locale)
    return text


def to_csl_item(entry: BibEntry, site_language: str = "en") -> dict[str, Any]:
    """The CSL-JSON item of ``entry``; ``id`` is the key exactly as written.

    Titles of an English entry on an English site (``site_language``: the ``CSL_LOCALE``) are in
    sentence case, as pandoc maps them. A ``type`` that is a BibLaTeX localisation key becomes
    the genre in the words of ``site_language`` (:func:`genre`).

    ``file`` is never read (local paths must not be published), nor is any field this function
    does not name.
    """
    fields = entry.fields
    kind = csl_type(entry.entry_type, fields)
    item: dict[str, Any] = {"id": entry.key, "type": kind}

    if is_english(fields, site_language):
        cased = {n: sentence_case(fields[n]) for n in SENTENCE_CASE_FIELDS if fields.get(n)}
        entry = replace(entry, fields={**fields, **cased})
    for name, value in _texts(entry, kind, site_language).items():
        text = with_nocase(value) if name in TITLE_FIELDS else strip_protection(value)
        text = " ".join(text.split())
        if text:
            item[name] = text

    use_prefix = useprefix(fields.get("options", ""))
    for source, target in NAME_FIELDS.items():
        names = split_names(fields.get(source, ""), use_prefix)
        if names:
            item[target] = names

    issued = entry_date(fields)
    if issued:
        item["issued"] = issued
    for source, target in DATE_FIELDS.items():
        if fields.get(source, "").strip() and (date := parse_date(fields[source])):
            item[target] = date

    lang = language(fields.get("langid") or fields.get("language", ""))
    if lang:
        item["language"] = lang
    doi = _DOI_PREFIX.sub("", fields.get("doi", "").strip())
    if doi:
        item["DOI"] = doi
    url = fields.get("url", "").strip() or fields.get("howpublished", "").strip()
    if url and safe_url(url):
        item["URL"] = url  # a javascript: or file: "URL" is never published
    return item


def _problem(
    entry: BibEntry, message: str, hint: str, code: str, severity: Severity = "error"
) -> Diagnostic:
    text = f"entry '{entry.key}': {message}"
    return Diagnostic(entry.path, entry.line, text, hint, severity=severity, code=code)


def entry_problems(entry: BibEntry) -> list[Diagnostic]:
    """Values the CSL item cannot carry: dates that are not dates, names that cannot be split,
    unsafe URLs. Each would otherwise vanish silently from the rendered reference."""
    fields = entry.fields
    problems = []
    date_hint = "write an ISO date: 2021, 2021-08 or 2021-08-17 (a range as 2019-11-15/2019-11-18)"
    for name in ("date", *DATE_FIELDS):
        value = fields.get(name, "").strip()
        if value and parse_date(value) is None:
            problems.append(
                _problem(entry, f"{name} '{value}' is not a date", date_hint, "bibtex.date")
            )
    if not fields.get("date", "").strip():
        year = fields.get("year", "").strip()
        if year and entry_date(fields) is None:
            problems.append(
                _problem(
                    entry,
                    f"year '{year}' is not a year",
                    "write the year as digits, e.g. year = {2021} (circa 2021: date = {2021~})",
                    "bibtex.date",
                )
            )
        month = fields.get("month", "").strip()
        if month and month_number(month) is None:
            problems.append(
                _problem(
                    entry,
                    f"month '{month}' is not a month",
                    "write a number from 1 to 12 or a month name, e.g. month = nov",
                    "bibtex.date",
                )
            )
    for name in NAME_FIELDS:
        for message in name_problems(fields.get(name, "")):
            problems.append(
                _problem(
                    entry,
                    f"{name}: {message}",
                    "write 'Family, Given and Family, Given'; brace a body: {Human Rights Watch}",
                    "bibtex.name",
                    "warning",  # the name is kept whole, as a literal, so the entry still renders
                )
            )
    url = fields.get("url", "").strip()
    if url and not safe_url(url):
        problems.append(
            _problem(
                entry,
                f"url '{url}' is not an absolute http, https or mailto link; it is left out",
                "write the full address, e.g. https://example.org/report.pdf",
                "bibtex.url",
                "warning",  # the entry still renders, without the link
            )
        )
    return problems
