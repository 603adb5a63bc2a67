"""The layout delimiter between cites, as citeproc-js splices it (render.cite_delimiter)."""

from memoria.csl.render import CiteItem, cite_delimiter, join_cites


def test_plain_cites_take_the_delimiter() -> None:
    assert cite_delimiter(CiteItem("a"), CiteItem("b"), "; ") == "; "


def test_after_a_suffix_ending_in_punctuation_only_the_space_remains() -> None:
    previous = CiteItem("a", suffix="is one source,")
    assert cite_delimiter(previous, CiteItem("b"), "; ") == " "
    assert cite_delimiter(CiteItem("a", suffix="x."), CiteItem("b"), ";") == ""


def test_a_prefix_opening_with_punctuation_replaces_the_delimiter() -> None:
    assert cite_delimiter(CiteItem("a"), CiteItem("b", prefix=", cited in"), "; ") == ""
    # ... unless the previous cite has a suffix (then the suffix rule or the delimiter)
    previous = CiteItem("a", suffix="see")
    assert cite_delimiter(previous, CiteItem("b", prefix=", and"), "; ") == "; "


def test_join_cites() -> None:
    cites = [(CiteItem("a"), "A"), (CiteItem("b", prefix=", cited in"), ", cited in B")]
    assert join_cites(cites, "; ") == "A, cited in B"
    assert join_cites([], "; ") == ""


def test_layout_suffix_drops_a_duplicated_mark() -> None:
    from memoria.csl.render import layout_suffix

    assert layout_suffix("is another.", ".") == ""
    assert layout_suffix("<i>Why?</i>", ".") == ""
    assert layout_suffix("Smith 2000", ".") == "."
    assert layout_suffix("&lt;https://x&gt;", ".") == "."  # the entity is not a ";"


def test_punctuation_goes_inside_every_closing_quote() -> None:
    from memoria.csl.render import _punctuation_into_quotes

    assert _punctuation_into_quotes("“This is ‘The One’”.") == "“This is ‘The One.’”"
    assert _punctuation_into_quotes("“Colombia”, 2001") == "“Colombia,” 2001"
    assert _punctuation_into_quotes("“Colombia”: 2001") == "“Colombia”: 2001"
    assert _punctuation_into_quotes("“Question”?") == "“Question?”"
