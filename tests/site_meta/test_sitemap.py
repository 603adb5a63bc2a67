"""sitemap.xml: every page of every kind, lastmod from content dates, never a noindex person."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from memoria.site_meta.sitemap import SitemapUrl, content_date, page_url, sitemap_xml

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

BIB = """
@book{quispe2019,
  author = {Quispe, A.},
  title = {Comunidades y memoria},
  date = {2019},
  publisher = {IEP},
}
@book{uncited2020,
  author = {Nobody, N.},
  title = {Uncited},
  date = {2020},
  publisher = {P},
}
"""
CITING = {
    "bibliography/refs.bib": BIB,
    "content/posts/citing.md": """
        ---
        title: Citing post
        date: 2024-03-20
        ---
        As shown [@quispe2019].
        """,
}


def _urls(site) -> dict[str, str | None]:
    root = ET.fromstring(site.read("sitemap.xml"))
    return {u.findtext(f"{NS}loc"): u.findtext(f"{NS}lastmod") for u in root.iter(f"{NS}url")}


def test_sitemap_lists_every_kind_with_lastmod(meta_site):
    site, result = meta_site(CITING, SITEURL="https://example.org")
    assert result.ok, result.messages()
    urls = _urls(site)
    base = "https://example.org/"
    expected = {
        "": "2024-06-01",  # home: the newest post (modified)
        "posts/on-bolivia/": "2024-01-10",
        "posts/on-peru/": "2024-06-01",  # `modified` wins over `date`
        "about-bolivia/": None,  # a page without a date
        "category/analysis.html": "2024-06-01",
        "case-studies/": "2024-06-01",  # the newest of its case studies (Peru)
        "case-studies/bolivia/": "2024-01-10",  # newest post or past workshop it shows
        "case-studies/quiet/": None,
        "people/": "2023-03-01",
        "people/ana/": "2023-03-01",  # her talk's workshop
        "organisations/hrw/": None,
        "series/andes/": None,
        "workshops/": "2023-03-01",
        "workshops/past/": "2023-03-01",
        "workshops/future/": None,  # an event date after today is no modification date
        "bibliography/": "2024-03-20",
        "bibliography/quispe2019/": "2024-03-20",  # the page citing it
        "bibliography/uncited2020/": None,
    }
    for path, lastmod in expected.items():
        assert urls[base + path] == lastmod, path
    assert list(urls) == sorted(urls)
    assert all(loc.startswith(base) for loc in urls)


def test_sitemap_leaves_out_noindex_people_and_drafts(meta_site):
    site, result = meta_site()
    assert result.ok, result.messages()
    sitemap = site.read("sitemap.xml")
    assert "people/hidden/" not in sitemap
    assert "draft-on-bolivia" not in sitemap
    assert "<loc>/people/ana/</loc>" in sitemap  # no SITEURL: site-relative addresses


def test_sitemap_of_a_plain_blog(build_site):
    site, result = build_site(
        {"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-02\n---\nText.\n"},
        PLUGINS=["memoria.front_matter", "memoria.site_meta"],
        SITEURL="https://blog.example.org",
    )
    assert result.ok, result.messages()
    urls = _urls(site)
    assert urls["https://blog.example.org/posts/a/"] == "2024-01-02"
    assert not any("people" in u or "bibliography" in u for u in urls)


def test_sitemap_can_be_turned_off(meta_site):
    site, result = meta_site(SITEMAP_SAVE_AS="")
    assert result.ok, result.messages()
    assert not site.exists("sitemap.xml")


def test_sitemap_xml_merges_sorts_and_escapes():
    day = datetime.date
    xml = sitemap_xml(
        [
            SitemapUrl("https://e.org/b/?x=1&y=2", None),
            SitemapUrl("https://e.org/a/", day(2024, 1, 1)),
            SitemapUrl("https://e.org/a/", day(2024, 2, 1)),
        ]
    )
    assert xml.index("/a/") < xml.index("/b/")
    assert xml.count("/a/") == 1 and "<lastmod>2024-02-01</lastmod>" in xml
    assert "x=1&amp;y=2</loc></url>" in xml
    ET.fromstring(xml)  # well-formed


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"date": datetime.datetime(2024, 5, 1, 12)}, datetime.date(2024, 5, 1)),
        ({"date": "2024-01-01", "modified": "2024-02-01"}, datetime.date(2024, 2, 1)),
        ({"date": datetime.date(2030, 1, 1)}, None),  # after today: an event, not an edit
        ({}, None),
    ],
)
def test_content_date(fields, expected):
    assert content_date(SimpleNamespace(**fields), datetime.date(2025, 1, 1)) == expected


def test_page_url():
    assert page_url("https://e.org/", "posts/a/") == "https://e.org/posts/a/"
    assert page_url("", "posts/a/") == "/posts/a/"
    assert page_url("https://e.org/sub", "") == "https://e.org/sub/"
