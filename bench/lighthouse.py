#!/usr/bin/env python3
"""Lighthouse on every page of the built site, as a phone sees it: scores and metrics, medians.

    python build.py && python bench/lighthouse.py                 # every page, 1 run each
    python bench/lighthouse.py --runs 3 ja/deal/ en/deal/         # some pages, medians of 3
    python bench/lighthouse.py --json out.json                    # also keep the numbers
    python bench/lighthouse.py --all --preset desktop             # four categories, a desktop

Serves site/ on 127.0.0.1 under site.toml's base path (a free port; `python -m http.server`'s
handler, no compression, so the bytes are the files' own) and runs Lighthouse's default configuration: a mid-range
phone (412x823, 4x CPU slowdown, simulated slow 4G; `--preset desktop`: 1350x940, no slowdown),
the performance category only (`--all`: with accessibility, best practices and SEO, each
score a column and every audit that kept one below 100 named under its page), in
Debian's Chromium (CHROME_PATH, default /usr/bin/chromium). Lighthouse is not a dependency of
the project: give its command with --lighthouse, or have it in tests/browser/node_modules/.bin
or on PATH (`npm install lighthouse@12` in any folder). The server is stopped at the end.

Prints one row per page: score, LCP (ms), CLS, TBT (ms), total bytes, render-blocking bytes
(the stylesheet), each the median of --runs runs (the simulated throttling makes LCP and TBT
repeatable within a few per cent on a quiet machine; CLS and bytes do not move).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
METRICS = {
    "LCP ms": ("largest-contentful-paint", "numericValue"),
    "CLS": ("cumulative-layout-shift", "numericValue"),
    "TBT ms": ("total-blocking-time", "numericValue"),
    "bytes": ("total-byte-weight", "numericValue"),
}


def lighthouse_command(given: str | None) -> list[str]:
    """The command that runs Lighthouse: --lighthouse, the test tools' copy, or PATH."""
    local = REPO / "tests/browser/node_modules/.bin/lighthouse"
    found = given or (str(local) if local.exists() else shutil.which("lighthouse"))
    if not found:
        sys.exit("lighthouse not found: npm install lighthouse@12 somewhere and pass --lighthouse PATH")
    return [found]


def pages(site: Path, chosen: list[str]) -> list[str]:
    """Each page's path from the site's root ('ja/deal/'), every HTML page unless chosen."""
    if chosen:
        return chosen
    found = []
    for html in sorted(site.rglob("*.html")):
        path = html.relative_to(site).as_posix()
        found.append(path.removesuffix("index.html"))
    return found


CATEGORIES = {"performance": "score", "accessibility": "a11y", "best-practices": "best", "seo": "seo"}


def run_once(command: list[str], url: str, categories: list[str], options: list[str]) -> dict[str, float]:
    """One Lighthouse run of one URL: each category's score (0-100), METRICS, and the
    audits that failed (printed, as 'category: audit id')."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [*command, url, "--quiet", f"--only-categories={','.join(categories)}", "--output=json",
             f"--output-path={report}", "--chrome-flags=--headless=new --no-sandbox", *options],
            check=True, env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        )
        data = json.loads(report.read_text())
    audits = data["audits"]
    row = {CATEGORIES[c]: round(data["categories"][c]["score"] * 100) for c in categories}
    for category in categories[1:]:
        for ref in data["categories"][category]["auditRefs"]:
            score = audits[ref["id"]]["score"]
            if ref["weight"] and score is not None and score < 1:
                print(f"    {category}: {ref['id']}: {audits[ref['id']]['title']}", flush=True)
    for name, (audit, field) in METRICS.items():
        row[name] = audits[audit][field]
    blocking = audits["render-blocking-resources"].get("details", {}).get("items", [])
    row["blocking bytes"] = sum(item.get("totalBytes", 0) for item in blocking)
    return row


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """site/ under the base path of site.toml's base_url, as its host serves it: the 404 page
    links its stylesheet and script from the root (it is served at any depth)."""

    base = "/"

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(self.base) if path.startswith(self.base) else "/-")

    def log_message(self, *args: object) -> None:   # one table, not a line per request
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", help="paths from the site root (default: every page)")
    parser.add_argument("--site", type=Path, default=REPO / "site")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--lighthouse")
    parser.add_argument("--json", type=Path, help="write the medians here")
    parser.add_argument("--all", action="store_true", help="accessibility, best practices and SEO too")
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    args = parser.parse_args()
    command = lighthouse_command(args.lighthouse)
    categories = list(CATEGORIES) if args.all else ["performance"]
    options = ["--preset=desktop"] if args.preset == "desktop" else []
    _QuietHandler.base = urlsplit(tomllib.loads((REPO / "site.toml").read_text())["base_url"]).path
    handler = functools.partial(_QuietHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{_QuietHandler.base}"
    results = {}
    columns = [*(CATEGORIES[c] for c in categories), *METRICS, "blocking bytes"]
    print(f"{'page':28}" + "".join(f"{c:>15}" for c in columns), flush=True)
    try:
        for page in pages(args.site, args.pages):
            runs = [run_once(command, base + page, categories, options) for _ in range(args.runs)]
            results[page] = {c: statistics.median(r[c] for r in runs) for c in columns}
            cells = "".join(f"{results[page][c]:>15.3f}" if c == "CLS" else f"{results[page][c]:>15,.0f}"
                            for c in columns)
            print(f"{'/' + page:28}{cells}", flush=True)
    finally:
        server.shutdown()
        server.server_close()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
