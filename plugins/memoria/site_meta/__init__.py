"""Pelican plugin: what readers and machines find besides the pages themselves.

Add ``"memoria.site_meta"`` to ``PLUGINS``. It writes an Atom feed per case study (its posts and
workshops) and one of all workshops, ``sitemap.xml`` (every page of every kind, ``lastmod`` from
content dates) and ``404.html``. Settings: :data:`memoria.site_meta.settings.DEFAULTS` and
README.md. Importing a domain module does not load Pelican glue.
"""


def register() -> None:
    from memoria.site_meta import plugin

    plugin.connect()
