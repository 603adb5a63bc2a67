"""Atom feeds of the portal: one per case study, one of all workshops; private, deterministic."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(site, relative: str) -> ET.Element:
    return ET.fromstring(site.read(relative))


def _titles(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def test_case_study_feed_holds_exactly_its_posts_and_workshops(meta_site):
    site, result = meta_site(SITEURL="https://example.org")
    assert result.ok, result.messages()
    bolivia = _feed(site, "feeds/case-studies/bolivia.atom.xml")
    # Newest first; no draft, no page, no post about another case study.
    assert _titles(bolivia) == ["A post on Bolivia", "Past workshop on Bolivia"]
    assert bolivia.findtext(f"{ATOM}title") == "Test site - Bolivia"
    links = [e.find(f"{ATOM}link").get("href") for e in bolivia.iter(f"{ATOM}entry")]
    assert links == [
        "https://example.org/posts/on-bolivia/",
        "https://example.org/workshops/past/",
    ]
    assert _titles(_feed(site, "feeds/case-studies/peru.atom.xml")) == ["A post on Peru"]


def test_case_study_page_links_to_its_feed_only_when_it_has_one(meta_site):
    site, result = meta_site()
    assert result.ok, result.messages()
    page = site.read("case-studies/bolivia/index.html")
    assert 'type="application/atom+xml" href="/feeds/case-studies/bolivia.atom.xml"' in page
    assert "Follow this case study (Atom feed)" in page
    # An empty Atom feed would carry the build time: none is written, none is linked.
    assert not site.exists("feeds/case-studies/quiet.atom.xml")
    assert "atom.xml" not in site.read("case-studies/quiet/index.html").replace("all.atom", "")


def test_workshops_feed_lists_every_workshop_newest_first(meta_site):
    site, result = meta_site()
    assert result.ok, result.messages()
    feed = _feed(site, "feeds/workshops.atom.xml")
    assert _titles(feed) == ["Future workshop", "Past workshop on Bolivia"]
    assert feed.findtext(f"{ATOM}updated") == "2031-05-01T00:00:00+00:00"  # a content date
    index = site.read("workshops/index.html")
    assert 'href="/feeds/workshops.atom.xml"' in index


def test_feeds_can_be_turned_off(meta_site):
    site, result = meta_site(CASE_STUDY_FEED_ATOM="", WORKSHOPS_FEED_ATOM=None)
    assert result.ok, result.messages()
    assert not (site.root / "output" / "feeds").exists()
    assert "atom.xml" not in site.read("case-studies/bolivia/index.html")
    assert "atom.xml" not in site.read("workshops/index.html")


def test_a_case_study_feed_pattern_without_slug_is_an_error(meta_site):
    _site, result = meta_site(CASE_STUDY_FEED_ATOM="feeds/cases.xml")
    assert not result.ok
    assert any("CASE_STUDY_FEED_ATOM must contain {slug}" in m for m in result.messages())


def test_a_person_excluded_from_exports_is_in_no_feed(meta_site):
    extra = {
        "content/people/sam.md": """
            ---
            name: Sam Private
            exclude_from_exports: true
            ---
            Bio.
            """,
        "content/posts/by-sam.md": """
            ---
            title: By Sam
            date: 2024-05-01
            authors: [sam]
            case_studies: [bolivia]
            ---
            Text.
            """,
        "content/workshops/closed.md": """
            ---
            title: Closed meeting
            date: 2024-05-02
            case_studies: [bolivia]
            presentations:
              - {speaker: sam, title: Notes}
            ---
            Body.
            """,
    }
    site, result = meta_site(
        extra,
        SITEURL="https://example.org",
        FEED_ALL_ATOM="feeds/all.atom.xml",
        CATEGORY_FEED_ATOM="feeds/{slug}.atom.xml",
    )
    assert result.ok, result.messages()
    feeds = sorted((site.root / "output" / "feeds").rglob("*.xml"))
    assert len(feeds) >= 5  # all, categories, workshops, two case studies
    assert "By Sam" in site.read("feeds/case-studies/bolivia.atom.xml")
    assert "Closed meeting" in site.read("feeds/workshops.atom.xml")
    for feed in feeds:
        text = feed.read_text(encoding="utf-8")
        assert "Sam Private" not in text, feed
        assert "people/sam" not in text, feed


def test_two_builds_with_feeds_and_sitemap_are_byte_identical(meta_site, site):
    settings = {"SITEURL": "https://example.org", "FEED_ALL_ATOM": "feeds/all.atom.xml"}
    assert meta_site(**settings)[1].ok
    first = _tree(site.root / "output")
    assert meta_site(**settings)[1].ok
    assert _tree(site.root / "output") == first
    assert "sitemap.xml" in first and "feeds/workshops.atom.xml" in first


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file but the search index (Pagefind's, which is not ours to make deterministic)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"
    }
