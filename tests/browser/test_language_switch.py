"""Switching language: from an English page to its Spanish translation and back, by the switch."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

WORKSHOP = "/workshops/resistance-mass-atrocities-americas/"
POST = "/posts/sacaba-senkata-2019/"


def test_switch_to_spanish_and_back(page: Page, expect_no_axe_violations):
    page.goto(WORKSHOP)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switch = page.get_by_role("navigation", name="Other languages")
    switch.get_by_role("link", name="Español").click()

    expect(page).to_have_url(re.compile(r"/es/workshops/resistance-mass-atrocities-americas/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Presentaciones")).to_be_visible()
    expect(page.get_by_role("navigation", name="Otros idiomas")).to_be_visible()
    expect_no_axe_violations(page)

    page.get_by_role("navigation", name="Otros idiomas").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(re.escape(WORKSHOP) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_spanish_post_cites_in_spanish(page: Page):
    page.goto(POST)
    page.get_by_role("navigation", name="Other languages").get_by_role(
        "link", name="Español"
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    references = page.locator("#references-heading")
    expect(references).to_have_text("Referencias")
    # The es-ES CSL locale joins two authors with "y", where the English page has "and".
    expect(page.locator(".references")).to_contain_text("Farthing, Linda, y Thomas Becker")
