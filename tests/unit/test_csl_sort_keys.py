"""Names in a CSL ``<sort>`` key: what of the style's name options a sort key keeps."""

from __future__ import annotations

from pathlib import Path

from memoria.csl.render import CslProcessor

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"{style_wide}>
  <info><id>sort</id><title>Sort</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <macro name="author">
    <names variable="author"><name and="symbol"{own}/></names>
  </macro>
  <citation><layout><text macro="author"/></layout></citation>
  <bibliography>
    <sort><key macro="author"/><key variable="title"/></sort>
    <layout><text macro="author" suffix=". "/><text variable="title"/></layout>
  </bibliography>
</style>
"""

ITEMS = {
    "kim": {
        "id": "kim",
        "type": "book",
        "title": "Alpha",
        "author": [{"family": "King", "given": "Kim"}],
    },
    "ken": {
        "id": "ken",
        "type": "book",
        "title": "Beta",
        "author": [{"family": "King", "given": "Ken"}],
    },
}


def _order(tmp_path: Path, items: dict, **attributes: str) -> list[str]:
    path = tmp_path / "sort.csl"
    path.write_text(STYLE.format(**{"style_wide": "", "own": "", **attributes}), encoding="utf-8")
    return CslProcessor(items, style=str(path)).order()


def test_a_names_own_initialize_with_initializes_its_sort_key(tmp_path: Path) -> None:
    # "King, K." twice: the title decides
    assert _order(tmp_path, ITEMS, own=' initialize-with=". "') == ["kim", "ken"]


def test_the_styles_initialize_with_does_not(tmp_path: Path) -> None:
    # as pandoc: the sort key has the whole given names, Ken before Kim
    assert _order(tmp_path, ITEMS, style_wide=' initialize-with=". "') == ["ken", "kim"]


def test_a_sort_key_has_neither_et_al_nor_and(tmp_path: Path) -> None:
    items = {
        "many": {
            "id": "many",
            "type": "book",
            "title": "A",
            "author": [{"family": "Brown", "given": "Al"}, {"family": "Cruz", "given": "Carl"}],
        },
        "others": {
            "id": "others",
            "type": "book",
            "title": "B",
            "author": [{"family": "Brown", "given": "Al"}, {"literal": "others"}],
        },
    }
    # "Brown, Al" (no "et al.") is a prefix of "Brown, Al, Cruz, Carl" (no "&"): it sorts first
    assert _order(tmp_path, items) == ["others", "many"]


def test_entries_the_sort_ties_keep_the_librarys_order(tmp_path: Path) -> None:
    same = {"type": "book", "title": "Same", "author": [{"family": "Doe", "given": "Jo"}]}
    items = {"zeta": {**same, "id": "zeta"}, "alpha": {**same, "id": "alpha"}}
    assert _order(tmp_path, items) == ["zeta", "alpha"]
    assert _order(tmp_path, dict(reversed(items.items()))) == ["alpha", "zeta"]
