"""Rich text in CSL values: the allow-list, flip-flopping, quotes, and what stays inert."""

from __future__ import annotations

import re

import pytest

from memoria.csl import rich_text
from memoria.csl.citeproc.string import RICH_TEXT_MARKS
from memoria.csl.render import CslProcessor, prepare_item
from memoria.csl.rich_text import Markup, QuoteMarks, encode, finish, parse

_NOCASE_SPAN = re.compile(r'<span class="nocase">(.*?)</span>')


def _html(value: str, around: tuple[str, str] = ("", "")) -> str:
    """``value`` as citeproc-py would hand it back inside the formatting ``around`` (its
    CSL-JSON reader turns nocase spans into case-protected text, never nested)."""
    return finish(_NOCASE_SPAN.sub(r"\1", around[0] + encode(parse(value)) + around[1]))


ITALIC = ("<i>", "</i>")
BOLD = ("<b>", "</b>")
SMALL_CAPS = ('<span style="font-variant:small-caps;">', "</span>")
QUOTED = ("“", "”")


@pytest.mark.parametrize(
    ("value", "around", "expected"),
    [
        # the allow-list
        ("One <i>Two</i>", ("", ""), "One <i>Two</i>"),
        ("<b>bold</b> face", ("", ""), "<b>bold</b> face"),
        ("1<sup>st</sup> and H<sub>2</sub>O", ("", ""), "1<sup>st</sup> and H<sub>2</sub>O"),
        (
            '<span style="font-variant:small-caps;">caps</span>',
            ("", ""),
            '<span style="font-variant:small-caps;">caps</span>',
        ),
        ('a <span class="nocase">iPhone</span>', ("", ""), "a iPhone"),
        # flip-flopping in the formatting around the value
        (
            "My <i>Amazing</i> Title",
            ITALIC,
            '<i>My <span style="font-style:normal;">Amazing</span> Title</i>',
        ),
        (
            "One <i>Two <i>Three</i> Four</i>",
            ITALIC,
            '<i>One <span style="font-style:normal;">Two <i>Three</i> Four</span></i>',
        ),
        (
            "Speak, <b>friend</b>",
            BOLD,
            '<b>Speak, <span style="font-weight:normal;">friend</span></b>',
        ),
        (
            'His <span style="font-variant:small-caps;">Anonymous</span> Life',
            SMALL_CAPS,
            '<span style="font-variant:small-caps;">His <span style="font-variant:normal;">'
            "Anonymous</span> Life</span>",
        ),
        ("<i>x</i>", BOLD, "<b><i>x</i></b>"),
        # quotes: outer, inner, and flipped inside the style's quotes
        ("Speak, 'friend', and enter", ("", ""), "Speak, “friend”, and enter"),
        ('Speak, "friend", and enter', ("", ""), "Speak, “friend”, and enter"),
        ("\"A 'b' c\"", ("", ""), "“A ‘b’ c”"),
        ('Speak, "friend"', QUOTED, "“Speak, ‘friend’”"),
        ("'<i>My Title</i>'", ("(", ")"), "(“<i>My Title</i>”)"),
        # apostrophes are not quotes
        ("d'Aubignac and You're", ("", ""), "d’Aubignac and You’re"),
        ("ETFA '09", ("", ""), "ETFA ’09"),
        ("<span class=\"nocase\">l'''</span>", ("", ""), "l’’’"),
        # not on the allow-list: inert text
        ("<script>alert(1)</script>", ("", ""), "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<i onclick=x>y</i>", ("", ""), "&lt;i onclick=x&gt;y&lt;/i&gt;"),
        (
            "<a href=javascript:alert(1)>x</a>",
            ("", ""),
            "&lt;a href=javascript:alert(1)&gt;x&lt;/a&gt;",
        ),
        ('<img src=x onerror="alert(1)">', ("", ""), "&lt;img src=x onerror=”alert(1)”&gt;"),
        ("<I>upper</I>", ("", ""), "&lt;I&gt;upper&lt;/I&gt;"),
        (
            '<span style="color:red">x</span>',
            ("", ""),
            "&lt;span style=”color:red”&gt;x&lt;/span&gt;",
        ),
        (
            '<span class="nocase" onclick="x">x</span>',
            ("", ""),
            "&lt;span class=”nocase” onclick=”x”&gt;x&lt;/span&gt;",
        ),
        # unbalanced or crossed tags: text
        ("One TwoF</i> Three", ("", ""), "One TwoF&lt;/i&gt; Three"),
        ("<i>never closed", ("", ""), "&lt;i&gt;never closed"),
        ("<i>a<b>b</i>c</b>", ("", ""), "&lt;i&gt;a<b>b&lt;/i&gt;c</b>"),
        ("Tom & Jerry <3", ("", ""), "Tom &amp; Jerry &lt;3"),
        # citeproc-js's spellings: <sc>, spans with other white space, nodecor
        ("<sc>See</sc>", ("", ""), '<span style="font-variant:small-caps;">See</span>'),
        ("<sc>a</span>", ("", ""), "&lt;sc&gt;a&lt;/span&gt;"),
        (
            '<span  style="font-variant: small-caps">a</span>',
            ("", ""),
            '<span style="font-variant:small-caps;">a</span>',
        ),
        (
            'Lessard <span class="nodecor">v.</span> Schmidt',
            ITALIC,
            '<i>Lessard <span style="font-style:normal;">v.</span> Schmidt</i>',
        ),
        ('<span class="nodecor">v.</span>', ("", ""), "v."),
        (
            '<span class="nodecor">v.</span>',
            ("<b><i>", "</i></b>"),
            '<b><i><span style="font-style:normal;"><span style="font-weight:normal;">v.'
            "</span></span></i></b>",
        ),
        ("&lt;i&gt;", ("", ""), "&amp;lt;i&amp;gt;"),
    ],
)
def test_rendered(value: str, around: tuple[str, str], expected: str) -> None:
    assert _html(value, around) == expected


