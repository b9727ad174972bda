#!/usr/bin/env python3
"""Edit-to-visible in the dev server, in a real browser: from saving a file to the edited text
painted in the open page.

    python bench/visible.py --site . --runs 9          # the real site (this repository)
    python bench/visible.py --pairs 1000 --runs 9      # generated 2,002-page site

bench/editor.py times the server's part (the write to the `reload` event). This adds what the
reader of the page waits for after it: reload.js reloading the page, the server answering it
and Chromium (headless, tests/browser/harness.py) painting it. The page is open in Chromium;
each run replaces the page's last line (once the page is loaded and its network idle, as
between an editor's saves), waits until the new text is in the page, and takes
the time of the reloaded page's first contentful paint (`performance.timeOrigin` plus the
paint entry's start: wall-clock milliseconds, the clock `time.time()` reads) less the time the
write finished, and the time its reload started (`performance.timeOrigin`). The peer: the same
page reloaded by the browser alone, with no edit, from navigation start to first paint (the
browser's share of any full reload). One warm-up edit, then RUNS edits and RUNS
plain reloads; medians with their ranges, as in editor.py.
"""

from __future__ import annotations

import sys
import time

import corpus
import editor  # puts the repository on sys.path
from editor import Site, Timing, dev_server

from tests.browser.harness import chromium

SHOWN = """text => document.body.innerText.includes(text)
                   && performance.getEntriesByName('first-contentful-paint').length > 0"""
PAINTED = "performance.timeOrigin + performance.getEntriesByName('first-contentful-paint')[0].startTime"


def edit_to_visible(site: Site, runs: int) -> tuple[Timing, Timing, Timing]:
    """(write to the reload's start, write to the edited page's first paint, a plain reload's
    navigation start to first paint)."""
    with dev_server(site) as (server, origin, page_path), chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(origin + page_path)
        path = site.root / site.edit
        original = path.read_text(encoding="utf-8")
        navigated, painted, alone = [], [], []
        try:
            for number in range(runs + 1):
                text = f"Edited line, run {number}."
                corpus.edit_line(path, text)
                written = time.time() * 1000
                page.wait_for_function(SHOWN, arg=text, timeout=60_000)
                if number:            # the first is a warm-up
                    navigated.append((page.evaluate("performance.timeOrigin") - written) / 1000)
                    painted.append((page.evaluate(PAINTED) - written) / 1000)
                server.stderr.readline()          # the server's "rebuilt in" line
                page.wait_for_load_state("networkidle")   # charts.js done too: the next edit starts quiet
            for _ in range(runs):
                page.reload()
                page.wait_for_function(SHOWN, arg=text, timeout=60_000)
                alone.append(page.evaluate(PAINTED + " - performance.timeOrigin") / 1000)
                page.wait_for_load_state("networkidle")
        finally:
            path.write_text(original, encoding="utf-8")
        return Timing(navigated), Timing(painted), Timing(alone)


def main(argv: list[str] | None = None) -> int:
    sites, runs = editor.sites_to_measure(__doc__.split("\n\n")[0], argv, runs=9)
    print(f"# {time.strftime('%Y-%m-%d')}, {runs} runs each, headless Chromium\n")
    print("| site | pages | edit to reload start | edit to first paint (edit-to-visible) "
          "| peer: a plain reload, start to first paint |")
    print("|---|---|---|---|---|")
    for site in sites:
        navigated, painted, alone = edit_to_visible(site, runs)
        print(f"| {site.name} | {site.pages} | {navigated} | {painted} | {alone} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
