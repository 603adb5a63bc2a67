"""A Python-Markdown extension that finds Pandoc citations where Markdown has prose.

Because Markdown itself decides what is text, citations are never taken from code spans, code
blocks, raw HTML (block or inline, attributes included) or link targets, and ``\\@key`` is the
text "@key", as in pandoc. Each citation becomes a placeholder element; the parsed citations
are left on the Markdown instance (``md.citations``) for the reader to put in the page's
metadata. The bibliography plugin later swaps each placeholder for the rendered, linked citation.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor, InlineProcessor

from memoria.bibliography import citation_notes
from memoria.bibliography.cite_syntax import (
    BRACKETED_PATTERN,
    NARRATIVE_PATTERN,
    Citation,
    parse_bracketed,
    parse_narrative,
)

#: Matches a placeholder in the converted HTML; group 1 is the index into ``md.citations``; with
#: a note style, "role" and "note" say what it stands for (see :mod:`.citation_notes`).
PLACEHOLDER_RE = re.compile(
    r'<cite data-memoria-cite="(\d+)"'
    r'(?: data-memoria-note="(?P<note>\d+)" data-memoria-role="(?P<role>[a-z-]+)")?></cite>'
)

# Priorities: backtick code spans (190) and escapes (180) go first; then raw inline HTML (176),
# so that no citation is taken from a tag or its attributes (Python-Markdown's own 'html' pattern
# runs at 90, after ours); bracketed citations (175) before reference links (170) and links (160);
# narrative @key after links, autolinks (120) and e-mail addresses (110).
RAW_HTML_PRIORITY = 176
BRACKETED_PRIORITY = 175
NARRATIVE_PRIORITY = 105

#: Python-Markdown's inline HTML pattern, except autolinks (``<https://x.org/@me>``), which it
#: would otherwise take for a tag this early; e-mail addresses never match it (no "@" in a name).
RAW_HTML_RE = HTML_RE.replace("(<", "(<(?![A-Za-z][A-Za-z0-9+.-]*://)", 1)


def placeholder(index: int) -> str:
    return f'<cite data-memoria-cite="{index}"></cite>'


class _CitationProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: markdown.Markdown, narrative: bool) -> None:
        super().__init__(pattern, md)
        self.narrative = narrative

    def handleMatch(self, m: re.Match, data: str):
        if self.narrative:
            key = m.group("key") or m.group("braced")
            citation: Citation | None = parse_narrative(key, m.group("locator"), m.group(0))
        else:
            citation = parse_bracketed(m.group(0))
        if citation is None:
            return None, None, None
        citations = self.md.citations  # type: ignore[attr-defined]
        element = etree.Element("cite", {"data-memoria-cite": str(len(citations))})
        citations.append(citation)
        return element, m.start(0), m.end(0)


class CitationExtension(markdown.Extension):
    """Register with ``Markdown(extensions=[CitationExtension()])``; read ``md.citations``.

    ``notes=True`` (the bibliography plugin sets it for a CSL style of class "note") turns each
    citation in the running text into a footnote (:mod:`.citation_notes`).
    """

    def __init__(self, **kwargs) -> None:
        self.config = {"notes": [False, "citations become footnotes (a CSL note style)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.registerExtension(self)
        self.md = md
        md.citations = []  # type: ignore[attr-defined]
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("@")  # pandoc's escape: \@key is the text "@key"
        md.inlinePatterns.register(
            HtmlInlineProcessor(RAW_HTML_RE, md), "memoria_raw_html", RAW_HTML_PRIORITY
        )
        md.inlinePatterns.register(
            _CitationProcessor(BRACKETED_PATTERN, md, narrative=False),
            "memoria_citation",
            BRACKETED_PRIORITY,
        )
        md.inlinePatterns.register(
            _CitationProcessor(NARRATIVE_PATTERN, md, narrative=True),
            "memoria_narrative_citation",
            NARRATIVE_PRIORITY,
        )
        if self.getConfig("notes"):
            citation_notes.register(md)

    def reset(self) -> None:
        self.md.citations = []  # type: ignore[attr-defined]


def makeExtension(**kwargs) -> CitationExtension:
    return CitationExtension(**kwargs)
