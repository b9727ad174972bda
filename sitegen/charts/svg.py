"""vl-convert's SVG, made fit for a page (inline) or for a download (standalone).

Inline: no width/height (the viewBox stays, so CSS scales it), `role="img"` named by the
caption's title and described by its takeaway (vl-convert's root has no role or name; named by
the whole caption, a screen reader said 'title takeaway' as one run-on phrase),
and every internal id prefixed, so two charts on one page never share a clip-path id.
Standalone: the wide drawing under its title, takeaway and source (a file on its own has
no caption), with an XML declaration, the natural size and a <title>.
Both: vl-convert writes font-family="IPAexGothic" (the font it measured with, which few
readers have) on every text, and a browser without the stylesheet (reader mode, a saved
page, a feed reader) then drew English labels in its default serif face. The root <svg>
carries one font list ending in sans-serif instead, which its texts inherit (site.css sets
the page's font over it): one attribute per drawing, not one per text. The words are laid out here, not by vl-convert:
drawing the chart a third time only to measure them took half of all drawing time.
Plain string edits on Vega's regular output: the same input always gives the same bytes.
"""

from __future__ import annotations

import re
from html import escape

from .drawing import FONT_FAMILY
from .spec import INK, MUTED, PADDING, WIDE
from .wrap import wrap

_ROOT = re.compile(r"<svg\b([^>]*)>")
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')
_SIZE_ATTRS = re.compile(r'\bwidth="([\d.]+)" height="([\d.]+)"')
_MARK_TEXTS = re.compile(r'(<g class="mark-text role-mark[^>]*>)(.*?)(</g>)', re.S)
# The labels' halo that site.css gives them on the page (a file on its own has no stylesheet).
_HALO = 'paint-order="stroke" stroke="white" stroke-width="3" stroke-linejoin="round" '
FALLBACK_FONTS = f"{FONT_FAMILY}, 'Hiragino Sans', 'Noto Sans JP', 'Noto Sans CJK JP', 'Yu Gothic', sans-serif"
_ROOT_FONT = f' font-family="{FALLBACK_FONTS}"'
_TEXT_FONT = re.compile(rf'(<text\b[^>]*?) font-family="{FONT_FAMILY}"')


def is_drawing(svg: str) -> bool:
    """What vl-convert returns for a static chart: an <svg> root with a width and a height."""
    match = _ROOT.search(svg)
    return match is not None and _SIZE_ATTRS.search(match.group(1)) is not None


def _root(svg: str) -> tuple[str, str]:
    match = _ROOT.search(svg)
    if match is None:
        raise ValueError("not an SVG document")
    return match.group(1), svg[match.end():]


def _fitted(body: str, prefix: str) -> str:
    """The body with its ids prefixed, and its texts' font left to the root's `_ROOT_FONT`."""
    body = _TEXT_FONT.sub(r"\1", body)
    body = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', body)
    return _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", body)


def inline_svg(svg: str, id_prefix: str, labelledby: str, describedby: str, css_class: str) -> str:
    """The SVG to put in the page's HTML, named by the element `labelledby`, described by `describedby`."""
    attrs, body = _root(svg)
    attrs = _SIZE.sub("", attrs).replace('class="marks"', f'class="marks {css_class}"')
    attrs = re.sub(r'\s(?:version|xmlns:xlink)="[^"]*"', "", attrs)
    svg = (f'<svg{attrs}{_ROOT_FONT} role="img" aria-labelledby="{labelledby}" aria-describedby="{describedby}">'
           f'{_fitted(body, id_prefix)}')
    return svg.rstrip() + "\n"


# The download's layout, px: its margin, and the title's and the lines' type size and leading.
MARGIN = 12
TITLE_SIZE, TITLE_LEADING = 14, 18
LINE_SIZE, LINE_LEADING = 11, 14
TITLE_GAP, CHART_GAP = 6, 14           # title → lines, lines → chart


def standalone_svg(wide: str, title: str, paragraphs: list[str], id_prefix: str, lang: str) -> str:
    """An .svg file that opens on its own: the wide drawing under its title and paragraphs
    (takeaway, notes, source), with a declaration, a size, a <title>, the font list and its
    language (a screen reader reads the title in it; a browser picks fonts for it)."""
    attrs, body = _root(wide)
    # SVG text never wraps; a rough measure (wrap.py) with room to spare keeps lines inside.
    title_lines = wrap(title, WIDE / TITLE_SIZE)
    lines = [line for text in paragraphs for line in wrap(text, WIDE / (LINE_SIZE + 0.5))]
    size = _SIZE_ATTRS.search(attrs)
    if size is None:
        raise ValueError("the drawing has no width and height")
    shift = MARGIN - PADDING
    width, height = float(size.group(1)) + 2 * shift, float(size.group(2))
    texts, y = [], MARGIN
    for i, line in enumerate(title_lines):
        texts.append(f'<text x="{MARGIN}" y="{y + TITLE_SIZE * 0.8 + i * TITLE_LEADING:g}" font-size="{TITLE_SIZE}" '
                     f'font-weight="bold" fill="{INK}">{escape(line, quote=False)}</text>')
    y += TITLE_SIZE + (len(title_lines) - 1) * TITLE_LEADING + TITLE_GAP if title_lines else 0
    for i, line in enumerate(lines):
        texts.append(f'<text x="{MARGIN}" y="{y + LINE_SIZE * 0.8 + i * LINE_LEADING:g}" font-size="{LINE_SIZE}" '
                     f'fill="{MUTED}">{escape(line, quote=False)}</text>')
    y += LINE_SIZE + (len(lines) - 1) * LINE_LEADING + CHART_GAP if lines else 0
    top = y - PADDING
    drawing = _fitted(body.rstrip().removesuffix("</svg>"), id_prefix)
    drawing = _MARK_TEXTS.sub(lambda m: m.group(1) + m.group(2).replace("<text ", "<text " + _HALO) + m.group(3),
                              drawing)
    total = top + height + shift
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
            f'xml:lang="{lang}" width="{width:g}" height="{total:g}" viewBox="0 0 {width:g} {total:g}"'
            f'{_ROOT_FONT} role="img">'
            f"<title>{escape(title, quote=False)}</title>"
            f'<rect width="{width:g}" height="{total:g}" fill="white"/>'
            f'{"".join(texts)}'
            f'<g transform="translate({shift},{top:g})">{drawing}</g></svg>\n')
