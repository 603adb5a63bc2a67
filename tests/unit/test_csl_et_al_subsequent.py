"""et-al-subsequent-min / et-al-subsequent-use-first: a subsequent cite's names."""

from __future__ import annotations

import re
from pathlib import Path

from memoria.csl.render import CiteItem, Cluster, CslProcessor

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>s</id><title>S</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation et-al-min="5" et-al-use-first="1" et-al-subsequent-min="3"
            et-al-subsequent-use-first="1">
    <layout><names variable="author"><name/></names></layout>
  </citation>
</style>
"""

AUTHORS = [{"family": family, "given": "A"} for family in ("Doe", "Roe", "Poe")]
ITEMS = {"x": {"id": "x", "type": "book", "title": "T", "author": AUTHORS}}


def test_a_subsequent_cite_takes_the_subsequent_et_al(tmp_path: Path) -> None:
    path = tmp_path / "s.csl"
    path.write_text(STYLE, encoding="utf-8")
    processor = CslProcessor(ITEMS, style=str(path))
    clusters = [Cluster(items=(CiteItem("x"),)), Cluster(items=(CiteItem("x"),))]
    rendered = processor.render_document(clusters, href=lambda key: f"/b/{key}/")
    texts = [re.sub(r"<[^>]+>", "", text) for text in rendered.citations]
    assert texts == ["A Doe, A Roe, A Poe", "A Doe et al."]
