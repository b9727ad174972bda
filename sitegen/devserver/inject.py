"""What the dev server adds to the HTML it serves (never to site/): the reload script, the error overlay, and
a build's warnings in a closed box.

Pages carry a strict Content-Security-Policy (no inline scripts or styles), so the
script and the overlay's stylesheet (assets/dev.css) are files the server serves under
/__dev__/, the overlay is markup with classes only, and a policy that would block them (or
the event stream) gets 'self' added for exactly what the dev tools need.

The overlay shows each problem as the command line prints it, the offending line of its
file with a caret under the place, and a link that opens the file there in the editor.
"""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

from ..diagnostics import Diagnostic, Diagnostics
from .editor import EditorLinks

DEV = "/__dev__/"
_HEAD_END = re.compile(r"</head\s*>", re.I)
_BODY_START = re.compile(r"<body\b[^>]*>", re.I)
_CSP_META = re.compile(r"""<meta\b[^>]*\bhttp-equiv\s*=\s*["']?content-security-policy["']?[^>]*>""", re.I)
_CONTENT = re.compile(r"""(\bcontent\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_MAX_LINE = 240          # characters of a source line shown (minified or data lines can be huge)
_BEFORE = 40             # of them, before the column of the problem

# Each need, and the directives that govern it, most specific first.
_NEEDS = {
    "script": ("script-src-elem", "script-src", "default-src"),      # /__dev__/reload.js
    "style": ("style-src-elem", "style-src", "default-src"),         # /__dev__/dev.css
    "connect": ("connect-src", "default-src"),                       # the event stream
}


def inject(page: str, build: str, good: str | None, watch: str, overlay: str | None) -> str:
    """`page` with the dev tools' tags in its head and, while the build is broken, the overlay.

    `build` is the latest build, `good` the one the page comes from, `watch` the output
    paths the page shows (space-separated, or '*'): the event stream reloads the page
    when a build changes one of them.
    """
    page = _CSP_META.sub(_relax_policy_meta, page)
    tags = (f'<link rel="stylesheet" href="{DEV}dev.css">'
            f'<script src="{DEV}reload.js" data-build="{html.escape(build)}" data-good="{html.escape(good or "")}" '
            f'data-watch="{html.escape(watch)}" defer></script>\n')
    head = _HEAD_END.search(page)
    page = page[:head.start()] + tags + page[head.start():] if head else tags + page
    if overlay:
        body = _BODY_START.search(page)
        page = page[:body.end()] + overlay + page[body.end():] if body else page + overlay
    return page


def _relax_policy_meta(meta: re.Match) -> str:
    tag = meta.group(0)
    content = _CONTENT.search(tag)
    if content is None:
        return tag
    quote = content.group(2)
    policy = allow_dev_tools(html.unescape(content.group(3)))
    policy = policy.replace("&", "&amp;").replace(quote, "&quot;" if quote == '"' else "&#39;")
    return tag[:content.start(3)] + policy + tag[content.end(3):]


def allow_dev_tools(policy: str) -> str:
    """The policy, with 'self' allowed where the dev tools need it and nothing else changed."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words and words[0].lower() not in directives:     # the first of a repeated directive counts
            directives[words[0].lower()] = words[1:]
    for chain in _NEEDS.values():
        governing = next((name for name in chain if name in directives), None)
        if governing is None:
            continue                          # nothing restricts it
        sources = directives[governing]
        if "'self'" in sources or "*" in sources:
            continue
        # Under default-src, add the usual directive (script-src, not the newer script-src-elem).
        directives[chain[-2] if governing == "default-src" else governing] = \
            [s for s in sources if s.lower() != "'none'"] + ["'self'"]
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def overlay(diagnostics: Diagnostics, strict: bool, links: EditorLinks) -> str:
    """The overlay's HTML for the problems of a failed build."""
    items = _items(diagnostics, strict, links)
    summary = diagnostics.summary(strict) or "problems"
    return (f'<div id="sitegen-dev-overlay" class="sitegen-dev-overlay" role="alertdialog" '
            f'aria-labelledby="sitegen-dev-overlay-title" lang="en" dir="ltr">'
            f'<div class="sitegen-dev-overlay__box">'
            f'<p id="sitegen-dev-overlay-title" class="sitegen-dev-overlay__title">Build failed: {summary}</p>'
            f'<p class="sitegen-dev-overlay__note">Below is the last good build. '
            f"Fix the problems and the page reloads by itself.</p>"
            f'<ol class="sitegen-dev-overlay__list">{items}</ol>'
            f'<button type="button" class="sitegen-dev-overlay__hide">Hide</button>'
            f"</div></div>")


def warnings(diagnostics: Diagnostics, links: EditorLinks) -> str:
    """For a build that succeeded with warnings: a closed box in a corner that lists them, as the overlay
    does, without hiding the page (CI's --strict build fails on each; only the terminal said how many)."""
    return (f'<details id="sitegen-dev-warnings" class="sitegen-dev-warnings" lang="en" dir="ltr"><summary>'
            f"{diagnostics.summary()}: errors under --strict (CI)</summary>"
            f'<ol class="sitegen-dev-overlay__list">{_items(diagnostics, False, links)}</ol></details>')


def _items(diagnostics: Diagnostics, strict: bool, links: EditorLinks) -> str:
    return "".join(_item(diag, line, links) for diag, line in zip(diagnostics.sorted(), diagnostics.lines(strict),
                                                                   strict=True))


def _item(diag: Diagnostic, text: str, links: EditorLinks) -> str:
    level = "error" if ": error: " in text else "warning"
    where = diag.location
    # A page as built (site/…, a template's output) is in memory: the file there is the last build's, or none.
    built = where.path.startswith("site/")
    href = None if built else links.href(where.path, where.line, where.column)
    opener = (f' <a class="sitegen-dev-overlay__open" href="{html.escape(href)}">open {html.escape(str(where))} '
              f"in the editor</a>" if href else "")
    excerpt = source_excerpt(links.root / where.path, where.line, where.column) if where.line and not built else None
    return (f'<li class="sitegen-dev-overlay__{level}"><code>{html.escape(text)}</code>{opener}'
            f"{_source(*excerpt) if excerpt else ''}</li>")


def _source(number: int, line: str, start: int, end: int | None) -> str:
    """The line, and under it a caret at `start` (or a wavy line from `start` to `end`). What
    comes before is repeated, invisibly, so the mark is in place whatever the font's widths."""
    pad = f'<span class="sitegen-dev-overlay__pad">{html.escape(line[:start])}</span>'
    mark = ('<span class="sitegen-dev-overlay__caret">^</span>' if end is None else
            f'<span class="sitegen-dev-overlay__squiggle">{html.escape(line[start:end])}</span>')
    return (f'<pre class="sitegen-dev-overlay__source"><span class="sitegen-dev-overlay__lineno">{number}</span>'
            f'<span class="sitegen-dev-overlay__line">{html.escape(line)}</span>\n'
            f'<span class="sitegen-dev-overlay__lineno"></span>{pad}{mark}</pre>')


def source_excerpt(path: Path, line: int, column: int | None) -> tuple[int, str, int, int | None] | None:
    """(line number, the line, where the mark starts, where it ends): a caret at `column`
    (1-based; end None), or the whole line's text when there is no column; None if the file
    has no such line."""
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            text = next(itertools.islice(file, line - 1, None), None)
    except OSError:
        return None
    if text is None:
        return None
    text = text.rstrip("\r\n")
    if column is not None and 1 <= column <= len(text) + 1:
        # A long line (each Japanese paragraph is one) is shown from a little before the column, cut
        # with '…', so that the caret is in view (120 Japanese characters before it were out of the box).
        first = max(0, column - 1 - _BEFORE)
        shown = "…" * (first > 0) + text[first:first + _MAX_LINE] + "…" * (first + _MAX_LINE < len(text))
        return line, shown, column - 1 - first + (first > 0), None
    text = text[:_MAX_LINE]
    indent = len(text) - len(text.lstrip())
    return line, text, indent, len(text) if indent < len(text) else None
