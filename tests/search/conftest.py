"""A tiny portal for the search, citation-popover and bibliography-filter tests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

PLUGINS = [
    "memoria.front_matter",
    "memoria.bibliography",
    "memoria.portal",
    "memoria.i18n",
    "memoria.search",
]

BIB = r"""
@report{hrw2020,
  author = {{Human Rights Watch}},
  title = {Justice for {Bolivia}},
  date = {2020-06-01},
  institution = {Human Rights Watch},
  keywords = {bolivia},
}
@book{quispe2019,
  author = {Quispe, Ana and de la Cruz, Juan},
  title = {Comunidades y memoria},
  date = {2019},
  publisher = {IEP},
}
@collection{vargas2010,
  editor = {Vargas, Rosa},
  title = {Edited volume},
  date = {2010},
  publisher = {IEP},
}
"""

FILES = {
    "bibliography/refs.bib": BIB,
    "content/people/ana-quispe.md": """
        ---
        name: Ana Quispe
        ---
        Ana studies community memory.
        """,
    "content/people/hidden-witness.md": """
        ---
        name: Hidden Witness
        noindex: true
        ---
        Zyxwvut is a word only this profile contains.
        """,
    "content/case-studies/bolivia.md": """
        ---
        title: Bolivia
        region: Latin America
        ---
        The crisis of 2019.
        """,
    "content/workshops/memory-2023.md": """
        ---
        title: Memory and resistance
        date: 2023-03-01
        case_studies: [bolivia]
        presentations:
          - speaker: ana-quispe
            title: Community archives
            case_studies: [bolivia]
        ---
        The first workshop.
        """,
    "content/posts/report.md": """
        ---
        title: On the report
        date: 2024-01-10
        case_studies: [bolivia]
        ---
        A post citing [@hrw2020] and [@quispe2019, p. 4].
        """,
    "content/posts/plain.md": """
        ---
        title: Without citations
        date: 2022-05-01
        ---
        Nothing cited here.
        """,
}


@pytest.fixture
def search_site(build_site):
    """Build the tiny portal (plus ``extra`` files) with the search plugin enabled."""

    def _build(extra=None, **settings):
        files = {**FILES, **(extra or {})}
        settings.setdefault("PLUGINS", PLUGINS)
        settings.setdefault("PORTAL_TODAY", "2025-01-01")
        return build_site(files, **settings)

    return _build


@pytest.fixture
def fragments():
    """``fragments(output)``: the pages Pagefind indexed, with their URL, text, meta, filters."""
    return indexed_pages


def indexed_pages(output: Path) -> list[dict]:
    """Each fragment is gzip of b"pagefind_dcd" and a JSON object."""
    pages = []
    for path in sorted((output / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        pages.append(json.loads(data[len(b"pagefind_dcd") :]))
    return pages
