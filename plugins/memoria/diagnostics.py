"""Problems found in a site's input, reported to humans as ``path:line: severity: message``.

Pelican logs a failing file and carries on with exit status 0; Memoria instead collects every
problem of a build in one :class:`DiagnosticLog`, prints them all, and fails the build when any of
them is an error. The log travels in the Pelican settings dict so that readers, generators and
signal handlers of every Memoria plugin write to the same one without module-level state.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]

#: Key of the settings dict under which the build's :class:`DiagnosticLog` lives.
SETTINGS_KEY = "MEMORIA_DIAGNOSTICS"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one input file."""

    path: str  # file the problem is in, relative to the site root where possible
    line: int  # 1-based line of the problem; 0 when it concerns the whole file
    message: str  # what is wrong, in one sentence, without the location
    hint: str = ""  # what to do about it ("did you mean 'becker2021coup'?"), or ""
    severity: Severity = "error"  # "error" fails the build, "warning" is only printed
    code: str = ""  # category such as "bibtex.duplicate_key", so one kind can be filtered

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.severity}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


@dataclass
class DiagnosticLog:
    """Every diagnostic of one build, de-duplicated and reported in a stable order."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity == "warning"]

    def clear(self) -> None:
        self.items.clear()


def log_for(settings: MutableMapping) -> DiagnosticLog:
    """Return the build's log, creating it in ``settings`` on first use."""
    log = settings.get(SETTINGS_KEY)
    if not isinstance(log, DiagnosticLog):
        log = DiagnosticLog()
        settings[SETTINGS_KEY] = log
    return log


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest candidate, or "" when nothing is close."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""


class InputError(Exception):
    """Raised by a reader after it logged a :class:`Diagnostic`, so that Pelican skips the file.

    The build wrapper recognises it and does not print Pelican's own "Could not process" line, which
    would only repeat the diagnostic without its line number.
    """


def site_root(settings: MutableMapping) -> Path:
    """The folder a site's paths are reported relative to: the parent of its content folder."""
    return Path(settings["PATH"]).resolve().parent


def display_path(path: str | Path, settings: MutableMapping) -> str:
    """``path`` relative to the site root when it lies inside it, else as given."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(site_root(settings)).as_posix()
    except ValueError:
        return str(path)
