"""The bibliography as a Pelican content kind: an index page, a page per entry, and downloads.

The library is loaded when Pelican makes the generator, before any content is read (a cold build
starts rendering it then, in a child process); the plugin's ``all_generators_finalized``
handler then renders every page's citations through :meth:`BibliographyGenerator.link`, so that the
"Cited in" lists are complete before phase two (``generate_output``) writes anything.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from memoria import theme
from memoria.bibliography import exports
from memoria.bibliography.citing import EXPORT_FORMATS, link_citations
from memoria.bibliography.entry_metadata import highwire_tags, iso_date, item_links, json_ld, plain
from memoria.bibliography.index_filters import author_names, filter_options
from memoria.bibliography.latex_text import strip_protection
from memoria.bibliography.library import Library, entries_problems, open_library
from memoria.bibliography.links import safe_url
from memoria.bibliography.settings import read_settings
from memoria.csl.workers import run_jobs
from memoria.diagnostics import display_path, log_for

#: File suffix -> function joining entries' pieces (:func:`exports.entry_exports`) into a file.
JOINERS = exports.JOINERS
#: The fingerprint of the export texts' store (one entry of it per entry).
EXPORTS_STORE = hashlib.sha256(exports.EXPORTS_VERSION.encode()).hexdigest()
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class EntryPage:
    """What an entry's page and its line in the index show; built once, read by templates."""

    key: str  # entry key, also the element id in the index
    url: str  # site-relative URL of the entry's page
    reference: Markup  # formatted reference (citeproc output from escaped fields)
    title: str  # plain title, for <title> and headings (escaped by the template)
    year: str  # year of publication, "" when unknown
    csl_type: str  # CSL type, e.g. "report"
    abstract: str  # plain text, "" when none
    links: tuple[tuple[str, str], ...]  # (label, URL) with safe schemes only
    archive_url: str  # archived copy of the online source (archiveurl), "" when none or unsafe
    downloads: tuple[tuple[str, str], ...]  # (format label, site-relative URL)
    cited_in: tuple[Any, ...]  # content objects citing the entry, newest first
    highwire: tuple[tuple[str, str], ...]  # citation_* meta tags
    json_ld: dict[str, Any]  # schema.org description
    authors: tuple[str, ...] = ()  # author (else editor) names, 'Family, Given', for filtering
    case_studies: tuple[Any, ...] = ()  # CaseStudy objects it relates to (portal plugin), by title


