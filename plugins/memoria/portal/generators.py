"""One Pelican generator per portal kind, plus one for the portal-wide exports.

Phase one (``generate_context``) reads a kind's folder, checks each file's fields and puts the
objects in the context. The plugin's ``all_generators_finalized`` handler then relates everything
(:mod:`memoria.portal.relations`); phase two (``generate_output``) writes the pages, which only
read those relations.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, ClassVar

from jinja2 import FileSystemLoader
from pelican.generators import Generator
from pelican.utils import process_translations

from memoria import theme
from memoria.diagnostics import Diagnostic, InputError, display_path, log_for
from memoria.front_matter.lines import front_matter_lines, line_of
from memoria.portal import calendar, graph_export
from memoria.portal.fields import CHECKS
from memoria.portal.kinds import KIND_BY_NAME, PSEUDONYMS_KEY, Kind, split_stem
from memoria.portal.people_names import read_front_matter
from memoria.portal.pseudonyms import Identity, identity
from memoria.portal.settings import today
from memoria.portal.structured_data import event_json_ld, person_json_ld
from memoria.portal.unlisted import KEPT_APART

#: Context key under which each kind's objects (sorted) are listed for templates.
CONTEXT_KEYS = {
    "person": "people",
    "workshop": "workshops",
    "case_study": "case_studies",
    "organisation": "organisations",
    "series": "series_list",
}


def _date(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def split_workshops(workshops: list[Any], day: datetime.date) -> tuple[list[Any], list[Any]]:
    """(upcoming, soonest first; past, newest first): a workshop is upcoming until it ends."""
    ordered = sorted(workshops, key=lambda w: (w.date, w.file_slug), reverse=True)
    upcoming = [w for w in ordered if _date(w.end_date or w.date) >= day]
    past = [w for w in ordered if _date(w.end_date or w.date) < day]
    return upcoming[::-1], past


class PortalGenerator(Generator):
    """Reads one kind's folder and writes a page per file plus the kind's index page."""

    kind: ClassVar[Kind]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Our templates serve as a fallback, so a site with another theme still gets these pages.
        self.env.loader.loaders.append(FileSystemLoader(str(Path(theme.PATH) / "templates")))
        self.items: dict[str, Any] = {}  # file slug -> the original of each page
        self.translations: list[Any] = []  # pages translated from an original

    # --- phase one ------------------------------------------------------------------------
    def generate_context(self) -> None:
        folder = self.settings[self.kind.path_setting]
        log = log_for(self.settings)
        check = CHECKS[self.kind.name]
        contents = []
        for relative in sorted(self.get_files([folder])):
            source = Path(self.path) / relative
            try:
                content = self.readers.read_file(
                    base_path=self.path,
                    path=relative,
                    content_class=self.kind.content_class,
                    context=self.context,
                )
            except InputError:
                continue  # the reader logged it with its line
            path = display_path(source, self.settings)
            lines = front_matter_lines(source.read_text(encoding="utf-8"))
            checked = check(
                path, content.metadata, lambda where, lines=lines: line_of(lines, where)
            )
            log.extend(checked.problems)
            problem = self.refuse(content, path, lines)
            if problem is not None:
                log.add(problem)
                continue
            for name, value in checked.values.items():
                setattr(content, name, value)
            content.memoria_fields = tuple(checked.values)
            self.add_source_path(content)
            contents.append(content)
        originals, self.translations = process_translations(contents, translation_id="slug")
        self.items = dict(sorted((c.file_slug, c) for c in originals))
        for translation in self.translations:
            inherit_fields(translation, original_of(translation))
        self.context[CONTEXT_KEYS[self.kind.name]] = self.ordered()

    def refuse(self, content: Any, path: str, lines: dict) -> Diagnostic | None:
        """Why a file that read well must still not become a page, or None."""
        return None

    def ordered(self) -> list[Any]:
        """The kind's objects in the order its index lists them."""
        return sorted(self.items.values(), key=lambda c: c.title.casefold())

    def memoria_contents(self) -> list[Any]:
        """Objects whose bodies may cite: the bibliography plugin renders their citations."""
        return [*self.items.values(), *self.translations]

    # --- phase two ------------------------------------------------------------------------
    def generate_output(self, writer: Any) -> None:
        if not self.items:
            return  # an unused kind leaves no trace in output/
        relative = self.settings.get("RELATIVE_URLS", False)
        for content in [*self.items.values(), *self.translations]:
            writer.write_file(
                content.save_as,
                self.get_template(content.template),
                self.context,
                page=content,
                relative_urls=relative,
                url=content.url,
                override_output=hasattr(content, "override_save_as"),
                **self.page_variables(content),
            )
        prefix = self.kind.setting_prefix
        url = self.settings[f"{prefix}_INDEX_URL"]
        writer.write_file(
            self.settings[f"{prefix}_INDEX_SAVE_AS"],
            self.get_template(self.kind.index_template),
            self.context,
            relative_urls=relative,
            url=url,
            page_name=url.rstrip("/"),
            index_title=self.kind.label,
            **self.index_variables(),
        )

    def page_variables(self, content: Any) -> dict[str, Any]:
        return {}

    def index_variables(self) -> dict[str, Any]:
        return {"items": self.ordered()}


