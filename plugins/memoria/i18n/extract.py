"""Keep the theme's catalogs in step with its templates (``invoke translations``).

Babel extracts every ``_("...")`` from the templates with Jinja2's extractor; each language's
``messages.po`` is then updated: new strings are added untranslated, strings no longer used are
kept as obsolete comments, and existing translations are never touched.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from memoria import theme

#: The header date of every catalog; a real date would change the file on every run.
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
TEMPLATES = Path(theme.PATH) / "templates"
TRANSLATIONS = Path(theme.PATH) / "translations"
METHOD_MAP = [("**.html", "jinja2.ext:babel_extract")]
OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
#: Python code whose strings templates translate later (menu labels, default headings) marks
#: them with ``N_("...")`` (:func:`memoria.i18n.marker.N_`).
PYTHON_SOURCES = Path(__file__).resolve().parents[1]
PYTHON_KEYWORDS = {"N_": None}


def template_messages(
    templates: Path = TEMPLATES, python_sources: Path | None = PYTHON_SOURCES
) -> Catalog:
    """Every translatable string of the templates (and ``N_()`` in the code), with its place."""
    catalog = Catalog(project="Memoria theme", fuzzy=False)
    found = list(extract_from_dir(str(templates), METHOD_MAP, OPTIONS))
    if python_sources is not None:
        found += extract_from_dir(
            str(python_sources), [("**.py", "python")], keywords=PYTHON_KEYWORDS
        )
    for filename, line, message, comments, context in found:
        catalog.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    return catalog


def _messages_po(language: str, translations: Path) -> Path:
    return translations / language / "LC_MESSAGES" / "messages.po"


def _read_catalog(language: str, translations: Path) -> Catalog:
    path = _messages_po(language, translations)
    if not path.is_file():
        return Catalog(locale=language, project="Memoria theme")
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _missing(catalog: Catalog, wanted: Catalog) -> list[str]:
    """Ids of ``wanted`` that ``catalog`` does not translate, sorted."""
    done = {m.id for m in catalog if m.id and m.string}
    return sorted(str(m.id) for m in wanted if m.id and m.id not in done)


def update_catalog(
    language: str,
    templates: Path = TEMPLATES,
    translations: Path = TRANSLATIONS,
    python_sources: Path | None = PYTHON_SOURCES,
) -> list[str]:
    """Add the templates' new strings to ``language``'s catalog; return the untranslated ids."""
    catalog = _read_catalog(language, translations)
    wanted = template_messages(templates, python_sources)
    catalog.update(wanted, no_fuzzy_matching=True)
    # Fixed header fields, so that running the task twice changes nothing.
    catalog.project, catalog.version = "Memoria theme", ""
    catalog.msgid_bugs_address = catalog.last_translator = catalog.language_team = ""
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    path = _messages_po(language, translations)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".po.tmp")
    with temporary.open("wb") as handle:
        write_po(handle, catalog, width=100, no_location=True, omit_header=False, sort_output=True)
    temporary.replace(path)
    return _missing(catalog, wanted)


def untranslated(
    language: str,
    templates: Path = TEMPLATES,
    translations: Path = TRANSLATIONS,
    python_sources: Path | None = PYTHON_SOURCES,
) -> list[str]:
    """Template strings that ``language``'s catalog does not translate, sorted."""
    wanted = template_messages(templates, python_sources)
    return _missing(_read_catalog(language, translations), wanted)
