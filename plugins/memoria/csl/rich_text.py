"""Rich text in CSL-JSON values, through an allow-list, with flip-flopping (pure functions).

CSL lets a value carry a little markup ("Rich text markup within fields", CSL 1.0.2):
``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<span style="font-variant:small-caps;">`` and
``<span class="nocase">``, and quotation marks (``"…"``, ``'…'``, ``“…”``, ``‘…’``). Exactly those
tags, written exactly so and balanced, are markup; everything else (``<script>``, ``<i
onclick=x>``, ``<a href=…>``, a ``</i>`` that closes nothing, an ``<i>`` never closed) is text,
and reaches the page as entities.

How a value travels:

1. :func:`parse` reads it into a small tree: :class:`Markup` nodes of the allow-listed kinds
   (quotes are nodes too) and text. Tags and quotes pair up on one stack, as a browser would
   not but citeproc-js does: a tag closing something other than the innermost open tag is text,
   a quote left open is a quote character again (``'09`` -> ``’09``).
2. :func:`encode` writes the tree for citeproc-py: text with ``&<>`` as private-use characters
   (so text-casing cannot split an entity), each markup kind but nocase as a pair of private-use
   marks (:data:`MARKS`), and nocase as the ``<span class="nocase">`` citeproc-py's JSON source
   turns into its ``NoCase`` strings. Marks have no case, so lower/upper case leave them alone;
   the fork's capitalisation and title case step over them (``citeproc/string.py``,
   ``citeproc/model.py``), and they travel through formatting, affixes and delimiters as any
   character does.
3. :func:`finish` turns citeproc-py's HTML back into HTML: it walks the tags citeproc-py wrote
   (``<i>`` for ``font-style="italic"``, ``<b>``, small caps) and resolves each mark in the
   formatting it stands in: italic inside italic becomes ``<span style="font-style:normal;">``,
   as citeproc-js prints it (likewise bold and small caps); a quote inside a quote takes the
   locale's inner quotes, and one inside that the outer ones again (a quote written with
   ``‘’`` is an inner one even where no quote is around it, as citeproc-js reads the locale's
   inner marks). Entities come last.

Marks never meet the page: one left unpaired by citeproc-py (a title cut short, say) is dropped,
and every mark opened is closed where the tag around it closes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from memoria.csl.escaping import FROM_PUA, TO_PUA

__all__ = [
    "MARKS",
    "Markup",
    "Node",
    "QuoteMarks",
    "encode",
    "escape",
    "finish",
    "html",
    "parse",
    "plain",
    "strip_marks",
]

Kind = Literal[
    "italic", "bold", "small-caps", "sup", "sub", "nocase", "nodecor", "quote", "single-quote"
]


@dataclass(frozen=True)
class Markup:
    """One allow-listed markup element of a value and what it holds."""

    kind: Kind
    children: tuple[Node, ...]


Node = str | Markup

#: The allow-list: each tag as CSL (and citeproc-js, ``<sc>`` and ``nodecor``) writes it -> the
#: kind it opens and the tag that closes it. A span's white space may vary (:data:`_SPAN`).
_OPENING: dict[str, tuple[Kind, str]] = {
    "<i>": ("italic", "</i>"),
    "<b>": ("bold", "</b>"),
    "<sup>": ("sup", "</sup>"),
    "<sub>": ("sub", "</sub>"),
    "<sc>": ("small-caps", "</sc>"),
    '<span style="font-variant:small-caps;">': ("small-caps", "</span>"),
    '<span class="nocase">': ("nocase", "</span>"),
    '<span class="nodecor">': ("nodecor", "</span>"),
}
_CLOSING = frozenset(closer for _kind, closer in _OPENING.values())
#: An allow-listed span as people write it: spaces around its parts, the semicolon left out.
_SPAN = re.compile(
    r'<span\s+(?:style="\s*font-variant:\s*small-caps\s*;?\s*"|class="\s*(nocase|nodecor)\s*")\s*>'
)
_QUOTES = "\"'“”‘’"
_TOKEN = re.compile(
    "|".join(re.escape(tag) for tag in sorted([*_OPENING, *_CLOSING], key=len, reverse=True))
    + f"|[{_QUOTES}]"
)
#: Kinds whose text keeps its case under every text-case, as in citeproc-js.
_KEEP_CASE: frozenset[Kind] = frozenset({"small-caps", "sup", "sub", "nodecor"})
#: Markup nested deeper than this is text (a value is not a document).
MAX_DEPTH = 32

# Private-use marks, one pair per kind (nocase travels as citeproc-py's own span).
_MARK_OF: dict[Kind, tuple[str, str]] = {
    "italic": ("\ue020", "\ue021"),
    "bold": ("\ue022", "\ue023"),
    "small-caps": ("\ue024", "\ue025"),
    "sup": ("\ue026", "\ue027"),
    "sub": ("\ue028", "\ue029"),
    "quote": ("\ue02a", "\ue02b"),
    "nodecor": ("\ue02c", "\ue02d"),
    "single-quote": ("\ue02e", "\ue02f"),
}
#: The quote kinds: a quote as written with ``‘’`` (``single-quote``) is an inner quote where
#: no quote is around it (unless the locale's outer quotes are those), as citeproc-js reads the
#: locale's inner quotation marks; any other quote is an outer one there.
_QUOTE_KINDS = frozenset({"quote", "single-quote"})
#: Every mark; the fork's string code knows them as U+E020-U+E02F.
MARKS = frozenset(mark for pair in _MARK_OF.values() for mark in pair)
_KIND_OF_MARK = {
    mark: (kind, index == 0) for kind, pair in _MARK_OF.items() for index, mark in enumerate(pair)
}
_ESCAPE, _UNESCAPE = TO_PUA, FROM_PUA  # see memoria.csl.escaping
_NOCASE_OPEN, _NOCASE_CLOSE = '<span class="nocase">', "</span>"
_OPENS_AFTER = " \t\n\u00a0([{/—–-<>"  # a quote after these (or at the start) opens
_CLOSES_BEFORE = " \t\n\u00a0)]}/—–-.,;:!?<>"  # ... before these (or at the end) closes


class QuoteMarks(tuple[str, str, str, str]):
    """The locale's (open-quote, close-quote, open-inner-quote, close-inner-quote)."""

    __slots__ = ()

    def __new__(cls, marks: tuple[str, str, str, str] = ("“", "”", "‘", "’")) -> QuoteMarks:
        return super().__new__(cls, marks)


