"""Every kind of page of the demo portal opens, has a heading and a language, passes axe-core,
and is photographed at phone and desktop widths; a citation leads to its entry and back."""

from __future__ import annotations

import re
from typing import NamedTuple

import pytest
from playwright.sync_api import Page, expect

POST = "/posts/sacaba-senkata-2019/"
#: The axe rules that depend on colours, checked again in the dark colour scheme.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


class PageKind(NamedTuple):
    name: str  # names the screenshots: test-artifacts/screenshots/<name>-<width>.png
    url: str  # path on the served demo site
    lang: str = "en"  # the page's <html lang>


#: One line per kind of page; a new kind is one more line.
PAGE_KINDS = [
    PageKind("home", "/"),
    PageKind("post", POST),
    PageKind("workshop", "/workshops/resistance-mass-atrocities-americas/"),
    PageKind("person", "/people/oriana-bernasconi/"),
    PageKind("case-study", "/case-studies/bolivia/"),
    PageKind("bibliography", "/bibliography/"),
    PageKind("entry", "/bibliography/giei2021informe/"),
    PageKind("search", "/search/"),
    PageKind("404", "/404.html"),
    PageKind("workshop-es", "/es/workshops/resistance-mass-atrocities-americas/", lang="es"),
]


@pytest.mark.parametrize("kind", PAGE_KINDS, ids=[kind.name for kind in PAGE_KINDS])
def test_page_kind_is_accessible(
    kind: PageKind, page: Page, expect_no_axe_violations, save_screenshots
):
    response = page.goto(kind.url)
    assert response is not None
    assert response.ok, f"{kind.url}: HTTP {response.status}"
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("html")).to_have_attribute("lang", kind.lang)
    expect_no_axe_violations(page)
    save_screenshots(page, kind.name)
    page.emulate_media(color_scheme="dark")  # the theme follows the system's colour scheme
    expect_no_axe_violations(page, rules=COLOUR_RULES)


def test_a_citation_leads_to_its_entry_and_the_entry_back_to_the_post(page: Page):
    page.goto(POST)
    post_title = page.locator("h1").inner_text()
    citation = page.locator("main .citation a").first
    href = citation.get_attribute("href")
    assert href and "/bibliography/" in href
    citation.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))

    cited_in = page.locator("section[aria-labelledby='cited-in-heading']")
    back = cited_in.get_by_role("link", name=post_title)
    expect(back).to_have_count(1)
    back.click()
    expect(page).to_have_url(re.compile(re.escape(POST) + "$"))
    expect(page.locator("h1")).to_have_text(post_title)


def test_the_axe_check_names_the_rule_the_element_and_the_fix(page: Page, expect_no_axe_violations):
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    with pytest.raises(pytest.fail.Exception) as failure:
        expect_no_axe_violations(page)
    assert "image-alt (critical)" in str(failure.value)
    assert "  - img: Fix any of the following:" in str(failure.value)
