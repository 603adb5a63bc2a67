"""Disambiguation leaves the accessed date out when it compares citations (as citeproc-js)."""

from __future__ import annotations

from pathlib import Path

from memoria.csl import CslProcessor
from memoria.csl.style import load_style

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation disambiguate-add-year-suffix="true">
    <layout delimiter="; " prefix="(" suffix=")">
      <group delimiter=" ">
        <names variable="author"><name form="short"/></names>
        <text term="no date" form="short"/>
        <text variable="year-suffix"/>
        %s
      </group>
    </layout>
  </citation>
</style>
"""
ACCESSED = '<date variable="accessed" form="numeric" prefix="[" suffix="]"/>'


def _items() -> dict[str, dict]:
    author = [{"family": "Doe", "given": "John"}]
    return {
        key: {"id": key, "type": "book", "author": author, "accessed": {"date-parts": [[year]]}}
        for key, year in (("a", 1965), ("b", 2065))
    }


def _style(tmp_path: Path, accessed: bool) -> str:
    path = tmp_path / ("accessed.csl" if accessed else "plain.csl")
    path.write_text(STYLE % (ACCESSED if accessed else ""), encoding="utf-8")
    return str(path)


def test_style_knows_whether_its_citation_renders_accessed(tmp_path: Path) -> None:
    assert load_style(_style(tmp_path, True), "en-US").disambiguation.renders_accessed
    assert not load_style(_style(tmp_path, False), "en-US").disambiguation.renders_accessed


def test_works_alike_but_for_accessed_get_year_suffixes(tmp_path: Path) -> None:
    processor = CslProcessor(_items(), style=_style(tmp_path, True))
    assert processor.suffixes() == {"a": "a", "b": "b"}