class BibliographyGenerator(Generator):
    """Reads the .bib files and writes the bibliography pages and exports."""

    library: Library | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Our templates serve as a fallback, so a site with another theme still gets these pages.
        self.env.loader.loaders.append(FileSystemLoader(str(Path(theme.PATH) / "templates")))
        self.cited_in: dict[str, list[Any]] = {}
        self._pieces: dict[str, dict[str, str]] = {}  # entry key -> export piece by suffix
        self._folders: set[str] = set()  # output folders known to exist in this build
        # Loaded now, before Pelican reads any content, so that a cold build renders the library
        # in a child process while the content is read (Library.start_rendering).
        bib_settings, problems = read_settings(self.settings)
        self.library, load_problems = open_library(bib_settings)
        if "BIBLIOGRAPHY_PATHS" not in self.settings:
            # The default folder is optional: a site without a bibliography is not an error.
            load_problems = [d for d in load_problems if d.code != "bibtex.missing_path"]
        self.library.start_rendering()
        self._problems = problems + load_problems + entries_problems(self.library)

    def generate_context(self) -> None:
        assert self.library is not None
        log_for(self.settings).extend(self._problems)
        self.context["bibliography_url"] = self.library.settings.index_url

    def link(self, contents: Iterable[Any]) -> None:
        """Render the citations in ``contents`` and remember which pages cite which entry."""
        if self.library is None:
            return
        self.cited_in, problems = link_citations(
            self.library,
            contents,
            siteurl=self.settings.get("SITEURL", ""),
            display_path=lambda path: display_path(path, self.settings),
        )
        log_for(self.settings).extend(problems + self.library.locale_problems)

    def entry_pages(self) -> list[EntryPage]:
        """Every entry's page, in the library's (the style's) order."""
        library = self.library
        if library is None or library.processor is None:
            return []
        siteurl = self.settings.get("SITEURL", "")
        return [
            self._entry_page(library, key, html, siteurl)
            for key, html in library.processor.library()
        ]

    def _entry_page(self, library: Library, key: str, html: str, siteurl: str) -> EntryPage:
        item, entry = library.items[key], library.entries[key]
        url = library.entry_url(key)
        absolute = f"{siteurl}/{url}"
        portal = self.context.get("portal")  # the relation index, when the portal plugin is on
        cases = portal.for_entry(key).case_studies if portal is not None else []
        citing = sorted(
            self.cited_in.get(key, []),
            key=lambda c: (str(getattr(c, "date", "")), c.title),
            reverse=True,
        )
        return EntryPage(
            key=key,
            url=url,
            reference=Markup(html),
            title=plain(item.get("title")) or strip_protection(entry.get("title")) or key,
            year=iso_date(item)[:4],
            csl_type=str(item.get("type", "document")),
            abstract=plain(item.get("abstract")),
            links=tuple(item_links(item)),
            archive_url=safe_url(entry.get("archiveurl")) or "",
            downloads=tuple(
                (label, f"{url}{key_file(library, key)}.{suffix}")
                for label, suffix in EXPORT_FORMATS
            ),
            cited_in=tuple(citing),
            highwire=tuple(highwire_tags(item, absolute)),
            json_ld=json_ld(item, absolute),
            authors=author_names(item),
            case_studies=tuple(sorted(cases, key=lambda c: (c.title.casefold(), c.file_slug))),
        )

    def generate_output(self, writer: Any) -> None:
        library = self.library
        if library is None or not library.entries or library.processor is None:
            return
        library.join()  # a site where nothing cites did not ask for the library before
        pages = self.entry_pages()
        for page in pages:  # every export joins these: made (or read from the cache) once, here
            self._entry_pieces(page.key)
        relative = self.settings.get("RELATIVE_URLS", False)
        settings = library.settings
        index_template = self.get_template("bibliography")
        entry_template = self.get_template("bibliography_entry")

        def write_index() -> None:
            downloads = tuple(
                (label, f"{settings.index_url}all.{suffix}") for label, suffix in EXPORT_FORMATS
            )
            writer.write_file(
                settings.index_save_as,
                index_template,
                self.context,
                relative_urls=relative,
                url=settings.index_url,
                entries=pages,
                filters=filter_options(pages),
                downloads=downloads,
                page_name=settings.index_url.rstrip("/"),
            )

        def write_entry(page: EntryPage) -> None:
            save_as = settings.entry_save_as.format(slug=library.slugs[page.key])
            writer.write_file(
                save_as,
                entry_template,
                self.context,
                relative_urls=relative,
                url=page.url,
                entry=page,
                page_name=page.url.rstrip("/"),
            )
            self._folders.add(f"{self.output_path}/{save_as}".rpartition("/")[0])  # Pelican made it
            self._write_exports(f"{page.url}{key_file(library, page.key)}", [page.key])

        jobs: list[Callable[[], None]] = [
            write_index,
            partial(self._write_exports, f"{settings.index_url}all", [p.key for p in pages]),
        ]
        jobs += [partial(write_entry, page) for page in pages]
        jobs += [partial(self._write_exports, *stem_keys) for stem_keys in self._reference_lists()]
        run_jobs(jobs, self._write_processes(len(jobs)))
        library.save_cache()

    def _write_processes(self, files: int) -> int:
        """How many processes write the pages: one per render process when there are many, and
        only one while a plugin listens to ``content_written`` (a forked child's receivers would
        record what was written into a copy of their state that is then lost)."""
        settings = self.library.settings if self.library is not None else None
        if settings is None or files < max(settings.parallel_min, 2):
            return 1
        if signals.content_written.receivers:
            return 1
        return settings.render_processes

    def _reference_lists(self) -> list[tuple[str, list[str]]]:
        """(file stem, keys) of the downloads offered under each page's reference list."""
        lists: dict[str, list[str]] = {}
        for citing in self.cited_in.values():
            for content in citing:
                ref_list = content.reference_list
                if ref_list.export_stem not in lists:
                    lists[ref_list.export_stem] = [r.key for r in ref_list.references]
        return list(lists.items())

    def _write_exports(self, stem: str, keys: Sequence[str]) -> None:
        pieces = [self._entry_pieces(key) for key in keys]
        for suffix, join in JOINERS.items():
            self._write_text(f"{stem}.{suffix}", join([p[suffix] for p in pieces]))

    def _entry_pieces(self, key: str) -> dict[str, str]:
        """The entry's piece of each export: made once per build, kept in the exports cache by a
        hash of everything they are made from, so a warm build only joins and writes them."""
        pieces = self._pieces.get(key)
        if pieces is not None:
            return pieces
        library = self.library
        assert library is not None
        entry, item = library.entries[key], library.items[key]
        source = [entry.key, entry.entry_type, sorted(entry.source_fields.items()), item]
        digest = hashlib.sha1(
            json.dumps(source, ensure_ascii=False, sort_keys=True).encode()
        ).hexdigest()
        cache = library.exports_cache
        cached = cache.get(EXPORTS_STORE, digest) if cache is not None else None
        if cached is not None:
            pieces = json.loads(cached)
        else:
            pieces = exports.entry_exports(entry, item)
            if cache is not None:
                cache.put(EXPORTS_STORE, digest, json.dumps(pieces, ensure_ascii=False))
        self._pieces[key] = pieces
        return pieces

    def _write_text(self, relative_path: str, text: str) -> None:
        """Write a file of this build's fresh output folder: one makedirs per folder, and a
        plain create-and-write (thousands of small exports)."""
        target = f"{self.output_path}/{relative_path}"
        folder = target.rpartition("/")[0]
        if folder not in self._folders:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        data = memoryview(text.encode("utf-8"))
        handle = os.open(target, _CREATE, 0o666)
        try:
            while data:
                data = data[os.write(handle, data) :]
        finally:
            os.close(handle)


def key_file(library: Library, key: str) -> str:
    """File name (without suffix) of an entry's downloads: the key, or its slug if not file-safe."""
    return key if library.slugs[key] == key else library.slugs[key]
