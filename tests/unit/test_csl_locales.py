"""Which locale a setting or a style's default-locale resolves to (memoria.csl.style)."""

from __future__ import annotations

import json

import pytest

from memoria.csl.render import CiteItem, Cluster, CslProcessor
from memoria.csl.style import CslStyleError, resolve_locale

KNOWN = frozenset({"en-US", "en-GB", "fr-FR", "fr-CA", "el-GR", "de-DE"})


@pytest.mark.parametrize(
    ("given", "resolved"),
    [
        ("fr-CA", "fr-CA"),  # a locale file of its own
        ("fr", "fr-FR"),  # a language alone: its primary dialect
        ("el", "el-GR"),
        ("en", "en-US"),
        ("en-US-x-sort-ja-alalc97", "en-US"),  # a private-use extension dropped
        ("en-GB-X-pri-ja", "en-GB"),
        ("de-LU", "de-LU"),  # no file, but de-DE supplies its terms
    ],
)
def test_resolve_locale(given: str, resolved: str) -> None:
    assert resolve_locale(given, known=KNOWN) == resolved


def test_an_unknown_language_needs_the_styles_own_terms() -> None:
    assert resolve_locale("gx", ("gx",), known=KNOWN) == "gx"
    with pytest.raises(CslStyleError, match="not a known locale"):
        resolve_locale("gx", ("fr",), known=KNOWN)
    with pytest.raises(CslStyleError) as error:
        resolve_locale("en_US", known=KNOWN)
    assert "en-US" in error.value.hint


def test_a_language_alone_as_the_site_setting_renders_in_its_dialect() -> None:
    item = {
        "id": "a",
        "type": "book",
        "title": "Le Livre",
        "editor": [{"family": "Dupont", "given": "Jean"}],
        "issued": {"date-parts": [[2001]]},
    }
    french = CslProcessor({"a": item}, style="chicago-author-date", locale="fr")
    dialect = CslProcessor({"a": item}, style="chicago-author-date", locale="fr-FR")
    assert french.library() == dialect.library()
    assert "éd." in json.dumps(french.library(), ensure_ascii=False)
    rendered = french.render_document([Cluster(items=(CiteItem("a"),))], href=lambda _k: "#")
    assert rendered.citations


@pytest.mark.parametrize(
    ("locale", "quotes"),
    [
        ("en-US", ("“", "”", "‘", "’")),
        ("en-GB", ("‘", "’", "“", "”")),  # single quotes outside
        ("fr-FR", ("«\u00a0", "\u00a0»", "“", "”")),  # guillemets with their no-break spaces
    ],
)
def test_the_locales_quotation_marks(tmp_path, locale: str, quotes: tuple[str, ...]) -> None:
    from memoria.csl.style import load_style

    style = tmp_path / "q.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><id/><title/></info><citation><layout><text variable='title'/></layout>"
        "</citation></style>",
        encoding="utf-8",
    )
    assert tuple(load_style(str(style), locale).quotes) == quotes