@pytest.mark.parametrize(
    ("value", "tree"),
    [
        ("a <i>b</i>", ("a ", Markup("italic", ("b",)))),
        ("<i>a <b>b</b></i>", (Markup("italic", ("a ", Markup("bold", ("b",)))),)),
        ("</i>x<i>", ("</i>x<i>",)),
        ("'q'", (Markup("quote", ("q",)),)),
        ("<script>", ("<script>",)),
    ],
)
def test_parse(value: str, tree: tuple[rich_text.Node, ...]) -> None:
    assert parse(value) == tree


_ALLOWED_TAG = re.compile(
    r'</?(?:i|b|sup|sub)>|<span style="font-(?:style|weight|variant):[a-z-]+;">'
    r'|<span class="nocase">|</span>'
)


@pytest.mark.parametrize("depth", [1, 2, 31, 32, 33, 50, 500])
def test_deep_nesting_stays_balanced_and_inert(depth: int) -> None:
    value = "<i>" * depth + "x" + "</i>" * depth
    html = _html(value, ITALIC)
    tags = re.findall(r"<[^>]*>", html)
    assert all(_ALLOWED_TAG.fullmatch(tag) for tag in tags)
    assert sum(tag.startswith("</") for tag in tags) * 2 == len(tags)  # every tag closed
    assert "x" in html and not any(mark in html for mark in RICH_TEXT_MARKS)


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert(1)</script>",
        "<i onclick=x>y</i>",
        "<a href=javascript:alert(1)>x</a>",
        '<img src=x onerror="alert(1)">',
        "<<i>>x<</i>>",
        "<i><script>x</script></i>",
        '<span class="nocase"><svg onload=alert(1)></span>',
    ],
)
def test_nothing_outside_the_allow_list_reaches_the_page(value: str) -> None:
    html = _html(value)
    for tag in re.findall(r"<[^>]*>", html):
        assert _ALLOWED_TAG.fullmatch(tag), tag


