"""Every internal link and anchor of the built demo portal leads somewhere.

Each ``href``/``src``/``action`` in every HTML file under ``output/`` that points into the site
must name a file that was written (a URL ending in ``/`` means its ``index.html``), and its
``#fragment`` must be an ``id`` (or an ``<a name>``) in the target page. External links are
not fetched. All broken links are reported at once.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Attributes holding a URL, on any element.
URL_ATTRIBUTES = {"href", "src", "action", "poster"}
#: Schemes of links that are not files of the site.
OTHER_SCHEMES = {"mailto", "tel", "javascript", "data"}


class _PageLinks(HTMLParser):
    """The URLs a page links to (with their line) and the ids it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES:
                self.links.append((self.getpos()[0], value.strip()))
            elif name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _PageLinks:
    parser = _PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _target(output: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file an internal ``url`` on ``page`` names and its fragment; None when external."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None  # http(s), mailto, protocol-relative...: not ours to check
    page_url = "/" + page.relative_to(output).as_posix()
    path = unquote(parts.path)
    if not path:
        resolved = page_url
    else:
        base = posixpath.dirname(page_url)
        resolved = posixpath.normpath(posixpath.join(base, path))
        if path.endswith("/") and not resolved.endswith("/"):
            resolved += "/"
    file = output / resolved.lstrip("/")
    if resolved.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, unquote(parts.fragment)


def broken_links(output: Path) -> Iterator[str]:
    """``page:line: url: why`` for every internal link of the site that leads nowhere."""
    pages = {path: _parse(path) for path in sorted(output.rglob("*.html"))}
    for page, parsed in pages.items():
        for line, url in parsed.links:
            if url.split(":", 1)[0].lower() in OTHER_SCHEMES:
                continue
            target = _target(output, page, url)
            if target is None:
                continue
            file, fragment = target
            where = f"{page.relative_to(output)}:{line}: {url}"
            if not file.resolve().is_relative_to(output.resolve()):
                yield f"{where}: points outside the site"
            elif not file.is_file():
                yield f"{where}: no such file {file.relative_to(output)}"
            elif fragment and file.suffix == ".html":
                target_page = pages.get(file) or _parse(file)
                if fragment not in target_page.ids:
                    yield f"{where}: no id {fragment!r} in {file.relative_to(output)}"


def test_every_internal_link_and_anchor_of_the_demo_resolves(demo_output: Path):
    problems = list(broken_links(demo_output))
    assert not problems, f"{len(problems)} broken internal link(s):\n" + "\n".join(problems)


def test_the_checker_finds_missing_files_and_anchors(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<p id="here"><a href="#here">ok</a> <a href="../b.html#nowhere">anchor</a>'
        ' <a href="/missing/">file</a> <a href="https://example.org/x">external</a>'
        ' <a href="mailto:a@example.org">mail</a> <img src="../a/"></p>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<a href="a/#here" id="top">back</a>', encoding="utf-8")
    assert list(broken_links(tmp_path)) == [
        "a/index.html:1: ../b.html#nowhere: no id 'nowhere' in b.html",
        "a/index.html:1: /missing/: no such file missing/index.html",
    ]
