"""Citations as footnotes, for CSL styles of class "note" (OSCOLA, Chicago notes-bibliography).

Pandoc's rule, which we follow so that its footnotes and ours read the same:

- a citation in the running text becomes a footnote of its own, numbered together with the
  author's Markdown footnotes in the order the text refers to them; the marker goes after the
  punctuation that follows the citation ("claim [@key]." -> "claim.¹"), and the space before it
  goes;
- a narrative ``@key`` leaves the author's name in the text and puts the rest in the note;
- a citation inside one of the author's footnotes stays where it is, in parentheses.

This runs inside Python-Markdown, as a tree processor after the footnotes extension has built its
list and the inline patterns have left a ``<cite data-memoria-cite>`` placeholder per citation.
Each placeholder is marked with its role and note number (``data-memoria-role``,
``data-memoria-note``); the bibliography plugin renders it later, once every page is read and the
citations' positions (first, subsequent, ibid) are known.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions.footnotes import (
    FN_BACKLINK_TEXT,
    NBSP_PLACEHOLDER,
    FootnoteExtension,
)
from markdown.treeprocessors import Treeprocessor

#: After Python-Markdown's inline patterns (20) and its footnote reordering (19), before its
#: handling of footnotes referred to twice (15).
PRIORITY = 17
#: Punctuation that a note marker moves behind, as pandoc does.
_PUNCTUATION = re.compile(r"^[.,;:!?]+")
#: Roles of a placeholder; see the module docstring.
NOTE, IN_NOTE, AUTHOR = "note", "in-note", "author"


def _footnote_extension(md: markdown.Markdown) -> FootnoteExtension:
    for extension in md.registeredExtensions:
        if isinstance(extension, FootnoteExtension):
            return extension
    # A site whose MARKDOWN setting has no footnotes: the notes still need their list.
    extension = FootnoteExtension(USE_DEFINITION_ORDER=False)
    extension.extendMarkdown(md)
    extension.reset()
    return extension


class CitationNotes(Treeprocessor):
    """Moves every running-text citation into a footnote and numbers all notes by reference."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.footnotes = _footnote_extension(md)

    def run(self, root: etree.Element) -> None:
        citations = self.md.citations  # type: ignore[attr-defined]
        if not citations:
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        div = self._footnote_div(root)
        notes = {li.get("id"): li for li in div.find("ol").findall("li")}
        numbered: list[etree.Element] = []  # every note's <li>, in the order of its number
        for element in list(self._document_order(root, div)):
            if element.tag == "cite":
                numbered.append(self._make_note(element, parents, citations, len(numbered) + 1))
                continue
            link = element.find("a")
            target = notes.get((link.get("href") or "")[1:])
            if target is None:
                continue
            if target not in numbered:
                numbered.append(target)
            link.text = str(numbered.index(target) + 1)
        for li in notes.values():
            if li not in numbered:  # a footnote defined but never referred to keeps its place
                numbered.append(li)
        for number, li in enumerate(numbered, start=1):
            for cite in li.iter("cite"):
                if cite.get("data-memoria-role") is None:
                    cite.set("data-memoria-role", IN_NOTE)
                cite.set("data-memoria-note", str(number))
        self._renumber(div, numbered)

    def _footnote_div(self, root: etree.Element) -> etree.Element:
        for div in root.iter("div"):
            if div.get("class") == "footnote":
                return div
        div = etree.SubElement(root, "div", {"class": "footnote"})
        etree.SubElement(div, "hr")
        etree.SubElement(div, "ol")
        return div

    @staticmethod
    def _document_order(root: etree.Element, div: etree.Element):
        """Placeholders and footnote references in the running text, in reading order."""
        for element in root:
            if element is div:
                continue
            for node in element.iter():
                citation = node.tag == "cite" and node.get("data-memoria-cite") is not None
                reference = node.tag == "sup" and (node.get("id") or "").startswith("fnref")
                if citation or reference:
                    yield node

    def _make_note(
        self,
        cite: etree.Element,
        parents: dict[etree.Element, etree.Element],
        citations: list,
        number: int,
    ) -> etree.Element:
        """Replace ``cite`` in the text by a note marker; return the note's new ``<li>``."""
        index = cite.get("data-memoria-cite")
        citation = citations[int(index)]
        name = f"memoria-cite-{index}"
        sep = self.footnotes.get_separator()
        parent = parents[cite]
        position = list(parent).index(cite)
        tail = cite.tail or ""
        cite.tail = None
        keys = " ".join(item.key for item in citation.items)
        wrapper = etree.Element("span", {"class": "citation citation-note", "data-cites": keys})
        if citation.narrative:
            author = etree.SubElement(wrapper, "cite", dict(cite.attrib))
            author.set("data-memoria-note", str(number))
            author.set("data-memoria-role", AUTHOR)
        else:
            # "claim [@key]." -> "claim.¹": the space goes, the punctuation moves before the mark.
            moved = _PUNCTUATION.match(tail)
            punctuation = moved.group(0) if moved else ""
            tail = tail[len(punctuation) :]
            if position == 0:
                parent.text = (parent.text or "").rstrip() + punctuation
            else:
                before = parent[position - 1]
                before.tail = (before.tail or "").rstrip() + punctuation
        sup = etree.SubElement(wrapper, "sup", {"id": f"fnref{sep}{name}"})
        link = etree.SubElement(sup, "a", {"class": "footnote-ref", "href": f"#fn{sep}{name}"})
        link.text = str(number)
        wrapper.tail = tail
        parent.remove(cite)
        parent.insert(position, wrapper)

        li = etree.Element("li", {"id": f"fn{sep}{name}"})
        paragraph = etree.SubElement(li, "p")
        cite.set("data-memoria-role", NOTE)
        paragraph.append(cite)
        cite.tail = NBSP_PLACEHOLDER
        backlink = etree.SubElement(
            paragraph, "a", {"class": "footnote-backref", "href": f"#fnref{sep}{name}"}
        )
        backlink.text = FN_BACKLINK_TEXT
        return li

    def _renumber(self, div: etree.Element, numbered: list[etree.Element]) -> None:
        old = div.find("ol")
        div.remove(old)
        ol = etree.SubElement(div, "ol")
        title = self.footnotes.getConfig("BACKLINK_TITLE")
        for number, li in enumerate(numbered, start=1):
            for backlink in li.iter("a"):
                if backlink.get("class") == "footnote-backref":
                    backlink.set("title", title.format(number))
            ol.append(li)


def register(md: markdown.Markdown) -> None:
    """Add the tree processor to ``md`` (once)."""
    if "memoria_citation_notes" not in md.treeprocessors:
        md.treeprocessors.register(CitationNotes(md), "memoria_citation_notes", PRIORITY)
