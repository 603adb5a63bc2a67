"""``subsequent-author-substitute``: an entry whose names are those of the entry before it in the
list shows the substitute in their place ("———. 1974b. On the diseases …"), as CSL 1.0.2 asks.

The citeproc fork renders each entry alone, so it cannot know the entry before; it marks instead
(see ``NAME_MARKS`` in :mod:`memoria.csl.citeproc.string`) the entry's ``<names>`` (inside their
affixes), in them each name list (the names with their "and" and "et al.", without the label)
and each name. Which entry comes before is known only once the list shown is known (a page's
references, the bibliography page), so the comparison and the substitution are made on that list
here, a pure function of the marked texts. Only the first marked names of an entry count (CSL:
"substitution is limited to the first cs:names element rendered").

The rules (CSL 1.0.2 ``subsequent-author-substitute-rule``, compared on the rendered names):

- ``complete-all`` (the default): every name list alike: the substitute replaces the lists (a
  label stays: "——— ed."); names a ``<substitute>`` replaced by other text (a title) are compared
  and replaced as that text;
- ``complete-each``: every name list alike: each name is replaced;
- ``partial-each``: the names alike from the first one on are replaced, each;
- ``partial-first``: the first name, when alike, is replaced.

The partial rules fall back to ``complete-all`` for names without names (a title).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from memoria.csl.citeproc.string import (
    LIST_END,
    LIST_START,
    NAME_END,
    NAME_MARKS,
    NAME_START,
    NAMES_END,
    NAMES_START,
    SWALLOWED,
)

RULES = ("complete-all", "complete-each", "partial-each", "partial-first")

_NAMES = re.compile(f"{NAMES_START}(.*?){NAMES_END}", re.S)
_LIST = re.compile(f"{LIST_START}(.*?){LIST_END}", re.S)
_NAME = re.compile(f"{NAME_START}(.*?){NAME_END}", re.S)
_NO_MARKS = str.maketrans(dict.fromkeys(NAME_MARKS))
# a punctuation mark kept behind SWALLOWED, and the character before it (marks skipped)
_SWALLOWED = re.compile(f"(.?){SWALLOWED}(.?)", re.S)


@dataclass(frozen=True)
class _Names:
    """The first marked names of an entry, as compared."""

    span: tuple[int, int]  # where their content is in the entry's text
    content: str  # the marked content
    lists: tuple[str, ...]  # each name list's text
    names: tuple[str, ...]  # each name's text, in order


def _clean(text: str) -> str:
    return text.translate(_NO_MARKS).replace(SWALLOWED, "")


def _first_names(text: str) -> _Names | None:
    match = _NAMES.search(text)
    if match is None:
        return None
    content = match.group(1)
    return _Names(
        match.span(1),
        content,
        tuple(_clean(m.group(1)) for m in _LIST.finditer(content)),
        tuple(_clean(m.group(1)) for m in _NAME.finditer(content)),
    )


def _matching(names: _Names, previous: _Names, rule: str) -> int:
    """How many of ``names`` the substitute replaces (-1: all of them at once)."""
    if rule in ("partial-each", "partial-first") and names.names and previous.names:
        count = 0
        for mine, theirs in zip(names.names, previous.names, strict=False):
            if mine != theirs:
                break
            count += 1
        return min(count, 1) if rule == "partial-first" else count
    if names.lists or previous.lists:
        alike = names.lists == previous.lists
    else:
        alike = _clean(names.content) == _clean(previous.content)
    if not alike:
        return 0
    return len(names.names) if rule == "complete-each" and names.names else -1


def _replace(content: str, count: int, substitute: str) -> str:
    """``content`` with the substitute for its first ``count`` names (-1: its name lists, or
    all of it when it has none)."""
    if count < 0:
        starts, ends = content.find(LIST_START), content.rfind(LIST_END)
        if starts < 0 or ends < 0:
            return substitute
        return content[:starts] + substitute + content[ends + len(LIST_END) :]
    return _NAME.sub(lambda _m: substitute, content, count=count)


def finish(text: str) -> str:
    """``text`` without the names marks; a punctuation mark kept behind ``SWALLOWED`` is dropped
    when the text before it ends with it already."""
    text = text.translate(_NO_MARKS)

    def keep(match: re.Match[str]) -> str:
        before, mark = match.group(1), match.group(2)
        return before if before == mark else before + mark

    return _SWALLOWED.sub(keep, text)


def substitute_authors(texts: Sequence[str], substitute: str | None, rule: str) -> list[str]:
    """The entries of a list as shown (marks removed): with ``substitute`` (None: the style has
    none) in place of names alike to the entry before's, by ``rule`` (unknown: complete-all)."""
    rule = rule if rule in RULES else "complete-all"
    out: list[str] = []
    previous: _Names | None = None
    for text in texts:
        names = _first_names(text)
        if substitute is not None and names is not None and previous is not None:
            count = _matching(names, previous, rule)
            if count:
                start, end = names.span
                text = text[:start] + _replace(names.content, count, substitute) + text[end:]
        previous = names
        out.append(finish(text))
    return out
