"""What every Memoria plugin sets up in Pelican's Jinja2 environments, whichever are enabled.

The theme escapes by default (:mod:`memoria.autoescape`) and writes its words as ``_("...")``,
translated into the page's language (:mod:`memoria.i18n`); ``canonical_url()`` gives each page its
address (:mod:`memoria.canonical`). Each plugin calls :func:`connect`, so a site with any one
Memoria plugin renders the theme; blinker connects each handler once.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from memoria import canonical
from memoria.autoescape import require_autoescape
from memoria.i18n import plugin as i18n


def prepare(pelican: Any) -> None:
    """``initialized``: autoescape on, and the i18n extension in the environment settings."""
    require_autoescape(pelican)
    i18n.configure(pelican)


def connect() -> None:
    signals.initialized.connect(prepare)
    signals.generator_init.connect(i18n.install)
    signals.generator_init.connect(canonical.install)
