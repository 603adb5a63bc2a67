"""Workshops as iCalendar (RFC 5545) events, so readers can add them to their calendars.

Built with the ``icalendar`` library. Output is deterministic: ``DTSTAMP`` (required by the RFC)
is the workshop's own date, never the time of the build, and events are sorted.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import icalendar

PRODID = "-//Memoria//Workshop calendar//EN"


def _day(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def workshop_event(workshop: Any, page_url: str, domain: str) -> icalendar.Event:
    """One all-day (or multi-day) event for ``workshop``; ``page_url`` is its absolute URL."""
    start = _day(workshop.date)
    end = _day(workshop.end_date or workshop.date) + datetime.timedelta(days=1)  # exclusive
    event = icalendar.Event()
    event.add("uid", f"{workshop.file_slug}@{domain or 'memoria'}")
    event.add("dtstamp", datetime.datetime.combine(start, datetime.time(), datetime.UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", workshop.title)
    if workshop.location:
        event.add("location", workshop.location)
    if page_url:
        event.add("url", page_url)
    talks = [
        f"{talk.presentation.title} ({talk.speaker.title})"
        if talk.speaker
        else talk.presentation.title
        for talk in workshop.related.talks
    ]
    if talks:
        event.add("description", "Presentations:\n" + "\n".join(f"- {t}" for t in talks))
    return event


def calendar(events: Iterable[icalendar.Event], name: str) -> bytes:
    """A VCALENDAR holding ``events`` in the order given."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(event)
    return cal.to_ical()
