"""The editor's dev pages in Chromium, under the site's own Content-Security-Policy: the overlay's
source line with its caret in place, and /__dev__/ across the whole window; their links open
the file in $EDITOR at the line.

Skipped when Playwright or Chromium is not installed, failed in CI (tests/browser/harness.py).
"""

from __future__ import annotations

from sitegen.cache.buildcache import BuildCache
from sitegen.devserver import DevServer

from .browser.harness import chromium
from .test_devserver_editor import _break, _until, fake_editor

WIDE = 1366          # the laptop width at which issue 19 saw the table squeezed to 585 px


def test_overlay_caret_stands_under_the_column_and_dev_index_uses_the_full_width(make_project, tmp_path,
                                                                                monkeypatch) -> None:
    root = make_project()
    editor, opened = fake_editor(tmp_path)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("SITEGEN_EDITOR_URL", raising=False)
    monkeypatch.setenv("EDITOR", str(editor))
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    problems: list[str] = []
    try:
        good = dev.wait_for_build(timeout=120)
        with chromium() as browser:
            page = browser.new_page(viewport={"width": WIDE, "height": 900})
            page.on("console", lambda message: problems.append(f"{message.text} {message.location.get('url')}")
                    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
                    else None)
            page.goto(dev.origin + "/__dev__/")
            width = page.evaluate("document.querySelector('table').getBoundingClientRect().width")
            assert width > 585 and width > 0.9 * WIDE - 64, f"the table is {width} px wide in a {WIDE} px window"
            files = page.eval_on_selector_all(".sitegen-dev__file", "links => links.map(a => a.textContent)")
            assert "content/ja/deal.md" in files and "content/en/deal.md" in files
            # A click on a file opens it in $EDITOR (in the server's terminal); the page stays.
            page.click(".sitegen-dev__file >> text=content/en/deal.md")
            _until(lambda: opened.exists() and opened.read_text().endswith("\n"))
            assert opened.read_text().split("\n")[:2] == ["+1", str((root / "content/en/deal.md").resolve())]
            assert page.url == dev.origin + "/__dev__/"

            page.goto(dev.url + "ja/deal/")
            policy = page.eval_on_selector('meta[http-equiv="Content-Security-Policy"]', "m => m.content")
            assert "style-src 'self'" in policy and "unsafe-inline" not in policy
            rel, line, column = _break(root)
            dev.wait_for_build(after=good.build, timeout=60)
            item = page.wait_for_selector(".sitegen-dev-overlay__source", timeout=30_000)
            # Where the column's character is drawn in the line, and where the caret is drawn below it.
            line_x, caret_x = item.evaluate("""(pre, column) => {
                const text = pre.querySelector('.sitegen-dev-overlay__line').firstChild;
                const range = document.createRange();
                range.setStart(text, column - 1);
                range.setEnd(text, column);
                return [range.getBoundingClientRect().left,
                        pre.querySelector('.sitegen-dev-overlay__caret').getBoundingClientRect().left];
            }""", column)
            assert abs(line_x - caret_x) < 1, (line_x, caret_x)
            assert item.evaluate("e => getComputedStyle(e.querySelector('.sitegen-dev-overlay__pad')).visibility") \
                == "hidden", "dev.css applies under the policy"
            # Its link opens the file at the line in $EDITOR; the page stays, the overlay too.
            opened.unlink()
            item.evaluate_handle("pre => pre.closest('li').querySelector('.sitegen-dev-overlay__open')") \
                .as_element().click()
            _until(lambda: opened.exists() and opened.read_text().endswith("\n"))
            assert opened.read_text().split("\n")[:2] == [f"+{line}", str((root / rel).resolve())]
            assert page.is_visible(".sitegen-dev-overlay__source")
    finally:
        dev.stop()
    assert problems == [], "no Content-Security-Policy violations or script errors"
