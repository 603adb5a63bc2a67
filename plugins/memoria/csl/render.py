"""Citations and references rendered by citeproc-py, with the gaps it leaves closed in our layer.

What citeproc-py 0.11 does not do, and what we do instead:

- It does not escape HTML, nor render the rich text CSL allows in values with flip-flopping:
  every text value is parsed by :mod:`~memoria.csl.rich_text` before it reaches citeproc, its
  allow-listed markup (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small caps, nocase, quotes)
  carried as private-use marks, every other character escaped (``&``, ``<``, ``>`` travel as
  private-use characters so that text-casing cannot split an entity); :func:`finish_html`
  resolves the marks in the formatting around them (italic in italic turns roman, a quote in a
  quote takes the inner quotes) and writes the entities. Names keep nocase only; a number
  variable with digits is escaped as it is (citeproc-js does not parse "1<sup>er</sup>").
- No disambiguation: names that look alike get initials or given names ("B. Smith 2021"),
  citations still alike get more names ("Brown, Cruz, et al. 2021") and then year suffixes a,
  b, … in bibliography order (:mod:`~memoria.csl.disambiguation`), across the whole
  library, so a label means the same work on every page (pandoc's result for ``nocite: "@*"``).
- No suppress-author, narrative citations or cite grouping: each item is rendered alone, its
  author part found by rendering it once more with a sentinel name, and clusters are assembled
  from the style's layout prefix, suffix and delimiters, in the order of the citation's
  ``<sort>`` when the style has one (APA).
- ``punctuation-in-quote`` and nested quotes: fixed on the rendered text.
- Cite positions (first, subsequent, ibid, near-note, ``first-reference-note-number``): citeproc-py
  derives them from the cites one bibliography object has seen, and an item rendered alone has
  seen none. :mod:`~memoria.csl.positions` works them out for the whole document, from the note
  each cluster stands in, and each cite is rendered at its position (the cache key names it, so
  an "Ibid." never stands in for a first note). In a note style the cluster opening a note
  begins with a capital.

Each item is rendered on its own (registering thousands in one citeproc bibliography is
quadratic), and every rendering is cached by a hash of everything that changes it. A cold build
renders thousands of them: :meth:`CslProcessor.prerender` does them all at once, in worker
processes forked from the build when there are many, and fills the cache before pages ask.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from memoria.csl import note_start, rich_text
from memoria.csl.author_substitute import finish as finish_marks
from memoria.csl.author_substitute import substitute_authors
from memoria.csl.cite_names import CiteNames, cite_names
from memoria.csl.citeproc import (
    NAMES,
    Citation,
    CitationItem,
    CitationStylesBibliography,
    Locator,
    formatter,
)
from memoria.csl.citeproc.source.json import CiteProcJSON
from memoria.csl.citeproc.string import String, normalize_seam
from memoria.csl.collapse import Cite, collapse_cites, collapse_numbers
from memoria.csl.disambiguation import disambiguate, global_names, primary_variable, shown_count
from memoria.csl.escaping import FROM_PUA, TO_PUA
from memoria.csl.name_parsing import parse_name
from memoria.csl.narrow_spaces import narrow_spaces
from memoria.csl.positions import CitePosition, cite_positions
from memoria.csl.reference_links import link_addresses
from memoria.csl.render_cache import RenderCache
from memoria.csl.style import NS, CslStyleError, LoadedStyle, load_style
from memoria.csl.superscripts import superscript_markup
from memoria.csl.workers import Pool

__all__ = ["CiteItem", "Cluster", "CslProcessor", "CslStyleError", "RenderedDocument"]

_PUA, _FROM_PUA = TO_PUA, FROM_PUA  # see memoria.csl.escaping
#: Variables that are addresses: their quotes and apostrophes are not typography.
_ADDRESSES = frozenset({"URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"})
#: Stands in for the names when we need to know where a citation's author part ends.
SENTINEL = "\ue010"
_SENTINEL_NAME = [{"literal": SENTINEL}]
#: Stands in for a year suffix when we need to know where it stands in a citation.
SUFFIX_SENTINEL = "\ue011"
_NAME_VARIABLES = ("author", "editor", "translator", "container-author", "collection-editor")


@dataclass(frozen=True)
class CiteItem:
    """One cited work inside a citation cluster."""

    key: str  # entry key, case-sensitive as in the .bib
    locator: str = ""  # "45", "101-103"
    label: str = "page"  # CSL locator term: page, chapter, section, ...
    prefix: str = ""  # text before the item, e.g. "see"
    suffix: str = ""  # text after the locator, e.g. "for a critique"
    suppress_author: bool = False  # pandoc's [-@key]


@dataclass(frozen=True)
class Cluster:
    """One citation as written in the text."""

    items: tuple[CiteItem, ...]  # the works cited together, in written order
    narrative: bool = False  # pandoc's bare @key: "Becker and Farthing (2021)"
    # The footnote the citation stands in (1, 2, ...; clusters of one note share it); 0 for a
    # citation in the main text, as in an in-text style. Positions (ibid, "n 1") follow it.
    note_number: int = 0
    # The note has the author's own text before this citation, so it does not open the note
    # (and is not capitalised): "My note, citing (ibid 9)".
    after_text: bool = False


class RenderTask(NamedTuple):
    """One rendering a cache key names; plain data, so a worker process can do it."""

    cache_key: str  # where the result is kept, e.g. "ref:<entry hash>:<year suffix>"
    kind: str  # "bare" (citation alone), "ref" (reference), "cite" (with locator or suffix),
    # or "piece" (that citation and its names apart)
    key: str  # entry key
    suffix: str = ""  # the entry's year suffix, "" when none
    label: str = "page"  # pieces: CSL locator term
    locator: str = ""  # pieces: the locator, "" when none
    full: str | None = None  # pieces: the citation text when already known (the bare citation)
    names: CiteNames | None = None  # bare and pieces: how disambiguation changes the names
    position: CitePosition | None = None  # pieces: the cite's position, None when it renders
    # as a first cite does (only what the style reads of it: see CslProcessor._position)


@dataclass(frozen=True)
class LibraryState:
    """The library-wide facts a processor works out before any page is rendered (plain data)."""

    order: list[str]  # every key, in the style's bibliography order
    names: dict[str, CiteNames]  # key -> how disambiguation changed its citation's names
    suffixes: dict[str, str]  # key -> year suffix, for the keys that have one
    rendered: dict[str, str]  # cache key -> rendering, those made in this build


@dataclass(frozen=True)
class RenderedDocument:
    """A document's citations and reference list, as HTML."""

    citations: tuple[str, ...]  # HTML of each cluster, in the order given
    references: tuple[tuple[str, str], ...]  # (key, HTML of the formatted entry), style's order
    # Per cluster whose first item suppresses its author: that author as the cite at its position
    # names it ("John Smith", later "Smith"), for a note style's narrative citation; else "".
    authors: tuple[str, ...] = ()