def escape(text: str) -> str:
    """``&<>`` as the private-use characters :func:`finish` turns into entities."""
    return text.translate(_ESCAPE)


# -- parsing ---------------------------------------------------------------------------------


@dataclass
class _Token:
    text: str
    kind: Kind | None = None  # what it opens or closes; None: text
    opens: bool = False
    closer: str = ""  # an opening tag's closing tag
    pair: int = -1  # index of the token it pairs with; -1: none (it is text)


def _neighbours(value: str, start: int, end: int) -> tuple[str, str]:
    return (value[start - 1] if start else ""), (value[end] if end < len(value) else "")


def _quote_role(value: str, start: int) -> tuple[bool, bool]:
    """(can open, can close) for the quote character at ``start``."""
    char = value[start]
    before, after = _neighbours(value, start, start + 1)
    if char in "“‘":
        return True, False
    if char == "”":
        return False, True
    can_open = (not before or before in _OPENS_AFTER or before in _QUOTES) and bool(
        after and not after.isspace()
    )
    can_close = bool(before and not before.isspace()) and (
        not after or after in _CLOSES_BEFORE or after in _QUOTES
    )
    if char in "'’" and before.isalnum() and after.isalnum():  # d'Aubignac, You're
        return False, False
    return can_open, can_close


def _tokens(value: str) -> list[_Token]:
    tokens: list[_Token] = []
    at = 0
    for match in _TOKEN.finditer(value):
        if match.start() > at:
            tokens.append(_Token(value[at : match.start()]))
        tokens.append(_Token(match.group(0)))
        at = match.end()
    if at < len(value):
        tokens.append(_Token(value[at:]))
    return tokens


