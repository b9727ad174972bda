#!/usr/bin/env python3
"""Which HTML parser the output checks use: each candidate reads the same built pages and
lists every element's attributes (what the checks need), timed per page.

    python bench/htmlparsers.py SITE_DIR [--pages 300]

SITE_DIR is a built site (e.g. a 2,002-page corpus from bench/corpus.py, built). Candidates:
html.parser (standard library, not a spec tokenizer), html5lib (pure Python, spec-conforming),
selectolax's Lexbor (C, spec-conforming). Medians of 3 passes over the same pages.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from html.parser import HTMLParser
from pathlib import Path


def with_html_parser(text: str) -> int:
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(attrs)

    parser = Collect(convert_charrefs=True)
    parser.feed(text)
    parser.close()
    return len(found)


def with_html5lib(text: str) -> int:
    import html5lib

    tree = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    return sum(len(element.attrib) for element in tree.iter())


def with_lexbor(text: str) -> int:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    return sum(len(node.attributes) for node in tree.root.traverse() if node.tag != "-text")


CANDIDATES = {"html.parser": with_html_parser, "html5lib": with_html5lib, "selectolax (Lexbor)": with_lexbor}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    pages = sorted(args.site.rglob("index.html"))[: args.pages]
    texts = [p.read_text(encoding="utf-8") for p in pages]
    size = sum(len(t) for t in texts) / len(texts) / 1024
    print(f"{len(texts)} pages of {size:.0f} KB on average, Python {sys.version.split()[0]}\n")
    print("| parser | ms per page (median of 3 passes) |\n|---|---|")
    for name, parse in CANDIDATES.items():
        passes = []
        for _ in range(3):
            started = time.perf_counter()
            for text in texts:
                parse(text)
            passes.append((time.perf_counter() - started) / len(texts) * 1000)
        print(f"| {name} | {statistics.median(passes):.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
