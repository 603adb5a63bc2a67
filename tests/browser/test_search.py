"""Search with Pagefind over the built demo: a speaker's name leads to their profile; filters."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_searching_a_speakers_name_reaches_their_profile(page: Page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/$"))
    box = page.get_by_label("Search this site by words, names or titles")
    box.fill("Bernasconi")
    result = page.locator(".pagefind-ui__result-link", has_text="Oriana Bernasconi").first
    expect(result).to_be_visible(timeout=10_000)
    result.click()
    expect(page).to_have_url(re.compile(r"/people/oriana-bernasconi/$"))
    expect(page.locator("h1")).to_contain_text("Oriana Bernasconi")


def test_search_filters_are_offered_with_readable_names(page: Page, expect_no_axe_violations):
    page.goto("/search/")
    page.get_by_label("Search this site by words, names or titles").fill("Bolivia")
    expect(page.locator(".pagefind-ui__result").first).to_be_visible(timeout=10_000)
    names = page.locator(".pagefind-ui__filter-name")
    expect(names.filter(has_text="Kind")).to_have_count(1)
    expect(names.filter(has_text="Case study")).to_have_count(1)
    expect(names.filter(has_text="Year")).to_have_count(1)

    # Only people: every result is a profile.
    names.filter(has_text="Kind").click()
    page.locator(".pagefind-ui__filter-label", has_text=re.compile(r"^Person")).click()
    links = page.locator(".pagefind-ui__result-link")
    expect(links.first).to_be_visible()
    expect(page.locator(".pagefind-ui__result-link:not([href*='/people/'])")).to_have_count(0)
    expect_no_axe_violations(page)
