"""The portal's content kinds: one Pelican content class and one description of each.

Pelican derives a content class's URL settings from its name (``PERSON_URL``,
``CASESTUDY_SAVE_AS``, ...), so each kind is a small subclass of :class:`pelican.contents.Content`
whose slug is its file name. :data:`KINDS` says where each kind's files live, how bodies link to it
(``{person}slug``) and which templates render it; the plugin and generators read only that table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.contents import Content
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from memoria.i18n.marker import N_

#: Settings key of file slug -> pseudonym of every person whose original file has one, read once
#: per build before any person is read, so that each translation takes its original's pseudonym.
PSEUDONYMS_KEY = "MEMORIA_PORTAL_PSEUDONYMS"

#: Front-matter keys that identify a pseudonymous person and are dropped when she is read.
IDENTIFYING_KEYS = ("name", "aliases", "orcid", "honorific")

#: ``bolivia.es`` -> a translation of ``bolivia`` into ``es``.
TRANSLATION_STEM = re.compile(r"^(?P<slug>.+)\.(?P<lang>[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)$")


def split_stem(stem: str) -> tuple[str, str | None]:
    """(slug, language) of a file name without suffix: ``bolivia.es`` -> ("bolivia", "es")."""
    match = TRANSLATION_STEM.match(stem)
    return (match["slug"], match["lang"]) if match else (stem, None)


class PortalContent(Content):
    """A portal page: its slug is its file name (stable when a title changes).

    ``<slug>.<lang>.md`` is the translation of ``<slug>.md`` into ``<lang>``: same slug, so
    Pelican pairs the two, and written under ``<KIND>_LANG_URL``.
    """

    #: Front-matter key that names the page (``title`` or ``name``).
    title_key = "title"

    def __init__(self, content: str, metadata: dict[str, Any] | None = None, *args, **kwargs):
        metadata = dict(metadata or {})
        if self.title_key != "title":
            metadata.pop("title", None)  # the title is derived from the naming key
        source_path = kwargs.get("source_path") or (args[1] if len(args) > 1 else None)
        if source_path:
            slug, lang = split_stem(Path(source_path).stem)
            metadata.setdefault("slug", slug)
            if lang:
                metadata.setdefault("lang", lang)
        super().__init__(content, metadata, *args, **kwargs)

    @property
    def file_slug(self) -> str:
        """The slug written in links and front matter: the file name without suffix."""
        return split_stem(Path(self.source_path).stem)[0]


class Person(PortalContent):
    """A speaker or author profile; ``title`` is the name shown (the pseudonym, if any)."""

    title_key = "name"
    default_template = "person"
    kind_name = "person"

    def __init__(self, content: str, metadata: dict[str, Any] | None = None, *args, **kwargs):
        metadata = dict(metadata or {})
        settings = kwargs.get("settings") or (args[0] if args else None) or DEFAULT_CONFIG
        source_path = kwargs.get("source_path") or (args[1] if len(args) > 1 else None)
        file_slug = split_stem(Path(source_path).stem)[0] if source_path else ""
        # A translation repeats its original's name (a required field) but need not repeat the
        # pseudonym: the person is pseudonymous when her original file says so.
        original = (settings.get(PSEUDONYMS_KEY) or {}).get(file_slug, "")
        pseudonym = str(metadata.get("pseudonym") or "").strip() or original
        if pseudonym:
            # The real name must reach no page, URL or export: the slug comes from the pseudonym
            # (the original's, so that every version pairs) and every field that could identify
            # the person is dropped here, at the source.
            for key in IDENTIFYING_KEYS:
                metadata.pop(key, None)
            metadata["name"] = metadata["pseudonym"] = pseudonym
            metadata["slug"] = slugify(
                original or pseudonym,
                regex_subs=settings.get(
                    "SLUG_REGEX_SUBSTITUTIONS", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
                ),
            )
        super().__init__(content, metadata, *args, **kwargs)

    @property
    def title(self) -> str:
        return str(self.metadata.get("name", ""))


class Workshop(PortalContent):
    """An event with presentations by speakers."""

    default_template = "workshop"
    kind_name = "workshop"


class CaseStudy(PortalContent):
    """A country or theme the portal documents."""

    default_template = "case_study"
    kind_name = "case_study"


class Organisation(PortalContent):
    """An NGO, UN body, university or state body; ``title`` is its name."""

    title_key = "name"
    default_template = "organisation"
    kind_name = "organisation"

    @property
    def title(self) -> str:
        return str(self.metadata.get("name", ""))


class Series(PortalContent):
    """An ordered series of workshops and posts."""

    default_template = "series"
    kind_name = "series"


@dataclass(frozen=True)
class Kind:
    """How one content kind is found, linked and written."""

    name: str  # internal name, also the key of relation lists ("person")
    link: str  # link prefix in bodies: "{person}slug"
    content_class: type[PortalContent]  # the Pelican content class
    path_setting: str  # setting naming its folder under PATH
    folder: str  # default folder
    required: tuple[str, ...]  # front-matter keys every file needs
    index_template: str  # template of the kind's index page
    index_url: str  # default URL of the index page
    label: str  # heading of the index page and menu entry

    @property
    def setting_prefix(self) -> str:
        """``PERSON`` for ``PERSON_URL``: Pelican upper-cases the class name."""
        return self.content_class.__name__.upper()

    @property
    def index_setting(self) -> str:
        return f"{self.setting_prefix}_INDEX"


KINDS: tuple[Kind, ...] = (
    Kind("person", "person", Person, "PEOPLE_PATH", "people", ("name",), "people", "people/",
         N_("People")),
    Kind("workshop", "workshop", Workshop, "WORKSHOPS_PATH", "workshops", ("title", "date"),
         "workshops", "workshops/", N_("Workshops")),
    Kind("case_study", "case", CaseStudy, "CASE_STUDIES_PATH", "case-studies", ("title",),
         "case_studies", "case-studies/", N_("Case studies")),
    Kind("organisation", "org", Organisation, "ORGANISATIONS_PATH", "organisations", ("name",),
         "organisations", "organisations/", N_("Organisations")),
    Kind("series", "series", Series, "SERIES_PATH", "series", ("title",), "series_index",
         "series/", N_("Series")),
)  # fmt: skip

KIND_BY_NAME = {kind.name: kind for kind in KINDS}
KIND_BY_LINK = {kind.link: kind for kind in KINDS}
