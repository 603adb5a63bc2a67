"""BibTeX name lists -> CSL name objects, with corporate authors kept whole.

The split follows BibTeX's rules (bibtexparser implements them) and pandoc's output, which is the
reference our rendering is compared against: the "von" part is a ``dropping-particle`` unless the
entry says ``options = {useprefix=true}`` (BibLaTeX's switch, which pandoc honours), and a name in
braces, ``{Human Rights Watch}``, is an organisation that is never split.
"""

from __future__ import annotations

import re

from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from memoria.bibliography.latex_text import strip_protection

_WHOLLY_BRACED = re.compile(r"^\{(?P<inner>.*)\}$", re.S)
_USEPREFIX = re.compile(r"(?:^|,)\s*useprefix\s*(?:=\s*(?P<value>\w+))?\s*(?:,|$)", re.I)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def useprefix(options: str) -> bool:
    """Whether BibLaTeX ``options`` turn ``useprefix`` on (a bare ``useprefix`` means true)."""
    match = _USEPREFIX.search(options or "")
    return bool(match) and (match.group("value") or "true").lower() == "true"


def _literal(text: str) -> dict[str, str]:
    return {"literal": " ".join(strip_protection(text).split())}


def _name(text: str, use_prefix: bool) -> dict[str, str]:
    braced = _WHOLLY_BRACED.match(text.strip())
    if braced and _balanced(braced.group("inner")):
        # "{Human Rights Watch}": an organisation, never split into given and family names.
        return _literal(braced.group("inner"))
    try:
        parts = parse_single_name_into_parts(text)
    except InvalidNameError:
        # Unbalanced braces or too many commas: keep the text whole rather than lose the name;
        # name_problems() reports it so that the author can fix the entry.
        return _literal(text)
    first, von = list(parts.first), list(parts.von)
    if "," not in text and not von and first and all(w[:1].islower() for w in first):
        # "van Beethoven": BibTeX (and pandoc) read lower-case leading words as the "von" part.
        first, von = [], first
    elif "," in text and not von and first[:1] and not first[0][:1].islower():
        # "Dijk, Pieter van": lower-case words ending the given names are the particle, as
        # pandoc reads them (given "Pieter", particle "van"), not given names ("P. van .").
        while len(first) > 1 and first[-1][:1].islower():
            von.insert(0, first.pop())
    particle = "non-dropping-particle" if use_prefix else "dropping-particle"
    name = {
        "family": strip_protection(" ".join(parts.last)),
        "given": strip_protection(" ".join(first)),
        particle: strip_protection(" ".join(von)),
        "suffix": strip_protection(" ".join(parts.jr)),
    }
    return {key: value for key, value in name.items() if value}


#: BibTeX's "and others", as pandoc writes it in CSL-JSON: the last name of the list. Our citeproc
#: fork (``memoria.csl.citeproc``) reads it as "et al. always"; readers of the item that list people
#: skip it with :func:`is_others`.
OTHERS: dict[str, str] = {"literal": "others"}


def _is_others(name: str) -> bool:
    return name.strip().lower() == "others"


def is_others(name: object) -> bool:
    """Whether a CSL name is the "and others" marker."""
    return isinstance(name, dict) and name == OTHERS


def split_names(value: str, use_prefix: bool = False) -> list[dict[str, str]]:
    """``"Farthing, Linda and Becker, Thomas"`` -> CSL names, in the order written.

    "and others" becomes a last name ``{"literal": "others"}`` (:data:`OTHERS`), as in pandoc's
    CSL-JSON: the list is longer than the names written, so "et al." follows them.
    """
    if not value.strip():
        return []
    names = [n for n in split_multiple_persons_names(value) if n.strip()]
    people = [_name(name, use_prefix) for name in names if not _is_others(name)]
    if people and any(_is_others(name) for name in names):
        people.append(dict(OTHERS))
    return people


def name_problems(value: str) -> list[str]:
    """Why names in ``value`` cannot be split (one sentence each); empty when all is well."""
    problems = []
    for name in split_multiple_persons_names(value) if value.strip() else []:
        if _is_others(name) or not name.strip():
            continue
        try:
            parse_single_name_into_parts(name)
        except InvalidNameError as error:
            reason = str(error).rsplit(":", 1)[-1].strip().lower() or "it cannot be split"
            problems.append(f"the name '{name.strip()}' cannot be split ({reason})")
    return problems
