"""Pure functions of the portal: ORCID checksums, YAML line numbers, name folding."""

from __future__ import annotations

import pytest

from memoria.front_matter.lines import front_matter_lines, line_of
from memoria.portal.fields import partial_date
from memoria.portal.name_matching import csl_name_forms, fold
from memoria.portal.orcid import normalise_orcid


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("0000-0002-1694-233X", "0000-0002-1694-233X"),
        ("0000000218250097", "0000-0002-1825-0097"),
        ("0000-0002-1825-0098", None),
        ("0000-0002-1825", None),
        ("not an id", None),
    ],
)
def test_orcid(value, expected):
    assert normalise_orcid(value) == expected


def test_front_matter_lines_address_nested_values():
    text = "---\ntitle: W\npresentations:\n  - speaker: a\n    title: T\n  - speaker: b\n---\nB\n"
    lines = front_matter_lines(text)
    assert lines[("title",)] == 2
    assert lines[("presentations", 0)] == 4
    assert lines[("presentations", 1, "speaker")] == 6
    assert line_of(lines, ("presentations", 0, "cites", 3)) == 4


@pytest.mark.parametrize(
    "value, expected",
    [("2019", "2019"), ("2019-11", "2019-11"), ("2019-11-15", "2019-11-15"), ("2019-13", None),
     ("2019-02-30", None), ("soon", None)],
)  # fmt: skip
def test_partial_date(value, expected):
    assert partial_date(value) == expected


def test_name_folding_matches_aliases_and_citation_forms():
    assert fold("García-Godos, J.") == fold("Garcia-Godos, J")
    forms = csl_name_forms({"family": "García-Godos", "given": "Jemima"})
    assert fold("Jemima García-Godos") in forms and fold("García-Godos, Jemima") in forms
    assert csl_name_forms({"literal": "Human Rights Watch"}) == {"human rights watch"}
