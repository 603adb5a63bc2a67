"""A pseudonym is never tied to the real name (issue 14), by any route the build takes.

Each site has a witness known as "Witness A" whose real name, Rosa Mamani Quispe, is the author of
a bibliography entry. Every test builds the site through the real build (Pagefind included) and
scans every byte it wrote: no file may hold both names, no page naming one may link to a page
naming the other, and portal.json may relate nothing that shows her to the work.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from memoria.portal.name_matching import fold

PLUGINS = [
    "memoria.front_matter",
    "memoria.bibliography",
    "memoria.portal",
    "memoria.i18n",
    "memoria.site_meta",
    "memoria.search",
]
SITEURL = "https://example.org"
SETTINGS = {
    "PLUGINS": PLUGINS,
    "SITEURL": SITEURL,
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
    "PORTAL_TODAY": "2025-01-01",
}

#: Written as the pages would show the real identity (folded before comparing).
REAL = ("Rosa Mamani Quispe", "Mamani Quispe", "Rosa Mamani", "rosa-mamani")
PSEUDONYM = ("Witness A", "witness-a")

BIB = r"""
@book{mamani2020testimonio,
  author = {Mamani Quispe, Rosa},
  title = {Testimonio},
  date = {2020},
  publisher = {Human Rights Watch},
  keywords = {bolivia},
}
@book{nobody2019,
  author = {Nobody, Noel},
  title = {Unrelated},
  date = {2019},
  publisher = {IEP},
}
"""

BASE = {
    "bibliography/refs.bib": BIB,
    "content/people/rosa-mamani.md": """
        ---
        name: "Rosa Mamani Quispe"
        pseudonym: "Witness A"
        aliases: ["Mamani Quispe, R.", "Rosa Mamani"]
        honorific: Dr
        orcid: 0000-0002-1825-0097
        ---
        A witness of the events.
        """,
    "content/posts/plain.md": """
        ---
        title: A plain post
        date: 2024-01-01
        ---
        Citing [@nobody2019].
        """,
}

WORKSHOP = {
    "content/case-studies/bolivia.md": """
        ---
        title: Bolivia
        ---
        The crisis.
        """,
    "content/workshops/hearing.md": """
        ---
        title: Hearing
        date: 2024-02-02
        case_studies: [bolivia]
        presentations:
          - speaker: rosa-mamani
            title: What I saw
            cites: [mamani2020testimonio]
        ---
        A hearing.
        """,
}

POSTS = {
    "content/case-studies/bolivia.md": WORKSHOP["content/case-studies/bolivia.md"],
    "content/posts/by-her.md": """
        ---
        title: In her words
        date: 2024-03-01
        authors: [rosa-mamani]
        case_studies: [bolivia]
        ---
        Told by [the witness]({person}rosa-mamani).
        """,
    "content/posts/names-her.md": """
        ---
        title: A review
        date: 2024-03-02
        case_studies: [bolivia]
        ---
        A review of the book.

        Rosa Mamani Quispe wrote [@mamani2020testimonio].
        """,
    "content/posts/says-witness.md": """
        ---
        title: At the hearing
        date: 2024-03-03
        case_studies: [bolivia]
        ---
        Witness A spoke for an hour.
        """,
    "content/posts/alias.md": """
        ---
        title: Letters
        date: 2024-03-04
        ---
        A letter from Rosa Mamani arrived.
        """,
    "content/posts/cites-her.md": """
        ---
        title: Further reading
        date: 2024-03-05
        case_studies: [bolivia]
        ---
        See [@mamani2020testimonio].
        """,
}

ORGANISATION = {
    "content/organisations/hrw.md": """
        ---
        name: Human Rights Watch
        acronyms: [HRW]
        ---
        An NGO.
        """,
    "content/people/rosa-mamani.md": BASE["content/people/rosa-mamani.md"].replace(
        "honorific: Dr", "affiliation: hrw"
    ),
}

TRANSLATION = {
    "content/people/rosa-mamani.es.md": """
        ---
        name: "Rosa Mamani Quispe"
        aliases: ["R. Mamani Quispe"]
        lang: es
        role: Testigo
        ---
        Una testigo de los hechos.
        """,
}


# --- the scan ---------------------------------------------------------------------------------
def _text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix.startswith(".pf_"):  # Pagefind's fragments, index, filters and meta: gzip
        data = gzip.decompress(data)
    return fold(html.unescape(data.decode("utf-8", errors="replace")))


def _names(text: str, forms: tuple[str, ...]) -> bool:
    return any(fold(form) in text for form in forms)


def _hrefs(text: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', text))


def _links(path: Path, text: str, url: str) -> set[str]:
    """Addresses a page or feed relates to, absolute and without fragments.

    For a page, the links of its <main>, leaving out the site's sections (the addresses its <nav>
    blocks link to, from every page alike: a link to the bibliography's index is navigation, not
    a relation) and its breadcrumbs. For a feed, every item's link and the links in its content
    (not the feed's own link to the site). For a calendar, its events' URLs.
    """
    if path.suffix == ".ics":
        return {urljoin(url, h) for h in re.findall(r"^URL:(\S+)", text, flags=re.M)}
    if path.suffix == ".xml":
        entries = "".join(re.findall(r"<entry\b.*?</entry>", html.unescape(text), flags=re.S))
        return {urljoin(url, h).split("#")[0] for h in _hrefs(entries)}
    navigation = {urljoin(url, h) for nav in re.findall(r"<nav\b.*?</nav>", text, flags=re.S)
                  for h in _hrefs(nav)}  # fmt: skip
    start, end = text.find("<main"), text.find("</main>")
    main = re.sub(r"<nav\b.*?</nav>", "", text[start:end], flags=re.S)
    return {
        urljoin(url, h).split("#")[0] for h in _hrefs(main) if urljoin(url, h) not in navigation
    }


def _file_of(output: Path, address: str) -> Path | None:
    parts = urlsplit(address)
    if f"{parts.scheme}://{parts.netloc}" != SITEURL:
        return None
    path = output / parts.path.lstrip("/")
    path = path / "index.html" if parts.path.endswith("/") else path
    return path if path.is_file() else None


def assert_kept_apart(output: Path) -> None:
    """No file holds both names; no page or feed that names one links to a page naming the
    other; and portal.json relates nothing that shows her to the work.

    The site-wide lists of every address (sitemap.xml, portal.json's nodes, Pagefind's index)
    relate nothing to anything; they are held to the first rule, and portal.json's edges to the
    third. A Pagefind fragment is one page, held to the first rule like the page.
    """
    files = sorted(p for p in output.rglob("*") if p.is_file())
    texts = {p: _text(p) for p in files}
    assert any(p.suffix == ".pf_fragment" for p in files), "Pagefind did not run"
    both = [str(p.relative_to(output)) for p, t in texts.items() if _names(t, (*REAL, "0000-0002"))
            and _names(t, PSEUDONYM)]  # fmt: skip
    assert both == [], f"files holding both names: {both}"
    names_real = {p for p, t in texts.items() if _names(t, REAL)}
    names_pseudonym = {p for p, t in texts.items() if _names(t, PSEUDONYM)}
    relating = [p for p in files if p.suffix in (".html", ".ics") or p.parent.name == "feeds"
                or p.parent.parent.name == "feeds"]  # fmt: skip
    assert any(p.suffix == ".xml" for p in relating), "no feed was written"
    for page in relating:
        url = f"{SITEURL}/{page.relative_to(output).as_posix()}".removesuffix("index.html")
        targets = {_file_of(output, a) for a in _links(page, page.read_text("utf-8"), url)}
        other = names_real if page in names_pseudonym else names_pseudonym
        if page in names_pseudonym | names_real:
            linked = sorted(str(t.relative_to(output)) for t in targets & other)
            assert linked == [], f"{page.relative_to(output)} links to {linked}"
    graph = json.loads((output / "data" / "portal.json").read_text("utf-8"))
    edges = {(e["from"], e["to"]) for e in graph["relations"]}

    def neighbours(node: str) -> set[str]:
        return {a for a, b in edges if b == node} | {b for a, b in edges if a == node}

    her = neighbours("person:witness-a") | {"person:witness-a"}
    assert not her & (neighbours("entry:mamani2020testimonio") | {"entry:mamani2020testimonio"})


@pytest.fixture
def witness_site(build_site):
    def _build(extra=None, **settings):
        return build_site({**BASE, **(extra or {})}, **{**SETTINGS, **settings})

    return _build


def _warnings(result, code: str) -> list[str]:
    return [str(d) for d in result.diagnostics if d.code == code]


# --- the tests --------------------------------------------------------------------------------
def test_an_entry_by_the_real_name_stays_an_ordinary_entry(witness_site):
    site, result = witness_site()
    assert result.ok, result.messages()
    entry = site.read("bibliography/mamani2020testimonio/index.html")
    assert "Mamani Quispe" in entry
    assert "witness-a" not in entry and "Witness A" not in entry
    profile = site.read("people/witness-a/index.html")
    assert "mamani2020testimonio" not in profile and "Dr" not in profile.split("<main")[1]
    # The editor is told where both are, in the build's diagnostic form, naming neither name.
    assert _warnings(result, "portal.pseudonym_author") == [
        "bibliography/refs.bib:1: warning: 'mamani2020testimonio' names a pseudonymous person "
        "(content/people/rosa-mamani.md:2) (hint: it is listed on no page that shows her, and "
        "none of those pages links to it; if it is not her, remove the alias that matches from "
        "her file)"
    ]
    assert_kept_apart(site.root / "output")


def test_her_talk_citing_the_work_leaves_it_out(witness_site):
    site, result = witness_site(WORKSHOP)
    assert result.ok, result.messages()
    workshop = site.read("workshops/hearing/index.html")
    assert "Witness A" in workshop
    assert "Testimonio" not in workshop
    case = site.read("case-studies/bolivia/index.html")
    assert "Witness A" in case and "Testimonio" not in case
    assert _warnings(result, "portal.pseudonym_cite") == [
        "content/workshops/hearing.md:8: warning: 'mamani2020testimonio' names a pseudonymous "
        "person (content/people/rosa-mamani.md:2) whom this page shows (hint: a citation in "
        "front matter is left out of the page; remove one from the body yourself, or leave her "
        "out of this page)"
    ]
    assert_kept_apart(site.root / "output")


def test_her_organisation_does_not_list_the_work(witness_site):
    site, result = witness_site(ORGANISATION)
    assert result.ok, result.messages()
    organisation = site.read("organisations/hrw/index.html")
    assert "Witness A" in organisation and "Testimonio" not in organisation
    assert "organisations/hrw/" not in site.read("bibliography/mamani2020testimonio/index.html")
    assert "organisations/hrw/" in site.read("people/witness-a/index.html")
    assert_kept_apart(site.root / "output")


def test_a_translation_takes_her_pseudonym(witness_site):
    site, result = witness_site(TRANSLATION)
    assert result.ok, result.messages()
    spanish = site.read("es/people/witness-a/index.html")
    assert "Witness A" in spanish and "Una testigo" in spanish
    assert 'hreflang="en"' in spanish and "/people/witness-a/" in spanish
    assert not (site.root / "output" / "people" / "rosa-mamani").exists()
    assert_kept_apart(site.root / "output")


def test_a_pseudonym_only_in_a_translation_is_refused(witness_site):
    extra = {
        "content/people/ana.md": "---\nname: Ana Real\n---\nBio.\n",
        "content/people/ana.es.md": (
            "---\nname: Ana Real\npseudonym: Testigo B\nlang: es\n---\nBio.\n"
        ),
    }
    _site, result = witness_site(extra)
    assert not result.ok
    assert _warnings(result, "portal.pseudonym") == [
        "content/people/ana.es.md:3: error: a pseudonym in a translation only: the original's "
        "page would show the real name (hint: give the original, ana.md, the pseudonym (its "
        "translations take it))"
    ]


HER_PAGE = '<nav><a href="/bibliography/">Bibliography</a></nav><main>Witness A{}</main>'
FEED = "<feed><entry><author><name>Witness A</name></author>{}</entry></feed>"
WORK_LINK = '<a href="https://example.org/bibliography/x/">a work</a>'


def _write_output(root: Path, files: dict[str, str]) -> Path:
    """A small output folder that keeps the two apart (her pages link only to the site's
    sections), with ``files`` added or replaced."""
    output = root / "output"
    site = {
        "pagefind/fragment/en_0.pf_fragment": "Witness A",
        "data/portal.json": '{"relations": []}',
        "feeds/all.atom.xml": FEED.format(""),
        "bibliography/index.html": "<main>Mamani Quispe, R.</main>",
        "bibliography/x/index.html": "<main>Mamani Quispe, R.</main>",
        "index.html": HER_PAGE.format('<a href="https://example.org/bibliography/">all</a>'),
        **files,
    }
    for name, text in site.items():
        path = output / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(gzip.compress(b"pagefind_dcd" + data, mtime=0) if ".pf_" in name else data)
    return output


def test_the_scan_passes_what_keeps_them_apart(tmp_path):
    assert_kept_apart(_write_output(tmp_path, {}))


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"pagefind/fragment/en_1.pf_fragment": "Witness A, born Rosa Mamani Quispe"}, "both"),
        ({"people/witness-a/index.html": HER_PAGE.format(WORK_LINK)}, "links to"),
        ({"feeds/all.atom.xml": FEED.format('<link href="https://example.org/bibliography/x/"/>')},
         "links to"),
    ],
)  # fmt: skip
def test_the_scan_catches_a_leak(tmp_path, files, message):
    """The scan itself: a file that holds both names, or a page or feed naming one that links
    to a page naming the other, fails it (a link to the site's sections does not)."""
    with pytest.raises(AssertionError, match=message):
        assert_kept_apart(_write_output(tmp_path, files))


def test_posts_naming_her_real_name_are_kept_apart(witness_site):
    """Posts that name her (by name or alias) or cite her work are built, are listed by the
    entry, and stay out of every page and feed that shows her: her profile, her case study, the
    home page, the archives and the feeds, which list every other post."""
    site, result = witness_site({**WORKSHOP, **POSTS})
    assert result.ok, result.messages()
    apart = ("names-her", "alias", "cites-her")
    for slug in apart:
        page = site.read(f"posts/{slug}/index.html")
        assert "witness-a" not in page and "case-studies/bolivia/" not in page
    assert "Mamani Quispe" in site.read("posts/names-her/index.html")
    entry = site.read("bibliography/mamani2020testimonio/index.html")
    assert "/posts/names-her/" in entry and "/posts/cites-her/" in entry
    case = site.read("case-studies/bolivia/index.html")
    assert "/posts/says-witness/" in case and "/posts/by-her/" in case
    for listing in ("index.html", "archives.html", "category/posts.html", "feeds/all.atom.xml",
                    "feeds/case-studies/bolivia.atom.xml", "sitemap.xml"):  # fmt: skip
        text = site.read(listing)
        assert "/posts/plain/" in text or "bolivia" in listing
        assert not [slug for slug in apart if f"/posts/{slug}/" in text], listing
    where = "(content/people/rosa-mamani.md:2)"
    left_out = "left out of the home page, archives and feeds"
    assert _warnings(result, "portal.pseudonym_text") == [
        f"content/posts/alias.md:5: warning: the text names a pseudonymous person by her real "
        f"name or an alias {where} (hint: write her pseudonym instead; this page is kept apart "
        f"from hers, and {left_out})",
        f"content/posts/cites-her.md:6: warning: cites 'mamani2020testimonio', which names a "
        f"pseudonymous person {where} (hint: this page is kept apart from hers: no page that "
        f"shows her lists it, and it is {left_out})",
        f"content/posts/names-her.md:8: warning: the text names a pseudonymous person by her "
        f"real name or an alias {where} (hint: write her pseudonym instead; this page is kept "
        f"apart from hers, and {left_out})",
    ]
    assert_kept_apart(site.root / "output")


WHOLE_SITE_EXTRA = {
    "bibliography/more.bib": """
        @article{other2022,
          author = {Other, Olga},
          title = {Conversations with Rosa Mamani},
          journaltitle = {Memoria},
          date = {2022},
        }
        """,
    "content/posts/title-names-her.md": """
        ---
        title: The book of Rosa Mamani Quispe
        date: 2024-03-06
        ---
        A book.
        """,
    "content/series/voices.md": "---\ntitle: Voices\n---\nA series.\n",
    "content/people/luis.md": "---\nname: Luis Otro\n---\nA reader.\n",
    "content/pages/about.md": """
        ---
        title: About
        ---
        Thanks to Witness A.
        """,
    "content/pages/sources.md": """
        ---
        title: Sources
        ---
        Rosa Mamani Quispe gave us her book [@mamani2020testimonio].
        """,
    "content/case-studies/peru.md": """
        ---
        title: Peru
        timeline:
          - {date: 2020, event: The book, cites: [mamani2020testimonio]}
        ---
        Elsewhere.
        """,
    "content/workshops/launch.md": """
        ---
        title: Launch
        date: 2024-04-01
        series: voices
        case_studies: [peru]
        presentations:
          - speaker: luis
            title: Reading the book
        ---
        Rosa Mamani presented her book.
        """,
    "content/posts/by-her.es.md": """
        ---
        title: En sus palabras
        date: 2024-03-01
        slug: by-her
        lang: es
        authors: [rosa-mamani]
        ---
        Contado por [la testigo]({person}rosa-mamani).
        """,
    "content/posts/names-her.es.md": """
        ---
        title: Una reseña
        date: 2024-03-02
        slug: names-her
        lang: es
        ---
        Rosa Mamani Quispe escribió [@mamani2020testimonio].
        """,
}


def test_the_whole_site_keeps_them_apart(witness_site):
    """Every route at once, with index pages, series, Pelican pages, translations and tags."""
    files = {**WORKSHOP, **POSTS, **ORGANISATION, **TRANSLATION, **WHOLE_SITE_EXTRA}
    for post in ("says-witness", "names-her"):  # one on each side, in one tag and series
        name = f"content/posts/{post}.md"
        files[name] = files[name].replace(
            "date:", "tags: [hearing]\n        series: voices\n        date:"
        )
    site, result = witness_site(files, TAG_FEED_ATOM="feeds/tag-{slug}.atom.xml")
    assert result.ok, result.messages()
    home = site.read("index.html")
    assert "/posts/says-witness/" in home and "/case-studies/bolivia/" in home
    for apart in ("/case-studies/peru/", "/workshops/launch/", "/pages/sources/", "/names-her/"):
        assert apart not in home
    assert "/workshops/launch/" not in site.read("feeds/workshops.atom.xml")
    assert "/workshops/launch/" not in site.read("workshops.ics")
    assert "/workshops/launch/" in site.read("workshops/launch/launch.ics")
    assert "/posts/names-her/" not in site.read("feeds/tag-hearing.atom.xml")
    assert "/workshops/launch/" in site.read("series/voices/index.html")
    assert "/pages/sources/" not in site.read("people/witness-a/index.html")
    graph = site.read("data/portal.json")  # it lists her: what names her real identity is not
    assert '"person:witness-a"' in graph and '"entry:mamani2020testimonio"' in graph
    assert "other2022" not in graph and "title-names-her" not in graph
    text = [w.split(": warning")[0] for w in _warnings(result, "portal.pseudonym_text")]
    assert text == [
        "content/case-studies/peru.md:4",
        "content/pages/sources.md:4",
        "content/posts/alias.md:5",
        "content/posts/cites-her.md:6",
        "content/posts/names-her.es.md:7",
        "content/posts/names-her.md:10",
        "content/posts/title-names-her.md:2",
        "content/workshops/launch.md:10",
    ]
    assert_kept_apart(site.root / "output")
