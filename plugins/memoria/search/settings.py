"""The search plugin's settings: read once, with defaults, checked with a message naming each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from memoria.diagnostics import Diagnostic

#: Where the build wrapper finds the settings of an enabled search plugin.
SETTINGS_KEY = "MEMORIA_SEARCH"

#: Every setting the plugin reads, with its default. README.md documents each one.
DEFAULTS: dict[str, object] = {
    "SEARCH_INDEX": True,
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
}


@dataclass(frozen=True)
class SearchSettings:
    """The validated settings of one build."""

    enabled: bool  # write the search page and let the build wrapper run Pagefind (SEARCH_INDEX)
    url: str  # URL of the search page
    save_as: str  # where the search page is written


def read_settings(settings: Mapping[str, object]) -> tuple[SearchSettings, list[Diagnostic]]:
    """Settings with defaults filled in, plus one diagnostic per invalid value."""
    value = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    problems: list[Diagnostic] = []

    def bad(name: str, message: str) -> None:
        hint = f"the default is {DEFAULTS[name]!r}"
        problems.append(Diagnostic("pelicanconf.py", 0, f"{name} {message}", hint, code="settings"))
        value[name] = DEFAULTS[name]

    if not isinstance(value["SEARCH_INDEX"], bool):
        bad("SEARCH_INDEX", "must be True or False")
    for name in ("SEARCH_URL", "SEARCH_SAVE_AS"):
        if not isinstance(value[name], str) or not value[name]:
            bad(name, "must be a non-empty string")
    search = SearchSettings(
        enabled=bool(value["SEARCH_INDEX"]),
        url=str(value["SEARCH_URL"]),
        save_as=str(value["SEARCH_SAVE_AS"]),
    )
    return search, problems
