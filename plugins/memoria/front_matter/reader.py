"""A Markdown reader for YAML front matter that reports bad metadata as ``path:line`` errors.

pelican-yaml-metadata does the parsing; it logs a traceback for broken YAML and lets a bad date
raise out of the reader, which Pelican turns into a vague "Could not process" line. This subclass
keeps its behaviour for good input and turns every problem into a :class:`Diagnostic` that points
at the offending line of the file.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pelican.plugins.yaml_metadata.yaml_metadata import HEADER_RE, YAMLMetadataReader
from pelican.utils import get_date, pelican_open

from memoria.diagnostics import Diagnostic, InputError, display_path, log_for

#: Front-matter keys whose values must be dates, with the hint shown when one is not.
DATE_KEYS = ("date", "modified")
DATE_HINT = "write an ISO date such as 2024-07-25 or 2024-07-25 18:30"

#: Setting through which other plugins say which keys the files of a content folder need:
#: ``{"people": ("name",)}`` (folders relative to PATH). Files elsewhere need a ``title``.
REQUIRED_KEYS_SETTING = "MEMORIA_REQUIRED_KEYS"
DEFAULT_REQUIRED_KEYS = ("title",)


def required_keys(source_path: str, settings: Mapping) -> tuple[str, ...]:
    """The keys a file's front matter must have, by the content folder it lies in."""
    try:
        relative = Path(source_path).resolve().relative_to(Path(settings["PATH"]).resolve())
    except (KeyError, ValueError):
        return DEFAULT_REQUIRED_KEYS
    folders = settings.get(REQUIRED_KEYS_SETTING) or {}
    for folder, keys in sorted(folders.items(), key=lambda item: -len(item[0])):
        if relative.parts[: len(Path(folder).parts)] == Path(folder).parts:
            return tuple(keys)
    return DEFAULT_REQUIRED_KEYS


def key_lines(yaml_text: str) -> dict[str, int]:
    """0-based line of each top-level key inside ``yaml_text`` (keys lower-cased)."""
    node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(key.value).lower(): key.start_mark.line
        for key, _value in node.value
        if isinstance(key, yaml.ScalarNode)
    }


def impossible_timestamps(yaml_text: str) -> list[tuple[str, int, str, str]]:
    """(key, 0-based line, value, reason) of each top-level value YAML reads as a timestamp but
    that is no day of the calendar ("2024-02-30"): PyYAML raises a bare ValueError for it while
    loading, with no position, so the position comes from the composed (not constructed) tree."""
    node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return []
    found = []
    loader = yaml.SafeLoader("")
    for key, value in node.value:
        if isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:timestamp":
            try:
                loader.construct_yaml_timestamp(value)
            except ValueError as error:
                found.append((str(key.value).lower(), key.start_mark.line, value.value, str(error)))
    return found


def date_problem(value: Any) -> str:
    """Why ``value`` is not a usable date, or "" when it is one."""
    if isinstance(value, datetime.date):
        return ""
    try:
        get_date(str(value).strip().replace("_", " "))
    except (ValueError, TypeError, OverflowError):
        return f"{value!r} is not a date"
    return ""


class FrontMatterReader(YAMLMetadataReader):
    """Markdown with a ``---`` YAML block; falls back to Pelican's ``Key: value`` headers."""

    def read(self, source_path: str):
        with pelican_open(source_path) as text:
            match = HEADER_RE.fullmatch(text)
        if match:
            first_line = text[: match.start("metadata")].count("\n") + 1
            self._check_front_matter(match.group("metadata"), first_line, source_path)
        content, metadata = super().read(source_path)
        citations = getattr(self._md, "citations", None)
        if citations:
            metadata["citations"] = list(citations)
        return content, metadata

    def _check_front_matter(self, yaml_text: str, first_line: int, source_path: str) -> None:
        """Record a diagnostic and raise :class:`InputError` for front matter we cannot trust."""
        path = display_path(source_path, self.settings)
        problems: list[Diagnostic] = []
        try:
            data = yaml.safe_load(yaml_text)
            lines = key_lines(yaml_text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            line = first_line + mark.line if mark else first_line
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            problems.append(
                Diagnostic(
                    path,
                    line,
                    f"front matter is not valid YAML: {problem}",
                    hint="check indentation and quote values that contain ': ' or start with '@'",
                    code="front_matter.yaml",
                )
            )
        except ValueError:  # a timestamp that is no calendar day (impossible_timestamps)
            for key, line, value, reason in impossible_timestamps(yaml_text):
                problems.append(
                    Diagnostic(
                        path,
                        first_line + line,
                        f"'{key}': {value!r} is not a date ({reason})",
                        DATE_HINT,
                        code="front_matter.date",
                    )
                )
            if not problems:
                raise
        else:
            if not isinstance(data, Mapping):
                problems.append(
                    Diagnostic(
                        path,
                        first_line,
                        "front matter must be a mapping of 'key: value' lines",
                        hint="write e.g. 'title: My post' between the two '---' lines",
                        code="front_matter.yaml",
                    )
                )
            else:
                required = required_keys(source_path, self.settings)
                problems.extend(self._check_values(data, lines, first_line, path, required))
        if problems:
            log_for(self.settings).extend(problems)
            raise InputError(str(problems[0]))

    @staticmethod
    def _check_values(
        data: Mapping,
        lines: Mapping[str, int],
        first_line: int,
        path: str,
        required: tuple[str, ...] = DEFAULT_REQUIRED_KEYS,
    ) -> list[Diagnostic]:
        problems = []
        lowered = {str(k).lower(): v for k, v in data.items()}
        for key in DATE_KEYS:
            if lowered.get(key) is None:
                continue
            reason = date_problem(lowered[key])
            if reason:
                line = first_line + lines.get(key, 0)
                problems.append(
                    Diagnostic(
                        path, line, f"'{key}': {reason}", DATE_HINT, code="front_matter.date"
                    )
                )
        for key in required:
            if not str(lowered.get(key) or "").strip():
                problems.append(
                    Diagnostic(
                        path,
                        first_line,
                        f"front matter has no '{key}'",
                        hint=f"add a line such as '{key}: ...' between the two '---' lines",
                        code="front_matter.required",
                    )
                )
        return problems


def add_reader(readers) -> None:
    """Make :class:`FrontMatterReader` the reader of every Markdown extension."""
    for extension in FrontMatterReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterReader
