"""Pagefind runs inside the build wrapper, on the staging folder, over the theme's content pages."""

from __future__ import annotations

import re

from memoria.search import pagefind_index


def test_search_page_index_files_and_nav_link(search_site):
    site, result = search_site(RELATIVE_URLS=True)
    assert result.ok, result.messages()
    assert result.search_seconds is not None
    for name in ("pagefind-entry.json", "pagefind-ui.js", "pagefind-ui.css", "pagefind.js"):
        assert site.exists(f"pagefind/{name}"), name
    assert list((site.root / "output" / "pagefind" / "fragment").glob("*.pf_fragment"))
    page = site.read("search/index.html")
    # Pagefind's own UI, served from the site (relative URLs), never from a CDN.
    assert 'href="../pagefind/pagefind-ui.css"' in page
    assert 'src="../pagefind/pagefind-ui.js"' in page
    assert 'data-bundle-path="../pagefind/"' in page
    assert '<label class="search-label" for="search-input">' in page
    assert "://" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', page))
    assert '<a href="../search/">Search</a>' in page
    assert 'href="../../search/">Search</a>' in site.read("posts/report/index.html")


def test_content_pages_are_indexed_with_titles_and_filters(search_site, fragments):
    site, result = search_site()
    assert result.ok, result.messages()
    pages = {page["url"]: page for page in fragments(site.root / "output")}
    post = pages["/posts/report/"]
    assert post["meta"]["title"] == "On the report"
    assert post["filters"] == {"kind": ["Post"], "year": ["2024"], "case_study": ["Bolivia"]}
    assert pages["/workshops/memory-2023/"]["filters"]["kind"] == ["Workshop"]
    assert pages["/people/ana-quispe/"]["filters"] == {
        "kind": ["Person"],
        "case_study": ["Bolivia"],
    }
    assert pages["/case-studies/bolivia/"]["filters"]["kind"] == ["Case study"]
    assert pages["/bibliography/hrw2020/"]["filters"] == {
        "kind": ["Report"],
        "year": ["2020"],
        "case_study": ["Bolivia"],
    }
    assert pages["/bibliography/quispe2019/"]["filters"]["kind"] == ["Publication"]
    # The filters and the title are not indexed as text, and navigation is not indexed at all.
    assert "Publication" not in pages["/bibliography/quispe2019/"]["content"]
    assert "Archives" not in post["content"]
    assert "Skip to content" not in post["content"]


def test_lists_and_noindex_profiles_stay_out_of_the_index(search_site, fragments):
    site, result = search_site()
    assert result.ok, result.messages()
    urls = {page["url"] for page in fragments(site.root / "output")}
    for listing in ("/", "/people/", "/workshops/", "/bibliography/", "/search/", "/archives.html"):
        assert listing not in urls
    assert "/people/hidden-witness/" not in urls
    hidden = site.read("people/hidden-witness/index.html")
    assert "data-pagefind-body" not in hidden
    assert 'data-pagefind-ignore="all"' in hidden
    assert not any(
        b"Zyxwvut" in path.read_bytes()
        for path in (site.root / "output" / "pagefind").rglob("*")
        if path.is_file() and path.suffix != ".js"
    )
    assert "Zyxwvut" not in str(fragments(site.root / "output"))


def test_search_index_false_writes_neither_page_nor_index(search_site):
    site, result = search_site(SEARCH_INDEX=False)
    assert result.ok, result.messages()
    assert result.search_seconds is None
    assert not site.exists("pagefind")
    assert not site.exists("search/index.html")
    assert ">Search</a>" not in site.read("posts/report/index.html")


def test_without_the_plugin_there_is_no_index(search_site):
    site, result = search_site(PLUGINS=["memoria.front_matter", "memoria.bibliography"])
    assert result.ok, result.messages()
    assert not site.exists("pagefind")


def test_a_failed_index_fails_the_build_and_keeps_the_previous_output(search_site, monkeypatch):
    site, result = search_site()
    assert result.ok, result.messages()
    before = site.read("posts/report/index.html")
    monkeypatch.setattr(pagefind_index, "pagefind_command", lambda _site: ["false"])
    site.write({"content/posts/report.md": "---\ntitle: Changed\ndate: 2024-01-10\n---\nNew.\n"})
    _site, failed = search_site()
    assert not failed.ok
    assert any("the search index could not be built" in m for m in failed.messages())
    assert site.read("posts/report/index.html") == before
    assert not list(site.root.glob("output.staging-*"))


def test_a_bad_setting_names_itself(search_site):
    _site, result = search_site(SEARCH_INDEX="yes")
    assert not result.ok
    assert any("SEARCH_INDEX must be True or False" in m for m in result.messages())


def test_two_builds_give_the_same_pages_and_fragments(search_site, fragments, site):
    """Pagefind 1.5.2 writes its filter and metadata chunks in hash-map order, so their bytes
    (and the hashes naming them) change between identical builds (Pagefind issue #638); the
    pages' fragments and the word index are stable, and so is what the filters contain."""
    assert search_site()[1].ok
    first = _tree(site.root / "output")
    first_filters = _filters(fragments(site.root / "output"))
    assert search_site()[1].ok
    second = _tree(site.root / "output")
    stable = [name for name in first if "/filter/" not in name and not _names_hash(name)]
    assert stable and all(first[name] == second.get(name) for name in stable)
    assert _filters(fragments(site.root / "output")) == first_filters


def _names_hash(name: str) -> bool:
    return name.endswith((".pf_meta", "pagefind-entry.json"))


def _tree(folder):
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _filters(pages):
    return sorted((page["url"], sorted(page["filters"].items())) for page in pages)
