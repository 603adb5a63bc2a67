"""Which links from .bib files may be published, and the folder names of entry pages."""

from __future__ import annotations

import pytest

from memoria.bibliography.links import doi_url, entry_slugs, safe_url


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a?b=1%20c", "https://example.org/a?b=1%20c"),
        ("http://example.org", "http://example.org"),
        ("mailto:media@hrf.org", "mailto:media@hrf.org"),
        ("  https://example.org  ", "https://example.org"),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("data:text/html,<script>", None),
        ("file:///home/me/report.pdf", None),
        ("//example.org/x", None),
        ("https://exa mple.org", None),
        ("https:///nohost", None),
        ("", None),
    ],
)
def test_safe_url(value, expected):
    assert safe_url(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10.1234/giei.2021", "https://doi.org/10.1234/giei.2021"),
        ("https://doi.org/10.1234/x", "https://doi.org/10.1234/x"),
        ("doi:10.1234/x", "https://doi.org/10.1234/x"),
        ("10.1000/a<b>", "https://doi.org/10.1000/a%3Cb%3E"),
        ("not a doi", None),
        ("javascript:alert(1)", None),
    ],
)
def test_doi_url(value, expected):
    assert doi_url(value) == expected


def test_entry_slugs_keep_safe_keys_and_separate_colliding_ones():
    slugs = entry_slugs(["becker2021coup", "Becker2021", "becker2021", "a:b", "a/b", "ok-key_1.2"])
    assert slugs["becker2021coup"] == "becker2021coup"
    assert slugs["ok-key_1.2"] == "ok-key_1.2"
    # case-only and punctuation-only differences would share a folder: each gets a hash
    assert slugs["Becker2021"] != slugs["becker2021"]
    assert slugs["a:b"] != slugs["a/b"]
    assert all(s.startswith("a-b-") for s in (slugs["a:b"], slugs["a/b"]))
    assert len(set(slugs.values())) == len(slugs)


def test_entry_slugs_are_deterministic():
    keys = ["Z", "z", "x:y"]
    assert entry_slugs(keys) == entry_slugs(reversed(keys))