def test_marks_unpaired_by_citeproc_are_dropped_or_closed() -> None:
    opening, closing = "\ue020", "\ue021"
    assert finish(f"{closing}x") == "x"  # its opening cut off
    assert finish(f"<b>{opening}x</b> y") == "<b><i>x</i></b> y"  # closed with the tag around it
    assert finish(f"{opening}x") == "<i>x</i>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<i>See</i> also", "<i>See</i> also"),
        ("'quote', ", "“quote”, "),
        (
            '<span class="nocase">iPhone</span> <sc>x</sc>',
            'iPhone <span style="font-variant:small-caps;">x</span>',
        ),
        (
            "<script>alert(1)</script> & <i onclick=x>",
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;i onclick=x&gt;",
        ),
    ],
)
def test_html_of_a_value_citeproc_never_sees(value: str, expected: str) -> None:
    assert rich_text.html(value) == expected


def test_locale_quotes() -> None:
    french = QuoteMarks(("«\u00a0", "\u00a0»", "“", "”"))
    assert finish(encode(parse("'a \"b\" c'")), french) == "«\u00a0a “b” c\u00a0»"


def test_fork_knows_every_mark() -> None:
    assert set(RICH_TEXT_MARKS) >= rich_text.MARKS


def test_names_keep_markup_in_family_given_and_literal() -> None:
    prepared = prepare_item(
        {
            "author": [
                {"family": "<i>Smith</i>", "given": '<b>Jo</b> <span class="nocase">de</span>'},
                {"literal": 'Center <sup>for</sup> <span class="nocase">X</span>'},
            ]
        },
        "x",
    )
    # citeproc-py reads no nocase span in a name; the fork's initials keep a given name's marks
    assert prepared["author"][0] == {"family": "\ue020Smith\ue021", "given": "\ue022Jo\ue023 de"}
    assert prepared["author"][1] == {"literal": "Center \ue026for\ue027 X"}


def test_numeric_field_with_digits_is_not_parsed() -> None:
    assert (
        prepare_item({"number": "1<sup>er</sup>"}, "x")["number"]
        == "1\ue001sup\ue002er\ue001/sup\ue002"
    )


STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><text variable="title" text-case="{case}" font-style="italic"/></layout>
  </bibliography>
</style>
"""


@pytest.mark.parametrize(
    ("case", "title", "expected"),
    [
        (
            "title",
            "a <i>new</i> theory of 'the' <b>state</b>",
            '<i>A <span style="font-style:normal;">New</span> Theory of “the” <b>State</b></i>',
        ),
        (
            "capitalize-first",
            "<i>word</i> one",
            '<i><span style="font-style:normal;">Word</span> one</i>',
        ),
        (
            "lowercase",
            'THE <b>BOLD</b> <span class="nocase">NASA</span>',
            "<i>the <b>bold</b> NASA</i>",
        ),
        # small caps, superscript and subscript keep their case, as in citeproc-js
        ("uppercase", "<sup>st</sup> x", "<i><sup>st</sup> X</i>"),
        (
            "title",
            "my <sc>small caps phrase</sc> in a <sub>sub phrase</sub>",
            '<i>My <span style="font-variant:small-caps;">small caps phrase</span> in a '
            "<sub>sub phrase</sub></i>",
        ),
        (
            "title",
            '<span class="nocase">iPhone</span> <i>and</i> more',
            '<i>iPhone <span style="font-style:normal;">and</span> More</i>',
        ),
    ],
)
def test_text_case_leaves_markup_alone(tmp_path, case: str, title: str, expected: str) -> None:
    style = tmp_path / "t.csl"
    style.write_text(STYLE.replace("{case}", case), encoding="utf-8")
    processor = CslProcessor({"k": {"id": "k", "type": "book", "title": title}}, str(style))
    assert processor.reference("k") == expected


def test_processor_output_is_inert_for_hostile_values(tmp_path) -> None:
    style = tmp_path / "t.csl"
    style.write_text(STYLE.replace("{case}", "title"), encoding="utf-8")
    item = {
        "id": "k",
        "type": "book",
        "title": '<script>alert(1)</script> <i onclick=x>y</i> <a href="javascript:x">z</a> </i>',
    }
    html = CslProcessor({"k": item}, str(style)).reference("k")
    for tag in re.findall(r"<[^>]*>", html):
        assert tag in ("<i>", "</i>"), tag


_LAYOUT_STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id/><title/><updated>2009-08-10T04:49:00+09:00</updated></info>
  <citation><layout prefix="Speak, " suffix=", and enter."{fmt}>
    <text value="{value}"/>
  </layout></citation>
</style>"""


