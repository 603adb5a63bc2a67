"""The i18n plugin's signal handlers: Jinja2's i18n extension, fed by the page's language."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from jinja2 import pass_context

from memoria import theme
from memoria.i18n.catalogs import load_catalog

#: Settings with their defaults. README.md documents each one.
DEFAULTS: dict[str, object] = {
    "I18N_TRANSLATIONS_PATH": str(Path(theme.PATH) / "translations"),  # folder of catalogs
}

#: Context variables that hold the object a template writes; the first one set gives the language.
PAGE_VARIABLES = ("article", "page", "entry")


def page_language(context: Any) -> str:
    """The language of what a template is writing: its object's ``lang``, else the site's."""
    for name in PAGE_VARIABLES:
        lang = getattr(context.get(name), "lang", None)
        if lang:
            return str(lang)
    return str(context.get("lang") or context.get("DEFAULT_LANG") or "en")


def _catalog(context: Any):
    """The catalog of the page ``context`` renders, looked up once per context (a page renders
    hundreds of strings; its language does not change while it renders)."""
    catalog = getattr(context, "_memoria_catalog", None)
    if catalog is None:
        folder = context.get("I18N_TRANSLATIONS_PATH") or DEFAULTS["I18N_TRANSLATIONS_PATH"]
        catalog = load_catalog(str(folder), page_language(context))
        with contextlib.suppress(AttributeError):  # a context without attributes: every call
            context._memoria_catalog = catalog
    return catalog


@pass_context
def gettext(context: Any, message: str) -> str:
    return _catalog(context).gettext(message)


@pass_context
def ngettext(context: Any, singular: str, plural: str, count: int) -> str:
    return _catalog(context).ngettext(singular, plural, count)


def configure(pelican: Any) -> None:
    """``initialized``: settings defaults and the Jinja2 i18n extension."""
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    environment = settings.setdefault("JINJA_ENVIRONMENT", {})
    extensions = list(environment.get("extensions") or [])
    if "jinja2.ext.i18n" not in extensions:
        extensions.append("jinja2.ext.i18n")
    environment["extensions"] = extensions


def language_name(code: str) -> str:
    """``"es"`` -> ``"Español"``: a language named in itself, for language switches."""
    try:
        name = Locale.parse(str(code).replace("-", "_")).get_display_name(str(code))
    except (ValueError, UnknownLocaleError):
        return str(code)
    return (name or str(code))[:1].upper() + (name or str(code))[1:]


def install(generator: Any) -> None:
    """``generator_init``: every generator's templates translate through the page's catalog."""
    if hasattr(generator.env, "install_gettext_callables"):  # the i18n extension is loaded
        generator.env.install_gettext_callables(gettext, ngettext, newstyle=True)
    generator.env.filters.setdefault("language_name", language_name)


def connect() -> None:
    from memoria import templating

    templating.connect()
