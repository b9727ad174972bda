"""Stylesheets (static/**/*.css): everything one loads must be a file of the site.

A stylesheet loads with `@import` and `url(…)`: web fonts, background images, cursors. The
Content-Security-Policy (style-src, font-src, img-src 'self') blocks anything from another
host, so a font imported from a CDN would be missing for every reader without a word from the
build; and a local file that is not in the output is a broken link. Read with tinycss2, CSS's
own tokenizer, so that a URL in a comment or inside a string is not taken for one, and every
reference is reported at its line and column.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import tinycss2

from ..diagnostics import Diagnostics, Location
from ..load.static import STATIC_DIR

_IMAGE_SETS = ("image-set", "-webkit-image-set")        # their strings are URLs too


def check_stylesheet(path: str, css: bytes, files: set[str], own_host: str, diags: Diagnostics) -> None:
    """Report each URL the stylesheet at site path `path` (copied from static/) loads from another
    host, or from a file the output does not have. `files`: every file of the output."""
    rules = tinycss2.parse_stylesheet(css.decode("utf-8", "replace"), skip_comments=True, skip_whitespace=True)
    for url, token in _urls(rules):
        where = Location(f"{STATIC_DIR}/{path}", token.source_line, token.source_column)
        parts = urlsplit(url)
        if parts.scheme == "data" or url.startswith("#"):
            continue            # inline data, or an element of the page (an SVG filter)
        if parts.scheme or url.startswith("//"):
            if parts.scheme in ("http", "https", "") and parts.netloc == own_host:
                continue
            diags.error(where, f"loads '{url}' from another host", "vendor the file into static/ and link it locally")
        elif not parts.path.startswith("/"):       # root-absolute URLs depend on the base path: as on pages
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path)))
            if target not in files:
                diags.error(where, f"'{url}' leads nowhere: no {STATIC_DIR}/{target}",
                            "add the file to static/, or correct the path: it is relative to this stylesheet")


def _urls(nodes: list) -> Iterator[tuple[str, object]]:
    """(URL, its token) for every url(…), @import and image-set() string, in blocks too, in the
    order of the file. A stack, not recursion: 5,000 nested brackets (which browsers read) are
    deeper than Python's recursion limit."""
    stack = [iter(nodes)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        if node.type == "url":
            yield node.value, node
        elif node.type == "at-rule" and node.lower_at_keyword == "import":
            first = next((t for t in node.prelude if t.type not in ("whitespace", "comment")), None)
            if first is not None and first.type == "string":
                yield first.value, first
        elif node.type == "function" and node.lower_name in ("url", *_IMAGE_SETS):
            strings = [t for t in node.arguments if t.type == "string"]
            yield from ((t.value, t) for t in (strings[:1] if node.lower_name == "url" else strings))
        for children in (getattr(node, "arguments", None), getattr(node, "content", None),
                         getattr(node, "prelude", None)):     # pushed last, read first: the file's order
            if children:
                stack.append(iter(children))
