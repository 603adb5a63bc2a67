"""Read the theme's gettext catalogs (``.po`` files) into lookups, with Babel.

The ``.po`` files are read directly, so there is no compiled ``.mo`` file to keep in step with
them. A missing or empty translation falls back to the English text.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po


@dataclass(frozen=True)
class Catalog:
    """The translations of one language."""

    language: str  # e.g. "es"
    singular: dict[str, str] = field(default_factory=dict)  # msgid -> msgstr
    plural: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # ids -> forms
    plural_rule: object = None  # plural-form index function; None: the English rule

    def gettext(self, message: str) -> str:
        return self.singular.get(message) or message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        forms = self.plural.get((singular, plural))
        if forms and self.plural_rule is not None:
            index = self.plural_rule(count)  # type: ignore[operator]
            if index < len(forms) and forms[index]:
                return forms[index]
        return singular if count == 1 else plural


@cache
def load_catalog(folder: str, language: str) -> Catalog:
    """The catalog of ``language`` under ``folder`` (``<folder>/<lang>/LC_MESSAGES/*.po``)."""
    po = Path(folder) / language / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return Catalog(language)
    with po.open("rb") as handle:
        parsed = read_po(handle, locale=language)
    singular, plural = {}, {}
    for message in parsed:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            plural[(message.id[0], message.id[1])] = tuple(message.string)
        elif message.string:
            singular[message.id] = message.string
    rule = parsed.plural_expr and _plural_function(parsed.plural_expr)
    return Catalog(language, singular, plural, rule)


def _plural_function(expression: str):
    """The plural-form index function of a C plural expression, as ``gettext`` compiles it."""
    return gettext.c2py(expression)
