"""The site a ``bib-*`` task works on: its settings, its .bib files, its content folder.

Settings are read with Pelican's own ``read_settings``, exactly as the build reads them, so
``BIBLIOGRAPHY_PATHS`` and every other value mean the same thing to the tools and the build.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from memoria.bib_tools.settings import ToolSettings, read_tool_settings
from memoria.bibliography.bib_files import bib_files
from memoria.bibliography.settings import BibliographySettings
from memoria.bibliography.settings import read_settings as read_bibliography_settings
from memoria.diagnostics import Diagnostic


class WorkspaceError(Exception):
    """The site cannot be worked on (no settings file, invalid settings); carries diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class Workspace:
    """Where everything of one site is."""

    settings_file: Path  # the pelicanconf.py that was read
    root: Path  # the site root: the parent of PATH; paths are reported relative to it
    content: Path  # the content folder (PATH), absolute
    bibliography: BibliographySettings  # the build's bibliography settings
    tools: ToolSettings  # the bib-* tasks' own settings
    bib_files: tuple[Path, ...]  # every .bib file under BIBLIOGRAPHY_PATHS, in a stable order
    people_folder: str = "people"  # PEOPLE_PATH: person profiles under the content folder
    case_studies_folder: str = "case-studies"  # CASE_STUDIES_PATH: case studies, likewise

    def display(self, path: Path) -> str:
        """``path`` relative to the site root when inside it (as diagnostics show paths)."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def open_workspace(settings_file: str | Path) -> Workspace:
    """Read ``settings_file`` as the build does; raise :class:`WorkspaceError` when unusable."""
    from pelican.settings import read_settings  # Pelican is slow to import: only when needed

    path = Path(settings_file).resolve()
    if not path.is_file():
        raise WorkspaceError(
            [
                Diagnostic(
                    str(settings_file),
                    0,
                    "settings file not found",
                    "run the task in the site's folder or pass --settings path/to/pelicanconf.py",
                    code="settings",
                )
            ]
        )
    pelican_logger = logging.getLogger("pelican")
    level = pelican_logger.level
    pelican_logger.setLevel(logging.ERROR)  # its feed-URL warnings concern the build, not us
    try:
        settings = read_settings(str(path))
    except Exception as error:  # a settings file is Python: any error can come out of it
        raise WorkspaceError(
            [
                Diagnostic(
                    path.name,
                    0,
                    f"cannot read the settings: {type(error).__name__}: {error}",
                    "fix pelicanconf.py so that `pelican` can read it",
                    code="settings",
                )
            ]
        ) from None
    finally:
        pelican_logger.setLevel(level)
    # Pelican makes only paths written in the file absolute; a default is relative to the cwd.
    settings["PATH"] = str(path.parent / settings["PATH"])
    bibliography, problems = read_bibliography_settings(settings)
    tools, more = read_tool_settings(settings)
    files, missing = bib_files(bibliography.paths, bibliography.root)
    default_missing = list(bibliography.paths) == ["bibliography"]
    problems += more + ([] if default_missing else missing)
    if problems:
        raise WorkspaceError(problems)
    return Workspace(
        settings_file=path,
        root=bibliography.root,
        content=Path(settings["PATH"]),
        bibliography=bibliography,
        tools=tools,
        bib_files=tuple(files),
        people_folder=str(settings.get("PEOPLE_PATH", "people")),
        case_studies_folder=str(settings.get("CASE_STUDIES_PATH", "case-studies")),
    )
