"""English and Spanish in one build: UI words, lang, linked translations, es-ES citations."""

from __future__ import annotations

import re

from memoria.i18n.catalogs import load_catalog
from memoria.i18n.plugin import language_name

PLUGINS = ["memoria.front_matter", "memoria.bibliography", "memoria.portal", "memoria.i18n"]
LANG_URLS = {
    "ARTICLE_LANG_URL": "{lang}/posts/{slug}/",
    "ARTICLE_LANG_SAVE_AS": "{lang}/posts/{slug}/index.html",
    "CSL_LOCALES": {"es": "es-ES"},
}
FILES = {
    "bibliography/r.bib": """
        @book{farthing2021coup,
          author = {Farthing, Linda and Becker, Thomas},
          title = {Coup: A Story of Violence and Resistance in {Bolivia}},
          date = {2021},
          publisher = {Haymarket Books},
        }
        """,
    "content/posts/coup.md": """
        ---
        title: The coup book
        date: 2024-01-01
        ---
        As shown [@farthing2021coup, p. 4].
        """,
    "content/posts/coup.es.md": """
        ---
        title: El libro sobre el golpe
        date: 2024-01-01
        slug: coup
        lang: es
        ---
        Como se muestra [@farthing2021coup, p. 4].
        """,
    "content/people/linda-farthing.md": "---\nname: Linda Farthing\n---\nBio.\n",
    "content/workshops/w.md": """
        ---
        title: Memory workshop
        date: 2023-05-01
        presentations:
          - {speaker: linda-farthing, title: Bolivia in 2019, cites: [farthing2021coup]}
        ---
        English summary.
        """,
    "content/workshops/w.es.md": """
        ---
        title: Taller de memoria
        date: 2023-05-01
        ---
        Resumen en español.
        """,
}


def test_spanish_post_has_lang_ui_words_and_es_es_citations(build_site):
    site, result = build_site(FILES, PLUGINS=PLUGINS, **LANG_URLS)
    assert result.ok, result.messages()
    english = site.read("posts/coup/index.html")
    spanish = site.read("es/posts/coup/index.html")
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<html lang="es">' in spanish
    assert ">Bibliography</a>" in english and ">Bibliografía</a>" in spanish
    assert "Farthing and Becker 2021, 4" in english
    assert "Farthing y Becker 2021, 4" in spanish  # the es-ES CSL locale
    assert ">Referencias</h2>" in spanish and ">References</h2>" in english


def test_translations_link_to_each_other_with_hreflang(build_site):
    site, result = build_site(FILES, PLUGINS=PLUGINS, **LANG_URLS)
    assert result.ok, result.messages()
    english = site.read("posts/coup/index.html")
    spanish = site.read("es/posts/coup/index.html")
    assert re.search(
        r'<a href="/es/posts/coup/" hreflang="es" lang="es" rel="alternate">Español</a>', english
    )
    assert re.search(
        r'<a href="/posts/coup/" hreflang="en" lang="en" rel="alternate">English</a>', spanish
    )
    assert '<link rel="alternate" hreflang="es" href="/es/posts/coup/">' in english


def test_portal_translation_keeps_the_original_programme_and_relations(build_site):
    site, result = build_site(FILES, PLUGINS=PLUGINS, **LANG_URLS)
    assert result.ok, result.messages()
    spanish = site.read("es/workshops/w/index.html")
    assert '<html lang="es">' in spanish and "Taller de memoria" in spanish
    assert "Resumen en español." in spanish
    assert 'id="presentation-1"' in spanish and "people/linda-farthing/" in spanish
    assert 'hreflang="en"' in spanish
    assert "Farthing, Linda, y Thomas Becker" in spanish  # the programme's works, in es-ES
    english = site.read("workshops/w/index.html")
    assert 'href="/es/workshops/w/" hreflang="es"' in english
    assert "Farthing, Linda, and Thomas Becker" in english
    profile = site.read("people/linda-farthing/index.html")
    assert "workshops/w/#presentation-1" in profile and "es/workshops/w/" not in profile
    assert site.read("workshops/index.html").count("Taller de memoria") == 0


def test_catalog_and_language_names():
    from memoria import theme

    catalog = load_catalog(f"{theme.PATH}/translations", "es")
    assert catalog.gettext("Bibliography") == "Bibliografía"
    assert catalog.gettext("No such message") == "No such message"
    assert catalog.ngettext("one", "many", 1) == "one"
    assert language_name("es") == "Español" and language_name("en") == "English"
