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
    from memoria.bibliography import csl_render

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
