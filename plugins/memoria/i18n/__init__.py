"""Pelican plugin: the theme's words in the page's language (gettext catalogs, Jinja2 i18n).

Add ``"memoria.i18n"`` to ``PLUGINS``. Templates write ``{{ _("Bibliography") }}``; the text is
looked up in ``theme/translations/<lang>/LC_MESSAGES/messages.po`` for the language of the page
being written (its ``lang``), so an English and a Spanish page come out of the same build.
"""


def register() -> None:
    from memoria.i18n import plugin

    plugin.connect()
