"""LaTeX in BibTeX field values -> Unicode, keeping the braces that protect case.

BibTeX gives braces two jobs: ``{\\'e}`` marks a special character (no protection), ``{Bolivia}``
or ``{{Human Rights Watch}}`` keep their case and stay one name. Later stages need to tell the two
apart, so protected groups keep their braces here and :func:`strip_protection` removes them for
plain-text use.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import LatexCharsNode, LatexGroupNode, LatexMacroNode, LatexWalker

_TO_TEXT = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)
#: An accent command applied to a dotless i or j: "{\\'\\i}" must become "í", not "ı́".
_DOTLESS = re.compile(r"(\\[`'^\"~=.uvHcdbtk]\s*\{?\s*)\\([ij])(?![a-zA-Z])")
#: A "%" that is not escaped: in a .bib value it is text, not a LaTeX comment.
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_URL_MACRO = re.compile(r"\\url\{([^{}]*)\}")
_UNESCAPE_VERBATIM = re.compile(r"\\([%_&#$])")
_BRACE = re.compile(r"(?<!\\)[{}]")
#: Anything only a LaTeX reader can turn into text: commands, ties, dashes, math, TeX quotes.
_NEEDS_LATEX = re.compile(r"[\\~$%]|--|``|''")

#: Fields that hold URLs, identifiers or paths: never read as LaTeX.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "archiveurl", "urlraw", "pdf", "ids"})


def decode_verbatim(value: str) -> str:
    r"""A URL or DOI as written, only undoing ``\%``, ``\_``, ``\&``, ``\#`` escapes."""
    return _UNESCAPE_VERBATIM.sub(r"\1", _URL_MACRO.sub(r"\1", value.strip()))


def _nodes_to_text(nodes) -> str:
    parts = []
    for node in nodes or []:
        if node is None:
            continue
        if isinstance(node, LatexGroupNode):
            first = next(
                (
                    n
                    for n in node.nodelist
                    if not (isinstance(n, LatexCharsNode) and not n.chars.strip())
                ),
                None,
            )
            if isinstance(first, LatexMacroNode):
                # "{\'e}" or "{\v{s}}": a special character, no case protection.
                parts.append(_TO_TEXT.nodelist_to_text([node]))
            else:
                parts.append("{" + _nodes_to_text(node.nodelist) + "}")
        elif isinstance(node, LatexMacroNode) and node.macroname == "url" and node.nodeargd:
            args = [a for a in node.nodeargd.argnlist if a is not None]
            parts.append("".join(a.latex_verbatim().strip("{}") for a in args))
        else:
            parts.append(_TO_TEXT.nodelist_to_text([node]))
    return "".join(parts)


@lru_cache(maxsize=65536)
def decode_latex(value: str) -> str:
    """LaTeX -> Unicode (NFC); braces kept around case-protected groups."""
    if not _NEEDS_LATEX.search(value):
        # No commands, ties, dashes, math or TeX quotes: braces can only be case protection,
        # which we keep as written. Most titles take this path, and pylatexenc is slow.
        return unicodedata.normalize("NFC", re.sub(r"[ \t\r\n]+", " ", value).strip())
    prepared = _BARE_PERCENT.sub(r"\\%", _DOTLESS.sub(r"\1\2", value))
    try:
        nodes, _pos, _len = LatexWalker(prepared, tolerant_parsing=True).get_latex_nodes()
        text = _nodes_to_text(nodes)
    except Exception:  # pylatexenc raises several types on odd input; keep the text as written
        text = value
    return unicodedata.normalize("NFC", re.sub(r"[ \t\r\n]+", " ", text).strip())


def strip_protection(value: str) -> str:
    """``"The coup in {Bolivia}"`` -> ``"The coup in Bolivia"``."""
    return _BRACE.sub("", value)
