"""The error overlay: each problem as the command line prints it, the offending line of its
file with a caret under the place, and a link that opens the file there in the editor.

Markup with classes only (the page's Content-Security-Policy allows no inline styles); its
stylesheet is assets/dev.css.
"""

from __future__ import annotations

import html
import itertools
from pathlib import Path

from ..diagnostics import Diagnostic, Diagnostics
from .editor import EditorLinks

_MAX_LINE = 240          # characters of a source line shown (minified or data lines can be huge)


def overlay(diagnostics: Diagnostics, strict: bool, links: EditorLinks | None = None) -> str:
    """The overlay's HTML for the problems of a failed build."""
    items = "".join(_item(diag, line, links) for diag, line in zip(diagnostics.sorted(), diagnostics.lines(strict),
                                                                    strict=True))
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


def _item(diag: Diagnostic, text: str, links: EditorLinks | None) -> str:
    level = "error" if ": error: " in text else "warning"
    where = diag.location
    href = links.href(where.path, where.line, where.column) if links else None
    opener = (f' <a class="sitegen-dev-overlay__open" href="{html.escape(href)}">open {html.escape(str(where))} '
              f"in the editor</a>" if href else "")
    excerpt = source_excerpt(links.root / where.path, where.line, where.column) if links and where.line else None
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
    text = text.rstrip("\r\n")[:_MAX_LINE]
    if column is not None and 1 <= column <= len(text) + 1:
        return line, text, column - 1, None
    indent = len(text) - len(text.lstrip())
    return line, text, indent, len(text) if indent < len(text) else None
