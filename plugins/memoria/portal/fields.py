"""Front matter of the portal's kinds -> typed records, every bad value a ``path:line`` problem.

Pure functions: they take the metadata Pelican read (YAML already parsed) and the line of each
value, and return clean values plus diagnostics. Slugs are only checked for their form here; whether
they name an existing file is the relation index's job, which knows every file.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pycountry

from memoria.bibliography.links import safe_url
from memoria.diagnostics import Diagnostic
from memoria.portal.orcid import normalise_orcid

Path = tuple[str | int, ...]
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@dataclass(frozen=True)
class SlugRef:
    """A slug written in front matter, remembered with its line for "unknown slug" errors."""

    slug: str  # as written, e.g. "oriana-bernasconi"
    line: int  # 1-based line in the source file


@dataclass(frozen=True)
class WebLink:
    """A link shown on a profile."""

    label: str  # text of the link
    url: str  # http(s) or mailto URL, checked


@dataclass(frozen=True)
class Presentation:
    """One talk of a workshop."""

    number: int  # 1-based position in the workshop's programme
    anchor: str  # element id of its section on the workshop page
    speaker: SlugRef | None  # the person who gave it; None when not given
    title: str  # title of the talk
    case_studies: tuple[SlugRef, ...]  # case studies it speaks to
    summary: str  # plain text summary, "" when none
    cites: tuple[SlugRef, ...]  # bibliography keys it draws on


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event of a case study."""

    date: str  # ISO date as precise as known: "2019", "2019-11", "2019-11-15"
    event: str  # what happened, plain text
    cites: tuple[SlugRef, ...]  # bibliography keys that document it
    line: int  # 1-based line of the event in the source file


@dataclass
class Checked:
    """The clean fields of one file and what was wrong with it."""

    values: dict[str, Any] = field(default_factory=dict)  # attribute name -> clean value
    problems: list[Diagnostic] = field(default_factory=list)  # one per bad value


class _Fields:
    """Reads one file's metadata, recording a diagnostic per bad value."""

    def __init__(self, path: str, metadata: Mapping[str, Any], line: Callable[[Path], int]):
        self.path, self.metadata, self.line = path, metadata, line
        self.checked = Checked()

    def problem(self, where: Path, message: str, hint: str, code: str) -> None:
        self.checked.problems.append(
            Diagnostic(self.path, self.line(where), message, hint=hint, code=f"portal.{code}")
        )

    def text(self, key: str, value: Any = None, where: Path | None = None) -> str:
        value = self.metadata.get(key) if value is None and where is None else value
        where = where or (key,)
        if value is None:
            return ""
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value).strip()
        self.problem(where, f"'{where[-1]}' must be text", "write a single value", "type")
        return ""

    def texts(self, key: str, value: Any = None, where: Path | None = None) -> list[str]:
        value = self.metadata.get(key) if value is None and where is None else value
        where = where or (key,)
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        out = []
        for index, item in enumerate(items):
            text = self.text(key, item, (*where, index) if isinstance(value, list) else where)
            if text:
                out.append(text)
        return out

    def slugs(self, key: str, value: Any = None, where: Path | None = None) -> tuple[SlugRef, ...]:
        where = where or (key,)
        value = self.metadata.get(key) if value is None and where == (key,) else value
        items = value if isinstance(value, list) else ([] if value is None else [value])
        refs = []
        for index, item in enumerate(items):
            at = (*where, index) if isinstance(value, list) else where
            text = self.text(key, item, at)
            if text:
                refs.append(SlugRef(text, self.line(at)))
        return tuple(refs)

    def flag(self, key: str) -> bool:
        value = self.metadata.get(key, False)
        if isinstance(value, bool):
            return value
        self.problem((key,), f"'{key}' must be true or false", f"write '{key}: true'", "type")
        return False

    def date(self, key: str) -> datetime.date | None:
        value = self.metadata.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            self.problem(
                (key,), f"'{key}': {value!r} is not a date", "write an ISO date such as 2022-11-07",
                "date",
            )  # fmt: skip
            return None

    def mapping_items(self, key: str) -> list[tuple[Path, Mapping[str, Any]]]:
        value = self.metadata.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem((key,), f"'{key}' must be a list", "start each item with '- '", "type")
            return []
        out = []
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append(((key, index), item))
            else:
                self.problem(
                    (key, index), f"item {index + 1} of '{key}' must be a mapping",
                    "write each item as 'key: value' lines under its '- '", "type",
                )  # fmt: skip
        return out


