"""The one address of every page, for ``<link rel="canonical">``, ``og:url`` and the sitemap.

Pelican rewrites ``SITEURL`` in each page's context to a relative path when ``RELATIVE_URLS`` is
on, so templates cannot build an absolute address from it; ``canonical_url()`` in a template
gives ``SITEURL`` (from the settings) plus the page's address, or a site-relative address when
``SITEURL`` is empty.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context


def canonical_url(siteurl: str, output_file: str) -> str:
    """``SITEURL`` + the address a server answers for ``output_file`` (``a/index.html``: ``a/``)."""
    path = output_file.replace("\\", "/").lstrip("/")
    if path == "index.html":
        path = ""
    elif path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{siteurl.rstrip('/')}/{path}"


def install(generator: Any) -> None:
    """``generator_init``: ``canonical_url()`` in every template of the generator."""
    siteurl = str(generator.settings.get("SITEURL") or "")

    @pass_context
    def page_canonical_url(context: Any) -> str:
        return canonical_url(siteurl, str(context.get("output_file") or ""))

    generator.env.globals["canonical_url"] = page_canonical_url