def _pair(value: str, tokens: list[_Token]) -> None:
    """Pair openings with closings on one stack; what pairs with nothing stays text."""
    stack: list[int] = []  # indexes of open tokens
    offset = 0
    family = {"'": "'", "’": "'", "‘": "‘", '"': '"', "“": "“", "”": "“"}
    closes_family = {"'": ("'", "‘"), "’": ("'", "‘"), '"': ('"', "“"), "”": ("“", '"')}
    for index, token in enumerate(tokens):
        start, offset = offset, offset + len(token.text)
        text = token.text
        if text in _OPENING:
            if len(stack) < MAX_DEPTH:
                (token.kind, token.closer), token.opens = _OPENING[text], True
                stack.append(index)
        elif text in _CLOSING:
            # quotes left open inside the element are quote characters again
            while stack and tokens[stack[-1]].kind == "quote":
                stack.pop()
            if stack and tokens[stack[-1]].closer == text:
                opening = stack.pop()
                token.kind, token.pair, tokens[opening].pair = tokens[opening].kind, opening, index
        elif len(text) == 1 and text in _QUOTES:
            can_open, can_close = _quote_role(value, start)
            wanted = closes_family.get(text, ())
            top = next((i for i in reversed(stack) if tokens[i].kind == "quote"), None)
            inner = top is not None and all(
                tokens[i].kind == "quote" for i in stack[stack.index(top) :]
            )
            empty = top == index - 1  # '' is two apostrophes, not an empty quote
            if (
                can_close
                and inner
                and top is not None
                and not empty
                and family[tokens[top].text] in wanted
            ):
                while stack[-1] != top:
                    stack.pop()
                stack.pop()
                token.kind, token.pair, tokens[top].pair = "quote", top, index
            elif can_open and text in family and len(stack) < MAX_DEPTH:
                token.kind, token.opens = "quote", True
                stack.append(index)
    for token in tokens:
        if token.pair < 0:
            token.kind, token.opens = None, False


def _canonical_span(match: re.Match[str]) -> str:
    kind = match.group(1)
    return f'<span class="{kind}">' if kind else '<span style="font-variant:small-caps;">'


def parse(value: str) -> tuple[Node, ...]:
    """A CSL-JSON value as a tree of allow-listed markup and text."""
    value = _SPAN.sub(_canonical_span, value)
    tokens = _tokens(value)
    _pair(value, tokens)
    root: list[Node] = []
    stack: list[tuple[Kind, list[Node]]] = []
    for token in tokens:
        children = stack[-1][1] if stack else root
        if token.kind is None:
            if children and isinstance(children[-1], str):
                children[-1] += token.text
            else:
                children.append(token.text)
        elif token.opens:
            stack.append(("single-quote" if token.text == "‘" else token.kind, []))
        else:
            kind, inner = stack.pop()
            (stack[-1][1] if stack else root).append(Markup(kind, tuple(inner)))
    return tuple(root)


def _quote_text(text: str) -> str:
    """Quote characters that are not quotes, as pandoc and citeproc-js print them: apostrophes
    curl (``d'Aubignac`` -> ``d’Aubignac``), a lone double quote curls by its place."""
    text = re.sub(r'(^|[\s(\[—–-])"', "\\1“", text)
    return text.replace('"', "”").replace("'", "’")


