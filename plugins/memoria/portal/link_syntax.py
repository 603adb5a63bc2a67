"""``{person}slug``, ``{workshop}slug``, ``{case}slug``, ``{org}slug``, ``{series}slug`` links.

Pelican has no hook for new ``{kind}`` link types, but it resolves ``{filename}`` links to any
content it has read. So each portal link is rewritten to ``{filename}`` of the target's file (a
fragment such as ``#presentation-2`` is kept) and Pelican computes the URL, relative or absolute,
as for its own links. The folder scan that knows every slug happens once per build.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from memoria.diagnostics import Diagnostic, did_you_mean
from memoria.portal.kinds import KIND_BY_LINK, KINDS, split_stem
from memoria.portal.relations import BodyLink

#: Markdown source suffixes a portal file may have.
SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")

LINK_RE = re.compile(
    r"(?P<attr>\b(?:href|src)\s*=\s*)(?P<quote>[\"'])"
    r"\{(?P<kind>" + "|".join(re.escape(k.link) for k in KINDS) + r")\}"
    r"(?P<slug>[^\"'#?]*)(?P<rest>[^\"']*)(?P=quote)"
)

#: Settings key of the folder scan, made once per build by the plugin.
DIRECTORY_KEY = "MEMORIA_PORTAL_DIRECTORY"

#: kind name -> file slug -> file path relative to PATH (posix).
Directory = dict[str, dict[str, str]]


def scan_directory(content_path: Path, folders: Mapping[str, str]) -> Directory:
    """Every portal file by kind and slug. ``folders`` maps a kind name to its folder."""
    directory: Directory = {}
    for kind in KINDS:
        folder = content_path / folders[kind.name]
        files = (
            sorted(p for p in folder.glob("*") if p.suffix in SUFFIXES) if folder.is_dir() else []
        )
        # Translations (``bolivia.es.md``) are not link targets of their own: links go to the
        # original, whose page links to its translations.
        directory[kind.name] = {
            p.stem: p.relative_to(content_path).as_posix()
            for p in files
            if split_stem(p.stem)[1] is None
        }
    return directory


def rewrite_links(
    html: str, directory: Directory, source_text: str, display_path: str
) -> tuple[str, list[BodyLink], list[Diagnostic]]:
    """``html`` with portal links turned into ``{filename}`` links; the links; the problems."""
    links: list[BodyLink] = []
    problems: list[Diagnostic] = []

    def replace(match: re.Match) -> str:
        kind = KIND_BY_LINK[match.group("kind")]
        slug = match.group("slug")
        target = directory.get(kind.name, {}).get(slug)
        if target is None:
            written = "{" + kind.link + "}" + slug
            position = source_text.find(written)
            line = source_text.count("\n", 0, position) + 1 if position >= 0 else 1
            known = directory.get(kind.name, {})
            problems.append(
                Diagnostic(
                    display_path,
                    line,
                    f"link to unknown {kind.name.replace('_', ' ')} '{slug}'",
                    hint=did_you_mean(slug, known)
                    or f"the slug is a file name (without .md) under the {kind.folder} folder",
                    code="portal.unknown_link",
                )
            )
            return f"{match.group('attr')}{match.group('quote')}#{match.group('quote')}"
        links.append(BodyLink(kind.name, slug))
        quote = match.group("quote")
        return f"{match.group('attr')}{quote}{{filename}}/{target}{match.group('rest')}{quote}"

    return LINK_RE.sub(replace, html), links, problems
