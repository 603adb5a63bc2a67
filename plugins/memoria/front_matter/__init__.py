"""Pelican plugin: Markdown files with YAML front matter, bad metadata reported by line.

Add ``"memoria.front_matter"`` to ``PLUGINS``. Files without a ``---`` block keep Pelican's
``Key: value`` headers.
"""

from pelican import signals

from memoria import templating
from memoria.front_matter.reader import FrontMatterReader, add_reader

__all__ = ["FrontMatterReader", "register"]


def register() -> None:
    templating.connect()
    signals.readers_init.connect(add_reader)