def real_identities(people: list[Any], settings: Any) -> list[Identity]:
    """The real identity of each pseudonymous person, from every version of her file (a
    translation may spell the name otherwise); the people objects themselves no longer hold it."""
    written: dict[str, list[Any]] = {}
    where: dict[str, tuple[str, int]] = {}
    pseudonyms: dict[str, str] = {}
    for person in sorted(people, key=lambda p: p.source_path):
        if not person.pseudonym:
            continue
        pseudonyms.setdefault(person.file_slug, person.pseudonym)
        source = Path(person.source_path)
        data = read_front_matter(source) or {}
        aliases = data.get("aliases") or []
        written.setdefault(person.file_slug, []).extend(
            [data.get("name"), *([aliases] if isinstance(aliases, str) else aliases)]
        )
        if split_stem(source.stem)[1] is None or person.file_slug not in where:
            lines = front_matter_lines(source.read_text(encoding="utf-8"))
            where[person.file_slug] = (display_path(source, settings), line_of(lines, ("name",)))
    found = (
        identity(slug, *where[slug], texts, pseudonyms[slug])
        for slug, texts in sorted(written.items())
    )
    return [person for person in found if person is not None]


def original_of(translation: Any) -> Any:
    """The page a translation was made from (Pelican links all versions to each other)."""
    versions = [translation, *translation.translations]
    default = translation.settings.get("DEFAULT_LANG", "en")
    return next((v for v in versions if v.lang == default), translation.translations[0])


def inherit_fields(translation: Any, original: Any) -> None:
    """A translation repeats only what it translates: every field it leaves empty (programme,
    timeline, countries...) is the original's."""
    for name in original.memoria_fields:
        if not getattr(translation, name, None):
            setattr(translation, name, getattr(original, name))


class PeopleGenerator(PortalGenerator):
    kind = KIND_BY_NAME["person"]

    def generate_context(self) -> None:
        super().generate_context()
        self.identities = real_identities([*self.items.values(), *self.translations], self.settings)

    def refuse(self, content: Any, path: str, lines: dict) -> Diagnostic | None:
        # A pseudonym only in a translation: its page would name the original (real name) among
        # its translations and pair the two names.
        file_slug, lang = split_stem(Path(content.source_path).stem)
        if not lang or file_slug in (self.settings.get(PSEUDONYMS_KEY) or {}):
            return None
        if not str(content.metadata.get("pseudonym") or "").strip():
            return None
        return Diagnostic(
            path,
            line_of(lines, ("pseudonym",)),
            "a pseudonym in a translation only: the original's page would show the real name",
            hint=f"give the original, {file_slug}.md, the pseudonym (its translations take it)",
            code="portal.pseudonym",
        )

    def ordered(self) -> list[Any]:
        # By family name where we can tell it (the last word), then by full name.
        return sorted(self.items.values(), key=lambda p: (p.title.split()[-1].casefold(), p.title))

    def page_variables(self, content: Any) -> dict[str, Any]:
        return {"json_ld": person_json_ld(content, self.settings.get("SITEURL", ""))}


