"""The bibliography page filters and groups its entries in the browser; without JavaScript the
whole list shows."""

from __future__ import annotations

from playwright.sync_api import Page, expect

BIBLIOGRAPHY = "/bibliography/"


def _visible_ids(page: Page) -> list[str]:
    return page.locator("li[data-type]:visible").evaluate_all("els => els.map(e => e.id)")


def test_filtering_by_type_year_case_study_and_author(page: Page, expect_no_axe_violations):
    page.goto(BIBLIOGRAPHY)
    entries = page.locator("li[data-type]")
    total = entries.count()
    count = page.locator(".filter-count")
    expect(count).to_have_text(f"{total} entries shown")
    expect(count).to_have_attribute("aria-live", "polite")

    page.get_by_label("Type", exact=True).select_option("report")
    shown = _visible_ids(page)
    assert 0 < len(shown) < total
    for key in shown:
        expect(page.locator(f"[id='{key}']")).to_have_attribute("data-type", "report")
    expect(count).to_have_text(f"{len(shown)} entries shown")

    page.get_by_label("Type", exact=True).select_option("")
    page.get_by_label("Author").select_option("Farthing, Linda")
    assert _visible_ids(page) == ["farthing2021coup"]
    expect(count).to_have_text("1 entry shown")

    page.get_by_label("Author").select_option("")
    page.get_by_label("Case study").select_option("peru")
    shown = _visible_ids(page)
    assert shown and "farthing2021coup" not in shown
    page.get_by_label("Year", exact=True).select_option("2021")
    for key in _visible_ids(page):
        expect(page.locator(f"[id='{key}']")).to_have_attribute("data-year", "2021")

    page.get_by_role("button", name="Show all").click()
    expect(count).to_have_text(f"{total} entries shown")
    expect_no_axe_violations(page)


def test_grouping_by_year_and_type(page: Page, expect_no_axe_violations, save_screenshots):
    page.goto(BIBLIOGRAPHY)
    page.get_by_label("Group by").select_option("year")
    headings = page.locator(".bibliography-group h2").all_inner_texts()
    years = [h for h in headings if h != "No date"]
    assert years == sorted(years, reverse=True) and len(years) == len(set(years)) > 1
    assert headings[len(years) :] in ([], ["No date"])  # undated entries come last
    first_group = page.locator(".bibliography-group").first
    for year in first_group.locator("li").evaluate_all("els => els.map(e => e.dataset.year)"):
        assert year == headings[0]
    expect_no_axe_violations(page)
    save_screenshots(page, "bibliography-grouped")

    page.get_by_label("Group by").select_option("type")
    assert "Report" in page.locator(".bibliography-group h2").all_inner_texts()
    page.get_by_label("Group by").select_option("")
    expect(page.locator(".bibliography-group")).to_have_count(0)
    expect(page.locator("ol.bibliography-list > li")).to_have_count(
        page.locator("li[data-type]").count()
    )


def test_without_javascript_the_whole_list_shows(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(BIBLIOGRAPHY)
    expect(page.locator("form.bibliography-filters")).to_be_hidden()
    entries = page.locator("li[data-type]")
    assert entries.count() > 5
    expect(entries.last).to_be_visible()
    context.close()
