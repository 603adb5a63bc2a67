"""``sitemap.xml``: one ``<url>`` per page, ``lastmod`` from content dates, sorted by address.

Pure functions: the plugin's generator gathers the pages (:class:`SitemapUrl`), this module
decides dates and writes the XML (https://www.sitemaps.org/protocol.html).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class SitemapUrl:
    """One page in the sitemap."""

    loc: str  # absolute URL, or site-relative ("/posts/a/") when SITEURL is empty
    lastmod: datetime.date | None  # when the page last changed, None when unknown


def as_date(value: Any) -> datetime.date | None:
    """A ``date`` from a date, a datetime or an ISO string; None for anything else."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def content_date(content: Any, today: datetime.date) -> datetime.date | None:
    """``modified``, else ``date``, of a content object; dates after ``today`` are not
    modification dates (an upcoming workshop's date) and count as unknown."""
    for name in ("modified", "date"):
        value = as_date(getattr(content, name, None))
        if value is not None and value <= today:
            return value
    return None


def newest(dates: Iterable[datetime.date | None]) -> datetime.date | None:
    """The latest of the known dates, None when none is known."""
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def page_url(siteurl: str, url: str) -> str:
    """A page's address: ``SITEURL`` + its URL, or ``/`` + its URL when ``SITEURL`` is empty."""
    return f"{siteurl.rstrip('/')}/{url.lstrip('/')}"


def sitemap_xml(urls: Iterable[SitemapUrl]) -> str:
    """The sitemap document: each address once (the newest ``lastmod`` wins), sorted."""
    merged: dict[str, datetime.date | None] = {}
    for url in urls:
        merged[url.loc] = newest([merged.get(url.loc), url.lastmod])
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{NAMESPACE}">']
    for loc in sorted(merged):
        lastmod = merged[loc]
        tail = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape(loc)}</loc>{tail}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
