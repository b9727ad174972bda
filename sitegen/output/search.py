"""Offline search: a search page per language and a Pagefind index built from the output.

Pagefind reads HTML from disk: the command line's build runs it once over site.tmp/, where
its pages are staged (`index_folder`); a build in memory (`search_index`: the tests) writes
the rendered pages to a temporary folder first and reads the bundle back into its tree.
Pagefind keeps one index per `<html lang>`, and its extended build segments Japanese into
words. Only elements marked `data-pagefind-body` are indexed: articles in their own
language, never a fallback page, the 404 page, the chooser, the status page or the search
pages themselves.

Pagefind writes its bundle the same way every time except for the order of languages in
`pagefind-entry.json`, which is sorted here; tests build twice and compare the bytes.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from pathlib import Path

import jinja2

from ..diagnostics import Diagnostics, Location
from ..load.config import LANGUAGE_INFO
from ..load.model import Site
from ..render.pages import Alternate, main_navigation
from ..render.templating import render
from ..render.urls import output_file
from .write import OutputTree

BUNDLE_DIR = "pagefind"
SEARCH_TEMPLATE = "search.html"
# Parts of the bundle we ship: the search API, its worker, WebAssembly and index data.
# Pagefind's own UI bundles are left out: static/js/search.js is the UI, and theirs
# would add styles the Content-Security-Policy doesn't need to allow.
_UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")


def search_path(lang: str) -> str:
    return f"{lang}/search/"


def render_search_pages(site: Site, envs: dict[str, jinja2.Environment], diags: Diagnostics) -> dict[str, bytes]:
    """`<lang>/search/index.html` for every language."""
    out: dict[str, bytes] = {}
    for lang in site.config.languages:
        here = search_path(lang)
        alternates = [Alternate(code, LANGUAGE_INFO[code]["name"], search_path(code), True, False)
                      for code in site.config.languages]
        context = {"here": here, "site": site, "config": site.config, "nav": main_navigation(site.pages_in(lang)),
                   "alternates": alternates, "canonical": site.config.absolute(here)}
        html = render(envs[lang], SEARCH_TEMPLATE, context, diags)
        if html is not None:
            out[output_file(here)] = html.encode("utf-8")
    return out


def pagefind_binary() -> Path | None:
    """The extended Pagefind binary (it segments Japanese), or None if it is not installed."""
    try:
        from pagefind_bin_extended import get_executable  # the pagefind[extended] wheel
    except ImportError:
        return None
    return Path(get_executable())


# Bundles by the hash of the pages they index: a warm process (the dev server, a test run)
# whose rebuild changed no HTML (only CSS, say) skips Pagefind's ~2 s. Small and in memory.
_RECENT: dict[str, dict[str, bytes]] = {}
_RECENT_MAX = 4


def search_index(tree: OutputTree, diags: Diagnostics, reuse: bool = True) -> dict[str, bytes]:
    """Run Pagefind once over the HTML in `tree`; return the bundle as site paths → bytes."""
    pages = {path: data for path, data in sorted(tree.items()) if path.endswith(".html")}
    digest = hashlib.sha256()
    for path, data in pages.items():
        digest.update(path.encode() + b"\0" + hashlib.sha256(data).digest())
    key = digest.hexdigest()
    if reuse and key in _RECENT:
        return dict(_RECENT[key])
    files = _run_pagefind(pages, diags)
    if files:
        while len(_RECENT) >= _RECENT_MAX:
            _RECENT.pop(next(iter(_RECENT)))
        _RECENT[key] = files
    return dict(files)


def _run_pagefind(pages: dict[str, bytes], diags: Diagnostics) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="sitegen-search-") as tmp:
        staged = Path(tmp) / "site"
        for path, data in pages.items():
            (staged / path).parent.mkdir(parents=True, exist_ok=True)
            (staged / path).write_bytes(data)
        bundle = index_folder(staged, diags)
        return {path: (staged / path).read_bytes() for path in bundle}


def index_folder(folder: Path, diags: Diagnostics) -> list[str]:
    """Run Pagefind over the HTML files under `folder` (site.tmp/, or a temporary copy of
    the pages), which leaves its bundle in `folder`/pagefind/: only the parts we ship, the
    entry file sorted. Returns the bundle's site paths ([] if Pagefind failed)."""
    binary = pagefind_binary()
    where = Location("site/" + BUNDLE_DIR)
    if binary is None:
        diags.error(where, "the Pagefind extended binary is not installed",
                    "run: make site (installs pagefind[extended]), or build with --no-search")
        return []
    result = subprocess.run([str(binary), "--site", str(folder), "--output-subdir", BUNDLE_DIR, "--silent"],
                            capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        diags.error(where, "Pagefind failed: " + (message[-1] if message else f"exit {result.returncode}"),
                    "build with --no-search to skip the search index")
        return []
    bundle = folder / BUNDLE_DIR
    for file in bundle.rglob("*"):
        if file.is_file() and file.name.startswith(_UNUSED):
            file.unlink()
    entry = bundle / "pagefind-entry.json"
    if entry.is_file():   # Pagefind lists the languages in hash-map order: sort them
        entry.write_bytes(json.dumps(json.loads(entry.read_bytes()), ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode("utf-8"))
    return sorted(f"{BUNDLE_DIR}/{file.relative_to(bundle).as_posix()}" for file in bundle.rglob("*") if file.is_file())
