"""The bibliography through the real Pelican build: citations, references, entry pages."""

from __future__ import annotations

import json
import re

BIB = r"""
@string{hrf = {{Human Rights Foundation}}}

@book{farthing2021coup,
  author = {Farthing, Linda and Becker, Thomas},
  title = {Coup: A Story of Violence and Resistance in {Bolivia}},
  publisher = {Haymarket Books},
  location = {Chicago},
  date = {2021},
  abstract = {A history of the 2019 crisis & its aftermath.},
  url = {https://example.org/coup?a=1%20b},
}

@report{giei2021informe,
  author = {{Grupo Interdisciplinario de Expertos Independientes}},
  title = {Informe final sobre los hechos de violencia en {Bolivia}},
  institution = {Comisi{\'o}n Interamericana de Derechos Humanos},
  date = {2021-08},
  langid = {spanish},
  doi = {10.1234/giei.2021},
}

@online{hrf2024upr,
  author = hrf,
  title = {Submissions to the Universal Periodic Review},
  date = {2024-07-19},
  url = {https://example.org/hrf},
  urldate = {2024-08-01},
}

@report{uncited2020,
  author = {{Amnesty International}},
  title = {An Uncited Report},
  date = {2020},
  institution = {Amnesty International},
}
"""

POST = """
---
title: Sacaba and Senkata
date: 2024-11-15
---
The experts documented the killings [@giei2021informe, p. 45].
Two works at once [see @farthing2021coup, chap. 2; @hrf2024upr].
As @farthing2021coup argue, the crisis was contested [-@farthing2021coup].

`[@notakey]` in code is left alone, and so is mail@example.org.

    [@alsonotakey] in an indented code block
"""


def build_demo(build_site, **settings):
    return build_site({"bibliography/refs.bib": BIB, "content/posts/sacaba.md": POST}, **settings)


def test_post_citations_link_to_entry_pages_and_end_with_references(build_site):
    site, result = build_demo(build_site)
    assert result.ok, result.messages()
    page = site.read("posts/sacaba/index.html")
    assert page.count('class="citation"') == 4
    assert 'href="/bibliography/giei2021informe/"' in page
    assert 'href="/bibliography/farthing2021coup/"' in page
    assert "<code>[@notakey]</code>" in page
    assert "alsonotakey" in page  # highlighted as code; result.ok shows it was not cited
    assert "mail@example.org" in page
    references = page[page.index('class="references"') :]
    cited = re.findall(r'id="ref-([^"]+)"', references)
    assert sorted(cited) == ["farthing2021coup", "giei2021informe", "hrf2024upr"]
    assert "uncited2020" not in page
    for suffix in ("bib", "ris", "json"):
        assert f'href="/bibliography/lists/posts-sacaba.{suffix}"' in references
        assert site.exists(f"bibliography/lists/posts-sacaba.{suffix}")
    listed = json.loads(site.read("bibliography/lists/posts-sacaba.json"))
    assert sorted(item["id"] for item in listed) == sorted(cited)


def test_index_lists_every_entry_cited_or_not(build_site):
    site, result = build_demo(build_site)
    assert result.ok, result.messages()
    index = site.read("bibliography/index.html")
    for key in ("farthing2021coup", "giei2021informe", "hrf2024upr", "uncited2020"):
        assert re.search(rf'id="{key}"[^>]*>\s*<div class="csl-entry">', index), key
    for suffix in ("bib", "ris", "json"):
        assert site.exists(f"bibliography/all.{suffix}")
    assert len(json.loads(site.read("bibliography/all.json"))) == 4


def test_entry_page_has_reference_abstract_links_backlinks_exports_and_metadata(build_site):
    site, result = build_demo(build_site)
    assert result.ok, result.messages()
    page = site.read("bibliography/farthing2021coup/index.html")
    assert '<div class="csl-entry">' in page
    assert "A history of the 2019 crisis &amp; its aftermath." in page
    assert 'href="https://example.org/coup?a=1%20b"' in page  # the % survives
    assert 'href="/posts/sacaba/"' in page  # cited in
    # English titles are sentence case in the CSL item, as pandoc maps them
    assert (
        '<meta name="citation_title" content="Coup: A story of violence and resistance in Bolivia">'
        in page
    )
    assert '<meta name="citation_author" content="Linda Farthing">' in page
    assert '"@type": "Book"' in page
    for suffix in ("bib", "ris", "json"):
        assert site.exists(f"bibliography/farthing2021coup/farthing2021coup.{suffix}")
    assert "@book{farthing2021coup," in site.read(
        "bibliography/farthing2021coup/farthing2021coup.bib"
    )
    assert "TY  - BOOK" in site.read("bibliography/farthing2021coup/farthing2021coup.ris")
    giei = site.read("bibliography/giei2021informe/index.html")
    assert 'href="https://doi.org/10.1234/giei.2021"' in giei
    uncited = site.read("bibliography/uncited2020/index.html")
    assert "Not cited on this site yet." in uncited


def test_corporate_author_and_case_protection(build_site):
    site, result = build_demo(build_site)
    assert result.ok, result.messages()
    index = site.read("bibliography/index.html")
    assert "Grupo Interdisciplinario de Expertos Independientes" in index
    assert "Independientes, Grupo" not in index
    assert "Comisión Interamericana de Derechos Humanos" in index
    assert "Human Rights Foundation" in index  # from the @string macro


