"""What js/citations.js needs from a citing page: each citation link names its entry, and the
page's reference list holds that entry under id="ref-<key>". Without the script the links work."""

from __future__ import annotations

import re


def test_each_citation_link_names_its_entry_and_the_reference_list_has_it(search_site):
    site, result = search_site()
    assert result.ok, result.messages()
    page = site.read("posts/report/index.html")
    links = re.findall(r'<a class="citation-link" data-cite="([^"]+)" href="([^"]+)">', page)
    assert links == [
        ("hrw2020", "/bibliography/hrw2020/"),
        ("quispe2019", "/bibliography/quispe2019/"),
    ]
    for key, _href in links:
        assert f'id="ref-{key}"' in page
    assert re.search(r'<script defer src="[^"]*/js/citations\.js"></script>', page)


def test_pages_without_references_do_not_load_the_script(search_site):
    site, result = search_site()
    assert result.ok, result.messages()
    assert "citations.js" not in site.read("posts/plain/index.html")
    assert site.exists("theme/js/citations.js")
