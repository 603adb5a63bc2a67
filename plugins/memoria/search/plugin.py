"""The search plugin's signal handlers: the search page as a direct template, and the flag that
tells the build wrapper to index the site."""

from __future__ import annotations

from typing import Any

from pelican import signals

from memoria import templating
from memoria.diagnostics import log_for
from memoria.search.settings import SETTINGS_KEY, read_settings


def configure(pelican: Any) -> None:
    """``initialized``: add the ``search`` direct template and remember the settings."""
    if not any(getattr(module, "__name__", "") == __package__ for module in pelican.plugins):
        # Blinker keeps this handler connected after a build that enabled the plugin; a later
        # build in the same process (the tests) that does not list it must get no search.
        return
    settings = pelican.settings
    search, problems = read_settings(settings)
    log_for(settings).extend(problems)
    settings[SETTINGS_KEY] = search
    if not search.enabled:
        return
    templates = list(settings.get("DIRECT_TEMPLATES") or [])
    if "search" not in templates:
        templates.append("search")
    settings["DIRECT_TEMPLATES"] = templates
    settings["SEARCH_SAVE_AS"] = search.save_as
    settings["SEARCH_URL"] = search.url


def add_context(generator: Any) -> None:
    """``generator_init``: templates see ``search_url`` (the nav links to it) when search is on."""
    search = generator.settings.get(SETTINGS_KEY)
    if search is not None and search.enabled:
        generator.context["search_url"] = search.url


def connect() -> None:
    """Connect the module-level handlers (blinker keeps only weak references)."""
    templating.connect()
    signals.initialized.connect(configure)
    signals.generator_init.connect(add_context)
