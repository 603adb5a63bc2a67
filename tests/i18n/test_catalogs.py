"""Every string the theme shows can be read in Spanish: the catalog translates each one."""

from __future__ import annotations

from memoria.i18n.extract import template_messages, untranslated


def test_every_template_string_has_a_spanish_translation():
    assert untranslated("es") == []


def test_extraction_finds_template_and_marked_python_strings():
    ids = {message.id for message in template_messages()}
    assert {"Bibliography", "Skip to content", "People", "References"} <= ids


def test_update_adds_new_strings_keeps_translations_and_is_idempotent(tmp_path):
    from memoria.i18n.extract import update_catalog

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "a.html").write_text('<p>{{ _("Hello") }} {{ _("New words") }}</p>\n')
    po = tmp_path / "translations" / "es" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Language: es\\n"\n\nmsgid "Hello"\nmsgstr "Hola"\n')
    missing = update_catalog("es", templates, tmp_path / "translations", python_sources=None)
    assert missing == ["New words"]
    first = po.read_text()
    assert 'msgid "Hello"\nmsgstr "Hola"' in first and 'msgid "New words"\nmsgstr ""' in first
    update_catalog("es", templates, tmp_path / "translations", python_sources=None)
    assert po.read_text() == first
