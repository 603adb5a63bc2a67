"""The bibliography plugin's signal handlers: how the domain modules meet Pelican's build."""

from __future__ import annotations

from typing import Any

from pelican import signals

from memoria import templating
from memoria.bibliography.generator import BibliographyGenerator
from memoria.bibliography.settings import DEFAULTS
from memoria.csl.style import is_note_style
from memoria.diagnostics import log_for

#: The Markdown extension that finds citations; added to the MARKDOWN setting.
MARKDOWN_EXTENSION = "memoria.bibliography.markdown_citations"

#: Attributes of Pelican's generators that hold content objects which may cite.
CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def configure(pelican: Any) -> None:
    """Turn on autoescaping and the citation syntax before any reader or template exists.

    With a note style (OSCOLA, Chicago notes) the Markdown extension makes each citation a
    footnote; the style is known here, before the first page is read.
    """
    settings = pelican.settings
    markdown = settings.setdefault("MARKDOWN", {})
    config = markdown.setdefault("extension_configs", {}).setdefault(MARKDOWN_EXTENSION, {})
    style = settings.get("CSL_STYLE", DEFAULTS["CSL_STYLE"])
    config["notes"] = isinstance(style, str) and is_note_style(style)


def get_generators(_pelican: Any) -> type[BibliographyGenerator]:
    return BibliographyGenerator


def content_objects(generators: list[Any]) -> list[Any]:
    """Every content object of every generator, each once, in a stable order."""
    seen: dict[int, Any] = {}
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, None) or []:
                seen.setdefault(id(content), content)
        for content in getattr(generator, "memoria_contents", list)():
            seen.setdefault(id(content), content)
    return sorted(seen.values(), key=lambda c: str(c.source_path))


def link_citations(generators: list[Any]) -> None:
    for generator in generators:
        if isinstance(generator, BibliographyGenerator):
            generator.link(content_objects(generators))


def report(pelican: Any) -> None:
    """Under the plain ``pelican`` command, print what the build wrapper would have printed."""
    log = log_for(pelican.settings)
    if not pelican.settings.get("MEMORIA_REPORTER"):
        import logging

        logger = logging.getLogger("memoria")
        for diagnostic in log.sorted():
            level = logging.ERROR if diagnostic.severity == "error" else logging.WARNING
            logger.log(level, "%s", diagnostic)
        log.clear()


def connect() -> None:
    """Connect the module-level handlers (blinker keeps only weak references)."""
    templating.connect()
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(link_citations)
    signals.finalized.connect(report)
