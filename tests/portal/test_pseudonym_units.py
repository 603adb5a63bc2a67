"""The pure parts of keeping a pseudonym apart: finding her names in text, and unlisting."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from memoria.portal.graph_export import without_real_identities
from memoria.portal.pseudonyms import identity, pseudonym_lines, text_lines
from memoria.portal.unlisted import unlist

ROSA = identity(
    "rosa", "content/people/rosa.md", 2, ["Rosa Mamani Quispe", "Mamani Quispe, R."], "Witness A"
)


def test_text_lines_find_the_real_name_and_aliases_only():
    text = "Intro.\nRosa Mamani Quispe spoke.\nR. Mamani Quispe wrote.\nWitness A was there.\n"
    assert text_lines(text, ROSA) == [2, 3]
    assert pseudonym_lines(text, ROSA) == [4]
    # Whole words only: "Witness Ab" is someone else.
    assert pseudonym_lines("Witness Ab spoke.\nWITNESS  A spoke.", ROSA) == [2]


def test_no_pseudonym_is_searched_for_when_there_is_none():
    plain = identity("ana", "content/people/ana.md", 2, ["Ana Real"])
    assert plain is not None and pseudonym_lines("Ana Real", plain) == []


def _article(slug: str, **extra):
    return SimpleNamespace(slug=slug, translations=[], **extra)


def test_unlist_moves_articles_out_of_every_list():
    keep, gone = _article("keep"), _article("gone")
    gone_es = _article("gone-es")
    gone.translations = [gone_es]
    tags = defaultdict(list, {"t": [keep, gone], "only": [gone]})
    generator = SimpleNamespace(
        articles=[keep, gone],
        hidden_articles=[],
        translations=[gone_es],
        hidden_translations=[],
        dates=[gone, keep],
        categories=[("c", [keep, gone]), ("d", [gone])],
        authors=[("a", [gone])],
        tags=tags,
        context={},
    )
    generator.context["articles"] = articles = generator.articles
    assert unlist(generator, [gone]) == [gone]
    assert articles == [keep] and generator.hidden_articles == [gone]
    assert generator.translations == [] and generator.hidden_translations == [gone_es]
    assert generator.dates == [keep]
    assert generator.categories == [("c", [keep])] and generator.authors == []
    assert dict(generator.tags) == {"t": [keep]} and generator.context["tags"] == [("t", [keep])]


def test_unlist_leaves_a_generator_without_them_alone():
    page = _article("page")
    generator = SimpleNamespace(pages=[page], hidden_pages=[], translations=[])
    assert unlist(generator, [_article("other")]) == []
    assert generator.pages == [page] and generator.hidden_pages == []


def test_the_graph_loses_every_node_naming_her_real_identity():
    graph = {
        "format": 1,
        "people": [{"id": "person:witness-a", "name": "Witness A"}],
        "entries": [
            {"id": "entry:a", "title": "Conversations with Rosa Mamani Quispe"},
            {"id": "entry:b", "title": "Unrelated"},
        ],
        "series": [{"id": "series:s", "members": ["entry:a", "entry:b"]}],
        "relations": [
            {"from": "person:witness-a", "type": "spoke_at", "to": "workshop:w"},
            {"from": "post:p", "type": "cites", "to": "entry:a"},
        ],
    }
    kept = without_real_identities(graph, [ROSA])
    assert [e["id"] for e in kept["entries"]] == ["entry:b"]
    assert kept["series"][0]["members"] == ["entry:b"]
    assert kept["relations"] == [graph["relations"][0]]
    assert kept["people"] == graph["people"] and kept["format"] == 1
    assert without_real_identities(graph, []) is graph
