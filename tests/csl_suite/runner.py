"""One CSL test-suite fixture through Memoria's own rendering path, and its output compared.

The path is the site build's: a :class:`~memoria.csl.CslProcessor` over the fixture's items and
style, :meth:`~memoria.csl.CslProcessor.render_document` for a document's citations and the
references they cite, and :meth:`~memoria.csl.CslProcessor.library` for a bibliography of every
entry (the bibliography page).

What a fixture asks for is first read into a :class:`Document` (plain data, what citeproc-js's
test runner would do with the fixture), then handed to the processor by small adapters. What our
API cannot express yet is listed in the ``*_FIELDS`` tables with ``None`` as its target: the
information is kept in the document and dropped at the last step only, so that when the API
learns it, naming the target in the table is the whole change.

Output is compared the way the reference runners (citeproc-js's test runner, pandoc's citeproc
test suite) compare: the bibliography wrapped in ``<div class="csl-bib-body">`` one entry a line;
a CITATIONS fixture's expected ``..[0] `` / ``>>[0] `` prefixes removed (they say which citations
citeproc-js's last incremental call updated, which a processor that renders a document at once
has no notion of); HTML character references in one canonical form on both sides (``&#38;``,
``&#60;``, ``&#62;``, every other reference as its character). Nothing more lenient: white space,
markup and punctuation must match exactly. (One input convention is translated, not relaxed:
CSL-JSON affixes carry their own space, CiteItem's get one from Memoria; see :func:`cite_item`.
And every fixture is rendered with ``link_bibliography`` off: see :data:`LINK_BIBLIOGRAPHY`.)
"""

from __future__ import annotations

import dataclasses
import html
import re
import tempfile
import traceback
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from memoria.csl import CiteItem, Cluster, CslProcessor

from .fixture import CitationSpec, CiteSpec, Fixture

CSL_NS = "{http://purl.org/net/xbiblio/csl}"
DEFAULT_LOCALE = "en-US"

#: CiteSpec attribute -> the CiteItem field that carries it; None: CiteItem cannot express it.
CITE_FIELDS: dict[str, str | None] = {
    "locator": "locator",
    "label": "label",
    "prefix": "prefix",  # (its space next to the citation left to Memoria: cite_item)
    "suffix": "suffix",  # (likewise)
    "suppress_author": "suppress_author",
    "author_only": None,  # citeproc-js "author-only": the names alone
    "position": None,  # a position given by hand (first, subsequent, ibid, ibid-with-locator)
    "near_note": None,  # "near-note" given by hand
}

#: CitationSpec attribute -> the Cluster field that carries it; None: Cluster cannot express it.
CLUSTER_FIELDS: dict[str, str | None] = {
    "note_index": "note_number",  # the footnote the citation sits in, 0 in the running text
}

#: Document attribute -> render_document() keyword that carries it; None: not expressible.
DOCUMENT_FIELDS: dict[str, str | None] = {
    "registered": None,  # entries registered before the first citation, cited or not
    # (citeproc-js updateItems, a nocite that comes first): numbered in that order
    "bibsection": None,  # a filter on the reference list (select/include/exclude/quash)
}

#: Document attribute -> library() keyword that carries it; None: not expressible.
LIBRARY_FIELDS: dict[str, str | None] = {
    "bibsection": None,  # a filter on the reference list (select/include/exclude/quash)
}

#: Every fixture runs without links around URLs and DOIs: the suite's results are citeproc-js's,
#: which links nothing, and pandoc's citeproc measures it the same way (its test runner's
#: ``linkBibliography`` is off unless a fixture's OPTIONS turns it on; none here does). The site
#: build links them (CSL_LINK_BIBLIOGRAPHY, on by default).
LINK_BIBLIOGRAPHY = False

#: Fixture attribute -> CslProcessor keyword that carries it; None: not expressible.
PROCESSOR_FIELDS: dict[str, str | None] = {
    "abbreviations": None,  # the abbreviation lists of form="short" variables
}


