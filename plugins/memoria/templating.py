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
    """``initialized``: autoescape on, the i18n extension in the environment settings, and no
    check of each template file's date at every use: a build makes its environments anew, and
    a site of thousands of pages would stat its partials hundreds of thousands of times."""
    require_autoescape(pelican)
    i18n.configure(pelican)
    pelican.settings.setdefault("JINJA_ENVIRONMENT", {}).setdefault("auto_reload", False)


def connect() -> None:
    signals.initialized.connect(prepare)
    signals.generator_init.connect(i18n.install)
    signals.generator_init.connect(canonical.install)
