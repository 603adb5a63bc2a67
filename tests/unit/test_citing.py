"""Pure helpers of the citation glue: line numbers and where reference lists are exported."""

from __future__ import annotations

from types import SimpleNamespace

from memoria.bibliography.cite_syntax import parse_bracketed
from memoria.bibliography.citing import citation_lines, export_stem


def test_citation_lines_follow_the_text_in_order():
    text = "---\ntitle: x\n---\nA [@a].\n\nB [@a].\nC [@b, p. 4]\n"
    citations = [parse_bracketed(raw) for raw in ("[@a]", "[@a]", "[@b, p. 4]")]
    assert citation_lines(text, citations) == [4, 6, 7]


def test_export_stem_is_unique_per_saved_page():
    settings = SimpleNamespace(index_url="bibliography/")
    post = SimpleNamespace(save_as="posts/sacaba/index.html")
    page = SimpleNamespace(save_as="about.html")
    assert export_stem(post, settings) == "bibliography/lists/posts-sacaba"
    assert export_stem(page, settings) == "bibliography/lists/about"