@dataclass(frozen=True)
class Document:
    """What a fixture asks the processor for, as citeproc-js's test runner reads it."""

    items: dict[str, dict[str, Any]]  # the library: key -> CSL-JSON item (ids as strings)
    style: str  # the style's XML
    locale: str  # the style's default-locale, else en-US
    mode: str  # "citation" or "bibliography"
    citations: tuple[CitationSpec, ...]  # the document's citations, in document order
    registered: tuple[str, ...] | None  # keys registered before any citation (citeproc-js
    # updateItems: all of INPUT, or the last BIBENTRIES); None when only citations register
    registry_order_needed: bool  # citation mode without citations given: one citation of
    # every registered item, in the registry's order (known only once the style sorts them)
    bibsection: dict[str, Any] | None  # BIBSECTION
    abbreviations: dict[str, Any] | None  # ABBREVIATIONS


@dataclass(frozen=True)
class Outcome:
    """The result of running one fixture."""

    name: str  # the fixture's name
    passed: bool  # actual == expected after normalisation
    expected: str  # the fixture's RESULT, normalised
    actual: str  # our output, normalised ("" when an exception was raised)
    error: str = ""  # "ExceptionType: message" when our code raised, else ""
    raised_in: str = ""  # where it raised: "module.function" of the innermost frame, else ""
    warnings: tuple[str, ...] = ()  # warnings our code issued while rendering, in order


def item_key(item: Mapping[str, Any], index: int) -> str:
    """The key of an INPUT item: its id as a string, or its index when it has none (as
    citeproc-py's runner does)."""
    value = item.get("id")
    return str(index) if value is None else str(value)


def style_locale(csl: str) -> str:
    """The style's ``default-locale``, else en-US."""
    match = re.search(r"<style\b[^>]*?\sdefault-locale\s*=\s*[\"']([^\"']+)[\"']", csl)
    return match.group(1) if match else DEFAULT_LOCALE


def _bibliography_sorts(csl: str) -> bool:
    """Whether the style's bibliography has a <sort> (then citeproc-js's registry is sorted)."""
    try:
        root = etree.fromstring(csl.encode("utf-8"))
    except etree.XMLSyntaxError:
        return False
    return root.find(f"{CSL_NS}bibliography/{CSL_NS}sort") is not None


def _final_citations(fixture: Fixture) -> tuple[CitationSpec, ...]:
    """The document after the last CITATIONS call: that call's citationsPre, its citation and
    its citationsPost, each citation as last defined, with the note numbers the call gives."""
    assert fixture.citations is not None
    latest: dict[str, CitationSpec] = {}
    for call in fixture.citations:
        latest[call.citation.citation_id] = call.citation
    last = fixture.citations[-1]
    order = [*last.pre, (last.citation.citation_id, last.citation.note_index), *last.post]
    return tuple(
        dataclasses.replace(latest[citation_id], note_index=note) for citation_id, note in order
    )


def document(fixture: Fixture) -> Document:
    """What ``fixture`` asks for, as citeproc-js's test runner does it: without CITATIONS,
    every INPUT item (or the last BIBENTRIES) is registered first; without CITATIONS and
    CITATION-ITEMS, the citation cites every registered item."""
    items: dict[str, dict[str, Any]] = {}
    for index, item in enumerate(fixture.input):
        key = item_key(item, index)
        items[key] = {**item, "id": key}
    registered: tuple[str, ...] | None = None
    if fixture.bibentries:
        registered = fixture.bibentries[-1]
    elif fixture.citations is None:
        registered = tuple(items)
    if fixture.citations is not None:
        citations = _final_citations(fixture)
    elif fixture.citation_items is not None:
        citations = tuple(CitationSpec(cites) for cites in fixture.citation_items)
    else:
        citations = ()
    return Document(
        items=items,
        style=fixture.csl,
        locale=style_locale(fixture.csl),
        mode=fixture.base_mode,
        citations=citations,
        registered=registered,
        registry_order_needed=fixture.citations is None and fixture.citation_items is None,
        bibsection=fixture.bibsection,
        abbreviations=fixture.abbreviations,
    )


