"""Pelican plugin: a BibTeX/BibLaTeX bibliography, Pandoc-style citations, CSL-formatted references.

Add ``"memoria.bibliography"`` (and ``"memoria.front_matter"`` for YAML front matter) to
``PLUGINS``. Settings are listed in :data:`memoria.bibliography.settings.DEFAULTS` and README.md.
Importing a domain module (``memoria.bibliography.cite_syntax``, ...) does not load Pelican glue.
"""


def register() -> None:
    from memoria.bibliography import plugin

    plugin.connect()
