"""Is this bibliography author that profile, or that organisation? Matching by name or alias.

Names are compared after folding case, accents, dots and spacing, so "García-Godos, J." in a
citation matches a profile alias "Garcia-Godos, J.". A CSL name is tried both as "Given Family"
and "Family, Given"; an organisation's literal name as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from memoria.bibliography.entry_metadata import plain


def fold(text: str) -> str:
    """Case-, accent-, dot- and space-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", plain(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = re.sub(r"[.\u2019'`]", "", bare.casefold())
    return " ".join(re.sub(r"\s*,\s*", ", ", bare).split())


def csl_name_forms(name: Mapping[str, str]) -> set[str]:
    """The folded forms under which a CSL name can be matched."""
    if name.get("literal"):
        return {fold(name["literal"])}
    family = " ".join(
        plain(name.get(part, ""))
        for part in ("dropping-particle", "non-dropping-particle", "family")
        if name.get(part)
    )
    given = plain(name.get("given", ""))
    forms = {fold(family)} if not given else {fold(f"{given} {family}"), fold(f"{family}, {given}")}
    return {form for form in forms if form}


def names_of(item: Mapping, variables: Iterable[str] = ("author", "editor")) -> list[dict]:
    """The CSL names of ``item`` under ``variables``, in order."""
    return [name for variable in variables for name in item.get(variable, []) or []]


def publisher_forms(item: Mapping) -> set[str]:
    """Folded names of the bodies that published ``item`` (pandoc joins them with "; ")."""
    return {fold(part) for part in plain(item.get("publisher", "")).split(";") if part.strip()}
