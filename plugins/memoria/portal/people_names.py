"""The name each person file shows, read before Pelican reads any person as content.

Pelican builds author pages and feeds from posts' ``authors`` while the portal's own generators
have not run yet, so the few fields that decide how a person is named are read here, straight
from the front matter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from memoria.front_matter.reader import HEADER_RE
from memoria.portal.link_syntax import DIRECTORY_KEY


@dataclass(frozen=True)
class PersonName:
    """How a person is named in bylines and feeds."""

    display: str  # the pseudonym when there is one, else the name
    exclude_from_exports: bool  # left out of feeds, portal.json and JSON-LD
    pseudonym: str = ""  # the pseudonym, "" for a person known by her name


def read_front_matter(path: Path) -> dict | None:
    """The YAML front matter of ``path`` as a mapping, or None when it has none or is broken."""
    match = HEADER_RE.fullmatch(path.read_text(encoding="utf-8"))
    try:
        data = yaml.safe_load(match.group("metadata")) if match else None
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def read_people_names(settings: Mapping) -> dict[str, PersonName]:
    """File slug -> :class:`PersonName` for every readable person file; others are skipped
    (the people generator reports their problems)."""
    names = {}
    for slug, relative in (settings.get(DIRECTORY_KEY) or {}).get("person", {}).items():
        data = read_front_matter(Path(settings["PATH"]) / relative)
        if data is None:
            continue
        pseudonym = str(data.get("pseudonym") or "").strip()
        display = pseudonym or str(data.get("name") or "").strip()
        if display:
            names[slug] = PersonName(display, data.get("exclude_from_exports") is True, pseudonym)
    return names
