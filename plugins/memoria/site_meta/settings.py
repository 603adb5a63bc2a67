"""The site_meta plugin's settings, read once with their defaults. README.md documents each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from memoria.diagnostics import Diagnostic

#: Settings with their defaults; "" or None turns a file off.
DEFAULTS: dict[str, object] = {
    "CASE_STUDY_FEED_ATOM": "feeds/case-studies/{slug}.atom.xml",  # one feed per case study
    "WORKSHOPS_FEED_ATOM": "feeds/workshops.atom.xml",  # every workshop, newest first
    "SITEMAP_SAVE_AS": "sitemap.xml",  # every page, for search engines
    "NOT_FOUND_SAVE_AS": "404.html",  # the page a web server shows for a missing URL
}


@dataclass(frozen=True)
class SiteMetaSettings:
    """What the plugin writes and where; "" means "do not write it"."""

    case_study_feed: str  # path pattern with {slug}, relative to the output folder
    workshops_feed: str  # path of the workshops feed
    sitemap: str  # path of sitemap.xml
    not_found: str  # path of the 404 page
    siteurl: str  # SITEURL without a trailing slash ("" for site-relative URLs)


def read_settings(settings: Mapping) -> tuple[SiteMetaSettings, list[Diagnostic]]:
    """The plugin's settings with defaults, and a problem for each value that cannot work."""
    problems: list[Diagnostic] = []
    values: dict[str, str] = {}
    for name, default in DEFAULTS.items():
        value = settings.get(name, default)
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(
                Diagnostic(
                    "pelicanconf.py", 0, f"{name} must be a path or empty", f'e.g. "{default}"',
                    code="settings",
                )
            )  # fmt: skip
            value = str(default)
        values[name] = value
    pattern = values["CASE_STUDY_FEED_ATOM"]
    if pattern and "{slug}" not in pattern:
        problems.append(
            Diagnostic(
                "pelicanconf.py", 0, "CASE_STUDY_FEED_ATOM must contain {slug}",
                f'e.g. "{DEFAULTS["CASE_STUDY_FEED_ATOM"]}", or "" for no case-study feeds',
                code="settings",
            )
        )  # fmt: skip
        pattern = ""
    return (
        SiteMetaSettings(
            case_study_feed=pattern,
            workshops_feed=values["WORKSHOPS_FEED_ATOM"],
            sitemap=values["SITEMAP_SAVE_AS"],
            not_found=values["NOT_FOUND_SAVE_AS"],
            siteurl=str(settings.get("SITEURL") or "").rstrip("/"),
        ),
        problems,
    )
