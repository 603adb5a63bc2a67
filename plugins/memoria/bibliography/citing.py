"""Turn the citations a reader found in a page into rendered, linked text and a reference list.

Readers leave a placeholder per citation in the HTML and the parsed citations in the page's
metadata (so Pelican's reader cache never holds formatted references that a .bib edit would make
stale). Once every page is read, this module renders each page's citations against the library,
swaps the placeholders, attaches the page's reference list, and records which pages cite each entry.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import Markup

from memoria.bibliography.citation_notes import AUTHOR, IN_NOTE, NOTE
from memoria.bibliography.cite_syntax import Citation
from memoria.bibliography.library import Library
from memoria.bibliography.markdown_citations import PLACEHOLDER_RE
from memoria.csl.render import CiteItem, Cluster
from memoria.diagnostics import Diagnostic, did_you_mean

#: Suffixes of the per-page reference-list downloads, in the order they are offered.
EXPORT_FORMATS = (("BibTeX", "bib"), ("RIS", "ris"), ("CSL-JSON", "json"))


@dataclass(frozen=True)
class Reference:
    """One entry of a page's reference list, ready for the ``_references.html`` partial."""

    key: str  # entry key
    url: str  # site-relative URL of the entry's page
    html: Markup  # the formatted reference (citeproc output built from escaped fields)


@dataclass(frozen=True)
class ReferenceList:
    """What ends a citing page: its references and where to download them."""

    title: str  # heading, from BIBLIOGRAPHY_REFERENCES_TITLE
    references: tuple[Reference, ...]  # exactly the entries the page cites, in the style's order
    downloads: tuple[
        tuple[str, str], ...
    ]  # (format label, site-relative URL) of the list's exports
    export_stem: str  # site-relative path of the exports without suffix


def export_stem(content: Any, settings: Any) -> str:
    """Where a page's reference-list downloads are written: unique because ``save_as`` is."""
    save_as = Path(str(content.save_as))
    parts = save_as.with_suffix("").parts
    if parts and parts[-1] == "index":
        parts = parts[:-1]
    name = "-".join(parts) or "index"
    return f"{settings.index_url.rstrip('/')}/lists/{name}"


def citation_lines(source_text: str, citations: Sequence[Citation]) -> list[int]:
    """1-based line of each citation, found by searching its raw text in order through the file."""
    lines, position = [], 0
    for citation in citations:
        found = source_text.find(citation.raw, position)
        if found < 0:
            found = source_text.find(citation.raw)
        if found < 0:
            lines.append(1)
            continue
        lines.append(source_text.count("\n", 0, found) + 1)
        position = found + len(citation.raw)
    return lines


class _Place(NamedTuple):
    """Where a citation's placeholder stands in a page's HTML."""

    index: int  # into the page's parsed citations
    role: str | None  # None in an in-text style; else NOTE or IN_NOTE (see citation_notes)
    note: int  # the footnote it stands in (0: running text of an in-text style)


def to_cluster(
    citation: Citation,
    known: set[str],
    note: int = 0,
    as_note: bool = False,
    after_text: bool = False,
) -> Cluster:
    """The renderer's view of a citation, keeping only keys the library has.

    ``as_note``: the citation is a note's text; a narrative one then leaves its author in the
    running text, so the note suppresses it (pandoc's rule). ``after_text``: it stands inside
    one of the author's footnotes, after the author's words."""
    narrative = citation.narrative and not as_note
    items = tuple(
        CiteItem(
            key=item.key,
            locator=item.locator,
            label=item.label or "page",
            prefix=item.prefix,
            suffix=item.suffix,
            suppress_author=item.suppress_author or (citation.narrative and as_note),
        )
        for item in citation.items
        if item.key in known
    )
    return Cluster(items=items, narrative=narrative, note_number=note, after_text=after_text)


def note_text(text: str) -> str:
    """A citation as the whole text of a footnote ends with a full stop (the engine has already
    capitalised the citation that opens a note)."""
    visible = re.sub(r"<[^>]*>", "", text).rstrip()
    return text if visible.endswith((".", "!", "?")) else f"{text}."


def _link_author(cluster: Cluster, author: str, href: Any) -> str:
    """A narrative citation's author, left in the running text when its note holds the rest."""
    if not cluster.items:
        return ""
    return (
        f'<a class="citation-author" href="{html.escape(href(cluster.items[0].key))}">{author}</a>'
    )


