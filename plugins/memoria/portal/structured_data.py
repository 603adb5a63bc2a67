"""schema.org JSON-LD for workshops (``Event``) and profiles (``Person``), as plain data.

Templates print it with ``|tojson``. People who asked to be left out of exports appear in no
JSON-LD at all, not even as a workshop's performer.
"""

from __future__ import annotations

import datetime
from typing import Any


def _absolute(siteurl: str, url: str) -> str:
    return f"{siteurl}/{url}" if siteurl else f"/{url}"


def _day(value: Any) -> str:
    return (value.date() if isinstance(value, datetime.datetime) else value).isoformat()


def person_ref(person: Any, siteurl: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": person.title}
    data["url"] = _absolute(siteurl, person.url)
    return data


def person_json_ld(person: Any, siteurl: str) -> dict[str, Any] | None:
    """A profile's ``Person``; None when the person is excluded from exports."""
    if person.exclude_from_exports:
        return None
    data = {"@context": "https://schema.org", **person_ref(person, siteurl)}
    if person.honorific:
        data["honorificPrefix"] = person.honorific
    if person.role:
        data["jobTitle"] = person.role
    organisations = person.related.organisations
    if organisations:
        data["affiliation"] = {"@type": "Organization", "name": organisations[0].title}
    elif person.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    same_as = [f"https://orcid.org/{person.orcid}"] if person.orcid else []
    same_as += [link.url for link in person.links if link.url.startswith("http")]
    if same_as:
        data["sameAs"] = same_as
    return data


def event_json_ld(workshop: Any, siteurl: str) -> dict[str, Any]:
    """A workshop's ``Event``, its presentations as ``subEvent``, speakers as ``performer``."""
    url = _absolute(siteurl, workshop.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": workshop.title,
        "startDate": _day(workshop.date),
        "url": url,
    }
    if workshop.end_date:
        data["endDate"] = _day(workshop.end_date)
    if workshop.location.lower() == "online":
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": url}
    elif workshop.location:
        data["location"] = {"@type": "Place", "name": workshop.location}
    organisers = [
        {"@type": "Organization", "name": org.title} for org in workshop.related.organisations
    ]
    if organisers:
        data["organizer"] = organisers
    performers, sub_events = [], []
    for talk in workshop.related.talks:
        sub: dict[str, Any] = {
            "@type": "Event",
            "name": talk.presentation.title,
            "startDate": data["startDate"],
            "url": f"{url}#{talk.presentation.anchor}",
        }
        speaker = talk.speaker
        if speaker is not None and not speaker.exclude_from_exports:
            sub["performer"] = person_ref(speaker, siteurl)
            if sub["performer"] not in performers:
                performers.append(sub["performer"])
        sub_events.append(sub)
    if performers:
        data["performer"] = performers
    if sub_events:
        data["subEvent"] = sub_events
    return data
