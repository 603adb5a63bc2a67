"""Fixtures for the browser tests: the demo portal built once, served over HTTP, driven by
Debian's chromium through pytest-playwright.

What a browser test gets here (use them; keep new tests this short):

- ``page`` (pytest-playwright): a fresh tab whose relative URLs resolve against the served demo
  site, so ``page.goto("/people/oriana-bernasconi/")`` works.
- ``demo_output``: the built ``output/`` folder (a ``Path``), to look up what was written.
- ``base_url``: ``http://127.0.0.1:<port>``, the server's address, without a trailing slash.
- ``expect_no_axe_violations(page)``: runs axe-core on the page as it is now and fails with every
  violation's rule id, impact, summary and the CSS targets of the offending elements.
- ``save_screenshots(page, name)``: full-page screenshots at phone (390x844) and desktop
  (1280x800) widths, written to ``test-artifacts/screenshots/<name>-<width>.png`` for reviewers.

Every test in this folder gets the ``browser`` marker. The browser is ``/usr/bin/chromium``
(``invoke test`` installs it with apt-get); Playwright never downloads one of its own.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT  # the axe-core it ships

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
#: ``invoke test`` tells where these are; the folder is in .gitignore.
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
#: (width, height) of the screenshots: a common phone, then a laptop.
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 800)}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium, headless; fail with the fix when it is missing (never skip)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run 'invoke test' (it installs Debian's chromium) or "
            "'apt-get install -y --no-install-recommends chromium' as root.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder like a static host: no request log, ``404.html`` for missing pages."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file() or self.command != "GET":
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port; yields ``http://127.0.0.1:<port>``."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(demo_output: Path) -> Iterator[str]:
    """Serve the built demo on 127.0.0.1 at a free port for the whole session.

    Overrides pytest-playwright's ``base_url``, so every ``page`` resolves "/..." against it.
    """
    with serve(demo_output) as url:
        yield url


def axe_violations_report(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violated rule: id, impact, summary, then each offending element."""
    lines = []
    for rule in violations:
        lines.append(f"{rule['id']} ({rule.get('impact')}): {rule['help']} <{rule['helpUrl']}>")
        for node in rule["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"  - {target}: {summary}")
    return "\n".join(lines)


def run_axe(
    page: Any, context: str | dict | None = None, rules: list[str] | None = None
) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (axe is injected once per document)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    results = page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, options]
    )
    return results["violations"]


@pytest.fixture
def expect_no_axe_violations() -> Callable[..., None]:
    """``expect_no_axe_violations(page)``: axe-core's default rules (WCAG 2.1 A/AA and best
    practices) on the page as it is now. ``context`` limits it to part of the page (a CSS
    selector, or axe's ``{"include": ..., "exclude": ...}``); ``rules`` to some rule ids."""

    def check(page: Any, context: str | dict | None = None, rules: list[str] | None = None) -> None:
        violations = run_axe(page, context, rules)
        if violations:
            pytest.fail(
                f"axe-core found {len(violations)} violated rule(s) on {page.url}:\n"
                + axe_violations_report(violations),
                pytrace=False,
            )

    return check


@pytest.fixture
def save_screenshots() -> Callable[[Any, str], list[Path]]:
    """``save_screenshots(page, name)``: full-page PNGs at each width in ``VIEWPORTS``.

    The page's viewport is restored afterwards, so a test can go on using it.
    """

    def save(page: Any, name: str) -> list[Path]:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        original = page.viewport_size
        paths = []
        for width, height in VIEWPORTS.values():
            page.set_viewport_size({"width": width, "height": height})
            path = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        if original:
            page.set_viewport_size(original)
        return paths

    return save


@pytest.fixture
def serve_folder() -> Callable[[Path], Any]:
    """``with serve_folder(path) as url:`` serves another built site (e.g. a tiny test site)."""
    return serve
