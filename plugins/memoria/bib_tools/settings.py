"""Settings of the bibliography tools, read from the same ``pelicanconf.py`` as the build.

Defaults live in :data:`DEFAULTS`; every value is validated once, and a bad one becomes a
diagnostic that names the setting, so a typo in ``pelicanconf.py`` is not silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from memoria.bibliography.exports import FIELD_ORDER
from memoria.diagnostics import Diagnostic

#: How ``bib-format`` orders the entries of a file: as written, by key, or by type then key.
KEY_ORDERS = ("keep", "key", "type")

#: Every setting the tools read, with its default. README.md documents each one.
DEFAULTS: dict[str, object] = {
    "BIBTEX_FORMAT_KEY_ORDER": "keep",
    "BIBTEX_FORMAT_FIELD_ORDER": list(FIELD_ORDER),
    "BIBTEX_FORMAT_INDENT": 2,
    "BIBTEX_FORMAT_ALIGN": True,
    "BIBTEX_IMPORT_TARGET": "",
}


@dataclass(frozen=True)
class ToolSettings:
    """The validated settings of the ``bib-*`` tasks."""

    key_order: str  # one of KEY_ORDERS: entry order that bib-format writes
    field_order: tuple[str, ...]  # lower-case field names written first, in this order
    indent: int  # spaces before each field line
    align: bool  # pad field names so that the "=" signs line up within an entry
    import_target: str  # .bib file bib-import adds to when --into is not given; "" = ask

    @staticmethod
    def default() -> ToolSettings:
        return read_tool_settings({})[0]


def read_tool_settings(settings: Mapping) -> tuple[ToolSettings, list[Diagnostic]]:
    """The tools' settings with defaults filled in, plus one diagnostic per invalid value."""
    value = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    problems: list[Diagnostic] = []

    def bad(name: str, message: str) -> None:
        hint = f"the default is {DEFAULTS[name]!r}"
        problems.append(Diagnostic("pelicanconf.py", 0, f"{name} {message}", hint, code="settings"))
        value[name] = DEFAULTS[name]

    if value["BIBTEX_FORMAT_KEY_ORDER"] not in KEY_ORDERS:
        bad("BIBTEX_FORMAT_KEY_ORDER", "must be one of " + ", ".join(map(repr, KEY_ORDERS)))
    order = value["BIBTEX_FORMAT_FIELD_ORDER"]
    if isinstance(order, str) or not all(isinstance(n, str) and n for n in order):  # type: ignore[union-attr]
        bad("BIBTEX_FORMAT_FIELD_ORDER", "must be a list of field names")
    indent = value["BIBTEX_FORMAT_INDENT"]
    if isinstance(indent, bool) or not isinstance(indent, int) or not 0 < indent <= 8:
        bad("BIBTEX_FORMAT_INDENT", "must be a number of spaces from 1 to 8")
    if not isinstance(value["BIBTEX_FORMAT_ALIGN"], bool):
        bad("BIBTEX_FORMAT_ALIGN", "must be True or False")
    target = value["BIBTEX_IMPORT_TARGET"]
    if not isinstance(target, str) or (target and not target.endswith(".bib")):
        bad("BIBTEX_IMPORT_TARGET", "must be the path of a .bib file, or ''")
    return (
        ToolSettings(
            key_order=str(value["BIBTEX_FORMAT_KEY_ORDER"]),
            field_order=tuple(dict.fromkeys(n.lower() for n in value["BIBTEX_FORMAT_FIELD_ORDER"])),  # type: ignore[union-attr]
            indent=int(value["BIBTEX_FORMAT_INDENT"]),  # type: ignore[arg-type]
            align=bool(value["BIBTEX_FORMAT_ALIGN"]),
            import_target=str(value["BIBTEX_IMPORT_TARGET"]),
        ),
        problems,
    )
