"""What the bibliography page filters and groups by in the browser: each entry's type, year,
case studies and author names, and the options of the filter form.

Pure functions over CSL-JSON items and plain records; the generator attaches the values to each
entry (``data-*`` attributes in ``bibliography.html``) and ``js/bibliography.js`` reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from memoria.bibliography.entry_metadata import plain
from memoria.i18n.marker import N_

#: English names of CSL types, translated by the theme's catalog; others are spelled out.
TYPE_LABELS = {
    "article": N_("Article"),
    "article-journal": N_("Journal article"),
    "article-magazine": N_("Magazine article"),
    "article-newspaper": N_("Newspaper article"),
    "book": N_("Book"),
    "chapter": N_("Book chapter"),
    "dataset": N_("Dataset"),
    "document": N_("Document"),
    "entry-encyclopedia": N_("Encyclopedia entry"),
    "interview": N_("Interview"),
    "legal_case": N_("Legal case"),
    "legislation": N_("Legislation"),
    "manuscript": N_("Manuscript"),
    "motion_picture": N_("Film"),
    "paper-conference": N_("Conference paper"),
    "post": N_("Post"),
    "post-weblog": N_("Blog post"),
    "report": N_("Report"),
    "speech": N_("Speech"),
    "thesis": N_("Thesis"),
    "webpage": N_("Web page"),
}


def type_label(csl_type: str) -> str:
    """'Journal article' for 'article-journal'; an unlisted type with its dashes as spaces."""
    return TYPE_LABELS.get(csl_type) or csl_type.replace("-", " ").replace("_", " ").capitalize()


def author_names(item: Mapping[str, Any]) -> tuple[str, ...]:
    """The item's authors ('Family, Given', or an organisation's name), else its editors."""
    names = item.get("author") or item.get("editor") or []
    shown = []
    for name in names:
        if name.get("literal"):
            text = plain(name["literal"])
        else:
            family = " ".join(
                plain(name[part]) for part in ("non-dropping-particle", "family") if name.get(part)
            )
            given = " ".join(
                plain(name[part]) for part in ("given", "dropping-particle") if name.get(part)
            )
            text = f"{family}, {given}" if family and given else family or given
        if text and text != "others" and text not in shown:
            shown.append(text)
    return tuple(shown)


@dataclass(frozen=True)
class FilterOptions:
    """The choices of the bibliography page's filter form, each list sorted."""

    types: tuple[tuple[str, str], ...]  # (CSL type, English label), by label
    years: tuple[str, ...]  # years that occur, newest first
    case_studies: tuple[tuple[str, str], ...]  # (slug, title), by title
    authors: tuple[str, ...]  # author names as author_names() gives them, alphabetical


class Filterable(Protocol):
    """What :func:`filter_options` reads from an entry (the generator's EntryPage has it)."""

    csl_type: str
    year: str
    case_studies: tuple[Any, ...]  # case study objects with ``file_slug`` and ``title``
    authors: tuple[str, ...]


def filter_options(entries: Iterable[Filterable]) -> FilterOptions:
    """The form's choices: only values some entry has, so no choice ever shows nothing."""
    entries = list(entries)
    types = {e.csl_type for e in entries}
    cases = {(c.file_slug, c.title) for e in entries for c in e.case_studies}
    return FilterOptions(
        types=tuple(sorted(((t, type_label(t)) for t in types), key=lambda p: (p[1], p[0]))),
        years=tuple(sorted({e.year for e in entries if e.year}, reverse=True)),
        case_studies=tuple(sorted(cases, key=lambda c: (c[1].casefold(), c[0]))),
        authors=tuple(
            sorted({a for e in entries for a in e.authors}, key=lambda a: (a.casefold(), a))
        ),
    )