@pytest.mark.parametrize(
    ("fmt", "value", "expected"),
    [
        # the style's own text is rich text too, as in citeproc-js: its quotes the locale's
        # (punctuation moved in), its <b> flipping inside the layout's bold
        ("", "'friend'", "Speak, “friend,” and enter."),
        (
            ' font-weight="bold"',
            "&#60;b&#62;friend&#60;/b&#62;",
            '<b>Speak, <span style="font-weight:normal;">friend</span>, and enter.</b>',
        ),
        # ... through the same allow-list as field values
        (
            "",
            "&#60;script&#62;x&#60;/script&#62;",
            "Speak, &#60;script&#62;x&#60;/script&#62;, and enter.",
        ),
    ],
)
def test_style_text_value_is_rich_text(tmp_path, fmt: str, value: str, expected: str) -> None:
    from memoria.csl import CiteItem, Cluster

    style = tmp_path / "t.csl"
    style.write_text(_LAYOUT_STYLE.format(fmt=fmt, value=value), encoding="utf-8")
    processor = CslProcessor({"k": {"id": "k", "type": "book"}}, str(style))
    rendered = processor.render_document([Cluster((CiteItem("k"),))], lambda key: "")
    text = re.sub(r"</?a\b[^>]*>", "", rendered.citations[0])  # the cite's link
    assert text.replace("&lt;", "&#60;").replace("&gt;", "&#62;") == expected


def test_style_quotes_of_more_than_a_character_alternate() -> None:
    # the style's own quotes (quotes="true") as citeproc-py writes them, around a value's
    french = QuoteMarks(("«\u00a0", "\u00a0»", "“", "”"))
    assert finish("«\u00a0Life’s \ue02aLittle\ue02b\u00a0»", french) == (
        "«\u00a0Life’s “Little”\u00a0»"
    )
    assert finish("«\u00a0a «\u00a0b\u00a0» c\u00a0»", french) == "«\u00a0a “b” c\u00a0»"


@pytest.mark.parametrize(
    ("value", "quotes", "expected"),
    [
        # written with the locale's inner marks: an inner quote where no quote is around it
        ("meaning ‘God willing’.", QuoteMarks(), "meaning ‘God willing’."),
        ("‘a “b” c’", QuoteMarks(), "‘a “b” c’"),
        ("“a ‘b’ c”", QuoteMarks(), "“a ‘b’ c”"),
        ("'a' and \"b\"", QuoteMarks(), "“a” and “b”"),  # straight quotes: outer ones
        # ... where the locale's outer quotes are single ones, an outer quote
        ("‘x’", QuoteMarks(("‘", "’", "“", "”")), "‘x’"),
    ],
)
def test_single_curly_quotes_are_inner_ones(value: str, quotes: QuoteMarks, expected: str) -> None:
    assert finish(encode(parse(value)), quotes) == expected
    # inside the style's own quotes (quotes="true") they flip as any quote does
    assert finish(f"“{encode(parse('‘x’'))}”", QuoteMarks()) == "“‘x’”"
