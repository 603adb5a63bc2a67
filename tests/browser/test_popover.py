"""The citation popover: the full reference on keyboard focus and hover, read by screen readers
through aria-describedby, closed by Escape, focus never taken; the link still leads to its entry."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

POST = "/posts/sacaba-senkata-2019/"


def _focus_first_citation(page: Page):
    """Tab from the top of the page until a citation link has the focus; return that link."""
    page.locator("body").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.citation a')"):
            return page.locator(":focus")
    raise AssertionError("no citation link is reachable with Tab")


def test_keyboard_focus_shows_the_reference_and_escape_closes_it(page: Page):
    page.goto(POST)
    link = _focus_first_citation(page)
    key = link.get_attribute("data-cite")
    tip = page.locator(f"#{link.get_attribute('aria-describedby')}")
    expect(tip).to_be_visible()
    expect(tip).to_have_attribute("role", "tooltip")
    reference = page.locator(f"[id='ref-{key}'] ").inner_text()
    expect(tip).to_contain_text(reference.replace("↗", "").strip()[:40])
    expect(link).to_be_focused()  # the popover does not take the focus

    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(link).to_be_focused()

    page.keyboard.press("Tab")  # focus moves on through the page, never into a popover
    assert not page.evaluate("!!document.activeElement.closest('[role=tooltip]')")


def test_hover_shows_the_reference_and_enter_follows_the_link(page: Page):
    page.goto(POST)
    link = page.locator("main .citation a").first
    link.hover()
    tip = page.locator(f"#{link.get_attribute('aria-describedby')}")
    expect(tip).to_be_visible()
    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()

    href = link.get_attribute("href")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


def test_without_javascript_citations_are_plain_links(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(POST)
    link = page.locator("main .citation a").first
    assert link.get_attribute("aria-describedby") is None
    expect(page.locator("[role=tooltip]")).to_have_count(0)
    href = link.get_attribute("href")
    link.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    context.close()


def test_the_open_popover_passes_axe(page: Page, expect_no_axe_violations, save_screenshots):
    page.goto(POST)
    link = _focus_first_citation(page)
    expect(page.locator(f"#{link.get_attribute('aria-describedby')}")).to_be_visible()
    expect_no_axe_violations(page)
    page.emulate_media(color_scheme="dark")
    expect_no_axe_violations(page, rules=["color-contrast"])
    save_screenshots(page, "citation-popover")
