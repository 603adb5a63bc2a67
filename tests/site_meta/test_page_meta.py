"""What every page carries (canonical address, OpenGraph, Twitter card, breadcrumbs), the home
page, the 404 page, and a theme that asks for nothing outside the site."""

from __future__ import annotations

import re
from pathlib import Path

from memoria.canonical import canonical_url

THEME_CSS = Path(__file__).resolve().parents[2] / "theme" / "static" / "css" / "memoria.css"


def _meta(html: str, key: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    assert match, f"no {key}"
    return match.group(1)


def test_every_kind_of_page_has_canonical_and_opengraph_tags(meta_site):
    site, result = meta_site(SITEURL="https://example.org")
    assert result.ok, result.messages()
    pages = {
        "index.html": "https://example.org/",
        "posts/on-bolivia/index.html": "https://example.org/posts/on-bolivia/",
        "about-bolivia/index.html": "https://example.org/about-bolivia/",
        "people/ana/index.html": "https://example.org/people/ana/",
        "people/index.html": "https://example.org/people/",
        "workshops/past/index.html": "https://example.org/workshops/past/",
        "case-studies/bolivia/index.html": "https://example.org/case-studies/bolivia/",
        "organisations/hrw/index.html": "https://example.org/organisations/hrw/",
        "series/andes/index.html": "https://example.org/series/andes/",
        "category/analysis.html": "https://example.org/category/analysis.html",
        "archives.html": "https://example.org/archives.html",
    }
    for path, address in pages.items():
        html = site.read(path)
        assert f'<link rel="canonical" href="{address}">' in html, path
        assert _meta(html, "og:url") == address, path
        assert _meta(html, "og:site_name") == "Test site", path
        assert _meta(html, "og:locale") == "en", path
        assert _meta(html, "twitter:card") == "summary", path
        for key in ("og:title", "og:type", "twitter:title"):
            assert _meta(html, key), (path, key)
    post = site.read("posts/on-bolivia/index.html")
    assert _meta(post, "og:type") == "article"
    assert _meta(post, "og:title") == "A post on Bolivia"
    assert _meta(post, "og:description") == "Text about Bolivia."
    assert post.count('<meta name="description"') == 1
    assert _meta(site.read("people/ana/index.html"), "og:type") == "profile"
    assert _meta(site.read("people/index.html"), "og:title") == "People"


def test_without_siteurl_addresses_are_site_relative(meta_site):
    site, result = meta_site(RELATIVE_URLS=True)
    assert result.ok, result.messages()
    html = site.read("posts/on-bolivia/index.html")
    assert '<link rel="canonical" href="/posts/on-bolivia/">' in html


def test_metadata_is_escaped(meta_site):
    extra = {
        "content/posts/evil.md": """
            ---
            title: "<script>alert(1)</script> & \\"quotes\\""
            date: 2024-05-05
            summary: "<b>Bold</b> claim \\" and <script>x()</script>"
            ---
            Text.
            """
    }
    site, result = meta_site(extra, SITEURL="https://example.org")
    assert result.ok, result.messages()
    html = site.read("posts/evil/index.html")
    head = html.split("</head>")[0]
    assert "<script>alert" not in html
    assert _meta(head, "og:title") == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;"
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;" in head
    description = _meta(head, "og:description")
    assert "<" not in description and "&#34;" in description


def test_breadcrumbs_on_every_kind_of_page(meta_site):
    site, result = meta_site()
    assert result.ok, result.messages()
    trails = {
        "posts/on-bolivia/index.html": ["Home", "Analysis", "A post on Bolivia"],
        "about-bolivia/index.html": ["Home", "About our Bolivia work"],
        "people/ana/index.html": ["Home", "People", "Ana Quispe"],
        "people/index.html": ["Home", "People"],
        "workshops/past/index.html": ["Home", "Workshops", "Past workshop on Bolivia"],
        "case-studies/index.html": ["Home", "Case studies"],
        "category/analysis.html": ["Home", "Categories", "Analysis"],
        "archives.html": ["Home", "Archives"],
        "404.html": ["Home", "Page not found"],
    }
    for path, expected in trails.items():
        nav = site.read(path).split('<nav class="breadcrumbs"')[1].split("</nav>")[0]
        assert re.findall(r">([^<>]+)</(?:a|span)>", nav) == expected, path
        assert '<span aria-current="page">' in nav


def test_home_page_shows_latest_posts_upcoming_workshops_and_case_studies(meta_site):
    site, result = meta_site()
    assert result.ok, result.messages()
    home = site.read("index.html")
    latest = home.split('id="latest-heading"')[1].split("</section>")[0]
    assert latest.index("A post on Peru") < latest.index("A post on Bolivia")
    upcoming = home.split('id="upcoming-heading"')[1].split("</section>")[0]
    assert "Future workshop" in upcoming and "Past workshop" not in upcoming
    cases = home.split('id="cases-heading"')[1].split("</section>")[0]
    assert all(title in cases for title in ("Bolivia", "Peru", "Quiet case"))


def test_home_page_of_a_plain_blog(build_site):
    site, result = build_site(
        {"content/posts/a.md": "---\ntitle: Only post\ndate: 2024-01-02\n---\nText.\n"},
        PLUGINS=["memoria.front_matter", "memoria.site_meta"],
    )
    assert result.ok, result.messages()
    home = site.read("index.html")
    assert "Only post" in home
    assert "upcoming-heading" not in home and "cases-heading" not in home


def test_404_page_links_home_and_to_search(meta_site):
    site, result = meta_site(SITEURL="https://example.org", RELATIVE_URLS=False)
    assert result.ok, result.messages()
    page = site.read("404.html")
    assert '<a href="https://example.org/">Go to the home page</a>' in page
    assert '<a href="https://example.org/search/">Search the site</a>' in page
    assert '<meta name="robots" content="noindex">' in page
    assert 'rel="canonical"' not in page


def test_404_page_works_at_any_depth_in_a_relative_build(meta_site):
    site, result = meta_site(RELATIVE_URLS=True)
    assert result.ok, result.messages()
    page = site.read("404.html")
    assert 'href="/theme/css/memoria.css"' in page  # not "./theme/...", wrong under /a/b/


def test_the_theme_requests_nothing_from_other_sites(meta_site):
    site, result = meta_site(SITEURL="https://example.org")
    assert result.ok, result.messages()
    for page in sorted((site.root / "output").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:link|script|img|iframe)\b[^>]*>", html):
            if 'rel="stylesheet"' in tag or "<script" in tag or "<img" in tag or "<iframe" in tag:
                for url in re.findall(r'(?:src|href)="([^"]*)"', tag):
                    outside = url.startswith(("//", "http:", "https:"))
                    assert not outside or url.startswith("https://example.org/"), (page, tag)
    css = THEME_CSS.read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css


def test_print_stylesheet_hides_navigation_and_prints_reference_urls():
    css = THEME_CSS.read_text(encoding="utf-8")
    printed = css[css.index("@media print {\n  .site-header") :]
    rules = printed.split("}")[0]
    for selector in (".site-header", ".site-footer", ".search-ui", '[role="search"]'):
        assert selector in rules
    assert "attr(href)" in printed and ".references" in printed


def test_canonical_url():
    assert canonical_url("https://e.org", "index.html") == "https://e.org/"
    assert canonical_url("https://e.org/", "posts/a/index.html") == "https://e.org/posts/a/"
    assert canonical_url("", "archives.html") == "/archives.html"
    assert canonical_url("", "index2.html") == "/index2.html"