#: Number variables: a value with digits is not parsed for markup (citeproc-js does not parse
#: "1<sup>er</sup>" in a numeric field; see the suite's flipflop_NumericField).
_NUMBERS = frozenset(
    {
        "chapter-number",
        "collection-number",
        "edition",
        "issue",
        "locator",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "page",
        "page-first",
        "volume",
        "citation-number",
    }
)


#: Parts of a name or date (the dicts of an item) whose rich text stays markup: a family name,
#: given name or literal ("Center <sup>for</sup> History"; the fork's initials keep the marks
#: around their word: "<b>J.</b> Q."). Particles keep the text only.
_MARKUP_PARTS = frozenset({"family", "given", "literal"})


def _escape_text(value: str, markup: bool = True, part: bool = False) -> str:
    """A CSL text value for citeproc: its allow-listed rich text as :mod:`~memoria.csl.rich_text`
    encodes it, every other character escaped, straight quotes and apostrophes curled as pandoc
    and citeproc-js print them ("d'Aubignac" -> "d’Aubignac"), the space before high
    punctuation narrow and unbreakable (:mod:`~memoria.csl.narrow_spaces`). A ``part`` of a
    name or date has no nocase span (citeproc-py reads them in text variables only), and without
    ``markup`` its text only."""
    return rich_text.encode(rich_text.parse(narrow_spaces(value)), in_nocase=part, marks=markup)


def _escape_number(value: Any) -> Any:
    """A number variable: escaped as it is when it has digits, else text as any other."""
    if isinstance(value, str) and any(char.isdigit() for char in value):
        return rich_text.escape(narrow_spaces(value))
    return _escape_text(value) if isinstance(value, str) else value


def _escape_address(value: Any) -> Any:
    """A URL or DOI escaped like any text, its quotes left straight."""
    return rich_text.escape(value) if isinstance(value, str) else value


def prepare_item(
    item: Mapping[str, Any], internal_id: str, parse_names: bool = True
) -> dict[str, Any]:
    """A copy of ``item`` safe to hand to citeproc-py, under an id it will not lower-case; with
    ``parse_names``, its names' particles and suffixes split out of their family and given
    fields as the reference processors read CSL-JSON
    (:func:`~memoria.csl.name_parsing.parse_name`)."""

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return _escape_text(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: part(k, v) for k, v in value.items()}
        return value

    def part(key: str, value: Any) -> Any:
        if key in _ADDRESSES:
            return _escape_address(value)
        if not isinstance(value, str):
            return walk(value)  # date-parts
        return _escape_text(value, key in _MARKUP_PARTS, part=True)

    def field(key: str, value: Any) -> Any:
        if parse_names and key.replace("-", "_") in NAMES and isinstance(value, list):
            value = [parse_name(name) if isinstance(name, dict) else name for name in value]
        if key in _ADDRESSES:
            return _escape_address(value)
        if key in _NUMBERS:
            return _escape_number(value)
        return walk(value)

    prepared = {key: field(key, value) for key, value in item.items() if key != "id"}
    prepared["id"] = internal_id
    return prepared


_PUNCT_AFTER_QUOTE = re.compile(r"([”’])((?:</[a-z]+>)*)([.,!?])")


def finish_html(
    text: str,
    punctuation_in_quote: bool,
    quotes: rich_text.QuoteMarks | None = None,
    strip: bool = True,
) -> str:
    """citeproc-py output -> safe HTML as the style means it: rich text resolved in its context
    (flip-flopping), quotes alternating outer and inner, entities for the escaped characters.
    ``strip``: without the spaces around it (not a reference: see _finish_reference)."""
    text = re.sub(r"[ \t]+", " ", str(text))
    if strip:
        text = text.strip(" \t")
    text = superscript_markup(rich_text.finish(text, quotes))
    return _punctuation_into_quotes(text) if punctuation_in_quote else text


def _punctuation_into_quotes(text: str) -> str:
    """Commas, periods, exclamation and question marks after a closing quote go inside it
    ("Colombia.”"), and inside every quote closing there ("‘The One.’”"), as citeproc-js
    moves them (the suite's punctuation_FullMontyQuotesIn); colons and semicolons stay out."""
    moved = _PUNCT_AFTER_QUOTE.sub(r"\3\1\2", text)
    while moved != text:
        text, moved = moved, _PUNCT_AFTER_QUOTE.sub(r"\3\1\2", moved)
    return text.replace(".”.", ".”").replace(",”,", ",”").replace(".’.", ".’")


