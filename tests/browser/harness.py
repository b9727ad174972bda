"""What the browser tests share: building a site, serving it, launching Chromium, and the checks.

Every check is a function that visits one page and returns a list of problems (empty when the
page is fine), so the tests stay short loops and `test_harness.py` can prove on a deliberately
broken page that each check does find what it looks for.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import tomllib
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn
from urllib.parse import unquote, urlsplit

import pytest

if TYPE_CHECKING:   # playwright is imported lazily: without it the browser tests skip, not crash
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page, Route

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "vendor" / "axe-core" / "axe.min.js"
VNU_JAR = Path(os.environ.get("VNU_JAR", HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))
RESULTS = REPO / "test-results"
TAKEN: list[Path] = []          # screenshots written in this run, for the summary

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
INSTALL_BROWSER = "sudo apt-get install chromium fonts-noto-cjk"
INSTALL_CHECKER = "sudo apt-get install nodejs npm default-jre-headless, then make test (it runs npm ci)"

# The policy the site is meant to work under. The server sends it as a real header (as a host
# would) on top of the page's own <meta> tag; when the build writes a `_headers` file for hosts
# that read one, the server sends those headers instead, so the tests follow the site's policy.
DEFAULT_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'")
# WCAG 2.2 A/AA (2.2 adds target size, 24×24 px) and axe's best practices (headings, landmarks…).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# The WCAG rules whose outcome depends on colours: all that changes in dark mode.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
NOT_FOUND_PATH = "this/page/does-not-exist/"   # where a reader meets the 404 page

# Families that draw Japanese with Japanese glyph shapes (not Chinese ones, not tofu boxes).
JAPANESE_FONT = re.compile(r"CJK JP|\bJP\b|Japanese|Hiragino|IPAex|IPA[PM]?[ -]?(Gothic|Mincho)|Meiryo|Yu Gothic"
                           r"|BIZ UD|Source Han (Sans|Serif)(?! [SKT]C)|Takao|VL Gothic|Ume", re.I)
JAPANESE_TEXT = r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]"


# --- required or optional -------------------------------------------------------------------

def required() -> bool:
    """In CI (CI=true, or REQUIRE_BROWSER=1 which .ci/run sets) missing tools are failures."""
    return os.environ.get("CI", "").lower() in ("true", "1") or os.environ.get("REQUIRE_BROWSER") == "1"


def unavailable(message: str) -> NoReturn:
    """Skip on a developer machine, fail in CI: a green CI run must mean the checks ran."""
    if required():
        pytest.fail(f"{message} (required here: CI or REQUIRE_BROWSER is set)", pytrace=False)
    pytest.skip(message)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, through Playwright. Skips (or fails in CI) if it is missing.

    Playwright's sync API allows one running instance per thread: callers keep it for a
    package or a module, and close it before another one starts."""
    if not CHROMIUM.exists():
        unavailable(f"Chromium not found at {CHROMIUM}: install it with `{INSTALL_BROWSER}` "
                    "(or set CHROMIUM=/path/to/chromium) to run the browser tests")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable("the playwright package is missing: run `make test` (it installs requirements-dev.txt)")
    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except Error as exc:
        playwright.stop()
        unavailable(f"Chromium at {CHROMIUM} does not start: {str(exc).splitlines()[0]}")
    try:
        yield launched
    finally:
        launched.close()
        playwright.stop()


# --- sites ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SitePage:
    """One HTML file of a built site and the URL path a reader reaches it at."""
    file: str          # 'ja/deal/index.html'
    path: str          # 'ja/deal/' (relative to the site's base path)
    lang: str          # <html lang>
    status: int = 200  # the 404 page is served with 404

    @property
    def in_language_folder(self) -> bool:
        return self.path.split("/", 1)[0] == self.lang


@dataclass(frozen=True)
class BuiltSite:
    name: str          # a fixture site's folder name ('valid', …) or 'real'
    root: Path         # the project folder that was built
    base_path: str     # '/explainer/': the site is served under it, as on GitHub project pages
    languages: tuple[str, ...]

    @property
    def output(self) -> Path:
        return self.root / "site"

    def pages(self) -> list[SitePage]:
        """Every HTML page in the output, from the files: nothing is listed by hand."""
        found = []
        for file in sorted(self.output.rglob("*.html")):
            rel = file.relative_to(self.output).as_posix()
            lang = html_lang(file.read_text(encoding="utf-8"))
            if rel == "404.html":
                found.append(SitePage(rel, NOT_FOUND_PATH, lang, 404))
            else:
                found.append(SitePage(rel, rel.removesuffix("index.html"), lang))
        return found

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))


