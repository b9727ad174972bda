"""Offline search: a search page per language, and an index of the finished pages.

The index is built from the output, as a reader's browser would see the pages (the
build's tree). Each page's searchable part is read by searchtext.py (in parallel, as the
pages are many), then each language's index is made by searchindex.py (one process per
language), into `search/<lang>/`. static/js/search.js and static/js/search/ are the search
page's script. Nothing here reads the clock or the order of a folder listing: the same
pages give the same bytes.
"""

from __future__ import annotations

from collections import defaultdict

import jinja2

from ..diagnostics import Diagnostics
from ..load.config import LANGUAGE_INFO
from ..load.model import Site
from ..parallel import MIN_ITEMS, parallel_map
from ..render.listing import Listed, main_navigation
from ..render.pages import Alternate
from ..render.templating import render
from ..render.urls import output_file
from .searchindex import index_files, mode_of
from .searchkeys import fold_table
from .searchtext import SearchDoc, search_doc
from .write import OutputTree

INDEX_DIR = "search"
SEARCH_TEMPLATE = "search.html"


def search_path(lang: str) -> str:
    return f"{lang}/search/"


def index_prefix(lang: str) -> str:
    """Where a language's index files go: `search/<lang>/`."""
    return f"{INDEX_DIR}/{lang}/"


def render_search_pages(site: Site, listed: tuple[Listed, ...], envs: dict[str, jinja2.Environment],
                        diags: Diagnostics) -> dict[str, bytes]:
    """`<lang>/search/index.html` for every language."""
    out: dict[str, bytes] = {}
    alternates = [Alternate(code, LANGUAGE_INFO[code]["name"], search_path(code), True, False)
                  for code in site.config.languages]
    for lang in site.config.languages:
        here = search_path(lang)
        context = {"here": here, "config": site.config, "nav": main_navigation(listed, lang),
                   "alternates": alternates, "canonical": site.config.absolute(here),
                   "index": index_prefix(lang) + "manifest.bin", "spaced": mode_of(lang) == "words",
                   "indexes": {code: index_prefix(code) + "manifest.bin" for code in site.config.languages}}
        html = render(envs[lang], SEARCH_TEMPLATE, context, diags)
        if html is not None:
            out[output_file(here)] = html.encode("utf-8")
    return out


def search_index(tree: OutputTree, workers: int = 1) -> dict[str, bytes]:
    """The index of the HTML pages in `tree`, as site paths → bytes."""
    pages = sorted(path for path in tree if path.endswith(".html"))
    docs = parallel_map(lambda path: search_doc(path, tree[path].decode("utf-8")), pages, workers)
    by_lang: dict[str, list[SearchDoc]] = defaultdict(list)
    for doc in docs:
        if doc is not None and doc.lang:
            by_lang[doc.lang].append(doc)
    fold_table()          # once, before the processes per language are forked
    # Each language's index on a process of its own, when there are cores to spare.
    parts = parallel_map(lambda lang: index_files(lang, by_lang[lang], index_prefix(lang)), sorted(by_lang),
                         workers if len(pages) >= MIN_ITEMS else 1, min_items=2)
    return {path: data for part in parts for path, data in sorted(part.items())}
