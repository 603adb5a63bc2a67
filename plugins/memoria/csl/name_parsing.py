"""Particles and suffixes read out of a CSL-JSON name's family and given fields.

CSL-JSON lets a name carry its particles inside ``family`` and ``given`` ("family": "van Gogh",
"given": "Vincent"; "given": "François Hédelin d'"), and its suffix after a comma in ``given``
("John, Jr."). The reference processors (citeproc-js, and pandoc's citeproc in ``Types.hs``,
``extractParticles``) split them out before rendering, so that a style's
``demote-non-dropping-particle`` and sort keys see a particle as one: "Hoppel, Gustav von".
This module does the same, as pure functions on the name dicts of an item:

- lower-case words opening ``family`` are its non-dropping particle ("von Hoppel"), as is a
  lower-case prefix joined by an apostrophe or hyphen ("d'Aubignac", "al-One");
- lower-case words closing ``given`` are its dropping particle ("François Hédelin d'");
- ``given`` "John, Jr." has the suffix "Jr.", and "John,! Jr." a suffix printed after a comma;
- a field in double quotes is kept whole, its quotes dropped ("\\"Van Dyke\\"");
- a name that already has the part, a literal, or ``"parse-names": false`` is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Characters that join a particle to what follows ("d'", "al-") or end an abbreviated one.
_PARTICLE_PUNCT = frozenset("'’-\u2013.")


def _is_particle(word: str) -> bool:
    """A particle word: lower-case letters and particle punctuation only ("van", "d'")."""
    return all(char.islower() or char in _PARTICLE_PUNCT for char in word)


def _quoted(text: str) -> str | None:
    """``text`` without its enclosing double quotes, or None when it is not quoted."""
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        return text[1:-1]
    return None


def split_family(family: str) -> tuple[str, str]:
    """(non-dropping particle, family name) of a ``family`` field ("" when it has none)."""
    words = family.split()
    count = 0
    while count < len(words) and _is_particle(words[count]):
        count += 1
    if 0 < count < len(words):
        particle = " ".join(words[:count])
        # "de' Frinkle": the space after an apostrophe is the name's, kept with the particle
        # (a particle that ends in one is otherwise joined to the family name: "d'Wander")
        if particle[-1] in "'’":
            particle += " "
        return particle, " ".join(words[count:])
    if count == 0:
        # "d'Aubignac", "al-One": one lower-case prefix before one joining character
        cut = [i for i, char in enumerate(family) if char in _PARTICLE_PUNCT]
        if len(cut) == 1 and cut[0] > 0 and _is_particle(family[: cut[0]]):
            return family[: cut[0] + 1], family[cut[0] + 1 :]
    return "", family


def split_given(given: str) -> tuple[str, str]:
    """(given name, dropping particle) of a ``given`` field whose last words are particles."""
    words = given.split()
    first = next((i for i, word in enumerate(words) if _is_particle(word)), len(words))
    if 0 < first < len(words) and all(_is_particle(word) for word in words[first:]):
        return " ".join(words[:first]), " ".join(words[first:])
    return given, ""


def split_suffix(given: str) -> tuple[str, str, bool]:
    """(given name, suffix, comma before the suffix) of "John, Jr." / "John,! Jr."."""
    name, comma, rest = given.partition(",")
    if not comma or not name or not rest:
        return given, "", False
    if rest.startswith("!"):
        return name, rest[1:].strip(), True
    return name, rest.strip(), False


def _parses(name: Mapping[str, Any]) -> bool:
    flag = name.get("parse-names", True)
    return str(flag).lower() not in ("false", "0") and "literal" not in name


def parse_name(name: Mapping[str, Any]) -> dict[str, Any]:
    """``name`` with the particles and suffix its family and given fields carry as parts of
    their own (see the module's rules); its ``parse-names`` flag dropped."""
    parsed = {key: value for key, value in name.items() if key != "parse-names"}
    if not _parses(name):
        return parsed
    given = parsed.get("given")
    if isinstance(given, str):
        whole = _quoted(given)
        if whole is not None:
            parsed["given"] = whole
        elif "suffix" not in parsed:
            given, suffix, comma = split_suffix(given)
            if suffix:
                parsed["given"], parsed["suffix"] = given, suffix
                if comma:
                    parsed["comma-suffix"] = True
        if whole is None and "dropping-particle" not in parsed:
            given, particle = split_given(parsed["given"])
            if particle:
                parsed["given"], parsed["dropping-particle"] = given, particle
    family = parsed.get("family")
    if isinstance(family, str):
        whole = _quoted(family)
        if whole is not None:
            parsed["family"] = whole
        elif "non-dropping-particle" not in parsed:
            particle, family = split_family(family)
            if particle:
                parsed["non-dropping-particle"], parsed["family"] = particle, family
    return parsed
