"""Speed-ups of the CSL layer give exactly what citeproc-py gives without them."""

from __future__ import annotations

from pathlib import Path

import pytest

from memoria.bibliography.bib_files import parse_bib_text
from memoria.bibliography.csl_json import to_csl_item
from memoria.csl.citeproc import model
from memoria.csl.render import CiteItem, Cluster, CslProcessor

CORPUS = Path(__file__).parents[1] / "fixtures" / "biblatex-examples" / "biblatex-examples.bib"
STYLES = [
    "chicago-author-date",
    "apa",
    "modern-language-association",
    "ieee",
    "harvard-cite-them-right",
]


@pytest.fixture(scope="module")
def items() -> dict:
    load = parse_bib_text(CORPUS.read_text(encoding="utf-8"), "biblatex-examples.bib")
    return {entry.key: to_csl_item(entry, "en-US") for entry in load.entries}


@pytest.mark.parametrize("style", STYLES)
def test_lazy_sort_orders_as_citeproc_does(items, style, monkeypatch):
    """The fork's Sort.sort orders as upstream's sort, kept as Sort._sort_all_keys, does."""
    lazy = CslProcessor(items, style=style).order()
    monkeypatch.setattr(model.Sort, "sort", model.Sort._sort_all_keys)
    assert CslProcessor(items, style=style).order() == lazy


def test_lazy_sort_evaluates_later_keys_only_for_ties(items, monkeypatch):
    """What makes it faster: upstream's sort evaluates every key for every item."""
    evaluated: list[int] = []
    sort_keys = model.Key._sort_keys

    def counted(key, keyed, context):
        evaluated.append(len(keyed))
        return sort_keys(key, keyed, context)

    monkeypatch.setattr(model.Key, "_sort_keys", counted)
    CslProcessor(items, style="chicago-author-date").order()
    lazy, evaluated[:] = sum(evaluated), []
    monkeypatch.setattr(model.Sort, "sort", model.Sort._sort_all_keys)
    CslProcessor(items, style="chicago-author-date").order()
    assert 0 < lazy < sum(evaluated) / 2


def test_ties_are_sorted_by_the_later_keys():
    same = {"type": "book", "author": [{"family": "Quispe", "given": "Mario"}]}
    items = {
        "b": {**same, "id": "b", "title": "Beta", "issued": {"date-parts": [[2020]]}},
        "a": {**same, "id": "a", "title": "Alpha", "issued": {"date-parts": [[2020]]}},
        "c": {**same, "id": "c", "title": "Alpha", "issued": {"date-parts": [[2019]]}},
    }
    assert CslProcessor(items).order() == ["c", "a", "b"]


@pytest.mark.parametrize(
    ("value", "other", "tied"),
    [(None, None, True), ("Abc", "aBC", True), ("01", "1", True), ("1", "1a", False)],
)
def test_tie_classes_follow_the_comparator(value, other, tied):
    assert (model._tie_class(value) == model._tie_class(other)) is tied


def test_names_apart_are_rendered_only_where_a_cluster_shows_them(items):
    """Another rendering finds the author part: only for narrative, suppressed-author and
    collapsed citations (the second half of "(Becker 2021, 2022)")."""
    keys = sorted(items)[:3]
    plain = Cluster((CiteItem(keys[0]),))
    narrative = Cluster((CiteItem(keys[1]),), narrative=True)
    suppressed = Cluster((CiteItem(keys[2], suppress_author=True),))
    processor = CslProcessor(items, style="apa")  # APA collapses by year
    processor.prerender([plain, narrative, suppressed])
    apart = {
        key
        for key in keys
        if any(done.startswith(f"piece:{processor._hashes[key]}:") for done in processor._fresh)
    }
    assert apart == {keys[1], keys[2]}
    collapsing = Cluster((CiteItem(keys[0]), CiteItem(keys[1])))
    assert processor._shows_author_apart(collapsing, collapsing.items[0])


@pytest.mark.parametrize("style", ["chicago-author-date", "apa"])
def test_prerendered_equals_rendered_on_demand(items, style):
    """What prerender() stores is what the lazy path renders (suffixes, pieces, references)."""
    cited = [CiteItem(key) for key in sorted(items)[:20]] + [CiteItem("knuth:ct:a", "12")]
    lazy = CslProcessor(items, style=style)
    ahead = CslProcessor(items, style=style)
    ahead.prerender([Cluster(tuple(cited))])
    assert ahead.library() == lazy.library()
    for author in (True, False):
        assert [ahead._piece(item, author) for item in cited] == [
            lazy._piece(item, author) for item in cited
        ]
