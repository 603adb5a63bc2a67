"""What the site's content says about the bibliography: cited keys, person profiles, case studies.

Citations are found the way the build finds them: each Markdown body goes through
Python-Markdown with Memoria's citation extension, so ``@key`` in code spans and fences does not
count. Front matter may cite too (a workshop's ``presentations[].cites``, a case study's
``timeline[].cites``): every list under a ``cites`` key, at any depth, is read. All content
folders are optional; a site without content simply cites nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import yaml

from memoria.bibliography.markdown_citations import CitationExtension
from memoria.diagnostics import Diagnostic
from memoria.front_matter.lines import front_matter_lines, line_of

#: The front matter block: the same pattern as pelican-yaml-metadata, which the build uses.
FRONT_MATTER = re.compile(r"\A\s*^---$(?P<metadata>.+?)^(?:---|\.\.\.)$", re.M | re.S)
#: Folders of the content folder that hold person profiles and case studies (portal plugin).
PEOPLE_FOLDER = "people"
CASE_STUDIES_FOLDER = "case-studies"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


@dataclass(frozen=True)
class CitedKey:
    """One place where the content cites a key."""

    key: str  # the cited key, exactly as written
    path: str  # content file, relative to the site root
    line: int  # 1-based line of the first citation of this key in that file


@dataclass(frozen=True)
class PersonProfile:
    """A person profile: content/people/<slug>.md."""

    path: str  # the profile's file, relative to the site root
    name: str  # front matter ``name``, e.g. "Jemima García-Godos"
    aliases: tuple[str, ...]  # front matter ``aliases``: other spellings, "García-Godos, J."
    pseudonym: str = ""  # front matter ``pseudonym``: the only name the site shows, "" if none
    line: int = 0  # 1-based line of ``name`` in the file


@dataclass(frozen=True)
class ContentIndex:
    """Everything the bibliography tools read from the content folder."""

    citations: tuple[CitedKey, ...]  # every (key, file) pair, sorted by path and line
    people: tuple[PersonProfile, ...]  # profiles, sorted by path
    case_studies: tuple[str, ...]  # case-study slugs (file names), sorted
    problems: tuple[Diagnostic, ...]  # content files whose citations could not be read

    @property
    def cited_keys(self) -> frozenset[str]:
        return frozenset(c.key for c in self.citations)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(YAML text, body, 0-based line the body starts on); ("", text, 0) without front matter."""
    match = FRONT_MATTER.match(text)
    if not match:
        return "", text, 0
    return match.group("metadata"), text[match.end() :], text[: match.end()].count("\n")


def _cites(data: Any) -> Iterator[str]:
    """Every key listed under a ``cites`` key anywhere in front matter data."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name == "cites":
                values = [value] if isinstance(value, str) else value
                if isinstance(values, list):
                    yield from (str(v).lstrip("@") for v in values if isinstance(v, str | int))
            else:
                yield from _cites(value)
    elif isinstance(data, list):
        for item in data:
            yield from _cites(item)


def _key_pattern(key: str) -> re.Pattern:
    return re.compile(r"@\{?" + re.escape(key) + r"(?![\w])(?![:.#$%&\-+?<>~/]\w)")


def _first_line(lines: list[str], pattern: re.Pattern, start: int = 0) -> int:
    """1-based number of the first line from ``start`` matching ``pattern``; else start + 1."""
    for number, line in enumerate(lines[start:], start=start + 1):
        if pattern.search(line):
            return number
    return start + 1


def body_citations(body: str) -> list[str]:
    """Keys cited in a Markdown body, in order, each once; never from code or link targets."""
    md = markdown.Markdown(extensions=["markdown.extensions.extra", CitationExtension()])
    md.convert(body)
    keys = [item.key for citation in md.citations for item in citation.items]  # type: ignore[attr-defined]
    return list(dict.fromkeys(keys))


def scan_file(text: str, path: str) -> tuple[list[CitedKey], dict[str, Any], list[Diagnostic]]:
    """The citations in one content file, its front matter data, and why it could not be read."""
    yaml_text, body, body_start = split_front_matter(text)
    lines = text.splitlines()
    data: dict[str, Any] = {}
    problems = []
    if yaml_text:
        try:
            loaded = yaml.safe_load(yaml_text)
        except yaml.YAMLError:
            problems.append(
                Diagnostic(
                    path,
                    1,
                    "front matter is not valid YAML; its citations were not read",
                    "run `invoke build` to see the exact YAML error",
                    severity="warning",
                    code="content.front_matter",
                )
            )
            loaded = None
        data = loaded if isinstance(loaded, dict) else {}
    found: list[CitedKey] = []
    for key in dict.fromkeys(_cites(data)):
        plain = re.compile(r"(?<![\w@])@?" + re.escape(key) + r"(?![\w])")
        found.append(CitedKey(key, path, _first_line(lines, plain)))
    for key in body_citations(body):
        found.append(CitedKey(key, path, _first_line(lines, _key_pattern(key), body_start)))
    return found, data, problems


def _markdown_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in MARKDOWN_SUFFIXES and p.is_file())


def scan_content(
    content: Path,
    display: Callable[[Path], str],
    people: str = PEOPLE_FOLDER,
    case_studies: str = CASE_STUDIES_FOLDER,
) -> ContentIndex:
    """Read every Markdown file under ``content``; ``display`` turns a path into a report path."""
    citations: list[CitedKey] = []
    profiles: list[PersonProfile] = []
    problems: list[Diagnostic] = []
    people_folder = (content / people).resolve()
    for file in _markdown_files(content):
        path = display(file)
        text = file.read_text(encoding="utf-8-sig")
        found, data, file_problems = scan_file(text, path)
        citations += found
        problems += file_problems
        if file.resolve().parent == people_folder and isinstance(data.get("name"), str):
            aliases = data.get("aliases") or []
            aliases = [aliases] if isinstance(aliases, str) else aliases
            line = line_of(front_matter_lines(text), ("name",))  # as the build reports it
            pseudonym = str(data.get("pseudonym") or "").strip()
            kept = tuple(str(a) for a in aliases if a)
            profiles.append(PersonProfile(path, data["name"], kept, pseudonym, line))
    case_studies = sorted(p.stem for p in _markdown_files(content / case_studies) if p.parent.name)
    return ContentIndex(
        tuple(sorted(citations, key=lambda c: (c.path, c.line, c.key))),
        tuple(sorted(profiles, key=lambda p: p.path)),
        tuple(case_studies),
        tuple(problems),
    )
