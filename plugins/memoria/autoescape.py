"""Jinja2 autoescaping, which Pelican leaves off, switched on by every Memoria plugin.

Titles, summaries and bibliography fields come from files that anyone may have written (a Zotero
export, a pasted press release), so templates must escape them by default; only Markdown and
citeproc output (built from escaped fields) is marked safe, by the theme.
"""

from __future__ import annotations

from typing import Any


def require_autoescape(pelican: Any) -> None:
    """``initialized`` handler: turn on autoescape before any template environment is built."""
    pelican.settings.setdefault("JINJA_ENVIRONMENT", {})["autoescape"] = True
