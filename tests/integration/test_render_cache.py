"""Rendered references are cached between builds, and the cache never serves stale output."""

from __future__ import annotations

BIB = """
@book{farthing2021coup,
  author = {Farthing, Linda and Becker, Thomas},
  title = {Coup},
  publisher = {Haymarket Books},
  date = {2021},
}
"""
POST = "---\ntitle: P\ndate: 2024-01-01\n---\nAs shown [@farthing2021coup, p. 4].\n"


def test_second_build_renders_nothing_new(site):
    site.write({"bibliography/a.bib": BIB, "content/posts/p.md": POST})
    assert site.build().ok
    stores = list((site.root / "cache" / "memoria").glob("render-*.json"))
    assert len(stores) == 1
    before = stores[0].read_bytes()
    assert site.build().ok
    assert stores[0].read_bytes() == before  # nothing new was rendered, so nothing was written


def test_editing_an_entry_changes_its_pages(site):
    site.write({"bibliography/a.bib": BIB, "content/posts/p.md": POST})
    assert site.build().ok
    assert "<i>Coup</i>" in site.read("bibliography/farthing2021coup/index.html")
    site.write({"bibliography/a.bib": BIB.replace("{Coup}", "{Coup and Resistance}")})
    assert site.build().ok
    for page in ("bibliography/farthing2021coup/index.html", "posts/p/index.html"):
        html = site.read(page)
        assert "<i>Coup and Resistance</i>" in html, page
        assert "<i>Coup</i>" not in html, page


def test_changing_style_or_locale_rerenders(site):
    site.write({"bibliography/a.bib": BIB, "content/posts/p.md": POST})
    assert site.build().ok
    assert "Farthing and Becker 2021, 4" in site.read("posts/p/index.html")
    assert site.build(CSL_LOCALE="es-ES").ok
    assert "Farthing y Becker 2021, 4" in site.read("posts/p/index.html")
    assert site.build(CSL_STYLE="apa").ok
    assert "Farthing &amp; Becker, 2021, p. 4" in site.read("posts/p/index.html")
    assert site.build().ok
    assert "Farthing and Becker 2021, 4" in site.read("posts/p/index.html")
    assert len(list((site.root / "cache" / "memoria").glob("render-*.json"))) == 3


def test_cache_is_used_on_the_second_build(site, monkeypatch):
    from memoria.csl import render as csl_render

    site.write({"bibliography/a.bib": BIB, "content/posts/p.md": POST})
    assert site.build().ok
    first = site.read("posts/p/index.html")
    calls = []
    original = csl_render.CslProcessor._render_cite
    monkeypatch.setattr(
        csl_render.CslProcessor,
        "_render_cite",
        lambda self, *a, **k: calls.append(a) or original(self, *a, **k),
    )
    assert site.build().ok
    assert calls == []  # every citation and reference came from the cache
    assert site.read("posts/p/index.html") == first


def test_disabled_cache_writes_nothing(site):
    site.write({"bibliography/a.bib": BIB, "content/posts/p.md": POST})
    assert site.build(BIBLIOGRAPHY_RENDER_CACHE=False).ok
    assert not (site.root / "cache" / "memoria").exists()


SMITH = """
@book{smith2020, author = {Smith, Alice}, title = {First}, publisher = {X}, date = {2020}}
"""
SECOND_SMITH = """
@book{smith2021, author = {Smith, Bob}, title = {Second}, publisher = {X}, date = {2021}}
"""
SMITH_POST = "---\ntitle: S\ndate: 2024-01-01\n---\nAs shown [@smith2020].\n"


def test_another_entry_that_changes_a_citation_rerenders_it(site):
    # Disambiguation depends on the other entries: the cache key of a citation names how its
    # names are shown, so a second Smith makes "(Smith 2020)" "(A. Smith 2020)", and back.
    site.write({"bibliography/a.bib": SMITH, "content/posts/s.md": SMITH_POST})
    assert site.build().ok
    assert ">Smith 2020</a>)" in site.read("posts/s/index.html")
    site.write({"bibliography/a.bib": SMITH + SECOND_SMITH})
    assert site.build().ok
    page = site.read("posts/s/index.html")
    assert ">A. Smith 2020</a>)" in page
    assert ">Smith 2020</a>)" not in page.replace("A. Smith", "")
    site.write({"bibliography/a.bib": SMITH})
    assert site.build().ok
    assert ">Smith 2020</a>)" in site.read("posts/s/index.html")
    assert "A. Smith" not in site.read("posts/s/index.html")


def test_editing_an_entry_changes_its_exports(site):
    """Export texts are cached per entry: an edited entry's downloads change on the next build."""
    site.write({"bibliography/a.bib": BIB, "content/posts/p.md": POST})
    assert site.build().ok
    assert list((site.root / "cache" / "memoria").glob("exports-*.json"))
    stem = "bibliography/farthing2021coup/farthing2021coup"
    assert "title     = {Coup}," in site.read(f"{stem}.bib")
    site.write({"bibliography/a.bib": BIB.replace("{Coup}", "{Coup and Resistance}")})
    assert site.build().ok
    for page in (f"{stem}.bib", "bibliography/all.bib"):
        assert "{Coup and Resistance}" in site.read(page), page
    for page in (f"{stem}.ris", "bibliography/all.ris"):
        assert "TI  - Coup and resistance" in site.read(page), page
    for page in (f"{stem}.json", "bibliography/all.json"):
        assert '"title": "Coup and resistance"' in site.read(page), page
    ref_lists = list((site.root / "output" / "bibliography" / "lists").glob("*.ris"))
    assert ref_lists and all("Coup and resistance" in p.read_text() for p in ref_lists)
