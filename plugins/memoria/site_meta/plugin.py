"""The site_meta plugin's signal handlers: how feeds, sitemap and 404 page meet Pelican's build."""

from __future__ import annotations

from typing import Any

from pelican import signals

from memoria import templating
from memoria.portal.generators import CONTEXT_KEYS
from memoria.portal.plugin import relations_ready
from memoria.site_meta.feeds import case_study_feeds
from memoria.site_meta.generator import CASE_STUDY_FEEDS_KEY, SiteMetaGenerator
from memoria.site_meta.settings import DEFAULTS, read_settings


def configure(pelican: Any) -> None:
    """``initialized``: the defaults, so templates read the same values the plugin uses."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def get_generators(_pelican: Any) -> type[SiteMetaGenerator]:
    return SiteMetaGenerator


def plan_case_study_feeds(context: dict[str, Any]) -> None:
    """Sent by the portal once relations exist: each case study's feed, and its URL on the page."""
    meta, _problems = read_settings(context)  # problems are reported by the generator
    plans = case_study_feeds(context.get(CONTEXT_KEYS["case_study"]) or [], meta.case_study_feed)
    context[CASE_STUDY_FEEDS_KEY] = plans
    for case in context.get(CONTEXT_KEYS["case_study"]) or []:
        plan = plans.get(case.file_slug)
        for version in [case, *getattr(case, "translations", [])]:
            version.feed_url = plan.save_as if plan else ""


def hand_over_generators(generators: list[Any]) -> None:
    """``all_generators_finalized``: the sitemap lists what every other generator writes."""
    for generator in generators:
        if isinstance(generator, SiteMetaGenerator):
            generator.generators = list(generators)


def connect() -> None:
    """Connect the module-level handlers (blinker keeps only weak references)."""
    templating.connect()
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(hand_over_generators)
    relations_ready.connect(plan_case_study_feeds)
