"""Every string the theme shows can be read in Spanish: the catalog translates each one."""

from __future__ import annotations

from memoria.i18n.extract import template_messages, untranslated


def test_every_template_string_has_a_spanish_translation():
    assert untranslated("es") == []


def test_extraction_finds_template_and_marked_python_strings():
    ids = {message.id for message in template_messages()}
    assert {"Bibliography", "Skip to content", "People", "References"} <= ids
