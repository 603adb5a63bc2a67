"""Content files no generator read: a post written in ``content/blog/`` when ``ARTICLE_PATHS``
says ``posts`` is silently left out by Pelican ("Processed 0 articles"). The build warns about
each such file instead, so a writer knows why the page is missing.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Collection, Iterable
from pathlib import Path

from memoria.diagnostics import Diagnostic


def unread_sources(
    content_root: Path, extensions: Collection[str], read: Collection[str], ignore: Iterable[str]
) -> list[str]:
    """Paths (relative to ``content_root``, POSIX) of files with a reader's extension that no
    generator recorded in ``read`` and that no ``IGNORE_FILES`` pattern covers."""
    # Pelican matches a pattern against each folder's and file's name ("**/.*" is ".*" there).
    patterns = tuple(pattern.removeprefix("**/") for pattern in ignore)
    found = []
    for path in sorted(content_root.rglob("*")):
        relative = path.relative_to(content_root).as_posix()
        if not path.is_file() or path.suffix.lstrip(".") not in extensions or relative in read:
            continue
        parts = relative.split("/")
        if any(fnmatch.fnmatch(part, pattern) for part in parts for pattern in patterns):
            continue
        found.append(relative)
    return found


def unread_warnings(unread: Iterable[str]) -> list[Diagnostic]:
    """One warning per unread file (paths as the user names them: ``content/blog/a.md``)."""
    return [
        Diagnostic(
            relative,
            1,
            "no part of the build reads this file: it is in none of ARTICLE_PATHS, PAGE_PATHS, "
            "STATIC_PATHS or the portal's folders",
            hint="move it into a content folder (posts/, pages/, people/, ...) or add its "
            "folder to ARTICLE_PATHS in pelicanconf.py",
            severity="warning",
            code="content.unread",
        )
        for relative in unread
    ]
