"""vl-convert's SVG, made fit for a page (inline) or for a download (standalone).

Inline: no width/height (the viewBox stays, so CSS scales it), `role="img"` with
`aria-labelledby` pointing at the figcaption (vl-convert's root has no role or name),
and every internal id prefixed, so two charts on one page never share a clip-path id.
Standalone: an XML declaration, the natural size, a <title>, and a font list that works
on machines without IPAexGothic. Plain string edits on Vega's regular output: the
same input always gives the same bytes.
"""

from __future__ import annotations

import re
from html import escape

from .fonts import FONT_FAMILY

_ROOT = re.compile(r"<svg\b([^>]*)>")
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')
_FALLBACK_FONTS = f"{FONT_FAMILY}, 'Hiragino Sans', 'Noto Sans JP', 'Noto Sans CJK JP', 'Yu Gothic', sans-serif"


def _root(svg: str) -> tuple[str, str]:
    match = _ROOT.search(svg)
    if match is None:
        raise ValueError("not an SVG document")
    return match.group(1), svg[match.end():]


def _prefix_ids(body: str, prefix: str) -> str:
    body = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', body)
    return _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", body)


def inline_svg(svg: str, id_prefix: str, labelledby: str, css_class: str) -> str:
    """The SVG to put in the page's HTML, named by the element `labelledby`."""
    attrs, body = _root(svg)
    attrs = _SIZE.sub("", attrs).replace('class="marks"', f'class="marks {css_class}"')
    attrs = re.sub(r'\s(?:version|xmlns:xlink)="[^"]*"', "", attrs)
    return f'<svg{attrs} role="img" aria-labelledby="{labelledby}">{_prefix_ids(body, id_prefix)}'.rstrip() + "\n"


def standalone_svg(svg: str, id_prefix: str, title: str) -> str:
    """An .svg file that opens on its own: declaration, size, title and fallback fonts."""
    attrs, body = _root(svg)
    body = _prefix_ids(body, id_prefix).replace(f'font-family="{FONT_FAMILY}"', f'font-family="{_FALLBACK_FONTS}"')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<svg{attrs} role="img">'
            f"<title>{escape(title, quote=False)}</title>{body}".rstrip() + "\n")
