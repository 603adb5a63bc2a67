"""Writes the site-wide files: the portal's Atom feeds, ``sitemap.xml`` and ``404.html``.

Phase one decides everything from the relations (:mod:`memoria.site_meta.plugin` stores the
case-study feeds in the context and gives this generator the list of all generators); phase two,
here, only writes.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator

from memoria import theme
from memoria.bibliography.generator import BibliographyGenerator
from memoria.diagnostics import log_for
from memoria.portal.generators import CONTEXT_KEYS, PortalGenerator
from memoria.portal.settings import today
from memoria.site_meta.feeds import FeedPlan, newest_first
from memoria.site_meta.settings import SiteMetaSettings, read_settings
from memoria.site_meta.sitemap import SitemapUrl, content_date, newest, page_url, sitemap_xml

#: Context key of the case-study feeds: file slug -> FeedPlan (set once relations exist).
CASE_STUDY_FEEDS_KEY = "case_study_feeds"


class SiteMetaGenerator(Generator):
    """Feeds, sitemap and the 404 page; runs after every other generator has its context."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Our templates serve as a fallback, so a site with another theme still gets a 404 page.
        self.env.loader.loaders.append(FileSystemLoader(str(Path(theme.PATH) / "templates")))
        self.generators: list[Any] = []  # every generator of the build, given in phase one
        self.meta: SiteMetaSettings | None = None

    def generate_context(self) -> None:
        self.meta, problems = read_settings(self.settings)
        log_for(self.settings).extend(problems)
        self.context["WORKSHOPS_FEED_URL"] = (
            self.meta.workshops_feed if self.context.get(CONTEXT_KEYS["workshop"]) else ""
        )

    # --- phase two ------------------------------------------------------------------------
    def generate_output(self, writer: Any) -> None:
        meta = self.meta
        assert meta is not None
        for plan in self._feeds(meta):
            writer.write_feed(list(plan.items), self.context, plan.save_as, feed_title=plan.title)
        if meta.not_found:
            writer.write_file(
                meta.not_found,
                self.get_template("404"),
                self.context,
                relative_urls=False,  # served at any depth: links must start at the site root
                url="",
                page_name="404",
                not_found=True,
            )
        if meta.sitemap:
            target = Path(self.output_path) / meta.sitemap
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(sitemap_xml(self.sitemap_urls(meta)), encoding="utf-8")

    def _feeds(self, meta: SiteMetaSettings) -> list[FeedPlan]:
        plans = list(self.context.get(CASE_STUDY_FEEDS_KEY, {}).values())
        workshops = self.context.get(CONTEXT_KEYS["workshop"]) or []
        if meta.workshops_feed and workshops:
            plans.append(FeedPlan(meta.workshops_feed, "Workshops", newest_first(workshops)))
        return plans

    # --- the sitemap ----------------------------------------------------------------------
    def sitemap_urls(self, meta: SiteMetaSettings) -> list[SitemapUrl]:
        """Every page the build writes that belongs in a sitemap, with its ``lastmod``."""
        day = today(self.settings)
        urls: list[SitemapUrl] = []
        for generator in self.generators:
            if isinstance(generator, ArticlesGenerator):
                urls += self._blog_urls(generator, day)
            elif isinstance(generator, PagesGenerator):
                urls += [
                    self._url(page.url, content_date(page, day))
                    for page in [*generator.pages, *generator.translations]
                ]
            elif isinstance(generator, PortalGenerator):
                urls += self._portal_urls(generator, day)
            elif isinstance(generator, BibliographyGenerator):
                urls += self._bibliography_urls(generator, day)
        return urls

    def _url(self, url: str, lastmod: datetime.date | None) -> SitemapUrl:
        return SitemapUrl(page_url(self.meta.siteurl if self.meta else "", url), lastmod)

    def _blog_urls(self, generator: ArticlesGenerator, day: datetime.date) -> list[SitemapUrl]:
        posts = [*generator.articles, *generator.translations]
        urls = [self._url(post.url, content_date(post, day)) for post in posts]
        newest_post = newest(content_date(post, day) for post in generator.articles)
        for name in self.settings.get("DIRECT_TEMPLATES", ()):
            save_as = self.settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
            if save_as:
                url = self.settings.get(f"{name.upper()}_URL", save_as)
                urls.append(self._url(_folder_url(url), newest_post))
        taxonomies = [*generator.categories, *generator.tags.items()]
        for taxonomy, members in taxonomies:
            if taxonomy.save_as:
                urls.append(self._url(taxonomy.url, newest(content_date(m, day) for m in members)))
        # Author pages are left out: a person may be `noindex` yet author posts.
        return urls

    def _portal_urls(self, generator: PortalGenerator, day: datetime.date) -> list[SitemapUrl]:
        if not generator.items:
            return []
        urls = []
        pages = [*generator.items.values(), *getattr(generator, "translations", [])]
        for content in pages:
            if getattr(content, "noindex", False):
                continue  # a person at risk asked not to be found
            related = getattr(content, "related", None)
            shown = (
                [*related.posts, *related.workshops, *(t.workshop for t in related.talks)]
                if related
                else []
            )
            lastmod = content_date(content, day) or newest(content_date(c, day) for c in shown)
            urls.append(self._url(content.url, lastmod))
        prefix = generator.kind.setting_prefix
        index_url = self.settings[f"{prefix}_INDEX_URL"]
        urls.append(self._url(index_url, newest(u.lastmod for u in urls)))
        return urls

    def _bibliography_urls(
        self, generator: BibliographyGenerator, day: datetime.date
    ) -> list[SitemapUrl]:
        library = generator.library
        if library is None or not library.entries or library.processor is None:
            return []  # the generator writes no page either
        urls = [
            self._url(
                library.entry_url(key),
                newest(content_date(c, day) for c in generator.cited_in.get(key, [])),
            )
            for key in library.entries
        ]
        urls.append(self._url(library.settings.index_url, newest(u.lastmod for u in urls)))
        return urls


def _folder_url(url: str) -> str:
    """``index.html`` -> ``""``, ``a/index.html`` -> ``a/``: the address a server answers."""
    if url == "index.html":
        return ""
    return url[: -len("index.html")] if url.endswith("/index.html") else url
