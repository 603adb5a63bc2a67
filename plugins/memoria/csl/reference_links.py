"""Addresses inside a formatted reference made into links, as pandoc's ``link-bibliography``.

A style prints a work's URL or DOI as text; the reader expects to click it. Only ``http(s)``
addresses and DOIs are linked (a DOI to ``https://doi.org/``); the text is citeproc's output,
built from escaped fields, so an address in it is already escaped and cannot close an attribute.
"""

from __future__ import annotations

import re

#: Markup, or text between markup.
_PARTS = re.compile(r"(<[^>]*>)")
#: An address up to white space or markup; trailing punctuation is the sentence's, not its.
_URL = re.compile(r"https?://[^\s<>\"']+")
_DOI = re.compile(r"\b(?:doi|DOI):\s?(10\.\d{4,9}/[^\s<>\"']+)")
_TRAILING = ".,;:!?)]}’”"


def _trim(address: str) -> tuple[str, str]:
    """Split trailing punctuation off ``address``, keeping a ")" that closes one it opened."""
    end = len(address)
    while end and address[end - 1] in _TRAILING:
        if address[end - 1] == ")" and address[:end].count("(") >= address[:end].count(")"):
            break
        end -= 1
    return address[:end], address[end:]


def _link_urls(text: str) -> str:
    def url(match: re.Match) -> str:
        address, rest = _trim(match.group(0))
        return f'<a href="{address}">{address}</a>{rest}'

    def doi(match: re.Match) -> str:
        value, rest = _trim(match.group(1))
        shown = match.group(0)[: match.start(1) - match.start(0)] + value
        return f'<a href="https://doi.org/{value}">{shown}</a>{rest}'

    return _DOI.sub(doi, _URL.sub(url, text))


def link_addresses(html_text: str) -> str:
    """``html_text`` with each URL and DOI in its text (not inside a link already) linked."""
    out, in_link = [], 0
    for part in _PARTS.split(html_text):
        if part.startswith("<"):
            if re.match(r"<a\b", part):
                in_link += 1
            elif part.startswith("</a"):
                in_link = max(0, in_link - 1)
            out.append(part)
        else:
            out.append(part if in_link else _link_urls(part))
    return "".join(out)