def test_untrusted_fields_are_escaped_and_unsafe_links_dropped(build_site):
    bib = r"""
    @misc{evil,
      author = {<img src=x onerror=alert(1)>},
      title = {<script>alert("title")</script>},
      url = {javascript:alert(1)},
      abstract = {<b>bold?</b>},
      date = {2020},
    }
    """
    post = "---\ntitle: Evil\ndate: 2024-01-01\n---\nSee [@evil].\n"
    site, result = build_site({"bibliography/evil.bib": bib, "content/posts/evil.md": post})
    assert result.ok, result.messages()
    for name in (
        "bibliography/index.html",
        "bibliography/evil/index.html",
        "posts/evil/index.html",
    ):
        page = site.read(name)
        assert "<script>alert" not in page, name
        assert "<img src=x" not in page, name
        assert "javascript:" not in page, name
    assert "&lt;script&gt;" in site.read("bibliography/evil/index.html").lower()  # "<Script>"


def test_locale_setting_changes_the_output(build_site):
    site, result = build_demo(build_site, CSL_LOCALE="es-ES")
    assert result.ok, result.messages()
    page = site.read("posts/sacaba/index.html")
    assert "Farthing y Becker (2021)" in page


def test_style_setting_changes_the_output(build_site):
    site, result = build_demo(build_site, CSL_STYLE="apa")
    assert result.ok, result.messages()
    page = site.read("posts/sacaba/index.html")
    assert "Farthing &amp; Becker, 2021" in page
    assert "Farthing, L., &amp; Becker, T. (2021)." in page


def test_site_without_bibliography_folder_builds(build_site):
    site, result = build_site(
        {"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nNo cites.\n"}
    )
    assert result.ok, result.messages()
    assert site.exists("posts/a/index.html")
    assert not site.exists("bibliography/index.html")


def test_bibliography_build_is_deterministic(build_site, site):
    _site, result = build_demo(build_site)
    assert result.ok
    first = {p: p.read_bytes() for p in sorted((site.root / "output").rglob("*")) if p.is_file()}
    assert site.build().ok
    second = {p: p.read_bytes() for p in sorted((site.root / "output").rglob("*")) if p.is_file()}
    assert first == second


def test_raw_inline_html_is_never_searched_for_citations(build_site):
    post = """
    ---
    title: Links
    date: 2024-01-01
    ---
    See <a href="https://mastodon.social/@someone">me</a> and <span title="[@ghost]">x</span>.
    Follow [me](https://mastodon.social/@nobody) or <https://mastodon.social/@farthing2021coup>.
    Mail <me@example.org>; and still cite @farthing2021coup.
    """
    site, result = build_site({"bibliography/refs.bib": BIB, "content/posts/links.md": post})
    assert result.ok, result.messages()
    page = site.read("posts/links/index.html")
    assert '<a href="https://mastodon.social/@someone">me</a>' in page
    assert '<span title="[@ghost]">x</span>' in page
    assert 'href="https://mastodon.social/@farthing2021coup"' in page
    assert page.count('class="citation"') == 1


def test_escaped_at_sign_is_literal_text(build_site):
    post = r"""
    ---
    title: Escape
    date: 2024-01-01
    ---
    Write \@farthing2021coup and [\@farthing2021coup] to show a key.
    """
    site, result = build_site({"bibliography/refs.bib": BIB, "content/posts/esc.md": post})
    assert result.ok, result.messages()
    page = site.read("posts/esc/index.html")
    assert "Write @farthing2021coup and [@farthing2021coup] to show a key." in page
    assert 'class="citation"' not in page


THESIS_BIB = """
@phdthesis{quispe2019, author = {Quispe, Mario}, title = {Memoria}, school = {PUCP},
  date = {2019}}
"""


def test_thesis_genre_is_in_the_language_of_the_page(site):
    # Items are mapped once for the site (en-US); a Spanish page's processor gets the genres
    # that are BibLaTeX localisation keys in Spanish, as pandoc prints them for lang es-ES.
    site.write(
        {
            "bibliography/a.bib": THESIS_BIB,
            "content/posts/p.md": "---\ntitle: P\ndate: 2024-01-01\n---\nSee [@quispe2019].\n",
            "content/posts/q.md": (
                "---\ntitle: Q\ndate: 2024-01-02\nlang: es\n---\nVéase [@quispe2019].\n"
            ),
        }
    )
    assert site.build(CSL_LOCALES={"es": "es-ES"}).ok
    english, spanish = site.read("posts/p/index.html"), site.read("q-es.html")
    assert "PhD thesis" in english and "Tesis doctoral" not in english
    assert "Tesis doctoral" in spanish and "PhD thesis" not in spanish
    assert "PhD thesis" in site.read("bibliography/quispe2019/index.html")


def test_addresses_in_references_are_links_and_the_entry_arrow_stays(site):
    site.write(
        {
            "bibliography/refs.bib": """
                @report{hrw2020,
                  author = {{Human Rights Watch}},
                  title = {A Report},
                  year = {2020},
                  url = {https://www.hrw.org/report?a=1&b=2},
                  doi = {10.1234/hrw.2020},
                }
            """,
            "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText [@hrw2020].\n",
        }
    )
    result = site.build()
    assert not result.diagnostics, result.diagnostics
    post = (site.root / "output" / "posts" / "a" / "index.html").read_text(encoding="utf-8")
    reference = post.split('id="ref-hrw2020"', 1)[1].split("</div>", 1)[0]
    assert '<a href="https://doi.org/10.1234/hrw.2020">' in reference
    assert 'class="entry-link"' in reference  # the arrow to the entry's page stays
    index = (site.root / "output" / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://doi.org/10.1234/hrw.2020">' in index