def first_in_each_language(pages: list[SitePage]) -> list[SitePage]:
    """The first of `pages` in each language they are in: for a check of something made the same way
    on every page (a chart's layout, a citation's preview), done once a language."""
    return [next(p for p in pages if p.lang == lang) for lang in dict.fromkeys(p.lang for p in pages)]


def explainer_for(site: BuiltSite, lang: str) -> SitePage:
    """The first page in the language's navigation that has a chart, else the first one."""
    home = (site.output / lang / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="site-nav"'):]
    candidates = [p for p in site.pages() if p.lang == lang and p.in_language_folder and p.path != f"{lang}/"
                  and f'href="{p.path.removeprefix(lang + "/")}"' in nav]
    candidates.sort(key=lambda p: nav.index(f'href="{p.path.removeprefix(lang + "/")}"'))
    assert candidates, f"no explainer in the {lang} navigation"
    with_chart = [p for p in candidates if 'class="chart"' in (site.output / p.file).read_text(encoding="utf-8")]
    return (with_chart or candidates)[0]


def html_lang(html: str) -> str:
    match = re.search(r"<html\b[^>]*\blang=\"([^\"]+)\"", html)
    return match.group(1) if match else ""


# What a copy of the repo for building the real site leaves out: tests, tools and outputs.
_NOT_SITE_INPUT = {".git", ".venv", "site", "site.tmp", "site.old", "tests", "test-results", "node_modules",
                   ".pytest_cache", ".ruff_cache", "bench", "docs", ".github", ".ci", "__pycache__"}


def has_real_content() -> bool:
    return all((REPO / "content" / lang).is_dir() for lang in ("ja", "en"))


def copy_repo_inputs(dest: Path) -> Path:
    """Copy what the real site is built from (content, data, templates, … and the chart cache)."""
    def ignore(folder: str, names: list[str]) -> list[str]:
        top = Path(folder) == REPO
        return [n for n in names if n == "__pycache__" or (top and n in _NOT_SITE_INPUT)]

    shutil.copytree(REPO, dest, symlinks=False, dirs_exist_ok=True, ignore=ignore)
    return dest


def build_site(name: str, root: Path) -> BuiltSite:
    """Run `build.py --root root` as an editor would; fail the tests with its output if it fails."""
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--quiet"],
                            capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        pytest.fail(f"building the {name} site failed (exit {result.returncode}):\n{result.stderr}{result.stdout}",
                    pytrace=False)
    config = tomllib.loads((root / "site.toml").read_text(encoding="utf-8"))
    base_path = urlsplit(config["base_url"]).path or "/"
    return BuiltSite(name, root, base_path, tuple(config["languages"]))


# --- serving --------------------------------------------------------------------------------

def site_headers(output: Path) -> list[tuple[str, str]]:
    """The headers a host would send: from the build's `_headers` file (the `/*` rule) if it
    has one, else the default Content-Security-Policy."""
    file = output / "_headers"
    if not file.is_file():
        return [("Content-Security-Policy", DEFAULT_CSP)]
    headers, in_all = [], False
    for line in file.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace():
            in_all = line.strip() == "/*"
        elif in_all and ":" in line:
            name, value = line.strip().split(":", 1)
            headers.append((name.strip(), value.strip()))
    return headers or [("Content-Security-Policy", DEFAULT_CSP)]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ under the base path, like GitHub Pages: 404.html (status 404) for anything
    missing or outside the base path, the site's headers on every response."""

    base_path = "/"
    headers_to_send: tuple[tuple[str, str], ...] = ()
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".css": "text/css",
        ".json": "application/json", ".svg": "image/svg+xml", ".csv": "text/csv; charset=utf-8",
        ".xml": "application/xml", "": "application/octet-stream"}

    def translate_path(self, path: str) -> str:
        plain = unquote(urlsplit(path).path)
        if not plain.startswith(self.base_path):
            return str(Path(self.directory) / ".not-under-base-path")
        return super().translate_path("/" + plain[len(self.base_path):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        for name, value in self.headers_to_send:
            self.send_header(name, value)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class SiteServer:
    """A built site on http://127.0.0.1:<port><base_path>, in a thread."""
    output: Path
    base_path: str = "/"
    headers: list[tuple[str, str]] | None = None   # None: site_headers(output)
    _server: http.server.ThreadingHTTPServer | None = field(default=None, repr=False)

    def __enter__(self) -> SiteServer:
        handler = type("Handler", (_Handler,), {
            "base_path": self.base_path,
            "headers_to_send": tuple(site_headers(self.output) if self.headers is None else self.headers)})
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
            handler, directory=str(self.output)))
        threading.Thread(target=self._server.serve_forever, name="site-server", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def origin(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str = "") -> str:
        return self.origin + self.base_path + path


# --- watching a browser context -------------------------------------------------------------

@dataclass
class Watch:
    """Records, for a browser context: requests to other hosts (aborted), console errors,
    uncaught exceptions and failed responses. `take()` returns and clears them."""
    origin: str
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    expected_status: dict[str, int] = field(default_factory=dict)   # url → status that is fine

    def attach(self, context: BrowserContext) -> Watch:
        context.route("**/*", self._route)
        context.on("page", self._page)
        return self

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.origin + "/"):
            route.continue_()
        else:
            self.foreign.append(f"{route.request.resource_type} {url}")
            route.abort("blockedbyclient")

    def _page(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught exception: {error}"))
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and where in self.expected_status:
            return     # the 404 page's own document, answered with 404 on purpose
        self.errors.append(f"console error: {message.text}" + (f" ({where})" if where else ""))

    def _response(self, response: Any) -> None:
        if response.status >= 400 and self.expected_status.get(response.url) != response.status:
            self.errors.append(f"HTTP {response.status} for {response.url}")

    def take(self) -> list[str]:
        problems = [f"request to another host: {r}" for r in self.foreign] + self.errors
        self.foreign, self.errors = [], []
        return problems


def open_page(page: Page, server: SiteServer, site_page: SitePage, watch: Watch | None = None) -> None:
    """Navigate to a page of the site and wait until it has loaded."""
    url = server.url(site_page.path)
    if watch is not None and site_page.status != 200:
        watch.expected_status[url] = site_page.status
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == site_page.status, (
        f"{url}: HTTP {response.status if response else 'no response'}, expected {site_page.status}")
    settle(page)


def settle(page: Page) -> None:
    """Let what the page's scripts start on load finish: js/charts.js swaps a chart in view for
    its live version, marking the figure data-chart-state=loading meanwhile. The short wait lets
    IntersectionObserver report first (a Python-side wait: it works with JavaScript off too)."""
    if page.query_selector("figure[data-chart-spec]"):
        page.wait_for_timeout(150)
        page.wait_for_function("() => !document.querySelector('[data-chart-state=loading]')", timeout=15_000)


def read_through(page: Page) -> None:
    """Scroll to the end as a reader would, so lazily loaded parts load, then let the network settle."""
    page.evaluate("""async () => {
        for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
            window.scrollTo(0, y);
            await new Promise(r => requestAnimationFrame(() => setTimeout(r, 30)));
        }
        window.scrollTo(0, 0);
    }""")
    page.wait_for_load_state("networkidle")
    settle(page)


# --- the checks: each returns the problems it found on the open page ------------------------

def axe_violations(page: Page, rules: list[str] | None = None) -> list[str]:
    """axe-core, WCAG 2.2 A and AA rules and best practices (or only `rules`, axe rule ids). Needs a context with
    bypass_csp=True (the injected script is inline as far as the page's policy is concerned)."""
    page.add_script_tag(path=str(AXE_JS))
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    violations = page.evaluate("""async (only) => {
        const result = await axe.run(document, {runOnly: only, resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' '))}));
    }""", only)
    problems = []
    for v in violations:
        nodes = v["nodes"]
        shown = "\n      ".join(nodes[:5]) + (f"\n      … and {len(nodes) - 5} more" if len(nodes) > 5 else "")
        problems.append(f"axe {v['id']} ({v['impact']}): {v['help']}\n      {shown}")
    return problems


def horizontal_overflow(page: Page) -> list[str]:
    """The page must not scroll sideways: scrollWidth ≤ viewport width. Names the culprits."""
    found = page.evaluate("""() => {
        const width = window.innerWidth, doc = document.documentElement;
        if (doc.scrollWidth <= width) return null;
        const clipped = el => { for (let a = el.parentElement; a; a = a.parentElement) {
            const o = getComputedStyle(a).overflowX; if (o !== 'visible') return a !== doc && a !== document.body; }
            return false; };
        const culprits = [];
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right > width + 0.5 && !clipped(el)) {
                const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                    (el.classList.length ? '.' + [...el.classList].join('.') : '');
                culprits.push(`${name} reaches ${Math.round(r.right)}px`);
            }
        }
        return {scrollWidth: doc.scrollWidth, width, culprits: culprits.slice(-5)};
    }""")
    if not found:
        return []
    return [f"scrollWidth {found['scrollWidth']}px > viewport {found['width']}px; widest: "
            + ("; ".join(found["culprits"]) or "(no single element)")]


def invisible_charts(page: Page) -> tuple[int, list[str]]:
    """Each figure.chart must show a drawn SVG, fully inside the viewport width.
    Returns (charts on the page, problems)."""
    result = page.evaluate("""() => [...document.querySelectorAll('figure.chart')].map(fig => {
        const shown = [...fig.querySelectorAll('svg')].filter(svg => {
            const r = svg.getBoundingClientRect(), s = getComputedStyle(svg);
            return r.width > 10 && r.height > 10 && s.visibility === 'visible' && s.display !== 'none'
                && Number(s.opacity) > 0 && svg.querySelectorAll('path, rect, line, text, circle').length > 0;
        });
        const wide = shown.filter(svg => { const r = svg.getBoundingClientRect();
            return r.left < -0.5 || r.right > window.innerWidth + 0.5; });
        return {id: fig.id || '(no id)', shown: shown.length, wide: wide.length};
    })""")
    problems = [f"figure.chart#{c['id']}: no visible drawn svg" for c in result if not c["shown"]]
    problems += [f"figure.chart#{c['id']}: svg sticks out of the {page.viewport_size['width']}px viewport"
                 for c in result if c["shown"] and c["wide"]]
    return len(result), problems


def switch_links(page: Page) -> list[dict[str, str]]:
    # The switch at the top (an article repeats it at its end: .lang-switch--end).
    return page.eval_on_selector_all(".lang-switch:not(.lang-switch--end) a[hreflang]",
                                     "links => links.map(a => ({href: a.href, hreflang: a.hreflang}))")


def language_switch_problems(page: Page, server: SiteServer, site_page: SitePage) -> tuple[int, list[str]]:
    """Follow every language-switch link of the page by clicking it: the target must load, be in
    the link's language, and its own switch must lead back here. Returns (links, problems)."""
    here = server.url(site_page.path)
    if not page.query_selector(".lang-switch"):
        return 0, ["no language switch (.lang-switch) on a page in a language folder"]
    links = switch_links(page)
    problems = []
    for index, link in enumerate(links):
        if index:
            page.goto(here, wait_until="load")
        with page.expect_navigation(wait_until="load") as navigation:
            page.click(f".lang-switch a[hreflang='{link['hreflang']}']")
        response = navigation.value
        target = f"{link['hreflang']} link to {link['href']}"
        if response is None or response.status != 200:
            problems.append(f"{target}: HTTP {response.status if response else 'no response'}")
            continue
        lang = page.evaluate("document.documentElement.lang")
        if lang != link["hreflang"] or lang == site_page.lang:
            problems.append(f"{target}: the page has lang={lang!r} (was {site_page.lang!r})")
        back = [b["href"] for b in switch_links(page) if b["hreflang"] == site_page.lang]
        if back != [here]:
            problems.append(f"{target}: its switch leads back to {back or 'nowhere'}, not to {here}")
    return len(links), problems


def non_japanese_fonts(page: Page, context: BrowserContext) -> tuple[int, list[str]]:
    """Every element whose own text has Japanese characters must draw them in a Japanese font
    (asks Chromium which platform fonts it used). Opens every <details> first, so the charts'
    data tables are checked too. Returns (elements checked, problems)."""
    count = page.evaluate("""(pattern) => {
        const japanese = new RegExp(pattern, 'g');
        for (const details of document.querySelectorAll('details')) details.open = true;   // data tables too
        let n = 0;
        for (const el of document.querySelectorAll('body *')) {
            let own = '';
            for (const node of el.childNodes) if (node.nodeType === 3) own += node.data;
            const chars = (own.match(japanese) || []).length;
            if (chars && el.checkVisibility({visibilityProperty: true})) {
                el.setAttribute('data-font-check', String(chars)); n++;
            }
        }
        return n;
    }""", JAPANESE_TEXT)
    if not count:
        return 0, []
    cdp = context.new_cdp_session(page)
    problems = []
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-font-check]"})["nodeIds"]:
            attrs = cdp.send("DOM.getAttributes", {"nodeId": node})["attributes"]
            chars = int(dict(zip(attrs[::2], attrs[1::2], strict=True))["data-font-check"])
            fonts = _platform_fonts(cdp, node)
            if not fonts and not _still_visible(cdp, node):
                continue     # hidden since it was marked (a static chart replaced by its live version)
            drawn = sum(f["glyphCount"] for f in fonts if JAPANESE_FONT.search(f["familyName"]))
            if drawn < chars:
                html = re.sub(r"\s+", " ", cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"])
                used = ", ".join(f"{f['familyName']} ({f['glyphCount']})" for f in fonts) or "no font"
                problems.append(f"{chars} Japanese characters, {drawn} drawn in a Japanese font [{used}]: "
                                f"{html[:120]}")
    finally:
        cdp.detach()
    return count, problems


def _platform_fonts(cdp: Any, node: int) -> list[dict]:
    """The fonts Chromium drew the node's text with. A <details> just opened may not be laid
    out yet on a loaded machine (its fonts then read as none, seen in a full run under load 12),
    so an empty answer is asked again after forcing layout, a few times."""
    for attempt in range(4):
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        if fonts or attempt == 3:
            return fonts
        target = cdp.send("DOM.resolveNode", {"nodeId": node})["object"]["objectId"]
        cdp.send("Runtime.callFunctionOn", {"objectId": target, "returnByValue": True,
                                            "functionDeclaration": "function () { return this.offsetHeight; }"})
        time.sleep(0.2 * (attempt + 1))
    return []


def _still_visible(cdp: Any, node: int) -> bool:
    target = cdp.send("DOM.resolveNode", {"nodeId": node})["object"]["objectId"]
    result = cdp.send("Runtime.callFunctionOn", {
        "objectId": target, "returnByValue": True,
        "functionDeclaration": "function () { return this.checkVisibility({visibilityProperty: true}); }"})
    return bool(result["result"].get("value"))


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG header."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def numbered(problems: Iterator[str] | list[str]) -> str:
    return "\n".join(f"  - {p}" for p in problems)


def png_is_blank(path: Path) -> bool:
    """True when a PNG has (almost) one colour: a page that rendered nothing."""
    data, pos, idat = path.read_bytes(), 8, b""
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        if data[pos + 4:pos + 8] == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return len(set(zlib.decompress(idat))) < 16


def skip_link_problems(page: Page) -> list[str]:
    """The first Tab reaches the skip link, which is off-screen before and on-screen after."""
    before = page.eval_on_selector(".skip-link", "e => e.getBoundingClientRect().bottom")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
        return {skip: e.classList.contains('skip-link'), top: r.top, bottom: r.bottom, height: innerHeight}; }""")
    problems = []
    if before > 0:
        problems.append(f"the skip link shows {before:.1f}px before it is focused")
    if not focused["skip"]:
        problems.append("the first Tab does not reach the skip link")
    elif focused["top"] < 0 or focused["bottom"] > focused["height"]:
        problems.append(f"the focused skip link is off-screen ({focused['top']:.0f}–{focused['bottom']:.0f}px)")
    return problems


def arrow_keys_scroll(page: Page, box: Locator) -> bool:
    """Whether ArrowRight, pressed with `box` focused, scrolls it sideways (polled: the browser
    scrolls smoothly, and with JavaScript off nothing tells when it is done)."""
    box.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    for _ in range(20):
        if box.evaluate("b => b.scrollLeft") > 0:
            return True
        page.wait_for_timeout(100)
    return False
