"""What the ``invoke bib-*`` tasks run: read the workspace, call a pure core, print, exit status.

Each command returns its exit status instead of raising, and never lets a traceback reach the
person at the keyboard: bad settings and bad arguments print ``path:line: error: ...`` lines or
one ``bib-...: error: ... (hint: ...)`` line and return 2; a bug prints one line saying so (the
full traceback with ``MEMORIA_DEBUG=1``) and returns 70.
"""

from __future__ import annotations

import difflib
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from memoria.bib_tools.atomic_write import write_text_atomically
from memoria.bib_tools.canonical_format import FormatError, format_text
from memoria.bib_tools.check import check_workspace
from memoria.bib_tools.workspace import Workspace, WorkspaceError, open_workspace

#: Exit statuses: findings or changes (1), unusable input or settings (2), a bug (70).
FOUND, BAD_INPUT, INTERNAL = 1, 2, 70


class UsageError(Exception):
    """A bad argument or input file: one line for the person, with a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def run_command(name: str, action: Callable[[], int], err: TextIO | None = None) -> int:
    """Run ``action`` and turn every failure into a message and an exit status."""
    err = err or sys.stderr
    try:
        return action()
    except WorkspaceError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=err)
        print(f"{name}: cannot start; fix the settings above", file=err)
        return BAD_INPUT
    except UsageError as error:
        hint = f" (hint: {error.hint})" if error.hint else ""
        print(f"{name}: error: {error.message}{hint}", file=err)
        return BAD_INPUT
    except Exception as error:
        if os.environ.get("MEMORIA_DEBUG"):
            traceback.print_exc(file=err)
        print(f"{name}: internal error (a bug, not a problem in your files): {error!r}", file=err)
        print("Re-run with MEMORIA_DEBUG=1 to see the full traceback.", file=err)
        return INTERNAL


def choice(value: str, options: tuple[str, ...], option: str) -> str:
    """``value`` when it is one of ``options``; else a UsageError naming the option."""
    if value not in options:
        raise UsageError(
            f"{option} {value!r} is not one of " + ", ".join(options),
            f"write e.g. {option} {options[0]}",
        )
    return value


def check_command(
    settings_file: str | Path, output_format: str = "text", out: TextIO | None = None
) -> int:
    """``invoke bib-check``: every finding, a summary; 1 when there is an error."""
    out = out or sys.stdout

    def action() -> int:
        choice(output_format, ("text", "json"), "--format")
        report = check_workspace(open_workspace(settings_file))
        out.write(report.as_json() if output_format == "json" else report.as_text())
        return FOUND if report.errors else 0

    return run_command("bib-check", action)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_workspace(workspace: Workspace, check: bool, out: TextIO) -> int:
    """Format every .bib file (or, with ``check``, say which would change and how)."""
    changed, unparsed = [], 0
    for path in workspace.bib_files:
        shown = workspace.display(path)
        text = path.read_text(encoding="utf-8-sig")
        try:
            result = format_text(text, shown, workspace.tools)
        except FormatError as error:
            print(f"{shown}:0: error: {error}", file=out)
            unparsed += 1
            continue
        for note in result.notes:
            print(note, file=out)
            unparsed += note.severity == "error"
        if result.text == text:
            continue
        changed.append(shown)
        if check:
            diff = difflib.unified_diff(
                text.splitlines(keepends=True),
                result.text.splitlines(keepends=True),
                f"{shown} (as it is)",
                f"{shown} (formatted)",
                n=1,
            )
            out.writelines(diff)
            print(f"{shown}: would be reformatted", file=out)
        else:
            write_text_atomically(path, result.text)
            print(f"{shown}: reformatted", file=out)
    total = len(workspace.bib_files)
    verb = "would be reformatted" if check else "reformatted"
    print(
        f"bib-format: {_plural(len(changed), 'file')} {verb}, "
        f"{total - len(changed)} already formatted"
        + (
            f"; {_plural(unparsed, 'block')} could not be parsed and were left as written"
            if unparsed
            else ""
        ),
        file=out,
    )
    return FOUND if unparsed or (check and changed) else 0


def format_command(
    settings_file: str | Path, check: bool = False, out: TextIO | None = None
) -> int:
    """``invoke bib-format [--check]``."""
    out = out or sys.stdout
    return run_command(
        "bib-format", lambda: format_workspace(open_workspace(settings_file), check, out)
    )