# -- adapters: the document in our API's terms ---------------------------------------------------
def _given(value: Any) -> bool:
    """Whether a fixture value says something (else the API's default applies)."""
    return not (value is None or value is False or value == "" or value == ())


def _expressed(source: Any, table: Mapping[str, str | None]) -> dict[str, Any]:
    """Keyword arguments for the API: each attribute of ``source`` the table maps to a target,
    when the fixture gives it."""
    out = {}
    for attribute, target in table.items():
        value = getattr(source, attribute)
        if target is not None and _given(value):
            out[target] = value
    return out


def cite_item(spec: CiteSpec) -> CiteItem:
    """A fixture's cite as our CiteItem.

    CSL-JSON affixes carry their own spacing ("prefix": "see "); CiteItem's are pandoc's words
    ("see"), joined to the citation by a space Memoria adds (none before a suffix that opens with
    punctuation). So the space next to the citation is left to Memoria; nothing else changes.
    """
    spec = dataclasses.replace(spec, prefix=spec.prefix.rstrip(), suffix=spec.suffix.lstrip())
    return CiteItem(spec.id, **_expressed(spec, CITE_FIELDS))


def cluster(citation: CitationSpec) -> Cluster:
    """A fixture's citation as our Cluster (never narrative: the suite has no such citation)."""
    items = tuple(cite_item(spec) for spec in citation.cites)
    return Cluster(items=items, **_expressed(citation, CLUSTER_FIELDS))


def processor(doc: Document, style_path: Path) -> CslProcessor:
    """The processor for the document's library, style and locale. The library is every INPUT
    item, except that a BIBENTRIES registry narrows it to those items (and any cited)."""
    library = doc.items
    if doc.registered is not None and len(doc.registered) < len(doc.items):
        keep = set(doc.registered) | {c.id for citation in doc.citations for c in citation.cites}
        library = {key: item for key, item in doc.items.items() if key in keep}
    return CslProcessor(
        library,
        style=str(style_path),
        locale=doc.locale,
        link_bibliography=LINK_BIBLIOGRAPHY,
        **_expressed(doc, PROCESSOR_FIELDS),
    )


def _registry_citation(doc: Document, proc: CslProcessor) -> tuple[CitationSpec, ...]:
    """citeproc-js's runner cites every registered item in one citation, in its registry's
    order: registration order, sorted by the bibliography's <sort> when there is one."""
    keys = list(doc.registered or ())
    if _bibliography_sorts(doc.style):
        position = {key: index for index, key in enumerate(proc.order())}
        keys.sort(key=lambda key: position.get(key, len(position)))
    return (CitationSpec(tuple(CiteSpec(key) for key in keys)),)


_HREF = "#csl-suite-link"  # every citation links here; strip_links() removes those links
_OUR_LINK = re.compile(r'<a class="citation-link" data-cite="[^"]*" href="#csl-suite-link">')


def strip_links(text: str) -> str:
    """Our citations without the links render_document wraps their items in."""
    out = []
    position = 0
    for match in _OUR_LINK.finditer(text):
        if match.start() < position:
            continue
        out.append(text[position : match.start()])
        close = text.find("</a>", match.end())
        if close < 0:
            out.append(text[match.end() :])
            position = len(text)
            break
        out.append(text[match.end() : close])
        position = close + len("</a>")
    out.append(text[position:])
    return "".join(out)


