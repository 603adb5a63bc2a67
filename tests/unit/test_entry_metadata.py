"""Highwire meta tags and schema.org JSON-LD built from CSL items."""

from __future__ import annotations

from memoria.bibliography.entry_metadata import highwire_tags, iso_date, item_links, json_ld

REPORT = {
    "id": "giei2021informe",
    "type": "report",
    "title": 'Informe sobre <span class="nocase">Bolivia</span>',
    "author": [{"literal": "GIEI"}, {"family": "Becker", "given": "Thomas"}],
    "publisher": "CIDH",
    "issued": {"date-parts": [[2021, 8, 17]]},
    "DOI": "10.1234/giei",
    "URL": "https://example.org/informe",
    "language": "es-ES",
    "number": "12",
}


def test_highwire_tags_for_a_report():
    tags = highwire_tags(REPORT, "https://site.org/bibliography/giei2021informe/")
    assert ("citation_title", "Informe sobre Bolivia") in tags
    assert ("citation_author", "GIEI") in tags
    assert ("citation_author", "Thomas Becker") in tags
    assert ("citation_publication_date", "2021/08/17") in tags
    assert ("citation_technical_report_institution", "CIDH") in tags
    assert ("citation_technical_report_number", "12") in tags
    assert ("citation_doi", "10.1234/giei") in tags
    assert ("citation_language", "es-ES") in tags


def test_json_ld_for_a_report():
    data = json_ld(REPORT, "https://site.org/bibliography/giei2021informe/")
    assert data["@type"] == "Report"
    assert data["name"] == "Informe sobre Bolivia"
    assert data["author"][0] == {"@type": "Organization", "name": "GIEI"}
    assert data["author"][1] == {"@type": "Person", "name": "Thomas Becker"}
    assert data["datePublished"] == "2021-08-17"
    assert data["sameAs"] == ["https://doi.org/10.1234/giei", "https://example.org/informe"]


def test_links_drop_unsafe_urls():
    assert item_links({"URL": "javascript:alert(1)", "DOI": "nonsense"}) == []


def test_iso_date_partial():
    assert iso_date({"issued": {"date-parts": [[2021, 8]]}}) == "2021-08"
    assert iso_date({}) == ""


def test_and_others_is_not_an_author():
    item = {**REPORT, "author": [{"family": "Brown", "given": "Alice"}, {"literal": "others"}]}
    assert [v for k, v in highwire_tags(item, "/b/") if k == "citation_author"] == ["Alice Brown"]
    assert json_ld(item, "/b/")["author"] == [{"@type": "Person", "name": "Alice Brown"}]
