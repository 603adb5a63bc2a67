"""The portal plugin's settings: defaults for every kind's folder and URLs, and the exports.

Content URLs follow Pelican's naming (``PERSON_URL``, ``PERSON_SAVE_AS``, ``PERSON_LANG_URL``...),
derived from the content class names; index pages use ``<KIND>_INDEX_URL`` and
``<KIND>_INDEX_SAVE_AS``. README.md documents each setting.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import MutableMapping

from memoria.portal.kinds import KINDS

#: Other settings with their defaults.
DEFAULTS: dict[str, object] = {
    "PORTAL_JSON_SAVE_AS": "data/portal.json",  # the whole graph, machine-readable; "" = off
    "WORKSHOPS_ICS_SAVE_AS": "workshops.ics",  # every workshop as iCalendar; "" = off
    "PORTAL_TODAY": None,  # the date that splits upcoming from past workshops; None = build date
}


def kind_defaults() -> dict[str, object]:
    """Folder and URL settings of every kind, e.g. ``PEOPLE_PATH``, ``PERSON_URL``."""
    values: dict[str, object] = {}
    for kind in KINDS:
        prefix, base = kind.setting_prefix, kind.index_url
        values[kind.path_setting] = kind.folder
        values[f"{prefix}_URL"] = base + "{slug}/"
        values[f"{prefix}_SAVE_AS"] = base + "{slug}/index.html"
        values[f"{prefix}_LANG_URL"] = "{lang}/" + base + "{slug}/"
        values[f"{prefix}_LANG_SAVE_AS"] = "{lang}/" + base + "{slug}/index.html"
        values[f"{prefix}_INDEX_URL"] = base
        values[f"{prefix}_INDEX_SAVE_AS"] = base + "index.html"
    return values


def apply_defaults(settings: MutableMapping) -> None:
    """Fill in every portal setting the site did not set, and keep the kinds out of the blog.

    Pelican reads the whole content folder as articles unless told otherwise, so each kind's
    folder is added to ``ARTICLE_EXCLUDES`` and ``PAGE_EXCLUDES``.
    """
    for name, value in {**kind_defaults(), **DEFAULTS}.items():
        settings.setdefault(name, value)
    for name in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        excludes = list(settings.get(name) or [])
        for kind in KINDS:
            if settings[kind.path_setting] not in excludes:
                excludes.append(settings[kind.path_setting])
        settings[name] = excludes


def today(settings: MutableMapping) -> datetime.date:
    """``PORTAL_TODAY``, else ``SOURCE_DATE_EPOCH`` (reproducible builds), else the build date."""
    value = settings.get("PORTAL_TODAY")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value:
        return datetime.date.fromisoformat(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()
