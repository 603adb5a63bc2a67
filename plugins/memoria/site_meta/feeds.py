"""Which posts and workshops go into the portal's Atom feeds, decided once before any is written.

A case study's feed holds exactly the published posts about it (``case_studies:`` in their front
matter) and the workshops on it; the workshops feed holds every workshop. Items are ordered newest
first, as Pelican orders its own feeds. People excluded from exports never reach a feed: posts
carry only the authors the portal plugin left on them, and a workshop item is its page's text
without the programme. A page that names a pseudonymous person's real identity is in no feed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pelican.contents import Article

from memoria.portal.unlisted import KEPT_APART


@dataclass(frozen=True)
class FeedPlan:
    """One feed to write."""

    save_as: str  # path under the output folder
    title: str  # the feed's title after the site name
    items: tuple[Any, ...]  # content objects, newest first


def newest_first(items: Iterable[Any]) -> tuple[Any, ...]:
    """Content objects by date (then URL, for a stable order), newest first, each once; pages
    kept apart from a pseudonymous person (they name her real identity) are left out, as a feed
    lists them beside the pages that show her."""
    unique = {id(item): item for item in items if not getattr(item, KEPT_APART, False)}.values()
    return tuple(sorted(unique, key=lambda c: (c.date, c.url), reverse=True))


def case_study_items(case: Any) -> tuple[Any, ...]:
    """The published posts about ``case`` and the workshops on it (its ``related`` lists)."""
    related = getattr(case, "related", None)
    if related is None:
        return ()
    posts = [
        post
        for post in related.posts
        if isinstance(post, Article) and getattr(post, "status", "") == "published"
    ]
    return newest_first([*posts, *related.workshops])


def case_study_feeds(cases: Sequence[Any], pattern: str) -> dict[str, FeedPlan]:
    """Case-study file slug -> its feed; case studies with nothing to show get none.

    An empty Atom feed would carry the build time as its ``updated`` date, so it is not written.
    """
    if not pattern:
        return {}
    plans = {}
    for case in cases:
        items = case_study_items(case)
        if items:
            plans[case.file_slug] = FeedPlan(pattern.format(slug=case.file_slug), case.title, items)
    return plans
