"""The demo portal in this repository builds cleanly and is cross-linked as the seeds describe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SPEAKERS = ("oriana-bernasconi", "jemima-garcia-godos", "cecile-mouly", "monica-serrano")
WORKSHOP = "workshops/resistance-mass-atrocities-americas/"


@pytest.fixture
def demo(demo_output: Path) -> Path:
    return demo_output


def test_each_speaker_and_the_workshop_link_to_each_other(demo):
    workshop = (demo / WORKSHOP / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'class="presentation" id="presentation-\d"', workshop)) == 4
    for slug in SPEAKERS:
        assert f"people/{slug}/" in workshop
        profile = (demo / "people" / slug / "index.html").read_text(encoding="utf-8")
        assert WORKSHOP in profile, slug


def test_required_case_studies_exist_and_bolivia_and_peru_have_timelines(demo):
    for slug in ("chile", "peru", "colombia", "mexico", "bolivia", "iraq", "kazakhstan"):
        assert (demo / "case-studies" / slug / "index.html").exists(), slug
    for slug in ("bolivia", "peru"):
        page = (demo / "case-studies" / slug / "index.html").read_text(encoding="utf-8")
        assert 'id="timeline-heading"' in page and "/bibliography/" in page


def test_every_page_of_a_kind_links_back_to_its_index_and_the_graph_is_exported(demo):
    for index in ("people", "workshops", "case-studies", "organisations", "bibliography"):
        assert (demo / index / "index.html").exists(), index
    assert (demo / "data" / "portal.json").exists()
    assert (demo / "workshops.ics").read_text(encoding="utf-8").count("BEGIN:VEVENT") >= 1
