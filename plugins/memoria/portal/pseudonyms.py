"""What a pseudonymous person's real identity looks like, so that nothing is ever tied to it.

A person with a ``pseudonym`` is known on the site by the pseudonym alone: :class:`Person` drops
her name and aliases when it is read. They are still needed once, here: to recognise the
bibliography entries and pages that name her real identity, so that the relation index keeps them
apart from every page that shows her, and so that the build can warn the editor. Nothing in this
module matches a real name *to* a person; it only finds what must stay apart from her.

Names are compared as :func:`memoria.portal.name_matching.fold` makes them (case, accents, dots
and spacing aside); in text a form matches whole words only, line by line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from memoria.portal.name_matching import csl_name_forms, fold

#: CSL variables that hold names: any of them may be the person.
NAME_VARIABLES = (
    "author", "editor", "translator", "container-author", "collection-editor", "interviewer",
    "recipient", "reviewed-author", "original-author", "composer", "director", "illustrator",
    "editorial-director",
)  # fmt: skip

#: CSL variables whose text may name the person.
TEXT_VARIABLES = ("title", "title-short", "container-title", "abstract", "note")


@dataclass(frozen=True)
class Identity:
    """The real identity of one pseudonymous person, never shown and never matched to her."""

    slug: str  # file slug of the person (the key of the relation index's people)
    path: str  # the person file as reports name it ("content/people/rosa.md")
    line: int  # line of her `name` in that file
    names: frozenset[str]  # folded name and aliases, as authors are compared
    text_forms: tuple[str, ...]  # folded forms searched in text, longest first
    pseudonym_forms: tuple[str, ...] = ()  # her folded pseudonym, searched in text as well

    @property
    def where(self) -> str:
        """``path:line`` of the person file, for messages (they name neither of her names)."""
        return f"{self.path}:{self.line}"


#: Code of the warning for a bibliography entry that names a pseudonymous person.
AUTHOR_CODE = "portal.pseudonym_author"


def author_warning(key: str, person: Identity) -> tuple[str, str]:
    """Message and hint of :data:`AUTHOR_CODE` for entry ``key``, the same in the build and in
    ``invoke bib-check`` (they name neither of her names: reports end up in CI logs)."""
    return (
        f"'{key}' names a pseudonymous person ({person.where})",
        "it is listed on no page that shows her, and none of those pages links to it; if it is "
        "not her, remove the alias that matches from her file",
    )


def _reordered(form: str) -> list[str]:
    """ "family, given" also as "given family"."""
    if "," not in form:
        return [form]
    family, _, given = form.partition(",")
    return [form, f"{given.strip()} {family.strip()}".strip()]


def _distinctive(form: str) -> bool:
    """A form worth searching text for: one with a word of three letters or more (not "R.")."""
    return any(len(word) >= 3 for word in re.findall(r"\w+", form))


def identity(
    slug: str, path: str, line: int, written: Iterable[Any], pseudonym: str = ""
) -> Identity | None:
    """The identity behind ``written`` (the person's name and aliases as her files give them),
    or None when nothing is written. ``pseudonym`` is the name she is shown by: a page whose text
    writes it shows her as surely as one that links to her profile."""
    names = {fold(str(text)) for text in written if text and str(text).strip()}
    names.discard("")
    if not names:
        return None
    forms = {variant for name in names for variant in _reordered(name) if _distinctive(variant)}
    longest_first = tuple(sorted(forms, key=lambda form: (-len(form), form)))
    shown = (fold(pseudonym),) if fold(pseudonym) else ()
    return Identity(slug, path, line, frozenset(names), longest_first, shown)


def _pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = [re.escape(form) for form in forms]
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def text_lines(text: str, person: Identity) -> list[int]:
    """1-based lines of ``text`` that name ``person`` by her real name or an alias."""
    pattern = _pattern(person.text_forms)
    if pattern is None:
        return []
    return [n for n, line in enumerate(text.splitlines(), start=1) if pattern.search(fold(line))]


def pseudonym_lines(text: str, person: Identity) -> list[int]:
    """1-based lines of ``text`` that name ``person`` by her pseudonym."""
    pattern = _pattern(person.pseudonym_forms)
    if pattern is None:
        return []
    return [n for n, line in enumerate(text.splitlines(), start=1) if pattern.search(fold(line))]


def names_in_entry(item: Mapping[str, Any], person: Identity) -> bool:
    """Whether a CSL item names ``person``: as one of its names, or in its title or abstract."""
    for variable in NAME_VARIABLES:
        for name in item.get(variable) or []:
            if isinstance(name, Mapping) and csl_name_forms(name) & person.names:
                return True
    pattern = _pattern(person.text_forms)
    if pattern is None:
        return False
    return any(pattern.search(fold(str(item.get(v) or ""))) for v in TEXT_VARIABLES)
