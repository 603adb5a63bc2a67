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
from memoria.bib_tools.bib_import import merge
from memoria.bib_tools.canonical_format import FormatError, format_text
from memoria.bib_tools.check import check_workspace, plural, read_content, read_texts
from memoria.bib_tools.importers import FORMATS as IMPORT_FORMATS
from memoria.bib_tools.importers import detect_format, read_import
from memoria.bib_tools.library_export import FORMATS as EXPORT_FORMATS
from memoria.bib_tools.library_export import export_library
from memoria.bib_tools.stats import library_stats
from memoria.bib_tools.workspace import Workspace, WorkspaceError, open_workspace
from memoria.bibliography.bib_files import load_texts

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
        f"bib-format: {plural(len(changed), 'file')} {verb}, "
        f"{total - len(changed)} already formatted"
        + (
            f"; {plural(unparsed, 'block')} could not be parsed and were left as written"
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


def _library(workspace: Workspace, err: TextIO) -> list | None:
    """The library's entries; None (after printing why) when a file has errors."""
    loaded = load_texts(read_texts(workspace))
    errors = [d for d in loaded.diagnostics if d.severity == "error"]
    for diagnostic in errors:
        print(diagnostic, file=err)
    return None if errors else list(loaded.entries)


def export_command(
    settings_file: str | Path,
    output_format: str,
    output: str = "",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """``invoke bib-export --format F [--output FILE]``: the whole library, to a file or stdout."""
    out, err = out or sys.stdout, err or sys.stderr

    def action() -> int:
        choice(output_format, EXPORT_FORMATS, "--format")
        workspace = open_workspace(settings_file)
        entries = _library(workspace, err)
        if entries is None:
            print(
                "bib-export: the library has errors (above); nothing was exported, so that no "
                "entry goes missing silently",
                file=err,
            )
            return FOUND
        text = export_library(entries, output_format, workspace.bibliography.locale)
        if not output:
            out.write(text)
            return 0
        target = Path(output).resolve()
        write_text_atomically(target, text)
        print(f"bib-export: {plural(len(entries), 'entry')} written to {output}", file=err)
        return 0

    return run_command("bib-export", action)


def _import_target(workspace: Workspace, into: str) -> Path:
    """The .bib file to add to: --into, else BIBTEX_IMPORT_TARGET, else the only .bib file."""
    given = into or workspace.tools.import_target
    if given:
        path = Path(given)
        path = path if path.is_absolute() else (Path.cwd() if into else workspace.root) / path
        path = path.resolve()
        roots = [(workspace.root / p).resolve() for p in workspace.bibliography.paths]
        if path.suffix != ".bib" or not any(path == r or r in path.parents for r in roots):
            raise UsageError(
                f"{given} is not a .bib file under BIBLIOGRAPHY_PATHS, so the build would not "
                "read it",
                "choose a file in " + ", ".join(workspace.bibliography.paths),
            )
        return path
    if len(workspace.bib_files) == 1:
        return workspace.bib_files[0]
    names = ", ".join(workspace.display(p) for p in workspace.bib_files) or "none yet"
    raise UsageError(
        "which .bib file should the entries go to?",
        f"pass --into FILE (the library has: {names}) or set BIBTEX_IMPORT_TARGET",
    )


def import_command(
    settings_file: str | Path,
    source: str,
    into: str = "",
    update: bool = False,
    input_format: str = "",
    out: TextIO | None = None,
) -> int:
    """``invoke bib-import FILE [--into X.bib] [--update] [--from F]``."""
    out = out or sys.stdout

    def action() -> int:
        path = Path(source)
        if not path.is_file():
            raise UsageError(f"{source}: no such file", "give the path of a .bib, .ris or .json")
        text = path.read_text(encoding="utf-8-sig")
        fmt = input_format or detect_format(path.name, text)
        if fmt is None:
            raise UsageError(
                f"{source}: cannot tell whether this is BibTeX, RIS or CSL-JSON",
                "pass --from bibtex, --from ris or --from csljson",
            )
        choice(fmt, IMPORT_FORMATS, "--from")
        workspace = open_workspace(settings_file)
        target = _import_target(workspace, into)
        library = _library(workspace, out)
        if library is None:
            raise UsageError(
                "the library has errors (above); fix them before importing",
                "run `invoke bib-check`",
            )
        records, problems = read_import(text, source, fmt)
        for problem in problems:
            print(problem, file=out)
        shown = workspace.display(target)
        before = target.read_text(encoding="utf-8-sig") if target.exists() else ""
        outcome = merge(before, shown, library, records, workspace.tools, update)
        for verb, lines in (("added", outcome.added), ("updated", outcome.updated),
                            ("skipped", outcome.skipped)):  # fmt: skip
            for line in lines:
                print(f"{verb} {line}", file=out)
        if outcome.text != before:
            write_text_atomically(target, outcome.text)
        print(
            f"bib-import: {len(outcome.added)} added, {len(outcome.updated)} updated, "
            f"{len(outcome.skipped)} skipped"
            + (f", {plural(len(problems), 'problem')} in {source}" if problems else "")
            + f"; {shown} {'written' if outcome.text != before else 'unchanged'}",
            file=out,
        )
        return FOUND if problems else 0

    return run_command("bib-import", action)


def stats_command(
    settings_file: str | Path, output_format: str = "text", out: TextIO | None = None
) -> int:
    """``invoke bib-stats [--format json]``."""
    out = out or sys.stdout

    def action() -> int:
        choice(output_format, ("text", "json"), "--format")
        workspace = open_workspace(settings_file)
        loaded = load_texts(read_texts(workspace))
        content = read_content(workspace)
        result = library_stats(
            loaded.entries,
            content.cited_keys if content else frozenset(),
            content.case_studies if content else (),
        )
        out.write(result.as_json() if output_format == "json" else result.as_text())
        return 0

    return run_command("bib-stats", action)