class WorkshopsGenerator(PortalGenerator):
    kind = KIND_BY_NAME["workshop"]

    def generate_context(self) -> None:
        super().generate_context()
        for workshop in self.items.values():
            workshop.ics_url = f"{workshop.url}{workshop.file_slug}.ics"
        for translation in self.translations:
            translation.ics_url = original_of(translation).ics_url
        # For the home page, which the articles generator writes.
        upcoming, _past = split_workshops(self.ordered(), today(self.settings))
        self.context["upcoming_workshops"] = upcoming

    def ordered(self) -> list[Any]:
        return sorted(self.items.values(), key=lambda w: (w.date, w.file_slug), reverse=True)

    def page_variables(self, content: Any) -> dict[str, Any]:
        return {"json_ld": event_json_ld(content, self.settings.get("SITEURL", ""))}

    def index_variables(self) -> dict[str, Any]:
        upcoming, past = split_workshops(self.ordered(), today(self.settings))
        return {"items": self.ordered(), "upcoming": upcoming, "past": past}

    def generate_output(self, writer: Any) -> None:
        super().generate_output(writer)
        if not self.items:
            return
        siteurl = self.settings.get("SITEURL", "")
        domain = siteurl.split("//", 1)[-1].split("/", 1)[0]
        events = {}
        for workshop in self.ordered()[::-1]:
            page_url = f"{siteurl}/{workshop.url}" if siteurl else ""
            events[workshop.file_slug] = calendar.workshop_event(workshop, page_url, domain)
            self._write(
                workshop.ics_url, calendar.calendar([events[workshop.file_slug]], workshop.title)
            )
        save_as = self.settings.get("WORKSHOPS_ICS_SAVE_AS")
        if save_as:
            name = f"{self.settings.get('SITENAME', 'Memoria')}: workshops"
            # Like a feed, the calendar would list a workshop that names a pseudonymous person's
            # real identity beside the one where she spoke.
            listed = [
                e for slug, e in events.items() if not getattr(self.items[slug], KEPT_APART, False)
            ]
            self._write(save_as, calendar.calendar(listed, name))

    def _write(self, relative: str, data: bytes) -> None:
        target = Path(self.output_path) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


class CaseStudiesGenerator(PortalGenerator):
    kind = KIND_BY_NAME["case_study"]

    def index_variables(self) -> dict[str, Any]:
        regions: dict[str, list[Any]] = {}
        for case in self.ordered():
            regions.setdefault(case.region or "Other", []).append(case)
        return {"items": self.ordered(), "regions": sorted(regions.items())}


class OrganisationsGenerator(PortalGenerator):
    kind = KIND_BY_NAME["organisation"]


class SeriesGenerator(PortalGenerator):
    kind = KIND_BY_NAME["series"]


class PortalDataGenerator(Generator):
    """Writes ``data/portal.json``, the graph of the whole portal."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer: Any) -> None:
        save_as = self.settings.get("PORTAL_JSON_SAVE_AS")
        index = self.context.get("portal")
        if not save_as or index is None or not index.has_content():
            return
        bibliography = self.context.get("memoria_bibliography_pages", list)()
        graph = graph_export.portal_graph(index, self.context.get("portal_posts", []), bibliography)
        target = Path(self.output_path) / save_as
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(graph_export.to_json(graph), encoding="utf-8")


GENERATORS = (
    PeopleGenerator,
    WorkshopsGenerator,
    CaseStudiesGenerator,
    OrganisationsGenerator,
    SeriesGenerator,
    PortalDataGenerator,
)
