"""Posts and pages left out of the site's lists, as Pelican's ``status: hidden`` leaves them.

A page whose text names a pseudonymous person's real identity (see
:mod:`memoria.portal.pseudonyms`) is still built at its address, and pages that do not show her
still list it; but the home page, the archives, the category, tag and author pages and the feeds
list every post, and would hold her real name beside her pseudonym. So such a page moves, with
its translations, from the generator's listed contents to its hidden ones, and out of every
grouping Pelican made of them, before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Attribute set (True) on every version of a page kept apart, for the lists this module does
#: not build (the portal's own feeds).
KEPT_APART = "memoria_kept_apart"

#: Listed attribute -> its hidden counterpart, on Pelican's articles and pages generators.
_HIDDEN = {"articles": "hidden_articles", "pages": "hidden_pages"}


def unlist(generator: Any, contents: Iterable[Any]) -> list[Any]:
    """Move those of ``contents`` that ``generator`` lists (and their translations) to its hidden
    ones, in place, so that the shared context sees the change; return the moved originals."""
    ids = {id(content) for content in contents}
    moved: list[Any] = []
    for listed, hidden in _HIDDEN.items():
        originals = getattr(generator, listed, None)
        if originals is None:
            continue
        gone = [content for content in originals if id(content) in ids]
        if not gone:
            continue
        originals[:] = [content for content in originals if id(content) not in ids]
        getattr(generator, hidden).extend(gone)
        moved.extend(gone)
        versions = {id(t) for content in gone for t in getattr(content, "translations", [])}
        translations = getattr(generator, "translations", [])
        generator.hidden_translations.extend(t for t in translations if id(t) in versions)
        translations[:] = [t for t in translations if id(t) not in versions]
    if moved and hasattr(generator, "dates"):
        _regroup(generator, {id(content) for content in moved})
    return moved


def _regroup(generator: Any, gone: set[int]) -> None:
    """Take the moved articles out of the dates, categories, tags, authors and period archives
    Pelican built from the listed ones (``generate_context`` has already run)."""
    generator.dates[:] = [a for a in generator.dates if id(a) not in gone]
    for name in ("categories", "authors"):
        groups = getattr(generator, name)
        kept = [(key, [a for a in arts if id(a) not in gone]) for key, arts in groups]
        groups[:] = [(key, arts) for key, arts in kept if arts]
    for tag in list(generator.tags):
        generator.tags[tag] = [a for a in generator.tags[tag] if id(a) not in gone]
        if not generator.tags[tag]:
            del generator.tags[tag]
    context = generator.context
    context["tags"] = list(generator.tags.items())
    if hasattr(generator, "_build_period_archives"):
        generator.period_archives = generator._build_period_archives(
            generator.dates, generator.articles, generator.settings
        )
        context["period_archives"] = generator.period_archives


def mark(contents: Iterable[Any]) -> None:
    """Set :data:`KEPT_APART` on ``contents`` and their translations."""
    for content in contents:
        for version in (content, *getattr(content, "translations", [])):
            setattr(version, KEPT_APART, True)
