"""People at risk: pseudonyms, hidden photos, noindex and exclusion from exports leak nowhere."""

from __future__ import annotations

import json
from pathlib import Path

FEEDS = {"FEED_ALL_ATOM": "feeds/all.atom.xml", "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml"}


def _all_output(root: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((root / "output").rglob("*"))
        if p.is_file()
    ) + "\n".join(str(p) for p in (root / "output").rglob("*"))


def test_pseudonym_replaces_the_real_name_everywhere(portal_site):
    extra = {
        "content/people/rosa-real-name.md": """
            ---
            name: Rosa Realname
            pseudonym: Witness A
            aliases: [Realname, R.]
            orcid: 0000-0002-1825-0097
            ---
            A witness.
            """,
        "content/posts/testimony.md": """
            ---
            title: Testimony
            date: 2024-02-01
            authors: [rosa-real-name]
            ---
            Told by [her]({person}rosa-real-name).
            """,
        "content/workshops/w.md": """
            ---
            title: Hearing
            date: 2024-02-02
            presentations:
              - {speaker: rosa-real-name, title: What I saw}
            ---
            Body.
            """,
    }
    site, result = portal_site(extra, SITEURL="https://example.org", **FEEDS)
    assert result.ok, result.messages()
    everything = _all_output(site.root)
    for secret in ("Realname", "rosa-real-name", "0000-0002-1825-0097-"):
        assert secret not in everything
    assert "Witness A" in site.read("people/witness-a/index.html")
    assert "Witness A" in site.read("posts/testimony/index.html")
    assert "people/witness-a/" in site.read("posts/testimony/index.html")


def test_hidden_photo_and_noindex(portal_site):
    extra = {
        "content/people/p.md": """
            ---
            name: Pat Hidden
            photo: hidden
            noindex: true
            ---
            Bio.
            """,
        "content/people/q.md": """
            ---
            name: Quinn Shown
            photo: images/quinn.jpg
            ---
            Bio.
            """,
    }
    site, result = portal_site(extra)
    assert result.ok, result.messages()
    hidden = site.read("people/p/index.html")
    assert "<img" not in hidden
    assert '<meta name="robots" content="noindex">' in hidden
    assert 'data-pagefind-ignore="all"' in hidden
    shown = site.read("people/q/index.html")
    assert 'src="/images/quinn.jpg"' in shown
    assert "noindex" not in shown


def test_excluded_person_is_in_no_feed_portal_json_or_json_ld(portal_site):
    extra = {
        "content/people/sam-private.md": """
            ---
            name: Sam Private
            exclude_from_exports: true
            ---
            Bio.
            """,
        "content/posts/private.md": """
            ---
            title: By Sam
            date: 2024-03-01
            authors: [sam-private]
            ---
            Text.
            """,
        "content/workshops/w.md": """
            ---
            title: Closed meeting
            date: 2024-03-02
            presentations:
              - {speaker: sam-private, title: Notes}
            ---
            Body.
            """,
    }
    site, result = portal_site(extra, SITEURL="https://example.org", **FEEDS)
    assert result.ok, result.messages()
    graph = site.read("data/portal.json")
    assert "Sam Private" not in graph and "sam-private" not in graph
    workshop = json.loads(graph)["workshops"]
    assert (
        next(w for w in workshop if w["title"] == "Closed meeting")["presentations"][0]["speaker"]
        is None
    )
    for feed in (site.root / "output" / "feeds").glob("*.xml"):
        assert "Sam Private" not in feed.read_text(encoding="utf-8")
    event = site.read("workshops/w/index.html")
    ld = event.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "Sam Private" not in ld
    profile = site.read("people/sam-private/index.html")
    assert "application/ld+json" not in profile
    assert "Sam Private" in profile  # the page itself still shows the person
