"""In Chromium, under the site's strict CSP: charts show with JavaScript off, turn live with it on.

Serves the built fixture site with a Content-Security-Policy header stricter than the site's
own (no WebAssembly), drives /usr/bin/chromium with Playwright (tests/browser/harness.py), and
records CSP violations, console errors, page errors and every request (all must stay local).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ..browser.harness import SiteServer, chromium
from .conftest import Built

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""
INTERACTIVE = ("commitments", "capacity", "timeline", "chatgpt-users")


@pytest.fixture(scope="module")
def server(built: Built) -> Iterator[str]:
    headers = [("Content-Security-Policy", CSP)]
    with SiteServer(built.root / "site", "/", headers) as running:
        yield running.url()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium() as launched:
        yield launched


class Watched:
    """A page with its console errors, page errors and requests recorded."""

    def __init__(self, browser, server: str, **context_options) -> None:
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.page.add_init_script(WATCH)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.server = server

    def open(self, path: str) -> None:
        self.page.goto(self.server + path, wait_until="load")

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations || []")

    def assert_clean(self) -> None:
        assert self.errors == []
        assert [u for u in self.requests if not u.startswith(self.server)] == []

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_static_chart_is_visible_without_javascript(browser, server: str, lang: str) -> None:
    watched = Watched(browser, server, java_script_enabled=False, viewport={"width": 1280, "height": 900})
    watched.open(f"{lang}/charts/")
    for chart in ("commitments", "revenue", "timeline"):
        svg = watched.page.locator(f"#chart-{chart} .chart__wide svg")
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box["width"] > 500 and box["height"] > 150
        assert watched.page.locator(f"#chart-{chart} .chart__narrow svg").is_hidden()
    bars = watched.page.locator("#chart-commitments .chart__wide .mark-rect path")
    assert bars.count() == 6                              # disclosed values only, no total
    assert watched.page.locator("#chart-commitments .chart__live").is_hidden()
    assert watched.page.locator("#chart-commitments .chart__upgrade").is_hidden()
    watched.assert_clean()
    watched.close()


def test_phone_width_shows_the_narrow_drawing(browser, server: str) -> None:
    watched = Watched(browser, server, java_script_enabled=False, viewport={"width": 360, "height": 800})
    watched.open("ja/charts/")
    narrow = watched.page.locator("#chart-capacity .chart__narrow svg")
    assert narrow.is_visible() and watched.page.locator("#chart-capacity .chart__wide svg").is_hidden()
    assert narrow.bounding_box()["width"] <= 360
    font = watched.page.locator("#chart-capacity .chart__narrow svg text").first.evaluate(
        "t => getComputedStyle(t).fontFamily")
    # the page's font, not the measuring font nor the list on the drawing's root (svg.py), for readers without CSS
    assert font == watched.page.evaluate("() => getComputedStyle(document.body).fontFamily")
    watched.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_charts_become_interactive_under_the_strict_csp(browser, server: str, lang: str) -> None:
    watched = Watched(browser, server, viewport={"width": 1280, "height": 900})
    watched.open(f"{lang}/charts/")
    page = watched.page
    for chart in INTERACTIVE:
        page.locator(f"#chart-{chart}").scroll_into_view_if_needed()
        page.wait_for_selector(f"#chart-{chart}[data-chart-state='live'] .chart__live svg", timeout=20_000)
        assert page.locator(f"#chart-{chart} .chart__static").is_hidden()
        assert page.locator(f"#chart-{chart} .chart__live svg").bounding_box()["width"] > 500
    static_only = page.locator("#chart-revenue")
    static_only.scroll_into_view_if_needed()
    assert static_only.get_attribute("data-chart-state") is None
    assert page.locator("#chart-revenue .chart__wide svg").is_visible()

    # Hover a bar: vega-tooltip shows Babel's words.
    page.locator("#chart-commitments").scroll_into_view_if_needed()
    label = "AWS：380億ドル" if lang == "ja" else "Amazon Web Services: $38 billion"
    page.locator(f"#chart-commitments .chart__live path[aria-label='{label}']").hover()
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(timeout=5_000)
    assert ("380億ドル" if lang == "ja" else "$38 billion") in tooltip.inner_text()
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    live_label = page.locator("#chart-commitments .chart__live").get_attribute("aria-label")
    assert live_label.startswith("OpenAIが" if lang == "ja" else "OpenAI’s major compute deals")   # typographic quotes

    assert watched.violations() == []
    watched.assert_clean()
    assert any(u.endswith("/vendor/vega-6.2.0/vega.min.js") for u in watched.requests)

    # Negative control: the listener does see a violation when there is one.
    page.evaluate("document.head.appendChild(document.createElement('style')).textContent = 'p{}'")
    page.wait_for_function("window.__violations.length > 0")
    assert watched.violations()[0].startswith("style-src")
    watched.close()


def test_print_keeps_the_static_chart(browser, server: str) -> None:
    watched = Watched(browser, server, viewport={"width": 1280, "height": 900})
    watched.open("en/charts/")
    page = watched.page
    page.wait_for_selector("#chart-commitments[data-chart-state='live']", timeout=20_000)
    page.emulate_media(media="print")
    assert page.locator("#chart-commitments .chart__wide svg").is_visible()
    assert page.locator("#chart-commitments .chart__live").is_hidden()
    assert page.locator("#chart-commitments table").is_visible()       # the data, printed open
    watched.close()


def test_data_saver_waits_for_the_button(browser, server: str) -> None:
    """Without IntersectionObserver (as with data saver), nothing loads until the reader asks."""
    watched = Watched(browser, server, viewport={"width": 1280, "height": 900})
    watched.page.add_init_script("delete window.IntersectionObserver;")
    watched.open("en/charts/")
    page = watched.page
    page.wait_for_timeout(500)
    assert not any("vega" in u for u in watched.requests)
    button = page.locator("#chart-capacity .chart__upgrade button")
    assert button.is_visible() and button.inner_text() == "Interactive version"
    button.click()
    page.wait_for_selector("#chart-capacity[data-chart-state='live'] .chart__live svg", timeout=20_000)
    assert button.is_hidden()
    assert watched.violations() == []
    watched.assert_clean()
    watched.close()
