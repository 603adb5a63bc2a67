"""The bibliography page carries what js/bibliography.js filters and groups by."""

from __future__ import annotations

import html
import json
import re

import pytest

from memoria.bibliography.index_filters import author_names, type_label


@pytest.mark.parametrize(
    ("item", "names"),
    [
        ({"author": [{"family": "Quispe", "given": "Ana"}]}, ("Quispe, Ana",)),
        ({"author": [{"literal": "Human Rights Watch"}]}, ("Human Rights Watch",)),
        (
            {"author": [{"family": "Cruz", "given": "Juan", "non-dropping-particle": "de la"}]},
            ("de la Cruz, Juan",),
        ),
        ({"author": [{"family": "Plato"}]}, ("Plato",)),
        ({"editor": [{"family": "Vargas", "given": "Rosa"}]}, ("Vargas, Rosa",)),
        (
            {"author": [{"family": "A", "given": "B"}], "editor": [{"family": "C", "given": "D"}]},
            ("A, B",),
        ),
        ({"author": [{"literal": "X"}, {"literal": "others"}, {"literal": "X"}]}, ("X",)),
        ({}, ()),
    ],
)
def test_author_names(item, names):
    assert author_names(item) == names


def test_type_labels():
    assert type_label("article-journal") == "Journal article"
    assert type_label("musical_score") == "Musical score"


def _item(page: str, key: str) -> str:
    match = re.search(rf'<li id="{key}"[^>]*>', page)
    assert match, key
    return match.group(0)


def test_entries_carry_type_year_case_studies_and_authors(search_site):
    site, result = search_site()
    assert result.ok, result.messages()
    page = site.read("bibliography/index.html")
    report = _item(page, "hrw2020")
    assert 'data-type="report"' in report and 'data-year="2020"' in report
    assert 'data-case-studies="bolivia"' in report
    book = _item(page, "quispe2019")
    assert 'data-case-studies=""' not in report and 'data-case-studies="bolivia"' in book
    authors = re.search(r"data-authors='([^']*)'", book).group(1)
    # BibLaTeX's "de la Cruz, Juan" has a dropping particle: it follows the given name.
    assert json.loads(html.unescape(authors)) == ["Quispe, Ana", "Cruz, Juan de la"]
    edited = _item(page, "vargas2010")
    assert 'data-case-studies=""' in edited
    assert json.loads(re.search(r"data-authors='([^']*)'", edited).group(1)) == ["Vargas, Rosa"]


def test_the_filter_form_lists_only_values_that_occur_and_is_hidden_without_script(search_site):
    site, result = search_site()
    assert result.ok, result.messages()
    page = site.read("bibliography/index.html")
    form = re.search(r"<form class=\"bibliography-filters\".*?</form>", page, re.S).group(0)
    assert re.search(r"<form[^>]* hidden[ >]", form)
    assert 'aria-live="polite"' in form
    assert 'data-count-other="{n} entries shown"' in form
    types = re.findall(r'<option value="([^"]+)">', _select(form, "type"))
    assert types == ["book", "report"]  # "Book", "Book" (collection), "Report", by label
    assert re.findall(r"<option>(\d+)</option>", _select(form, "year")) == ["2020", "2019", "2010"]
    assert re.findall(r'<option value="([^"]+)">', _select(form, "case_study")) == ["bolivia"]
    assert re.findall(r"<option>([^<]+)</option>", _select(form, "author")) == [
        "Cruz, Juan de la",
        "Human Rights Watch",
        "Quispe, Ana",
        "Vargas, Rosa",
    ]
    assert "bibliography.js" in page


def test_without_the_portal_there_is_no_case_study_filter(build_site):
    site, result = build_site(
        {
            "bibliography/refs.bib": "@book{a2020, author = {A, B}, title = {T}, date = {2020}}",
            "content/posts/p.md": "---\ntitle: P\ndate: 2024-01-01\n---\nText [@a2020].\n",
        }
    )
    assert result.ok, result.messages()
    page = site.read("bibliography/index.html")
    assert 'name="case_study"' not in page
    assert 'data-case-studies=""' in page


def _select(form: str, name: str) -> str:
    return re.search(rf'<select id="[^"]+" name="{name}">.*?</select>', form, re.S).group(0)
