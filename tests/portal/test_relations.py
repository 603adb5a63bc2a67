"""Every relation of the portal, shown from both ends, through the real Pelican build."""

from __future__ import annotations

import json
import re


def _section(html: str, heading_id: str) -> str:
    """The HTML of the <section> whose heading has ``heading_id``."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match, f"no section {heading_id}"
    return match.group(1)


def test_demo_relations_build_without_problems(portal_site):
    _site, result = portal_site()
    assert result.ok, result.messages()
    assert not result.diagnostics, result.messages()


def test_person_lists_talks_posts_works_case_studies_and_mentions(portal_site):
    site, _ = portal_site()
    html = site.read("people/ana-quispe/index.html")
    talks = _section(html, "talks-heading")
    assert "workshops/memory-2023/#presentation-1" in talks and "Community archives" in talks
    assert "Memory and resistance" in talks and 'datetime="2023-03-01"' in talks
    assert "posts/report/" in _section(html, "posts-heading")
    assert "bibliography/quispe2019/" in _section(html, "works-heading")  # matched by alias
    assert "case-studies/bolivia/" in _section(html, "cases-heading")
    mentions = _section(html, "mentions-heading")
    assert "people/luis-mamani/" in mentions and "posts/report/" in mentions
    assert "https://orcid.org/0000-0002-1825-0097" in html
    assert 'href="/organisations/hrw/"' in html  # affiliation by slug


def test_workshop_lists_speakers_case_studies_cites_and_series_neighbours(portal_site):
    site, _ = portal_site()
    html = site.read("workshops/memory-2023/index.html")
    assert 'id="presentation-1"' in html and 'id="presentation-2"' in html
    speakers = _section(html, "speakers-heading")
    assert "people/ana-quispe/" in speakers and "people/luis-mamani/" in speakers
    assert "Human Rights Watch" in speakers  # affiliation shown with the speaker
    assert "case-studies/bolivia/" in html
    assert "bibliography/quispe2019/" in _section(html, "cites-heading")
    assert 'rel="next" href="/posts/report/"' in html
    assert "Organised by" in html and "organisations/hrw/" in html
    later = site.read("workshops/memory-2024/index.html")
    assert 'rel="prev" href="/posts/report/"' in later


def test_case_study_lists_workshops_talks_posts_entries_people_and_timeline(portal_site):
    site, _ = portal_site()
    html = site.read("case-studies/bolivia/index.html")
    workshops = _section(html, "workshops-heading")
    assert "workshops/memory-2023/" in workshops
    assert "workshops/memory-2023/#presentation-1" in workshops
    assert "posts/report/" in _section(html, "posts-heading")
    entries = _section(html, "entries-heading")
    assert "bibliography/hrw2020/" in entries  # cited by the timeline, named by keywords
    assert "bibliography/quispe2019/" in entries  # cited by a presentation on it
    assert "bibliography/other2021/" not in entries
    people = _section(html, "people-heading")
    assert "people/ana-quispe/" in people
    assert "people/luis-mamani/" in people  # spoke at a workshop on it
    timeline = _section(html, "timeline-heading")
    dates = re.findall(r'<time datetime="([^"]+)"', timeline)
    assert dates == ["2019", "2019-11-15", "2019-11-19"]
    assert "people/ana-quispe/" in _section(html, "mentions-heading")


def test_organisation_lists_reports_people_workshops_and_mentions(portal_site):
    site, _ = portal_site()
    html = site.read("organisations/hrw/index.html")
    assert "bibliography/hrw2020/" in _section(html, "reports-heading")
    people = _section(html, "people-heading")
    assert "people/ana-quispe/" in people  # affiliation by slug
    assert "people/luis-mamani/" in people  # affiliation by name
    assert "workshops/memory-2023/" in _section(html, "workshops-heading")
    assert "workshops/memory-2023/" in _section(html, "mentions-heading")


def test_entry_page_lists_workshops_people_organisations_and_case_studies(portal_site):
    site, _ = portal_site()
    html = site.read("bibliography/quispe2019/index.html")
    assert "workshops/memory-2023/" in _section(html, "workshops-heading")
    assert "people/ana-quispe/" in _section(html, "people-heading")
    report = site.read("bibliography/hrw2020/index.html")
    assert "organisations/hrw/" in _section(report, "organisations-heading")
    assert "case-studies/bolivia/" in _section(report, "cases-heading")


def test_post_shows_authors_case_studies_and_series(portal_site):
    site, _ = portal_site()
    html = site.read("posts/report/index.html")
    assert 'href="/people/ana-quispe/">Ana Quispe</a>' in html
    assert 'href="/case-studies/bolivia/"' in html
    assert 'href="/workshops/memory-2023/"' in html  # {workshop}slug link resolved
    assert 'rel="prev" href="/workshops/memory-2023/"' in html
    assert 'rel="next" href="/workshops/memory-2024/"' in html


def test_series_page_lists_members_in_date_order(portal_site):
    site, _ = portal_site()
    html = site.read("series/andes/index.html")
    members = html.split('<ol class="series-members">')[1].split("</ol>")[0]
    order = re.findall(r'<li><a href="/([^"]+)"', members)
    assert order == ["workshops/memory-2023/", "posts/report/", "workshops/memory-2024/"]


def test_indexes_list_every_kind(portal_site):
    site, _ = portal_site(PORTAL_TODAY="2024-01-01")
    workshops = site.read("workshops/index.html")
    upcoming, past = workshops.index("upcoming-heading"), workshops.index("past-heading")
    assert upcoming < workshops.index("memory-2024/") < past < workshops.index("memory-2023/")
    assert "Latin America" in site.read("case-studies/index.html")
    people = site.read("people/index.html")
    assert people.index("luis-mamani") < people.index("ana-quispe")  # by family name
    assert "hrw/" in site.read("organisations/index.html")
    nav = site.read("index.html")
    for url in ("people/", "workshops/", "case-studies/", "organisations/"):
        assert f'href="./{url}"' in nav or f'href="/{url}"' in nav or f'href="{url}"' in nav


def test_workshop_json_ld_and_calendars(portal_site):
    site, _ = portal_site(SITEURL="https://example.org")
    html = site.read("workshops/memory-2023/index.html")
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "Event" and data["startDate"] == "2023-03-01"
    assert data["endDate"] == "2023-03-02"
    assert [s["name"] for s in data["subEvent"]] == ["Community archives", "Witnesses"]
    assert {p["name"] for p in data["performer"]} == {"Ana Quispe", "Luis Mamani"}
    ics = site.read("workshops/memory-2023/memory-2023.ics")
    assert "BEGIN:VEVENT" in ics and "DTSTART;VALUE=DATE:20230301" in ics
    assert "DTEND;VALUE=DATE:20230303" in ics and "LOCATION:La Paz" in ics
    every = site.read("workshops.ics")
    assert every.count("BEGIN:VEVENT") == 2
    person = site.read("people/ana-quispe/index.html")
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', person, re.S)[1]
    )
    assert data["@type"] == "Person" and data["sameAs"][0].startswith("https://orcid.org/")


def test_portal_json_holds_nodes_and_relations(portal_site):
    site, _ = portal_site()
    graph = json.loads(site.read("data/portal.json"))
    assert {p["id"] for p in graph["people"]} == {"person:ana-quispe", "person:luis-mamani"}
    relations = {(r["from"], r["type"], r["to"]) for r in graph["relations"]}
    assert ("person:ana-quispe", "spoke_at", "workshop:memory-2023") in relations
    assert ("person:ana-quispe", "wrote", "post:report") in relations
    assert ("person:ana-quispe", "authored", "entry:quispe2019") in relations
    assert ("workshop:memory-2023", "about", "case_study:bolivia") in relations
    assert ("organisation:hrw", "published", "entry:hrw2020") in relations
    assert ("post:report", "links_to", "person:ana-quispe") in relations
    workshop = next(w for w in graph["workshops"] if w["id"] == "workshop:memory-2023")
    assert workshop["presentations"][0]["speaker"] == "person:ana-quispe"
    assert workshop["presentations"][0]["cites"] == ["entry:quispe2019"]


def test_site_with_only_posts_and_bibliography_has_no_portal_traces(build_site):
    site, result = build_site(
        {
            "bibliography/refs.bib": "@book{a2020, author={A, B}, title={T}, date={2020}}",
            "content/posts/p.md": "---\ntitle: P\ndate: 2024-01-01\n---\nText [@a2020].\n",
        },
        PLUGINS=["memoria.front_matter", "memoria.bibliography", "memoria.portal"],
    )
    assert result.ok, result.messages()
    for folder in ("people", "workshops", "case-studies", "organisations", "series", "data"):
        assert not site.exists(folder), folder
    assert not site.exists("workshops.ics")
    assert "people/" not in site.read("index.html")