def encode(nodes: tuple[Node, ...], in_nocase: bool = False, marks: bool = True) -> str:
    """The tree as citeproc-py's input (see the module docstring); ``marks=False`` keeps the
    nocase spans only (the other markup's text stays, its tags go: names). Small caps,
    superscript, subscript and nodecor text keeps its case as nocase text does (citeproc-js's
    text-casing steps over them); ``in_nocase=True`` writes no nocase span at all (text that
    citeproc-py does not read as CSL-JSON: the style's own text)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(_quote_text(escape(node)))
            continue
        keeps_case = node.kind == "nocase" or node.kind in _KEEP_CASE
        inner = encode(node.children, in_nocase or keeps_case, marks)
        if node.kind == "nocase":
            pass
        elif not marks:
            inner = f"“{inner}”" if node.kind in _QUOTE_KINDS else inner
        else:
            opening, closing = _MARK_OF[node.kind]
            inner = f"{opening}{inner}{closing}"
        out.append(
            f"{_NOCASE_OPEN}{inner}{_NOCASE_CLOSE}" if keeps_case and not in_nocase else inner
        )
    return "".join(out)


def html(value: str, quotes: QuoteMarks | None = None) -> str:
    """A value that citeproc-py never sees (a cite's prefix or suffix) as safe HTML: its
    allow-listed rich text as markup, its quotes the locale's, everything else escaped."""
    return finish(encode(parse(value), in_nocase=True), quotes)


def plain(nodes: tuple[Node, ...]) -> str:
    """The tree's text without markup (quotes as the characters written)."""
    return "".join(node if isinstance(node, str) else plain(node.children) for node in nodes)


def strip_marks(text: str) -> str:
    """``text`` without marks (sort keys compare the words)."""
    return "".join(char for char in text if char not in MARKS)


# -- finishing -------------------------------------------------------------------------------

#: How each flip-flopping kind reads in citeproc-py's HTML, and what its mark becomes.
_FLIPS: dict[str, tuple[str, str, str]] = {  # kind -> (tag on, close tag, span turning it off)
    "italic": ("<i>", "</i>", '<span style="font-style:normal;">'),
    "bold": ("<b>", "</b>", '<span style="font-weight:normal;">'),
    "small-caps": (
        '<span style="font-variant:small-caps;">',
        "</span>",
        '<span style="font-variant:normal;">',
    ),
}
_STATE_OF_TAG = {
    "<i>": ("italic", True),
    "<b>": ("bold", True),
    '<span style="font-variant:small-caps;">': ("small-caps", True),
    '<span style="font-style:normal;">': ("italic", False),
    '<span style="font-weight:normal;">': ("bold", False),
    '<span style="font-variant:normal;">': ("small-caps", False),
}
_SIMPLE = {"sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>")}
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*>")
_FINISH_TOKEN = re.compile(r"<[^<>]*>|[\ue020-\ue02f]")


@dataclass
class _Frame:
    close: str  # what closes it in the output
    name: str  # a real tag's name ("i", "span"), or "" for one a mark opened
    kind: str = ""  # the mark's kind, "" for a real tag
    states: tuple[tuple[str, bool], ...] = ()  # the formatting it sets, if any


