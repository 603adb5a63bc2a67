"""The Memoria theme: point Pelican's ``THEME`` setting at :data:`PATH`."""

from pathlib import Path

#: Folder holding ``templates/`` and ``static/``, for ``THEME = memoria.theme.PATH``.
PATH = str(Path(__file__).resolve().parent)
