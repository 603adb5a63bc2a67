"""Whether a site's ``SITEURL`` can be published.

A portal published with the placeholder address (``https://memoria.example.org``, which
``publishconf.py`` falls back to when ``MEMORIA_SITEURL`` is not set) looks fine in a browser,
but its feeds, sitemap, canonical links, ``citation_*`` tags and exported citations all point
to a site that does not exist, and readers who cite it cite a dead address. ``invoke publish``
refuses such a build instead of uploading it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from memoria.diagnostics import Diagnostic

#: Host names reserved for examples and documentation (RFC 2606, RFC 6761), or this machine.
_PLACEHOLDER_HOST = re.compile(
    r"(?:^|\.)(?:example(?:\.(?:org|com|net))?|invalid|test|localhost)$|^127\.|^\[?::1\]?$"
)
_ASSIGNMENT = re.compile(r"^\s*SITEURL\s*=")


def siteurl_problem(siteurl: str, settings_file: Path) -> Diagnostic | None:
    """The error for a ``SITEURL`` that is empty, not http(s) or a placeholder host; else None.
    Its line is the settings file's ``SITEURL =`` line, where the value comes from."""
    parts = urlsplit(siteurl or "")
    host = (parts.hostname or "").lower()
    if parts.scheme in ("http", "https") and host and not _PLACEHOLDER_HOST.search(host):
        return None
    what = f"SITEURL is {siteurl!r}" if siteurl else "SITEURL is empty"
    return Diagnostic(
        str(settings_file.name),
        _assignment_line(settings_file),
        f"{what}: not an address this site can be published at",
        hint="set MEMORIA_SITEURL to the site's public address, e.g. "
        "MEMORIA_SITEURL=https://portal.your-group.org invoke publish",
        code="settings.siteurl",
    )


def _assignment_line(settings_file: Path) -> int:
    try:
        lines = settings_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    return next((n for n, line in enumerate(lines, 1) if _ASSIGNMENT.match(line)), 0)
