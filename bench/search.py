#!/usr/bin/env python3
"""Search at scale: what a query downloads, how soon results show, and what the index costs.

    python bench/search.py                    # 1,000 page pairs (2,002 pages), 5 runs
    python bench/search.py --pairs 100 --runs 3

Builds the bench corpus (bench/corpus.py) with search, then:

- **index build**: our index of the built pages (`sitegen.output.search.search_index`, read from site/, on
  every core, as `build.py` runs it) and, beside it, Pagefind 1.5.2 (`pagefind[extended]`,
  requirements-dev.txt) over the same pages, alternately; wall-time medians (min–max);
- **queries**: each query typed into a fresh search page in Debian's Chromium (headless,
  the cache off), served under the site's Content-Security-Policy: the bytes of every file
  the query fetched (the search scripts once, the manifest, the shards, the texts of the
  results shown) and the time from pressing Enter to the first result on screen (cold: a
  new page; warm: the same page, another query first). Medians of `--runs` runs.

Issue 16's guardrail on the full build (ours with search against Hugo followed by Pagefind on
Hugo's output) is measured by bench/compare.py, beside the others.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO))

import corpus  # noqa: E402

from sitegen.output.search import search_index  # noqa: E402
from sitegen.parallel import default_workers  # noqa: E402

WORK = BENCH / "work"
WARMUP = "ﾍﾞﾝﾁ"             # a query first, to time one whose scripts and manifest are loaded
# Queries a reader of the bench corpus might type: katakana, kanji compounds, particles,
# mixed text, full-width Latin; English words, stems, a prefix, an inner substring.
QUERIES = {"ja": ["クラウド", "計算資源", "データセンター", "エージェント", "との契約", "ＡＷＳ", "GPU", "380億ドル",
                  "しています", "半導体"],
           "en": ["cloud", "compute capacity", "investment", "agents", "AWS", "infer", "orth", "the"]}


def build_corpus(pairs: int, reuse: bool = False) -> Path:
    root = WORK / f"search-{pairs}"
    if reuse and (root / "site" / "search").is_dir():
        return root / "site"
    corpus.generate(root, pairs)
    subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--quiet"], check=True)
    return root / "site"


def time_indexers(site: Path, runs: int) -> list[str]:
    ours, theirs = [], []
    pagefind = _pagefind()
    for _ in range(runs):
        started = time.perf_counter()
        search_index({page.relative_to(site).as_posix(): page.read_bytes() for page in site.rglob("*.html")},
                     default_workers())
        ours.append(time.perf_counter() - started)
        if pagefind:
            with tempfile.TemporaryDirectory() as out:
                started = time.perf_counter()
                subprocess.run([pagefind, "--site", str(site), "--output-path", out, "--silent"], check=True)
                theirs.append(time.perf_counter() - started)
    index = site / "search"
    files = [f for f in index.rglob("*") if f.is_file()]
    lines = ["| indexer | wall time | files | size |", "|---|---|---|---|",
             f"| ours (`search_index`, {default_workers()} processes) | {_spread(ours)} | {len(files)} | "
             f"{sum(f.stat().st_size for f in files) / 1024 / 1024:.1f} MB |"]
    if theirs:
        lines.append(f"| Pagefind 1.5.2 (extended) | {_spread(theirs)} | | |")
    return lines


def _pagefind() -> str | None:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return None
    return str(get_executable())


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def measure_queries(site: Path, runs: int) -> list[str]:
    sys.path.insert(0, str(REPO / "tests"))
    from tests.browser.harness import SiteServer, chromium

    print("| lang | query | results shown | files | index KB (manifest + shards) | result texts KB | "
          "total KB | first results, cold | warm |\n|---|---|---|---|---|---|---|---|---|", flush=True)
    rows = []
    with SiteServer(site, "/") as server, chromium() as browser:
        for lang, queries in QUERIES.items():
            for query in queries:
                cold, warm, sizes = [], [], {}
                for _ in range(runs):
                    seconds, got = _one(browser, server.url(f"{lang}/search/"), query, warmup=None)
                    cold.append(seconds)
                    sizes = got
                    seconds, _ = _one(browser, server.url(f"{lang}/search/"), query, warmup=WARMUP)
                    warm.append(seconds)
                kib = {name: f"{sizes[name] / 1024:.1f}" for name in ("index", "docs")}
                total = (sizes["index"] + sizes["docs"]) / 1024
                rows.append(f"| {lang} | {query} | {sizes['results']} | {sizes['files']} | {kib['index']} | "
                            f"{kib['docs']} | **{total:.1f}** | {statistics.median(cold) * 1000:.0f} ms | "
                            f"{statistics.median(warm) * 1000:.0f} ms |")
                print(rows[-1], flush=True)
                scripts = sizes["scripts"]
    print(f"\nThe search scripts load with the page, once: {scripts / 1024:.1f} KB.", flush=True)
    return rows


def _one(browser, url: str, query: str, warmup: str | None) -> tuple[float, dict]:
    """One query on a fresh page (after `warmup`, another query, if given): seconds from
    Enter to the first result, and the bytes of what the query fetched (Resource Timing)."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(url, wait_until="networkidle")
    scripts = page.evaluate(_SIZES, 0)
    if warmup:
        _type(page, warmup)
    since = page.evaluate("performance.now()")
    started = time.perf_counter()
    _type(page, query)
    seconds = time.perf_counter() - started
    page.wait_for_timeout(300)          # the texts of the results shown finish loading
    fetched = page.evaluate(_SIZES, since)
    result = {"results": page.locator("#search-results > li").count(), "files": len(fetched),
              "index": sum(n for u, n in fetched if "/s/" in u or "manifest" in u),
              "docs": sum(n for u, n in fetched if "/d/" in u),
              "scripts": sum(n for u, n in scripts if u.split("?")[0].endswith(".js"))}
    context.close()
    return seconds, result


# [url, bytes received] of every request made since a time (ms since the page started).
_SIZES = """since => performance.getEntriesByType('resource').filter(e => e.startTime >= since)
    .map(e => [e.name, e.transferSize || e.encodedBodySize])"""


def _type(page, query: str) -> None:
    page.fill("#search-input", query)
    page.keyboard.press("Enter")
    page.locator("#search-status", has_text=query).wait_for(timeout=30_000)   # said once results show


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-index", action="store_true", help="skip timing the indexers")
    parser.add_argument("--reuse", action="store_true", help="keep the corpus built by an earlier run")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    site = build_corpus(args.pairs, args.reuse)
    pages = sum(1 for _ in site.rglob("index.html"))
    print(f"# {time.strftime('%Y-%m-%d')}, {default_workers()} cores, {args.pairs} pairs ({pages} HTML pages), "
          f"median (min–max) of {args.runs} runs\n")
    if not args.no_index:
        print("\n".join(time_indexers(site, args.runs)) + "\n", flush=True)
    measure_queries(site, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
