"""URLs and DOIs inside a formatted reference become links; nothing else does."""

from __future__ import annotations

import pytest

from memoria.csl.reference_links import link_addresses


@pytest.mark.parametrize(
    ("rendered", "expected"),
    [
        (
            "Report. https://example.org/a?b=1&amp;c=2.",
            'Report. <a href="https://example.org/a?b=1&amp;c=2">'
            "https://example.org/a?b=1&amp;c=2</a>.",
        ),
        (
            "https://doi.org/10.1234/x.",
            '<a href="https://doi.org/10.1234/x">https://doi.org/10.1234/x</a>.',
        ),
        ("doi:10.1234/abc.", '<a href="https://doi.org/10.1234/abc">doi:10.1234/abc</a>.'),
        (
            "(https://x.org/a_(b)).",
            '(<a href="https://x.org/a_(b)">https://x.org/a_(b)</a>).',
        ),
        # Not a safe scheme, not an address, or a link already: left as it is.
        ("javascript:alert(1) and ftp://x.org/f", "javascript:alert(1) and ftp://x.org/f"),
        (
            '<a href="https://x.org/">https://x.org/</a>',
            '<a href="https://x.org/">https://x.org/</a>',
        ),
        ("<i>Title</i>, 2021.", "<i>Title</i>, 2021."),
    ],
)
def test_link_addresses(rendered, expected):
    assert link_addresses(rendered) == expected


def test_an_address_never_leaves_its_attribute():
    linked = link_addresses("https://x.org/“onmouseover=alert(1)” &lt;script&gt;")
    assert linked.count('"') == 2  # only the href's own quotes
    assert "<script" not in linked


@pytest.mark.parametrize("style", ["chicago-author-date", "ieee", "oscola"])
def test_a_locator_reaches_the_page_escaped(style):
    from memoria.csl import CiteItem, Cluster, CslProcessor

    items = {"k": {"id": "k", "type": "book", "title": "T", "issued": {"date-parts": [[2020]]}}}
    processor = CslProcessor(items, style=style)
    locator = "<img src=x onerror=alert(1)> & 5"
    cluster = Cluster((CiteItem("k", locator),), note_number=1 if style == "oscola" else 0)
    text = processor.render_document([cluster], lambda key: f"#{key}").citations[0]
    assert "<img" not in text and "&lt;img" in text and "&amp; 5" in text


_LINKED_ITEM = {
    "id": "k",
    "type": "report",
    "title": "A Report",
    "issued": {"date-parts": [[2020]]},
    "DOI": "10.1234/hrw.2020",
    "URL": "https://example.org/report",
}


def test_references_link_addresses_by_default():
    from memoria.csl import CslProcessor

    ((key, text),) = CslProcessor({"k": _LINKED_ITEM}).library()
    assert key == "k"
    assert '<a href="https://doi.org/10.1234/hrw.2020">' in text


def test_link_bibliography_off_leaves_the_styles_text():
    from memoria.csl import CslProcessor

    linked = CslProcessor({"k": _LINKED_ITEM})
    plain = CslProcessor({"k": _LINKED_ITEM}, link_bibliography=False)
    ((_key, text),) = plain.library()
    assert "<a " not in text and "https://doi.org/10.1234/hrw.2020" in text
    # Cached renderings with and without links are kept apart.
    assert plain.fingerprint != linked.fingerprint


def test_the_setting_is_on_by_default_and_validated():
    from memoria.bibliography.settings import read_settings

    settings, problems = read_settings({"PATH": "content"})
    assert settings.link_bibliography is True and not problems
    settings, problems = read_settings({"PATH": "content", "CSL_LINK_BIBLIOGRAPHY": False})
    assert settings.link_bibliography is False and not problems
    settings, problems = read_settings({"PATH": "content", "CSL_LINK_BIBLIOGRAPHY": "no"})
    assert settings.link_bibliography is True
    assert [p.message for p in problems] == ["CSL_LINK_BIBLIOGRAPHY must be True or False"]