def unknown_key_problems(
    citations: Sequence[Citation], lines: Sequence[int], path: str, library: Library
) -> list[Diagnostic]:
    problems = []
    for citation, line in zip(citations, lines, strict=True):
        for item in citation.items:
            # A key whose entry failed to parse: its parse error is the one error to report.
            if item.key not in library.entries and item.key not in library.unparsed_keys:
                hint = did_you_mean(item.key, library.entries) or (
                    "add the entry to a .bib file under BIBLIOGRAPHY_PATHS"
                )
                problems.append(
                    Diagnostic(
                        path,
                        line,
                        f"unknown citation key '{item.key}'",
                        hint=hint,
                        code="citation.unknown_key",
                    )
                )
    return problems


def link_citations(
    library: Library,
    contents: Iterable[Any],
    siteurl: str,
    display_path: Any,
) -> tuple[dict[str, list[Any]], list[Diagnostic]]:
    """Render the citations of every content object; return who cites what, and the problems.

    ``display_path`` turns a source path into the path shown in diagnostics.
    """
    cited_in: dict[str, list[Any]] = defaultdict(list)
    problems: list[Diagnostic] = []
    known = set(library.entries)

    def href(key: str) -> str:
        return f"{siteurl}/{library.entry_url(key)}"

    pages = []
    for content in contents:
        parsed: list[Citation] = list(getattr(content, "citations", None) or [])
        if not parsed:
            continue
        # Markdown numbers citations in the order it meets them (tables and footnotes last);
        # the page's order is what numeric styles, positions and line numbers need. With a note
        # style the notes are in the footnote list, in their order, and a narrative citation's
        # author in the text (role "author") is rendered from the same citation as its note.
        places = [
            _Place(int(m.group(1)), m.group("role"), int(m.group("note") or 0))
            for m in PLACEHOLDER_RE.finditer(content._content)
            if m.group("role") != AUTHOR
        ]
        position = {place.index: rank for rank, place in enumerate(places)}
        citations = [parsed[place.index] for place in places]
        path = display_path(content.source_path)
        source = Path(content.source_path).read_text(encoding="utf-8")
        lines = citation_lines(source, citations)
        problems.extend(unknown_key_problems(citations, lines, path, library))
        processor = library.processor_for(getattr(content, "lang", None))
        if processor is None:
            continue
        clusters = [
            to_cluster(
                c,
                known,
                place.note,
                as_note=place.role is not None,
                after_text=place.role == IN_NOTE,
            )
            for c, place in zip(citations, places, strict=True)
        ]
        pages.append((content, citations, clusters, position, processor))

    # Everything these pages and the bibliography's own pages will show, rendered at once.
    library.prerender([(processor, clusters) for _, _, clusters, _, processor in pages])

    for content, citations, clusters, position, processor in pages:
        renderable = [c for c in clusters if c.items]
        rendered = processor.render_document(renderable, href)
        texts = iter(rendered.citations)
        # cluster index -> its index among the rendered (non-empty) clusters
        rendered_index = {
            index: rank for rank, index in enumerate(i for i, c in enumerate(clusters) if c.items)
        }
        cluster_html = [
            next(texts) if cluster.items else html.escape(citation.raw)
            for cluster, citation in zip(clusters, citations, strict=True)
        ]

        def swap(
            match,
            cluster_html=cluster_html,
            clusters=clusters,
            position=position,
            rendered=rendered,
            rendered_index=rendered_index,
        ):
            index = position[int(match.group(1))]
            cluster, role = clusters[index], match.group("role")
            if role == AUTHOR:
                return _link_author(cluster, rendered.authors[rendered_index[index]], href)
            text = cluster_html[index]
            if role == NOTE:
                text = note_text(text)
            elif role == IN_NOTE:
                text = f"({text.removesuffix('.')})"
            keys = " ".join(item.key for item in cluster.items)
            css = "citation" if cluster.items else "citation citation-unresolved"
            return f'<span class="{css}" data-cites="{html.escape(keys)}">{text}</span>'

        content._content = PLACEHOLDER_RE.sub(swap, content._content)
        stem = export_stem(content, library.settings)
        content.reference_list = ReferenceList(
            title=library.settings.references_title,
            references=tuple(
                Reference(key, library.entry_url(key), Markup(text))
                for key, text in rendered.references
            ),
            downloads=tuple((label, f"{stem}.{suffix}") for label, suffix in EXPORT_FORMATS),
            export_stem=stem,
        )
        for key, _text in rendered.references:
            if content not in cited_in[key]:
                cited_in[key].append(content)
    return dict(cited_in), problems
