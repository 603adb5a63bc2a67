"""A tiny portal for the site_meta tests: two case studies, posts and workshops on each."""

from __future__ import annotations

import pytest

PLUGINS = [
    "memoria.front_matter",
    "memoria.bibliography",
    "memoria.portal",
    "memoria.i18n",
    "memoria.site_meta",
]

FILES = {
    "content/case-studies/bolivia.md": """
        ---
        title: Bolivia
        region: Latin America
        ---
        The crisis of 2019.
        """,
    "content/case-studies/peru.md": """
        ---
        title: Peru
        region: Latin America
        ---
        The internal armed conflict.
        """,
    "content/case-studies/quiet.md": """
        ---
        title: Quiet case
        ---
        Nothing is about it yet.
        """,
    "content/people/ana.md": """
        ---
        name: Ana Quispe
        ---
        Researcher.
        """,
    "content/people/hidden.md": """
        ---
        name: Hidden Person
        noindex: true
        ---
        Bio.
        """,
    "content/organisations/hrw.md": """
        ---
        name: Human Rights Watch
        ---
        An NGO.
        """,
    "content/series/andes.md": """
        ---
        title: Andean workshops
        ---
        A series.
        """,
    "content/workshops/past.md": """
        ---
        title: Past workshop on Bolivia
        date: 2023-03-01
        case_studies: [bolivia]
        series: andes
        presentations:
          - {speaker: ana, title: Community archives}
        ---
        Held in La Paz.
        """,
    "content/workshops/future.md": """
        ---
        title: Future workshop
        date: 2031-05-01
        ---
        Coming soon.
        """,
    "content/posts/on-bolivia.md": """
        ---
        title: A post on Bolivia
        date: 2024-01-10
        category: Analysis
        case_studies: [bolivia]
        ---
        Text about Bolivia.
        """,
    "content/posts/on-peru.md": """
        ---
        title: A post on Peru
        date: 2024-02-10
        modified: 2024-06-01
        category: Analysis
        case_studies: [peru]
        ---
        Text about Peru.
        """,
    "content/posts/unrelated.md": """
        ---
        title: Unrelated news
        date: 2024-03-10
        category: News
        ---
        Nothing about any case.
        """,
    "content/posts/draft-on-bolivia.md": """
        ---
        title: Draft on Bolivia
        date: 2024-04-10
        status: draft
        case_studies: [bolivia]
        ---
        Not published.
        """,
    "content/pages/about-bolivia.md": """
        ---
        title: About our Bolivia work
        case_studies: [bolivia]
        ---
        A page, not a post.
        """,
}


@pytest.fixture
def meta_site(build_site):
    """Build the tiny portal (plus ``extra`` files) with site_meta enabled."""

    def _build(extra=None, drop=(), **settings):
        files = {name: text for name, text in FILES.items() if name not in drop}
        files.update(extra or {})
        settings.setdefault("PLUGINS", PLUGINS)
        settings.setdefault("PORTAL_TODAY", "2025-01-01")
        return build_site(files, **settings)

    return _build