def partial_date(value: Any) -> str | None:
    """``2019``, ``2019-11`` or ``2019-11-15`` (a YAML date too) as ISO text, else None."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    match = _PARTIAL_DATE.match(str(value).strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return match.group(0)


def check_person(path: str, metadata: Mapping[str, Any], line: Callable[[Path], int]) -> Checked:
    fields = _Fields(path, metadata, line)
    values = fields.checked.values
    values["name"] = fields.text("name")
    for key in ("honorific", "role", "pseudonym"):
        values[key] = fields.text(key)
    values["affiliation"] = fields.text("affiliation")
    values["aliases"] = tuple(fields.texts("aliases"))
    orcid = fields.text("orcid")
    values["orcid"] = ""
    if orcid:
        values["orcid"] = normalise_orcid(orcid) or ""
        if not values["orcid"]:
            fields.problem(
                ("orcid",), f"'orcid': {orcid!r} is not a valid ORCID iD (wrong form or checksum)",
                "copy the iD from the person's orcid.org page, e.g. 0000-0002-1825-0097", "orcid",
            )  # fmt: skip
    photo = fields.text("photo")
    values["photo_hidden"] = photo.lower() == "hidden"
    values["photo"] = "" if values["photo_hidden"] else _photo(fields, photo)
    values["links"] = tuple(_links(fields))
    values["noindex"] = fields.flag("noindex")
    values["exclude_from_exports"] = fields.flag("exclude_from_exports")
    return fields.checked


def _photo(fields: _Fields, photo: str) -> str:
    if not photo or safe_url(photo) or not re.match(r"^[a-z][a-z0-9+.-]*:", photo, re.I):
        return photo
    fields.problem(("photo",), "'photo' must be an http(s) URL or a path", "or 'hidden'", "url")
    return ""


def _links(fields: _Fields) -> list[WebLink]:
    value = fields.metadata.get("links")
    items = value if isinstance(value, list) else ([] if value is None else [value])
    links = []
    for index, item in enumerate(items):
        where: Path = ("links", index)
        if isinstance(item, Mapping):
            url, label = str(item.get("url") or "").strip(), str(item.get("label") or "").strip()
        else:
            url, label = str(item).strip(), ""
        if not safe_url(url):
            fields.problem(
                where, f"link {url!r} is not an http, https or mailto URL",
                "write each link as '- {label: Website, url: https://...}'", "url",
            )  # fmt: skip
            continue
        links.append(WebLink(label or url, url))
    return links


def check_workshop(path: str, metadata: Mapping[str, Any], line: Callable[[Path], int]) -> Checked:
    fields = _Fields(path, metadata, line)
    values = fields.checked.values
    for key in ("location", "region"):
        values[key] = fields.text(key)
    values["end_date"] = fields.date("end_date")
    start = metadata.get("date")
    if values["end_date"] and isinstance(start, datetime.date):
        start_day = start.date() if isinstance(start, datetime.datetime) else start
        if values["end_date"] < start_day:
            fields.problem(
                ("end_date",), "'end_date' is before 'date'", "swap the two dates", "date"
            )
    values["organisers"] = fields.slugs("organisers")
    values["series_ref"] = (fields.slugs("series") or (None,))[0]
    values["case_study_refs"] = fields.slugs("case_studies")
    presentations = []
    for number, (where, item) in enumerate(fields.mapping_items("presentations"), start=1):
        title = fields.text("title", item.get("title"), (*where, "title"))
        speaker = fields.slugs("speaker", item.get("speaker"), (*where, "speaker"))
        if not title:
            fields.problem(
                where, f"presentation {number} has no 'title'", "add 'title: ...' to it", "required"
            )
        if not speaker:
            fields.problem(
                where, f"presentation {number} has no 'speaker'",
                "add 'speaker: <person slug>' (a file name under the people folder)", "required",
            )  # fmt: skip
        presentations.append(
            Presentation(
                number=number,
                anchor=f"presentation-{number}",
                speaker=speaker[0] if speaker else None,
                title=title,
                case_studies=fields.slugs(
                    "case_studies", item.get("case_studies"), (*where, "case_studies")
                ),
                summary=fields.text("summary", item.get("summary"), (*where, "summary")),
                cites=fields.slugs("cites", item.get("cites"), (*where, "cites")),
            )
        )
    values["presentations"] = tuple(presentations)
    return fields.checked


def check_case_study(
    path: str, metadata: Mapping[str, Any], line: Callable[[Path], int]
) -> Checked:
    fields = _Fields(path, metadata, line)
    values = fields.checked.values
    for key in ("region", "period"):
        values[key] = fields.text(key)
    values["keywords"] = tuple(fields.texts("keywords"))
    countries = []
    for index, code in enumerate(fields.texts("countries")):
        country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
        if country is None:
            where = ("countries", index) if isinstance(metadata.get("countries"), list) else ()
            fields.problem(
                where or ("countries",), f"'{code}' is not an ISO 3166-1 alpha-2 country code",
                "write two-letter codes such as BO, PE, CL", "country",
            )  # fmt: skip
            continue
        countries.append((country.alpha_2, getattr(country, "common_name", None) or country.name))
    values["countries"] = tuple(countries)
    events = []
    for where, item in fields.mapping_items("timeline"):
        date = partial_date(item.get("date", ""))
        event = fields.text("event", item.get("event"), (*where, "event"))
        if date is None:
            fields.problem(
                (*where, "date") if "date" in item else where,
                f"timeline date {item.get('date')!r} is not a date",
                "write 2019, 2019-11 or 2019-11-15", "date",
            )  # fmt: skip
        if not event:
            fields.problem(where, "timeline item has no 'event'", "add 'event: ...'", "required")
        if date and event:
            cites = fields.slugs("cites", item.get("cites"), (*where, "cites"))
            events.append(TimelineEvent(date, event, cites, fields.line(where)))
    values["timeline"] = tuple(sorted(events, key=lambda e: (e.date, e.line)))
    return fields.checked


def check_organisation(
    path: str, metadata: Mapping[str, Any], line: Callable[[Path], int]
) -> Checked:
    fields = _Fields(path, metadata, line)
    values = fields.checked.values
    values["name"] = fields.text("name")
    values["acronyms"] = tuple(fields.texts("acronyms"))
    values["kind"] = fields.text("kind")
    website = fields.text("website")
    values["website"] = safe_url(website) or ""
    if website and not values["website"]:
        fields.problem(
            ("website",), f"'website' {website!r} is not an http(s) URL", "write https://...", "url"
        )
    return fields.checked


def check_series(path: str, metadata: Mapping[str, Any], line: Callable[[Path], int]) -> Checked:
    return _Fields(path, metadata, line).checked


def check_post(path: str, metadata: Mapping[str, Any], line: Callable[[Path], int]) -> Checked:
    """The portal fields of a blog post or page: ``authors``, ``case_studies``, ``series``."""
    fields = _Fields(path, metadata, line)
    values = fields.checked.values
    authors = metadata.get("authors")
    if authors is not None:
        names = [getattr(a, "name", a) for a in (authors if isinstance(authors, list) else [])]
        values["author_refs"] = fields.slugs("authors", names)
    values["case_study_refs"] = fields.slugs("case_studies")
    values["series_ref"] = (fields.slugs("series") or (None,))[0]
    return fields.checked


CHECKS: dict[str, Callable[[str, Mapping[str, Any], Callable[[Path], int]], Checked]] = {
    "person": check_person,
    "workshop": check_workshop,
    "case_study": check_case_study,
    "organisation": check_organisation,
    "series": check_series,
}
