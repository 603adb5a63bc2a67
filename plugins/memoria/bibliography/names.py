"""BibTeX name lists -> CSL name objects, with corporate authors kept whole."""

from __future__ import annotations

import re

from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from memoria.bibliography.latex_text import strip_protection

_WHOLLY_BRACED = re.compile(r"^\{(?P<inner>.*)\}$", re.S)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _name(text: str) -> dict[str, str]:
    braced = _WHOLLY_BRACED.match(text.strip())
    if braced and _balanced(braced.group("inner")):
        # "{Human Rights Watch}": an organisation, never split into given and family names.
        return {"literal": strip_protection(braced.group("inner")).strip()}
    parts = parse_single_name_into_parts(text)
    name = {
        "family": strip_protection(" ".join(parts.last)),
        "given": strip_protection(" ".join(parts.first)),
        "dropping-particle": strip_protection(" ".join(parts.von)),
        "suffix": strip_protection(" ".join(parts.jr)),
    }
    return {key: value for key, value in name.items() if value}


def split_names(value: str) -> list[dict[str, str]]:
    """``"Farthing, Linda and Becker, Thomas"`` -> CSL names; "and others" is dropped.

    CSL has no name for "others": styles add "et al." by their own rules.
    """
    if not value.strip():
        return []
    names = split_multiple_persons_names(value)
    return [_name(name) for name in names if name.strip().lower() != "others"]
