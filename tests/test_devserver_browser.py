"""The dev server's reload script and overlay in a real browser, under a strict Content-Security-Policy.

Skipped when Playwright or Chromium is not installed, failed in CI (tests/browser/harness.py).
"""

from __future__ import annotations

import time
from pathlib import Path

from sitegen.cache.buildcache import BuildCache
from sitegen.devserver import DevServer

from .browser.harness import chromium

# What the publishing work puts on every page: no inline scripts or styles, nothing from elsewhere.
POLICY = "default-src 'none'; style-src 'self'; img-src 'self'"


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _until(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_overlay_and_reload_work_under_a_strict_policy(make_project) -> None:
    root = make_project()
    _edit(root, "templates/base.html", '<meta charset="utf-8">',
          f'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="{POLICY}">')
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    problems: list[str] = []
    try:
        dev.wait_for_build(timeout=120)
        with chromium() as browser:
            page = browser.new_page()
            page.on("console", lambda message: problems.append(f"{message.text} {message.location.get('url')}")
                    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
                    else None)
            page.goto(dev.url + "en/deal/")
            _until(lambda: dev.streams == 1)
            # Chromium names the page it loads a file for (devserver/handler.py's Loads reloads the page by it).
            assert "en/deal/index.html" in dev.loads.loaders({"css/site.css"})
            _edit(root, "static/css/site.css", "body {", "body { --edited: 1;")
            page.wait_for_function("() => getComputedStyle(document.body).getPropertyValue('--edited') === '1'",
                                   timeout=30_000)

            good = (root / "content/en/deal.md").read_text(encoding="utf-8")
            (root / "content/en/deal.md").write_text(good.replace("title:", "tittle:"), encoding="utf-8")
            overlay = page.wait_for_selector("#sitegen-dev-overlay", timeout=30_000)
            assert "content/en/deal.md:2: error: unknown key 'tittle' in front matter" in overlay.inner_text()
            assert overlay.evaluate("e => getComputedStyle(e).position") == "fixed", "dev.css applies"
            assert page.inner_text("h1") == "What the deal contains", "the last good page stays underneath"

            page.reload()                     # a fresh load while broken shows the overlay too
            page.wait_for_selector("#sitegen-dev-overlay")

            (root / "content/en/deal.md").write_text(good, encoding="utf-8")
            page.wait_for_selector("#sitegen-dev-overlay", state="detached", timeout=30_000)

            _edit(root, "content/en/deal.md", "Against the other deals", "Against the others")
            page.wait_for_function("() => document.body.innerText.includes('Against the others')", timeout=30_000)
    finally:
        dev.stop()
    assert problems == [], "no Content-Security-Policy violations or script errors"
