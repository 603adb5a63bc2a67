"""``bib-check``: read the .bib files and the content, run every rule, report.

:func:`check_texts` is the pure core (texts in, findings out); :func:`read_check_input` is the
I/O edge that reads a workspace. Reports are text (``path:line: severity: message (hint: ...)``
then a summary line) or JSON with the same findings for editors and CI.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from memoria.bib_tools.bib_source import parse_source
from memoria.bib_tools.content_scan import ContentIndex, scan_content
from memoria.bib_tools.rules import CheckInput, SourceFile, counts, run_rules
from memoria.bib_tools.workspace import Workspace, WorkspaceError
from memoria.bibliography.bib_files import load_texts
from memoria.diagnostics import Diagnostic


def plural(count: int, word: str) -> str:
    """``plural(2, "entry")`` -> "2 entries"."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


@dataclass(frozen=True)
class CheckReport:
    """What ``bib-check`` found."""

    files: int  # how many .bib files were read
    entries: int  # how many entries they hold (after duplicates were dropped)
    findings: tuple[Diagnostic, ...]  # every finding, sorted by path and line

    @property
    def errors(self) -> int:
        return counts(self.findings)["errors"]

    @property
    def warnings(self) -> int:
        return counts(self.findings)["warnings"]

    def summary(self) -> str:
        return (
            f"bib-check: {plural(self.errors, 'error')}, {plural(self.warnings, 'warning')} in "
            f"{plural(self.entries, 'entry')} of {plural(self.files, 'file')}"
        )

    def as_text(self) -> str:
        return "".join(f"{d}\n" for d in self.findings) + self.summary() + "\n"

    def as_json(self) -> str:
        data = {
            "files": self.files,
            "entries": self.entries,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [
                {
                    "path": d.path,
                    "line": d.line,
                    "severity": d.severity,
                    "code": d.code,
                    "message": d.message,
                    "hint": d.hint,
                }
                for d in self.findings
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def check_input(texts: Sequence[tuple[str, str]], content: ContentIndex | None) -> CheckInput:
    """The rules' input from (path, text) pairs of .bib files and the scanned content."""
    loaded = load_texts(texts)
    files = tuple(SourceFile(path, text, parse_source(text)) for path, text in texts)
    problems = loaded.diagnostics + (content.problems if content else ())
    return CheckInput(files, loaded.entries, problems, content, loaded.unparsed_keys)


def check_texts(
    texts: Sequence[tuple[str, str]], content: ContentIndex | None = None
) -> CheckReport:
    """Check .bib texts given as (path, text) pairs against ``content`` (None: no content)."""
    inp = check_input(texts, content)
    return CheckReport(len(texts), len(inp.entries), tuple(run_rules(inp)))


def read_texts(workspace: Workspace) -> list[tuple[str, str]]:
    """(path, text) of every .bib file; a file that is not UTF-8 stops the task, by name."""
    texts = []
    for path in workspace.bib_files:
        try:
            texts.append((workspace.display(path), path.read_text(encoding="utf-8-sig")))
        except UnicodeDecodeError as error:
            line = path.read_bytes()[: error.start].count(b"\n") + 1
            problem = Diagnostic(
                workspace.display(path),
                line,
                "this file is not UTF-8 text",
                "save it as UTF-8 (in Zotero's export dialog, choose the Unicode (UTF-8) encoding)",
                code="bibtex.encoding",
            )
            raise WorkspaceError([problem]) from None
    return texts


def read_content(workspace: Workspace) -> ContentIndex | None:
    if not workspace.content.is_dir():
        return None
    return scan_content(
        workspace.content,
        workspace.display,
        workspace.people_folder,
        workspace.case_studies_folder,
    )


def check_workspace(workspace: Workspace) -> CheckReport:
    return check_texts(read_texts(workspace), read_content(workspace))
