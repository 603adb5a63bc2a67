"""A small portal every relation test starts from: one of each kind, linked every way."""

from __future__ import annotations

import pytest

PLUGINS = ["memoria.front_matter", "memoria.bibliography", "memoria.portal", "memoria.i18n"]

BIB = r"""
@report{hrw2020,
  author = {{Human Rights Watch}},
  title = {Justice for {Bolivia}},
  date = {2020-06-01},
  institution = {Human Rights Watch},
  keywords = {bolivia},
}
@book{quispe2019,
  author = {Quispe, A.},
  title = {Comunidades y memoria},
  date = {2019},
  publisher = {IEP},
}
@article{other2021,
  author = {Nobody, Noel},
  title = {Unrelated},
  journaltitle = {Journal},
  date = {2021},
}
"""

FILES = {
    "bibliography/refs.bib": BIB,
    "content/people/ana-quispe.md": """
        ---
        name: Ana Quispe
        honorific: Dr
        affiliation: hrw
        role: Researcher
        orcid: 0000-0002-1825-0097
        aliases: ["Quispe, A."]
        links:
          - {label: Website, url: "https://example.org/ana"}
        ---
        Ana studies community memory in [Bolivia]({case}bolivia).
        """,
    "content/people/luis-mamani.md": """
        ---
        name: Luis Mamani
        affiliation: Human Rights Watch
        ---
        Luis works with [Ana]({person}ana-quispe).
        """,
    "content/organisations/hrw.md": """
        ---
        name: Human Rights Watch
        acronyms: [HRW]
        kind: NGO
        website: https://www.hrw.org
        ---
        An international NGO.
        """,
    "content/case-studies/bolivia.md": """
        ---
        title: Bolivia
        region: Latin America
        countries: [BO]
        period: 2019–2020
        timeline:
          - {date: 2019-11-19, event: Killings at Senkata, cites: [hrw2020]}
          - {date: 2019-11-15, event: Killings at Sacaba}
          - {date: 2019, event: Crisis year}
        ---
        The crisis of 2019.
        """,
    "content/series/andes.md": """
        ---
        title: Andean workshops
        ---
        A series.
        """,
    "content/workshops/memory-2023.md": """
        ---
        title: Memory and resistance
        date: 2023-03-01
        end_date: 2023-03-02
        location: La Paz
        organisers: [hrw]
        series: andes
        case_studies: [bolivia]
        presentations:
          - speaker: ana-quispe
            title: Community archives
            case_studies: [bolivia]
            summary: How communities keep records.
            cites: [quispe2019]
          - speaker: luis-mamani
            title: Witnesses
        ---
        The first workshop. See [HRW]({org}hrw).
        """,
    "content/workshops/memory-2024.md": """
        ---
        title: Memory, second edition
        date: 2024-05-01
        location: online
        series: andes
        ---
        The second workshop.
        """,
    "content/posts/report.md": """
        ---
        title: On the report
        date: 2024-01-10
        authors: [ana-quispe]
        case_studies: [bolivia]
        series: andes
        ---
        A post citing [@hrw2020], by [Ana]({person}ana-quispe), on {workshop}memory-2023.
        """,
}


@pytest.fixture
def portal_site(build_site):
    """Build the standard portal (plus ``extra`` files) with the portal plugin enabled."""

    def _build(extra=None, drop=(), **settings):
        files = {name: text for name, text in FILES.items() if name not in drop}
        files.update(extra or {})
        settings.setdefault("PLUGINS", PLUGINS)
        return build_site(files, **settings)

    return _build
