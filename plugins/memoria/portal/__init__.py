"""Pelican plugin: people, workshops, case studies, organisations and series, cross-linked.

Add ``"memoria.portal"`` to ``PLUGINS`` (with ``"memoria.front_matter"``, and
``"memoria.bibliography"`` for citations). Each kind is a folder of Markdown files with YAML front
matter under the content folder; every kind is optional. Settings: :data:`memoria.portal.kinds`
and README.md. Importing a domain module does not load Pelican glue.
"""


def register() -> None:
    from memoria.portal import plugin

    plugin.connect()
