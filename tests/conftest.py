"""Fixtures shared by the integration tests: build a tiny real site in a temporary folder."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from memoria.site_build import BuildResult, build

REPO = Path(__file__).resolve().parent.parent

#: The settings every test site starts from; a test overrides what it exercises.
BASE_SETTINGS: dict[str, Any] = {
    "SITENAME": "Test site",
    "SITEURL": "",
    "PATH": "content",
    "ARTICLE_PATHS": ["posts"],
    "PAGE_PATHS": ["pages"],
    "SLUGIFY_SOURCE": "basename",
    "ARTICLE_URL": "posts/{slug}/",
    "ARTICLE_SAVE_AS": "posts/{slug}/index.html",
    "PAGE_URL": "{slug}/",
    "PAGE_SAVE_AS": "{slug}/index.html",
    "TIMEZONE": "UTC",
    "LOCALE": ("C.UTF-8", "C"),
    "THEME": str(REPO / "theme"),
    "PLUGIN_PATHS": [str(REPO / "plugins")],
    "PLUGINS": ["memoria.front_matter", "memoria.bibliography", "memoria.i18n"],
    "FEED_ALL_ATOM": None,
    "CATEGORY_FEED_ATOM": None,
    "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "CACHE_PATH": "cache",
}


class Site:
    """A site folder in tmp_path: write files, build it, read what it wrote."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, files: Mapping[str, str]) -> None:
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

    def build(self, **settings: Any) -> BuildResult:
        merged = {**BASE_SETTINGS, **settings}
        lines = [f"{name} = {value!r}" for name, value in merged.items()]
        (self.root / "pelicanconf.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (self.root / "content").mkdir(exist_ok=True)
        return build(self.root / "pelicanconf.py")

    def read(self, relative: str) -> str:
        return (self.root / "output" / relative).read_text(encoding="utf-8")

    def exists(self, relative: str) -> bool:
        return (self.root / "output" / relative).exists()


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


@pytest.fixture
def build_site(site: Site) -> Callable[..., tuple[Site, BuildResult]]:
    """``build_site({"content/posts/a.md": "..."}, CSL_STYLE="apa")`` -> (site, result)."""

    def _build(files: Mapping[str, str], **settings: Any) -> tuple[Site, BuildResult]:
        site.write(files)
        return site, site.build(**settings)

    return _build


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo portal (``pelicanconf.py``) built once per test run."""
    out = tmp_path_factory.mktemp("demo")
    result = build(
        REPO / "pelicanconf.py",
        overrides={
            "OUTPUT_PATH": str(out / "output"),
            "CACHE_PATH": str(out / "cache"),
            "SITEURL": "",
        },
    )
    if not result.ok:
        last_line = result.internal_error.strip().splitlines()[-1:] if result.internal_error else []
        pytest.fail("the demo site does not build:\n" + "\n".join(result.messages() + last_line))
    return result.output_path