def _digest(value: Any) -> str:
    return hashlib.sha1(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _processor_fingerprint(fingerprint: str, link_bibliography: bool, parse_names: bool) -> str:
    """The cache fingerprint of a processor: the style's as the site build uses it (links on,
    names split by the BibTeX reader), another one for any other option (the cache names its
    files by the fingerprint's start, so a suffix would not keep them apart)."""
    options = ("" if link_bibliography else ":unlinked") + (":parsed-names" if parse_names else "")
    if not options:
        return fingerprint
    return hashlib.sha256(f"{fingerprint}{options}".encode()).hexdigest()


class CslProcessor:
    """Renders the library's entries and any document's citations in one style and locale."""

    def __init__(
        self,
        items: Mapping[str, dict[str, Any]],
        style: str = "chicago-author-date",
        locale: str = "en-US",
        cache: RenderCache | None = None,
        link_bibliography: bool = True,
        parse_names: bool = True,
    ) -> None:
        """``items`` are CSL-JSON items by key.

        ``link_bibliography``: make the URLs and DOIs a reference prints into links (pandoc's
        ``link-bibliography``, on in the site build: CSL_LINK_BIBLIOGRAPHY). Off, a reference is
        the style's text alone, as citeproc-js and pandoc's CSL test suite render it.

        With ``parse_names`` (CSL-JSON's own rule, as in citeproc-js and pandoc) particles and
        suffixes written inside a name's family and given fields are split out ("van Gogh",
        "John, Jr."); a caller whose names are split already (Memoria's BibTeX reader, which keeps
        "{van Gogh}" whole as pandoc does) passes False."""
        self._parse_names = parse_names
        self._style: LoadedStyle = load_style(style, locale)
        self.link_bibliography = link_bibliography
        # Cached references differ with and without links: the unlinked ones are kept apart.
        self.fingerprint = _processor_fingerprint(
            self._style.fingerprint, link_bibliography, parse_names
        )
        self.numeric = self._style.numeric
        self._items = dict(items)
        # Without a persistent cache, renderings are still kept for the rest of this build.
        self._cache = cache if cache is not None else RenderCache(None)
        self._ids = {key: f"item{n}" for n, key in enumerate(sorted(self._items))}
        self._hashes = {key: _digest(item) for key, item in self._items.items()}
        self._escaped: dict[str, dict[str, Any]] = {}
        self._order: list[str] | None = None
        self._suffixes: dict[str, str] | None = None
        self._names: dict[str, CiteNames] | None = None
        self._source: CiteProcJSON | None = None
        self._layout_tags: tuple[str, str] | None = None
        self._fresh: dict[str, str] = {}  # cache entries rendered by this process in this build

    # -- caching -----------------------------------------------------------------------------
    def _cached(self, key: str, render: Callable[[], str]) -> str:
        hit = self._cache.get(self.fingerprint, key)
        if hit is not None:
            return hit
        value = render()
        self._put(key, value)
        return value

    def _put(self, key: str, value: str) -> None:
        self._cache.put(self.fingerprint, key, value)
        self._fresh[key] = value

    def _cached_task(self, task: RenderTask) -> str:
        return self._cached(task.cache_key, lambda: self.run_task(task))

    def _bare_task(self, key: str, names: CiteNames | None = None) -> RenderTask:
        # The cache key names the overrides: another entry that changes them (a second "Smith")
        # changes the key, and the citation is rendered again.
        tag = names.tag() if names else ""
        cache_key = f"bare:{self._hashes[key]}" + (f":{tag}" if tag else "")
        return RenderTask(cache_key, "bare", key, names=names or None)

    def _reference_task(self, key: str) -> RenderTask:
        suffix = self.suffixes().get(key, "")
        # An entry whose citation renders <if disambiguate="true"> renders it in the list too
        # (citeproc-js); its other name overrides are the citation's only.
        names = self.cite_names(key).names_only()
        tag = f":{names.tag()}" if names else ""
        return RenderTask(
            f"ref:{self._hashes[key]}:{suffix}{tag}", "ref", key, suffix, names=names or None
        )

    def _piece_task(
        self, item: CiteItem, author: bool = True, position: CitePosition | None = None
    ) -> RenderTask | None:
        """The task rendering ``item``'s citation at ``position`` (None: as a first cite), and
        its names apart when ``author`` (kind "piece"; else "cite"); None when that is the bare
        citation, rendered already."""
        suffix = self.suffixes().get(item.key, "")
        names = self.cite_names(item.key)
        position = self._position(position)
        if not (author or suffix or item.locator or position):
            return None
        kind = "piece" if author else "cite"
        cache_key = (
            f"{kind}:{self._hashes[item.key]}:{suffix}:{names.tag()}:{item.label}:{item.locator}"
        )
        if position is not None:  # "pos:ibid,subsequent;n1": an ibid is not the first cite
            cache_key += ":" + self._position_tag(position)
        # The first cite without suffix or locator is the bare citation, rendered for suffixes().
        plain = not (suffix or item.locator or position)
        full = self._bare_cite(item.key, names) if plain else None
        return RenderTask(
            cache_key,
            kind,
            item.key,
            suffix,
            item.label,
            item.locator,
            full,
            names or None,
            position,
        )

    def _position_tag(self, position: CitePosition) -> str:
        return position.tag(self._style.positions_tested, self._style.shows_note_number)

    def _position(self, position: CitePosition | None) -> CitePosition | None:
        """What of ``position`` the style reads: None when the cite renders as a first cite
        does (most styles test no position; "first" is every cite rendered alone), else the
        position without what the style never tests (so those cites share a rendering)."""
        if position is None or not self._position_tag(position):
            return None
        tested = self._style.positions_tested
        return CitePosition(
            position.position,
            position.near_note and "near-note" in tested,
            position.first_reference_note_number if self._style.shows_note_number else 0,
        )

    def run_task(self, task: RenderTask) -> str:
        """Render what ``task`` names (pure: reads only the items and the style)."""
        if task.kind == "ref":
            # citeproc-py renders an entry alone, so a source of that entry alone is enough.
            overrides = {"year-suffix": task.suffix} if task.suffix else {}
            source = CiteProcJSON([self._prepared(task.key, **overrides)])
            with cite_names(task.names):
                if not self._style.has_bibliography:
                    # A style without a bibliography (some note styles): an entry reads as its
                    # first, full citation.
                    return self._render_cite(self._prepared(task.key, **overrides))
                rendered = self._bibliography(source, [task.key]).bibliography()[0]
            return self._finish_reference(rendered) if rendered is not None else ""
        # A note citation opens with a capital where it opens with a term (note_start).
        with cite_names(task.names), note_start.marking_terms(self._style.note):
            return self._run_cite_task(task)

    def _run_cite_task(self, task: RenderTask) -> str:
        if task.kind == "bare":
            return self._render_cite(self._prepared(task.key))
        overrides = {"year-suffix": task.suffix} if task.suffix else {}
        if task.position is not None and task.position.first_reference_note_number:
            # A variable of the cite, read as one of the item (as pandoc's citeproc does): so
            # <text>, <number>, <if variable> and is-numeric all see it.
            overrides["first-reference-note-number"] = task.position.first_reference_note_number
        if task.kind == "piece" and task.suffix:
            # Rendered with a stand-in year suffix, to know where the suffix stands (year-suffix
            # collapsing shows it alone: "Smith 2000a, b").
            overrides["year-suffix"] = SUFFIX_SENTINEL
        full = task.full
        if full is None:
            item = self._prepared(task.key, **overrides)
            full = self._render_cite(item, task.locator, task.label, task.position)
        if task.kind == "cite":
            return full
        at = full.find(SUFFIX_SENTINEL)
        full = full.replace(SUFFIX_SENTINEL, task.suffix)
        names = {v: _SENTINEL_NAME for v in _NAME_VARIABLES if v in self._items[task.key]}
        if not names:
            return json.dumps([full, "", at])
        marked = self._render_cite(
            self._prepared(task.key, **overrides, **names), task.locator, task.label, task.position
        ).replace(SUFFIX_SENTINEL, task.suffix)
        return json.dumps([full, _author_part(full, marked), at])

    def prerender(
        self,
        clusters: Iterable[Cluster] = (),
        keys: Iterable[str] | None = None,
        processes: int = 1,
        parallel_min: int = 200,
    ) -> None:
        """Render ahead, into the cache, what citing ``clusters`` and listing the references of
        ``keys`` (None: every entry) will need and the cache lacks.

        With ``processes`` > 1 and at least ``parallel_min`` renderings to do, they are shared
        among that many worker processes forked from this one (where the OS can fork). Results
        are stored by cache key in the order the tasks were made, whichever worker ends first, and
        are the same strings a serial build renders. Numeric styles number per document: nothing
        to do ahead.
        """
        if self.numeric:
            return
        with _Workers(self, processes, parallel_min) as workers:
            # Names set apart by the global rule are known without rendering; what they leave
            # alike is rendered again in disambiguate(), a few entries only. The bare citations
            # do not need the library's order: workers render them while it is sorted here.
            expanded = global_names(self._items, self._style.disambiguation)
            bare = [self._bare_task(key, expanded.get(key)) for key in sorted(self._items)]
            finish = self._start_fill(workers, bare)
            self.order()
            finish()
            self._disambiguate(workers)  # what it renders again, rendered by the workers too
            wanted = self.order() if keys is None else [k for k in self.order() if k in set(keys)]
            tasks = [self._reference_task(key) for key in wanted]
            for cluster in clusters:
                for item in cluster.items:
                    task = self._piece_task(item, self._shows_author_apart(cluster, item))
                    if task is not None:
                        tasks.append(task)
            self._start_fill(workers, tasks)()

    def _start_fill(self, workers: _Workers, tasks: Iterable[RenderTask]) -> Callable[[], None]:
        """Start rendering the tasks the cache lacks; the function returned stores them."""
        missing = {
            task.cache_key: task
            for task in tasks
            if not self._cache.has(self.fingerprint, task.cache_key)
        }
        todo = list(missing.values())
        results = workers.start(todo)

        def finish() -> None:
            for task, value in zip(todo, results(), strict=True):
                self._put(task.cache_key, value)

        return finish

    def library_state(self) -> LibraryState:
        """What :meth:`prerender` worked out, for a process that forked this one to adopt."""
        self._disambiguate()
        assert self._order is not None and self._names is not None and self._suffixes is not None
        return LibraryState(self._order, self._names, self._suffixes, dict(self._fresh))

    def adopt(self, state: LibraryState) -> None:
        """Take the order, disambiguation and renderings worked out by a forked copy of this
        processor (the same items and style), as if rendered here."""
        for key, value in state.rendered.items():
            self._cache.put(self.fingerprint, key, value)
        self._order, self._names, self._suffixes = state.order, state.names, state.suffixes

    def library_rendered(self) -> bool:
        """Whether the library's order is cached (else a build renders much: a cold build)."""
        return self._cache.has(self.fingerprint, self._order_key())

    # -- citeproc plumbing ---------------------------------------------------------------------
    def _prepared(self, key: str, **overrides: Any) -> dict[str, Any]:
        escaped = self._escaped.get(key)
        if escaped is None:  # escaped once per entry (citeproc-py only reads what it is given)
            escaped = self._escaped[key] = prepare_item(
                self._items[key], self._ids[key], self._parse_names
            )
        return {**escaped, **overrides}

    def _bibliography(
        self, source: CiteProcJSON, keys: Iterable[str]
    ) -> CitationStylesBibliography:
        bib = _Bibliography(self._style.style, source, formatter.html)
        for key in keys:
            bib.register(Citation([CitationItem(self._ids[key])]))
        return bib

    def _full_source(self) -> CiteProcJSON:
        if self._source is None:
            suffixes = self.suffixes()
            items = []
            for key in sorted(self._items):
                overrides = {"year-suffix": suffixes[key]} if key in suffixes else {}
                items.append(self._prepared(key, **overrides))
            self._source = CiteProcJSON(items)
        return self._source

    def _render_cite(
        self,
        item: dict[str, Any],
        locator: str = "",
        label: str = "page",
        position: CitePosition | None = None,
    ) -> str:
        """One item's citation at ``position`` (None: a first cite), without the layout's
        prefix and suffix."""
        bib = CitationStylesBibliography(self._style.style, CiteProcJSON([item]), formatter.html)
        extra: dict[str, Any] = {"position_info": position} if position is not None else {}
        if locator:
            # A locator is written by the page's author: escaped like every field (its ranges
            # are the engine's: memoria.csl.page_ranges).
            extra["locator"] = Locator(label, locator.translate(_PUA))
        citation = Citation([CitationItem(item["id"], **extra)])
        bib.register(citation)
        text = finish_html(
            note_start.carry_terms(str(bib.cite(citation, lambda _item: None))),
            self._style.punctuation_in_quote,
            self._style.quotes,
        )
        return self._strip_layout(text)

    def _strip_layout(self, text: str) -> str:
        on, off = self._layout_formatting()
        if on and text.startswith(on) and text.endswith(off):
            text = text[len(on) : len(text) - len(off)]
        prefix, suffix = self._style.prefix, self._style.suffix
        if prefix and text.startswith(prefix):
            text = text[len(prefix) :]
        if suffix and text.endswith(suffix):
            text = text[: -len(suffix)]
        elif suffix[:1] in (".", ",") and self._style.punctuation_in_quote:
            # The suffix's first mark went inside a closing quote ("Colombia.”", "“friend,” and
            # enter."): take the suffix out, the cluster puts it back (and inside the quote).
            mark, rest = re.escape(suffix[0]), re.escape(suffix[1:])
            text = re.sub(rf"{mark}([”’](?:</[a-z]+>)*){rest}$", r"\1", text)
        return text

    # -- library-wide facts ---------------------------------------------------------------------
    def order(self) -> list[str]:
        """Every key in the style's bibliography order (cached). Entries the style's ``<sort>``
        ties (or every entry, without one) keep the library's order, as citeproc-js keeps its
        registry's: the site gives its library sorted by key."""
        if self._order is None:

            def render() -> str:
                keys = list(self._items)
                source = CiteProcJSON([self._prepared(key) for key in keys])
                bib = self._bibliography(source, keys)
                if self._style.has_bibliography:
                    bib.sort()
                by_id = {v: k for k, v in self._ids.items()}
                return json.dumps([by_id[item_id] for item_id in bib.keys])

            self._order = json.loads(self._cached(self._order_key(), render))
        return self._order

    def _order_key(self) -> str:
        return f"order:{_digest(list(self._hashes.items()))}"  # (the library's order counts)

    def _bare_cite(self, key: str, names: CiteNames | None = None) -> str:
        return self._cached_task(self._bare_task(key, names))

    def _compared_cite(self, key: str, names: CiteNames | None = None) -> str:
        """The citation as disambiguation compares it: the bare citation, without the accessed
        date where the style's citation renders one (citeproc-js leaves it out too)."""
        if not (self._style.disambiguation.renders_accessed and "accessed" in self._items[key]):
            return self._bare_cite(key, names)
        tag = names.tag() if names else ""
        item = {k: v for k, v in self._prepared(key).items() if k != "accessed"}

        def render() -> str:
            with cite_names(names or None):
                return self._render_cite(item)

        return self._cached(f"compared:{self._hashes[key]}:{tag}", render)

    def _disambiguate(self, workers: _Workers | None = None) -> None:
        if self._suffixes is None:
            self._names, self._suffixes = {}, {}
            if not self.numeric:

                def prefetch(pairs: list[tuple[str, CiteNames]]) -> None:
                    if workers is not None:
                        self._start_fill(workers, [self._bare_task(k, n) for k, n in pairs])()

                self._names, self._suffixes = disambiguate(
                    self.order(),
                    self._items,
                    self._style.disambiguation,
                    self._compared_cite,
                    prefetch,
                )

    def suffixes(self) -> dict[str, str]:
        """Year suffixes of the items whose citations would otherwise be identical."""
        self._disambiguate()
        assert self._suffixes is not None
        return self._suffixes

    def cite_names(self, key: str) -> CiteNames:
        """How the entry's citation shows its names, where disambiguation changed them."""
        self._disambiguate()
        assert self._names is not None
        return self._names.get(key, CiteNames())

    # -- references ---------------------------------------------------------------------------
    def reference(self, key: str) -> str:
        """One entry's formatted reference (numeric styles: numbered as in :meth:`library`)."""
        if self._numbered:
            return dict(self.library())[key]
        return finish_marks(self._cached_task(self._reference_task(key)))

    def _references(self, keys: Sequence[str]) -> list[str]:
        """The entries of ``keys``, a list shown in this order (subsequent-author-substitute)."""
        return self._substituted([self._cached_task(self._reference_task(key)) for key in keys])

    def _substituted(self, texts: Sequence[str]) -> list[str]:
        bibliography = self._style.style.root.find("cs:bibliography", NS)
        options = bibliography.attrib if bibliography is not None else {}
        substitute = options.get("subsequent-author-substitute")
        return substitute_authors(
            texts,
            html.escape(substitute, quote=False) if substitute is not None else None,
            options.get("subsequent-author-substitute-rule", "complete-all"),
        )

    @property
    def _numbered(self) -> bool:
        """Whether references are numbered as one list (a numeric style, or a bibliography that
        reads citation-number): they are rendered together, never one alone."""
        return self.numeric or self._style.numbered_references

    def _finish_reference(self, rendered: Any) -> str:
        # A reference keeps the spaces its layout puts around it, as citeproc-js does.
        text = finish_html(
            str(rendered), self._style.punctuation_in_quote, self._style.quotes, strip=False
        )
        return link_addresses(text) if self.link_bibliography else text

    def library(self) -> tuple[tuple[str, str], ...]:
        """Every entry, in bibliography order, with its formatted reference."""
        keys = self.order()
        if not self._numbered:
            return tuple(zip(keys, self._references(keys), strict=True))
        return self._numbered_references(keys)

    def _numbered_references(self, keys: list[str]) -> tuple[tuple[str, str], ...]:
        """The references of ``keys`` rendered as one numbered list: registered in the order
        given (a document's: first cited first), then in the bibliography's ``<sort>``."""
        signature = _digest([[key, self._hashes[key]] for key in keys])

        def render() -> str:
            if not self._style.has_bibliography:
                rendered = [self._render_cite(self._prepared(key)) for key in keys]
                return json.dumps([list(pair) for pair in zip(keys, rendered, strict=True)])
            bib = self._bibliography(self._full_source(), keys)
            bib.sort()
            by_id = {v: k for k, v in self._ids.items()}
            sorted_keys = [by_id[item.key] for item in bib.items]
            texts = self._substituted(
                [self._finish_reference(text) if text else "" for text in bib.bibliography()]
            )
            return json.dumps([list(pair) for pair in zip(sorted_keys, texts, strict=True)])

        cached = self._cached(f"numbered:{signature}", render)
        return tuple((key, text) for key, text in json.loads(cached))

    # -- documents ----------------------------------------------------------------------------
    def _piece(
        self, item: CiteItem, author: bool, position: CitePosition | None = None
    ) -> tuple[str, str]:
        """(full citation text, author part) of one item at ``position``, without layout prefix
        and suffix; the author part is "" unless asked for."""
        full, names, _at = self._piece_at(item, author, position)
        return full, names

    def _piece_at(
        self, item: CiteItem, author: bool, position: CitePosition | None = None
    ) -> tuple[str, str, int]:
        """:meth:`_piece` and where in the full text its year suffix begins (-1: none, or
        not asked for)."""
        task = self._piece_task(item, author, position)
        if task is None:
            return self._bare_cite(item.key, self.cite_names(item.key)), "", -1
        if not author:
            return self._cached_task(task), "", -1
        full, names, at = json.loads(self._cached_task(task))
        return full, names, at

    def _shows_author_apart(self, cluster: Cluster, item: CiteItem) -> bool:
        """Whether the cluster shows the item's names apart from the rest of its citation:
        narrative ("Becker (2021)"), author suppressed ("(2021)"), or names compared to collapse
        "(Becker 2021, 2022)". Only then are they found, which costs another rendering."""
        grouped = self._style.cite_grouping and len(cluster.items) > 1
        return cluster.narrative or item.suppress_author or grouped

    def render_document(
        self, clusters: Sequence[Cluster], href: Callable[[str], str]
    ) -> RenderedDocument:
        """Each cluster's HTML (each item linked to ``href(key)``) and the references they cite.

        ``clusters`` are the document's, in order: each cite is rendered at its position among
        them (first, ibid, ...; see :mod:`~memoria.csl.positions`), by the note numbers they
        carry.
        """
        if self.numeric:
            return self._render_numeric(clusters, href)
        ordered = [replace(c, items=tuple(self._sorted(c.items))) for c in clusters]
        positions = cite_positions(ordered, self._style.near_note_distance)
        citations = self._open_notes(
            ordered,
            [self._render_cluster(c, href, p) for c, p in zip(ordered, positions, strict=True)],
        )
        authors = tuple(
            note_start.unmarked(self._piece(c.items[0], True, p[0])[1])
            if c.items and c.items[0].suppress_author
            else ""
            for c, p in zip(ordered, positions, strict=True)
        )
        references: tuple[tuple[str, str], ...] = ()
        if self._style.has_bibliography:  # a style may define citations only
            cited = {item.key for cluster in clusters for item in cluster.items}
            if self._style.numbered_references:
                first_cited = list(dict.fromkeys(item.key for c in clusters for item in c.items))
                references = self._numbered_references(first_cited)
            else:
                keys = [key for key in self.order() if key in cited]
                references = tuple(zip(keys, self._references(keys), strict=True))
        return RenderedDocument(citations, references, authors)

    def _open_notes(self, clusters: Sequence[Cluster], texts: list[str]) -> tuple[str, ...]:
        """In a note style, the cluster that opens its note begins with a capital where it
        begins with a term ("Ibid."; see :mod:`~memoria.csl.note_start`): "the first character
        of a citation should be uppercased when there is no preceding text in the footnote"
        (CSL 1.0.2, Citation), as citeproc-js reads it (a name or title is printed as written),
        or with the author's prefix capitalised, as pandoc does ("See ...").
        Later clusters of a note, and citations in the main text, are printed as they are."""
        if not self._style.note:
            return tuple(texts)
        out, previous_note = [], 0
        for cluster, text in zip(clusters, texts, strict=True):
            opens = (
                cluster.note_number > 0
                and cluster.note_number != previous_note
                and not cluster.after_text
            )
            prefixed = bool(cluster.items and cluster.items[0].prefix)
            out.append(note_start.open_note(text, prefixed) if opens else note_start.unmarked(text))
            previous_note = cluster.note_number
        return tuple(out)

    @property
    def note_style(self) -> bool:
        """Whether the style is a note style (``<style class="note">``): citations are notes."""
        return self._style.note

    def _sorted(self, items: Sequence[CiteItem]) -> list[CiteItem]:
        """The cluster's items in the order of the style's citation ``<sort>`` (APA sorts "[@zeta;
        @alpha]" to "(Alpha, 2001; Zeta, 2001)"); as written when the style has none."""
        citation_element = self._style.style.root.citation
        keys = list(dict.fromkeys(item.key for item in items))
        if len(keys) < 2 or citation_element.sort is None:
            return list(items)

        def render() -> str:
            bib = CitationStylesBibliography(self._style.style, self._full_source(), formatter.html)
            citation = Citation([CitationItem(self._ids[key]) for key in keys])
            bib.register(citation)
            ordered = citation_element.sort.sort(list(citation.cites), citation_element.layout)
            by_id = {self._ids[key]: key for key in keys}
            return json.dumps([by_id[cite.key] for cite in ordered])

        signature = _digest([self._hashes[key] for key in keys])
        order = json.loads(self._cached(f"citation-sort:{signature}", render))
        return sorted(items, key=lambda item: order.index(item.key))

    def _render_cluster(
        self,
        cluster: Cluster,
        href: Callable[[str], str],
        positions: Sequence[CitePosition],
    ) -> str:
        """One cluster, its items already in the style's order, each at its position."""
        style = self._style
        placed = [
            (item, *self._piece_at(item, self._shows_author_apart(cluster, item), position))
            for item, position in zip(cluster.items, positions, strict=True)
        ]
        pieces = [(item, full, author) for item, full, author, _at in placed]
        if cluster.narrative:
            texts = []
            for item, full, author in pieces:
                rest = _rest(full, author)
                inner = _affix(item, rest, style.quotes) if rest else ""
                wrapped = f"{style.prefix}{inner}{style.suffix}" if inner else ""
                label = " ".join(part for part in (author or full, wrapped) if part)
                texts.append(_link(label, href(item.key), item.key))
            return "; ".join(texts).translate(_UNSHIELD)

        if style.cite_grouping:
            cites = [
                self._cite_record(item, full, author, at, href(item.key))
                for item, full, author, at in placed
            ]
            collapse = style.collapse if style.collapse.startswith("year") else ""
            body = collapse_cites(cites, collapse, style.delimiters)
        else:
            body = join_cites(
                [
                    (
                        item,
                        _affix(
                            item,
                            _link(
                                _rest(full, author) if item.suppress_author else full,
                                href(item.key),
                                item.key,
                            ),
                            style.quotes,
                        ),
                    )
                    for item, full, author in pieces
                ],
                style.delimiter,
            )
        on, off = self._layout_formatting()
        text = f"{on}{style.prefix}{body}{layout_suffix(body, style.suffix)}{off}"
        text = _punctuation_into_quotes(text) if style.punctuation_in_quote else text
        return text.translate(_UNSHIELD)

    def _cite_record(self, item: CiteItem, full: str, author: str, at: int, url: str) -> Cite:
        """One rendered cite as :mod:`~memoria.csl.collapse` groups and collapses it."""
        link = lambda text: _link(text, url, item.key)  # noqa: E731
        shown = _rest(full, author) if item.suppress_author else full
        # Grouped by the names the citation shows, the same people of the same variable
        # (pandoc's sameNames): "Doe et al. 1965a, 1965b" for two author lists that begin
        # alike, but "Smith, 2019; Smith, 2020" for Alan and Alice Smith.
        data = self._items[item.key]
        variable = primary_variable(data)
        people = (data.get(variable) or [])[
            : shown_count(data, self.cite_names(item.key), self._style.disambiguation)
        ]
        names = json.dumps([author, variable, people]) if author else ""
        if not author and _opens_with_year(full, data):
            names = json.dumps(["", "issued"])  # cites of a date alone: "(1965a, b)", as pandoc
        year, year_suffix, number = "", "", -1
        letters = self.suffixes().get(item.key, "")
        if at >= 0 and letters:
            marked = _rest(full[:at] + SUFFIX_SENTINEL + full[at:], author)
            if SUFFIX_SENTINEL in marked:
                year, tail = marked.split(SUFFIX_SENTINEL, 1)
                year_suffix = link(tail)
                number = _suffix_number(letters)
        rest = _rest(full, author) if author else ""
        return Cite(
            full=_affix(item, link(shown), self._style.quotes),
            rest=link(rest) if rest else "",
            names=names,
            year=year,
            year_suffix=year_suffix,
            suffix_number=number,
            prefix=bool(item.prefix),
            suffix=bool(item.suffix),
            locator=bool(item.locator),
            vanishes=bool(author) and not rest,
        )

    def _layout_wrapper(self) -> tuple[str, str]:
        """What the citation's layout puts before and after its cites, formatting included
        ("<b>(", ")</b>"); ("", "") when that cannot be told."""
        layout = self._style.style.root.citation.layout
        CitationStylesBibliography(self._style.style, CiteProcJSON([]), formatter.html)
        wrapped = str(layout.format(layout.wrap(String(SENTINEL))))
        if wrapped.count(SENTINEL) != 1:
            return "", ""
        opening, closing = wrapped.split(SENTINEL)
        return opening, closing

    def _layout_formatting(self) -> tuple[str, str]:
        """The tags the citation layout's own formatting wraps around its prefix, cites and
        suffix (``font-weight="bold"``: ("<b>", "</b>")); ("", "") when it has none."""
        if self._layout_tags is None:
            opening, closing = self._layout_wrapper()
            opening, closing = opening.translate(FROM_PUA), closing.translate(FROM_PUA)
            prefix, suffix = self._style.prefix, self._style.suffix
            tags = ("", "")
            if opening.endswith(prefix) and closing.startswith(suffix):
                tags = (opening[: len(opening) - len(prefix)], closing[len(suffix) :])
            self._layout_tags = tags
        return self._layout_tags

    def _numeric_order(
        self,
        bib: CitationStylesBibliography,
        placed: list[tuple[CiteItem, CitePosition]],
    ) -> list[tuple[CiteItem, CitePosition]]:
        """A numeric cluster's cites in the order of the citation's ``<sort>`` ("[3, 1]" ->
        "[1, 3]" when it sorts by citation-number); as written when it has none."""
        citation_element = self._style.style.root.citation
        if len(placed) < 2 or citation_element.sort is None:
            return placed
        citation = Citation([CitationItem(self._ids[item.key]) for item, _ in placed])
        bib.register(citation)
        cites = list(citation.cites)
        ordered = citation_element.sort.sort(list(cites), citation_element.layout)
        index = {id(cite): n for n, cite in enumerate(cites)}
        return [placed[index[id(cite)]] for cite in ordered]

    def _render_numeric(
        self, clusters: Sequence[Cluster], href: Callable[[str], str]
    ) -> RenderedDocument:
        first_cited = list(dict.fromkeys(item.key for c in clusters for item in c.items))
        source = self._full_source()
        bib = self._bibliography(source, first_cited)
        citations: list[str] = []
        # Positions for <if position>; first-reference-note-number is not shown (one shared
        # source), and numeric note styles are rare.
        positions = cite_positions(clusters, self._style.near_note_distance)
        opening, closing = self._layout_wrapper()
        for cluster, cluster_positions in zip(clusters, positions, strict=True):
            cites = []
            placed = list(zip(cluster.items, cluster_positions, strict=True))
            for item, position in self._numeric_order(bib, placed):
                extra: dict[str, Any] = {"position_info": position}
                if item.locator:
                    extra["locator"] = Locator(item.label, item.locator.translate(_PUA))
                citation = Citation([CitationItem(self._ids[item.key], **extra)])
                bib.register(citation)
                text = finish_html(
                    bib.cite(citation, lambda _i: None),
                    self._style.punctuation_in_quote,
                    self._style.quotes,
                )
                if opening and text.startswith(opening) and text.endswith(closing):
                    text = text[len(opening) : len(text) - len(closing)]
                else:
                    text = self._strip_layout(text)
                plain = not (item.locator or item.prefix or item.suffix)
                shown = re.fullmatch(r"\W*(\d+)\W*", re.sub(r"<[^>]*>", "", text))
                cites.append(
                    Cite(
                        full=_affix(
                            item, _link(text, href(item.key), item.key), self._style.quotes
                        ),
                        number=int(shown.group(1)) if plain and shown else None,
                    )
                )
            # The cluster is one citation: the layout's prefix, suffix and formatting once.
            if self._style.collapse == "citation-number":
                body = collapse_numbers(cites, self._style.delimiters)
            else:
                body = self._style.delimiter.join(cite.full for cite in cites)
            citations.append(
                f"{opening or self._style.prefix}{body}{closing or self._style.suffix}".translate(
                    _UNSHIELD
                )
            )
        if not self._style.has_bibliography:
            return RenderedDocument(self._open_notes(clusters, citations), ())
        bib.sort()
        by_id = {v: k for k, v in self._ids.items()}
        if not self._style.has_bibliography:
            return RenderedDocument(
                tuple(citations), tuple((key, self.reference(key)) for key in first_cited)
            )
        texts = [self._finish_reference(t) if t is not None else "" for t in bib.bibliography()]
        references = tuple(
            zip([by_id[item.key] for item in bib.items], self._substituted(texts), strict=True)
        )
        return RenderedDocument(self._open_notes(clusters, citations), references)


class _Bibliography(CitationStylesBibliography):
    """citeproc-py's bibliography; ``register`` checks keys against a set, not a list (O(n^2))."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._registered: set[str] = set()

    def register(self, citation: Citation, callback: Callable | None = None) -> None:
        citation.bibliography = self
        for item in citation.cites:
            if item.key in self.source:
                if item.key not in self._registered:
                    self._registered.add(item.key)
                    self.keys.append(item.key)
                    self.items.append(item)
            elif callback is not None:
                callback(item)


class _Workers(Pool[RenderTask, str]):
    """Runs render tasks here, or in processes forked from this one when there are many of them
    (a :class:`memoria.csl.workers.Pool` of the processor's :meth:`~CslProcessor.run_task`)."""

    def __init__(self, processor: CslProcessor, processes: int, parallel_min: int) -> None:
        super().__init__(processor.run_task, processes, parallel_min)


def _author_part(full: str, marked: str) -> str:
    """The names in ``full``, found where ``marked`` (names replaced by SENTINEL) differs."""
    at = marked.find(SENTINEL)
    if at < 0:
        return ""
    before, after = marked[:at], marked[at + len(SENTINEL) :]
    if not (full.startswith(before) and full.endswith(after)):
        return ""
    return full[len(before) : len(full) - len(after)]


def _rest(full: str, author: str) -> str:
    """``full`` without its author part and the punctuation that followed it."""
    if not author:
        return full
    at = full.find(author)
    if at < 0:
        return full
    before, after = full[:at], full[at + len(author) :]
    # the markup that held the names alone goes with them ("<i>Aalto et al.</i>, 1999")
    while (opening := _OPENING_AT_END.search(before)) and after.startswith(
        f"</{opening.group(1)}>"
    ):
        before, after = before[: opening.start()], after[len(opening.group(1)) + 3 :]
    return (before + re.sub(r"^[\s,.:;]+", "", after)).strip()


#: An opening tag that ends the text (its name in group 1).
_OPENING_AT_END = re.compile(r"<([a-z]+)(?:\s[^<>]*)?>$")


def _opens_with_year(full: str, item: Mapping[str, Any]) -> bool:
    """Whether the cite's text begins with the item's year (a cite of a date alone, which
    pandoc groups with the others)."""
    try:
        year = str(item["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError):
        return False
    return bool(year) and re.sub(r"<[^>]*>", "", full).lstrip().startswith(year)


def _suffix_number(letters: str) -> int:
    """A year suffix's place: a -> 0, z -> 25, aa -> 26 (the inverse of suffix_letters)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("a") + 1
    return number - 1


_SPLICE_PUNCTUATION = (";", ".", ",")
_TRAILING_ENTITY = re.compile(r"&#?\w+;(?:</?[a-zA-Z][^<>]*>)*$")


def layout_suffix(body: str, suffix: str) -> str:
    """The layout's suffix as it follows the cites' HTML: without a punctuation mark the body
    ends in already ("is another." + "." -> "is another."), by the seam rule of the fork's
    strings. An entity the body ends in ("&gt;") is a character, not a ";".
    """
    if _TRAILING_ENTITY.search(body):
        return suffix
    return str(normalize_seam(body, suffix))


def cite_delimiter(previous: CiteItem, item: CiteItem, delimiter: str) -> str:
    """The layout delimiter between two cites, as citeproc-js splices them: after a cite
    whose suffix ends in ";", "." or "," only the delimiter's spaces ("is one source, Jones");
    none before a cite whose prefix opens with one of them, when the previous cite has no
    suffix ("Book A, cited in Book B")."""
    if previous.suffix and previous.suffix[-1] in _SPLICE_PUNCTUATION:
        space = delimiter.find(" ")
        return delimiter[space:] if space >= 0 else ""
    if not previous.suffix and item.prefix and item.prefix[0] in _SPLICE_PUNCTUATION:
        return ""
    return delimiter


def join_cites(cites: Sequence[tuple[CiteItem, str]], delimiter: str) -> str:
    """The cites' HTML (each with its item) joined by the layout delimiter
    (:func:`cite_delimiter`)."""
    out = []
    for index, (item, text) in enumerate(cites):
        if index:
            out.append(cite_delimiter(cites[index - 1][0], item, delimiter))
        out.append(text)
    return "".join(out)


#: Closing quotes of a cite's prefix and suffix while the cluster's punctuation moves into quotes
#: (citeproc-js moves none inside an affix: "‘God willing’. Another"), and back.
_SHIELD = str.maketrans({"”": "\ue012", "’": "\ue013"})
_UNSHIELD = str.maketrans({"\ue012": "”", "\ue013": "’"})


def _affix(item: CiteItem, text: str, quotes: rich_text.QuoteMarks | None) -> str:
    """``text`` with the cite's prefix and suffix, which take allow-listed rich text as values do
    (their closing quotes shielded: :data:`_SHIELD`)."""
    prefix = rich_text.html(item.prefix, quotes).translate(_SHIELD)
    suffix = rich_text.html(item.suffix, quotes).translate(_SHIELD)
    if prefix:
        text = f"{prefix} {note_start.capitalise_after_prefix(item.prefix, text)}"
    if suffix:
        text = f"{text}{'' if item.suffix[0] in ',.;:' else ' '}{suffix}"
    return text


def _link(text: str, url: str, key: str) -> str:
    # data-cite names the entry, so the citation popover finds its reference (#ref-<key>).
    return (
        f'<a class="citation-link" data-cite="{html.escape(key)}" href="{html.escape(url)}">'
        f"{text}</a>"
    )