def finish(text: str, quotes: QuoteMarks | None = None) -> str:
    """citeproc-py's HTML with marks resolved in their formatting (see the module docstring)
    and the private-use escapes as entities."""
    quotes = quotes or QuoteMarks()
    if not any(char in MARKS for char in text):
        return _flip_real_quotes(text, quotes).translate(_UNESCAPE)
    out: list[str] = []
    stack: list[_Frame] = []
    levels: list[int] = []  # the quotes open around here, the style's and the value's:
    # 0 printed as the outer quotes, 1 as the inner ones

    def current(kind: str) -> bool:
        for frame in reversed(stack):
            for state_kind, on in frame.states:
                if state_kind == kind:
                    return on
        return False

    at = 0
    for match in _FINISH_TOKEN.finditer(text):
        _count_quotes(text[at : match.start()], quotes, levels, out)
        at = match.end()
        token = match.group(0)
        if token.startswith("<"):
            tag = _HTML_TAG.fullmatch(token)
            out.append(token)
            if tag is None:
                continue
            closing, name = tag.group(1) == "/", tag.group(2).lower()
            if not closing:
                if not token.endswith("/>") and name not in ("br", "hr", "img", "wbr"):
                    state = _STATE_OF_TAG.get(token)
                    stack.append(_Frame(f"</{name}>", name, states=(state,) if state else ()))
                continue
            out.pop()
            if any(f.name == name for f in stack):  # close the marks opened inside it first
                while stack:
                    frame = stack.pop()
                    if frame.kind in _QUOTE_KINDS and levels:
                        levels.pop()
                    out.append(frame.close)
                    if frame.name == name:
                        break
            else:
                out.append(token)
            continue
        kind, opening = _KIND_OF_MARK[token]
        if opening:
            if kind in _QUOTE_KINDS:
                level = _quote_level(kind, levels, quotes)
                out.append(quotes[2 * level])
                stack.append(_Frame(quotes[2 * level + 1], "", kind))
                levels.append(level)
            elif kind in _SIMPLE:
                out.append(_SIMPLE[kind][0])
                stack.append(_Frame(_SIMPLE[kind][1], "", kind))
            elif kind == "nodecor":  # every flip-flopping formatting on here turned off
                off = [flip for flip in _FLIPS if current(flip)]
                out.extend(_FLIPS[flip][2] for flip in off)
                states = tuple((flip, False) for flip in off)
                stack.append(_Frame("</span>" * len(off), "", kind, states))
            else:
                on, close, off = _FLIPS[kind]
                if current(kind):
                    out.append(off)
                    stack.append(_Frame("</span>", "", kind, ((kind, False),)))
                else:
                    out.append(on)
                    stack.append(_Frame(close, "", kind, ((kind, True),)))
        elif stack and stack[-1].kind == kind and not stack[-1].name:
            frame = stack.pop()
            if kind in _QUOTE_KINDS and levels:
                levels.pop()
            out.append(frame.close)
        # else: a mark whose opening citeproc-py cut off, dropped
    _count_quotes(text[at:], quotes, levels, out)
    out.extend(frame.close for frame in reversed(stack) if not frame.name)
    return "".join(out).translate(_UNESCAPE)


def _quote_level(kind: str, levels: list[int], quotes: QuoteMarks) -> int:
    """How a quote opening here prints (0: outer quotes, 1: inner): the other of the quote
    around it; where none is, outer, but inner for one written with ``‘’`` in a locale whose
    outer quotes are others (citeproc-js reads the locale's marks with their role)."""
    if levels:
        return 1 - levels[-1]
    return 1 if kind == "single-quote" and quotes[0] not in "‘'" else 0


def _count_quotes(text: str, quotes: QuoteMarks, levels: list[int], out: list[str]) -> None:
    """Append ``text``, its quotes (the style's, as citeproc-py wrote them: always the outer
    marks) flipped by the quotes around them; ``levels`` is kept up to date."""
    if quotes[0] == quotes[1]:  # a locale whose quotes open and close alike: left as written
        out.append(text)
        return
    chars = []
    at = 0
    while at < len(text):  # a locale's quote may be more than a character ("«\u00a0")
        if text.startswith(quotes[0], at):
            level = _quote_level("quote", levels, quotes)
            levels.append(level)
            chars.append(quotes[2 * level])
            at += len(quotes[0])
        elif levels and text.startswith(quotes[1], at):
            chars.append(quotes[2 * levels.pop() + 1])
            at += len(quotes[1])
        else:
            chars.append(text[at])
            at += 1
    out.append("".join(chars))


def _flip_real_quotes(text: str, quotes: QuoteMarks) -> str:
    out: list[str] = []
    _count_quotes(text, quotes, [], out)
    return "".join(out)
