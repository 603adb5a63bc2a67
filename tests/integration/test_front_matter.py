"""YAML front matter through the real Pelican build, and its errors with file and line."""

from __future__ import annotations

import pytest

FRONT_ONLY = {"PLUGINS": ["memoria.front_matter"]}


def test_yaml_front_matter_sets_title_date_tags_and_category(build_site):
    site, result = build_site(
        {
            "content/posts/sacaba.md": """
                ---
                title: "Sacaba & Senkata: <b>not bold</b>"
                date: 2024-11-15
                category: Analysis
                tags: [bolivia, giei]
                summary: "What the GIEI found."
                ---
                Body text.
            """
        },
        **FRONT_ONLY,
    )
    assert result.ok, result.messages()
    page = site.read("posts/sacaba/index.html")
    assert "<h1>Sacaba &amp; Senkata: &lt;b&gt;not bold&lt;/b&gt;</h1>" in page
    assert '<time datetime="2024-11-15T00:00:00+00:00">' in page
    assert 'href="/category/analysis.html"' in page
    assert site.exists("tag/giei.html")


def test_pelican_key_value_headers_keep_working(build_site):
    site, result = build_site(
        {"content/posts/old.md": "Title: Old style\nDate: 2020-01-02\n\nHello.\n"}, **FRONT_ONLY
    )
    assert result.ok, result.messages()
    assert "<h1>Old style</h1>" in site.read("posts/old/index.html")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "---\ntitle: A\ndate: yesterday\n---\nBody\n",
            "content/posts/bad.md:3: error: 'date': 'yesterday' is not a date "
            "(hint: write an ISO date such as 2024-07-25 or 2024-07-25 18:30)",
        ),
        (
            "---\ntitle: A\ntags: [a, b\n---\nBody\n",
            "content/posts/bad.md:4: error: front matter is not valid YAML:",
        ),
        (
            "---\ndate: 2024-01-01\n---\nBody\n",
            "content/posts/bad.md:1: error: front matter has no 'title'",
        ),
        (
            "---\n- just\n- a list\n---\nBody\n",
            "content/posts/bad.md:1: error: front matter must be a mapping",
        ),
    ],
    ids=["bad-date", "broken-yaml", "no-title", "not-a-mapping"],
)
def test_bad_front_matter_is_reported_with_path_and_line(build_site, text, expected):
    _site, result = build_site({"content/posts/bad.md": text}, **FRONT_ONLY)
    assert not result.ok
    messages = result.messages()
    assert any(m.startswith(expected) for m in messages), messages
    # Pelican's own vague "Could not process" line is not repeated on top of ours.
    assert not any("Could not process" in m for m in messages), messages
