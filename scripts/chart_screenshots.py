#!/usr/bin/env python3
"""Screenshots of a built site's chart pages, to look at the charts as readers will.

    .venv/bin/python scripts/chart_screenshots.py SITE_DIR OUT_DIR [PAGE …]

Serves SITE_DIR on 127.0.0.1 with the strict Content-Security-Policy the site must
pass, opens each PAGE (default: ja/charts/ en/charts/) in /usr/bin/chromium (or $CHROMIUM) at 360 px
and 1280 px, light and dark, with JavaScript off (static SVG) and on (live charts),
and writes a PNG of each chart figure. CSP violations and console errors are printed.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")     # as the browser tests (tests/browser/harness.py)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
WATCH = """
window.__problems = [];
document.addEventListener('securitypolicyviolation',
  e => window.__problems.push('CSP ' + e.violatedDirective + ' ' + e.blockedURI));
"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


def main(site: Path, out: Path, pages: list[str]) -> int:
    out.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for page_path in pages:
            for width in (360, 1280):
                for scheme in ("light", "dark"):
                    for js in (False, True):
                        context = browser.new_context(viewport={"width": width, "height": 900},
                                                      color_scheme=scheme, java_script_enabled=js)
                        page = context.new_page()
                        page.add_init_script(WATCH)
                        errors: list[str] = []
                        page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
                        page.goto(base + page_path, wait_until="networkidle")
                        if js:   # scroll through so every chart comes into view and upgrades
                            height = page.evaluate("document.body.scrollHeight")
                            for _ in range(0, height, 600):
                                page.mouse.wheel(0, 600)
                                page.wait_for_timeout(150)
                            page.wait_for_timeout(800)
                        name = f"{page_path.strip('/').replace('/', '_')}-{width}-{scheme}-{'js' if js else 'nojs'}"
                        for figure in page.locator("figure.chart").all():   # one image per chart
                            figure.screenshot(path=str(out / f"{name}-{figure.get_attribute('id')}.png"))
                        problems = page.evaluate("window.__problems || []") if js else []
                        for problem in problems + errors:
                            print(f"{name}: {problem}")
                        context.close()
                        print(out / name, "…")
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:] or ["ja/charts/", "en/charts/"]))
