"""Pelican plugin: full-text search with Pagefind, indexed by the build wrapper.

Add ``"memoria.search"`` to ``PLUGINS``. The theme's content pages mark their main text with
``data-pagefind-body`` and their kind, case studies and year with ``data-pagefind-filter``; this
plugin adds the ``search/`` page, and :mod:`memoria.site_build` runs Pagefind over the staging
folder before it replaces ``output/`` (``SEARCH_INDEX = False`` turns both off).
"""


def register() -> None:
    from memoria.search import plugin

    plugin.connect()