def render(doc: Document, proc: CslProcessor) -> tuple[list[str], list[str]]:
    """(each citation's HTML, each reference's HTML) of the document, through our path."""
    if doc.mode == "bibliography" and doc.registered is not None:
        # Every registered item, cited or not: the bibliography page's path. (The citations
        # citeproc-js's runner renders too do not change a bibliography.)
        references = proc.library(**_expressed(doc, LIBRARY_FIELDS))
        return [], [text for _key, text in references]
    citations = _registry_citation(doc, proc) if doc.registry_order_needed else doc.citations
    clusters = [cluster(citation) for citation in citations]
    rendered = proc.render_document(
        clusters, href=lambda _key: _HREF, **_expressed(doc, DOCUMENT_FIELDS)
    )
    texts = [strip_links(text) for text in rendered.citations]
    return texts, [text for _key, text in rendered.references]


# -- comparison ---------------------------------------------------------------------------------
_CHARREF = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_CANONICAL = {"&": "&#38;", "<": "&#60;", ">": "&#62;"}


def canonical_entities(text: str) -> str:
    """HTML character references in one form: ``&amp;`` and ``&#x26;`` -> ``&#38;`` (likewise
    ``<`` and ``>``), any other reference -> its character. Markup and text are untouched."""

    def one(match: re.Match[str]) -> str:
        char = html.unescape(match.group(0))
        if char == match.group(0):  # not a reference HTML knows: leave it
            return char
        return _CANONICAL.get(char, char)

    return _CHARREF.sub(one, text)


_CITATION_NUMBER = re.compile(r"^(?:\.\.|>>)\[\d+\] ", re.MULTILINE)


def expected_output(fixture: Fixture) -> str:
    """The fixture's RESULT as compared."""
    text = fixture.result
    if fixture.citations is not None and fixture.base_mode == "citation":
        text = _CITATION_NUMBER.sub("", text)
    return canonical_entities(text)


def bibliography_body(entries: Sequence[str]) -> str:
    """Entries in the suite's wrapper, one ``csl-entry`` a line (block entries indented)."""
    lines = ['<div class="csl-bib-body">']
    for entry in entries:
        if entry.startswith("<div"):
            lines.append(f'  <div class="csl-entry">\n    {entry}\n  </div>')
        elif entry.endswith("</div>"):
            lines.append(f'  <div class="csl-entry">{entry}\n  </div>')
        else:
            lines.append(f'  <div class="csl-entry">{entry}</div>')
    lines.append("</div>")
    return "\n".join(lines)


def actual_output(doc: Document, citations: Sequence[str], references: Sequence[str]) -> str:
    """Our output in the suite's form."""
    text = "\n".join(citations) if doc.mode == "citation" else bibliography_body(references)
    return canonical_entities(text)


def _innermost(error: BaseException) -> str:
    """``module.function`` of the frame that raised ``error``."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    frame = frames[-1]
    module = Path(frame.filename).with_suffix("").parts
    if "memoria" in module:
        module = module[len(module) - 1 - module[::-1].index("memoria") :]
    else:
        module = module[-1:]
    return f"{'.'.join(module)}.{frame.name}"


def run(fixture: Fixture) -> Outcome:
    """Render ``fixture`` through Memoria and compare. An exception in our code is a failure
    (``Outcome.error``), not an error of the test; warnings are recorded, not shown."""
    expected = expected_output(fixture)
    doc = document(fixture)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with tempfile.TemporaryDirectory(prefix="csl-suite-") as folder:
                style_path = Path(folder) / f"{fixture.name}.csl"
                style_path.write_text(doc.style, encoding="utf-8")
                proc = processor(doc, style_path)
                citations, references = render(doc, proc)
        except Exception as error:  # any failure of our code is a result, reported by type
            lines = str(error).strip().splitlines()
            return Outcome(
                fixture.name,
                False,
                expected,
                "",
                f"{type(error).__name__}: {lines[0] if lines else ''}".rstrip(": "),
                _innermost(error),
                tuple(str(w.message) for w in caught),
            )
    actual = actual_output(doc, citations, references)
    noted = tuple(str(w.message) for w in caught)
    return Outcome(fixture.name, actual == expected, expected, actual, warnings=noted)
