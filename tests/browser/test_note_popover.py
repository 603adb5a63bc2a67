"""With a note style (OSCOLA), a note marker in the text shows its footnote in a popover, on
keyboard focus, hover and a first tap; the marker still leads to the note."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

BIB = """
@book{smith2020,
  author = {Smith, John},
  title = {The Book},
  publisher = {Pub},
  year = {2020},
}
"""
BODY = "A claim [@smith2020, p. 4]. Another [@smith2020, p. 5].\n"


@pytest.fixture
def note_site(site, serve_folder):
    site.write(
        {
            "bibliography/refs.bib": BIB,
            "content/posts/a.md": f"---\ntitle: Notes\ndate: 2024-01-01\n---\n{BODY}",
        }
    )
    result = site.build(CSL_STYLE="oscola", SEARCH_INDEX=False)
    assert not result.diagnostics, result.diagnostics
    with serve_folder(site.root / "output") as url:
        yield f"{url}/posts/a/"


def test_a_note_marker_shows_its_note(page: Page, note_site, expect_no_axe_violations):
    page.goto(note_site)
    marker = page.locator(".citation-note a.footnote-ref").first
    marker.focus()
    tip = page.locator(f"#{marker.get_attribute('aria-describedby')}")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("John Smith, The Book (Pub 2020) 4.")
    expect(tip.locator("a")).to_have_count(0)  # text only: no way back, no links
    expect(marker).to_be_focused()
    expect_no_axe_violations(page)
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()

    second = page.locator(".citation-note a.footnote-ref").nth(1)
    second.hover()
    expect(page.locator(f"#{second.get_attribute('aria-describedby')}")).to_contain_text("Ibid 5.")
    href = second.get_attribute("href")
    second.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
