"""Machine-readable descriptions of an entry for its page: Highwire tags and schema.org JSON-LD.

Zotero and Google Scholar read ``citation_*`` meta tags; search engines read JSON-LD. Both are built
here from the CSL-JSON item as plain data; the template escapes them (``|e`` and ``|tojson``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from memoria.bibliography.links import doi_url, safe_url
from memoria.bibliography.names import is_others

_NOCASE_SPAN = re.compile(r"</?span[^>]*>")

#: CSL type -> schema.org type; anything else is a CreativeWork.
SCHEMA_TYPES = {
    "article-journal": "ScholarlyArticle",
    "article-magazine": "Article",
    "article-newspaper": "NewsArticle",
    "book": "Book",
    "chapter": "Chapter",
    "report": "Report",
    "thesis": "Thesis",
    "webpage": "WebPage",
    "post-weblog": "BlogPosting",
    "dataset": "Dataset",
    "software": "SoftwareSourceCode",
    "legislation": "Legislation",
    "manuscript": "Manuscript",
    "paper-conference": "ScholarlyArticle",
}


def plain(value: Any) -> str:
    """A CSL text value without the nocase markup."""
    return _NOCASE_SPAN.sub("", str(value or "")).strip()


def person_name(name: Mapping[str, str]) -> str:
    """'Given Family' for a person, the literal for an organisation."""
    if name.get("literal"):
        return plain(name["literal"])
    parts = [
        name.get("given", ""),
        name.get("dropping-particle", ""),
        name.get("non-dropping-particle", ""),
        name.get("family", ""),
    ]
    text = " ".join(plain(p) for p in parts if p)
    return f"{text}, {name['suffix']}" if name.get("suffix") else text


def date_parts(item: Mapping[str, Any], variable: str = "issued") -> list[int]:
    parts = (item.get(variable) or {}).get("date-parts") or [[]]
    return [int(p) for p in parts[0] if str(p).lstrip("-").isdigit()]


def iso_date(item: Mapping[str, Any], variable: str = "issued") -> str:
    """'2021', '2021-08' or '2021-08-17'; '' when the item has no such date."""
    parts = date_parts(item, variable)
    return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts))


def item_links(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, URL) of every link a reader may follow, only with safe schemes."""
    links = []
    if item.get("DOI") and (url := doi_url(str(item["DOI"]))):
        links.append(("DOI", url))
    if item.get("URL") and (url := safe_url(str(item["URL"]))):
        links.append(("Online", url))
    return links


def highwire_tags(item: Mapping[str, Any], page_url: str) -> list[tuple[str, str]]:
    """(name, content) pairs for ``<meta name=... content=...>``, in a stable order."""
    tags = [("citation_title", plain(item.get("title")))]
    people = [n for n in item.get("author", []) if not is_others(n)]
    tags += [("citation_author", person_name(n)) for n in people]
    parts = date_parts(item)
    if parts:
        tags.append(("citation_publication_date", "/".join(f"{p:02d}" for p in parts)))
    container = plain(item.get("container-title"))
    if container:
        name = "citation_journal_title" if item.get("type") == "article-journal" else None
        name = name or ("citation_inbook_title" if item.get("type") == "chapter" else None)
        name = name or "citation_conference_title"
        if item.get("type") in ("article-journal", "chapter", "paper-conference"):
            tags.append((name, container))
    publisher = plain(item.get("publisher"))
    if publisher:
        kind = {
            "report": "citation_technical_report_institution",
            "thesis": "citation_dissertation_institution",
        }.get(str(item.get("type")), "citation_publisher")
        tags.append((kind, publisher))
    for csl_name, tag in (
        ("volume", "citation_volume"),
        ("issue", "citation_issue"),
        ("number", "citation_technical_report_number"),
        ("ISBN", "citation_isbn"),
        ("ISSN", "citation_issn"),
        ("DOI", "citation_doi"),
        ("language", "citation_language"),
    ):
        if item.get(csl_name):
            tags.append((tag, plain(item[csl_name])))
    if item.get("page"):
        first, _, last = plain(item["page"]).partition("-")
        tags.append(("citation_firstpage", first))
        if last:
            tags.append(("citation_lastpage", last))
    tags.append(("citation_abstract_html_url", page_url))
    return [(name, value) for name, value in tags if value]


def json_ld(item: Mapping[str, Any], page_url: str) -> dict[str, Any]:
    """A schema.org description of the work, for ``<script type="application/ld+json">``."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(str(item.get("type")), "CreativeWork"),
        "@id": page_url,
        "name": plain(item.get("title")),
    }
    authors = [
        {"@type": "Organization" if n.get("literal") else "Person", "name": person_name(n)}
        for n in item.get("author", [])
        if not is_others(n)  # "and others" is not a person
    ]
    if authors:
        data["author"] = authors
    if iso_date(item):
        data["datePublished"] = iso_date(item)
    if plain(item.get("publisher")):
        data["publisher"] = {"@type": "Organization", "name": plain(item["publisher"])}
    if plain(item.get("abstract")):
        data["abstract"] = plain(item["abstract"])
    if item.get("language"):
        data["inLanguage"] = plain(item["language"])
    links = item_links(item)
    if links:
        data["url"] = links[-1][1]
        data["sameAs"] = [url for _label, url in links]
    if item.get("ISBN"):
        data["isbn"] = plain(item["ISBN"])
    if plain(item.get("container-title")):
        data["isPartOf"] = {"@type": "CreativeWork", "name": plain(item["container-title"])}
    return data
