"""Checks on the drawn charts of the open page, from the SVG Chromium renders (each returns problems).

- labels: no two visible texts of a chart overlap or run together on one line, and none leaves its drawing;
- crossings: no visible text lies on a data mark (a bar, a point) or is crossed by a line (a data
  line, a rule, an axis line); a gridline may pass behind a text only if the text has a halo (a
  stroke of the page's colour painted under its fill), which cuts the line where the glyphs are;
- ticks: an axis that draws a scale (its line or its ticks) labels at least three values, so a
  reader can tell the values between them;
- contrast: every data mark (bar, line, point) reaches 3:1 against the page (WCAG 1.4.11), by its
  fill or by its outline, with its opacity composited over the page's background;
- faces: no visible text is drawn in the face this browser draws the same text in for `serif`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

MIN_CONTRAST = 3.0
OVERLAP_PX = 1.0        # boxes may touch; a label inside another by more than this overlaps it
MIN_GAP_PX = 4.0        # two labels on one line closer than this read as one ("0 GW 4 GW")
MIN_TICK_LABELS = 3     # "0" and "10 GW" alone leave the reader to guess every value between
HALO_PX = 2.0           # a text's halo at least this wide hides the gridline under its glyphs

# The drawings a reader sees: the static SVG (the wide or the narrow one, whichever shows) or
# the live chart that replaced it.
_VISIBLE_SVGS = """(fig) => [...fig.querySelectorAll('.chart__static svg, .chart__live svg')]
    .filter(svg => svg.getBoundingClientRect().width > 0 && svg.checkVisibility())"""

LABELS_JS = """([overlap, gap]) => [...document.querySelectorAll('figure.chart')]
    .flatMap(fig => (VISIBLE)(fig).map(svg => {
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')]
        .filter(t => t.textContent.trim() && t.checkVisibility({opacityProperty: true})
                     && Number(t.getAttribute('fill-opacity') ?? 1) > 0 && t.getBoundingClientRect().width > 0)
        .map(t => { const r = t.getBoundingClientRect();
                    return {text: t.textContent.trim().slice(0, 40), l: r.left, r: r.right, t: r.top, b: r.bottom}; });
    const problems = [];
    for (const a of texts)
        if (a.l < box.left - 0.5 || a.r > box.right + 0.5 || a.t < box.top - 0.5 || a.b > box.bottom + 0.5)
            problems.push(`'${a.text}' leaves the chart`);
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i], b = texts[j];
        const w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
        if (w > overlap && h > overlap)
            problems.push(`'${a.text}' and '${b.text}' overlap (${w.toFixed(1)}×${h.toFixed(1)} px)`);
        else if (h > overlap && -w < gap)
            problems.push(`'${a.text}' and '${b.text}' run together (${(-w).toFixed(1)} px apart)`);
    }
    return {id: fig.id, width: Math.round(box.width), labels: texts.length, problems};
}))""".replace("VISIBLE", _VISIBLE_SVGS)

# The texts of an SVG a reader can see, with their boxes (the same filter as LABELS_JS).
_SHOWN_TEXTS = """(svg) => [...svg.querySelectorAll('text')]
    .filter(t => t.textContent.trim() && t.checkVisibility({opacityProperty: true})
                 && Number(t.getAttribute('fill-opacity') ?? 1) > 0 && t.getBoundingClientRect().width > 0)
    .map(t => { const r = t.getBoundingClientRect();
                return {el: t, text: t.textContent.trim().slice(0, 40),
                        l: r.left, r: r.right, t: r.top, b: r.bottom}; })"""

# Marks with an area (bars, points) and lines (data lines, rules, axis lines, gridlines): each text
# against each, lines sampled every pixel along their length in the page's coordinates.
CROSSINGS_JS = """([inset, halo]) => {
    const rgb = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 3).join(',');
    const page = [document.body, document.documentElement].filter(Boolean).map(e => getComputedStyle(e).backgroundColor)
        .find(c => c && !/rgba\\(.*,\\s*0\\)$/.test(c) && c !== 'transparent') || 'rgb(255, 255, 255)';
    const haloed = (t) => { const s = getComputedStyle(t);
        return s.paintOrder.startsWith('stroke') && s.stroke !== 'none' && parseFloat(s.strokeWidth) >= halo
            && rgb(s.stroke) === rgb(page) && Number(s.strokeOpacity) === 1; };
    const inside = (x, y, a) => x > a.l + inset && x < a.r - inset && y > a.t + inset && y < a.b - inset;
    const crosses = ({el, box: b}, a) => {  // any point of the line within the text's box
        if (b.right < a.l || b.left > a.r || b.bottom < a.t || b.top > a.b) return false;   // none can be
        const m = el.getScreenCTM(), n = Math.ceil(el.getTotalLength());
        for (let i = 0; i <= n; i++) {
            const p = el.getPointAtLength(Math.min(i, el.getTotalLength())).matrixTransform(m);
            if (inside(p.x, p.y, a)) return true;
        }
        return false;
    };
    const shown = (el) => el.checkVisibility({opacityProperty: true}) && getComputedStyle(el).strokeOpacity !== '0';
    // a page's charts, or a downloaded drawing opened on its own (an SVG document)
    const drawings = document.documentElement instanceof SVGSVGElement ? [[{id: 'download'}, document.documentElement]]
        : [...document.querySelectorAll('figure.chart')].flatMap(fig => (VISIBLE)(fig).map(svg => [fig, svg]));
    return drawings.map(([fig, svg]) => {
        const texts = (TEXTS)(svg), problems = [];
        const areas = [...svg.querySelectorAll(
                '.role-mark:is(.mark-rect, .mark-symbol, .mark-arc, .mark-area) > :is(path, rect)')]
            .filter(shown).map(el => { const r = el.getBoundingClientRect();
                return {kind: el.parentElement.classList.contains('mark-symbol') ? 'point' : 'bar',
                        l: r.left, r: r.right, t: r.top, b: r.bottom}; })
            .filter(a => a.r - a.l > 0 && a.b - a.t > 0);
        const lines = [['line', '.role-mark:is(.mark-line, .mark-rule) > :is(path, line)'],
                       ['axis line', '.role-axis-domain line, .role-axis-tick line'],
                       ['gridline', '.role-axis-grid line']]
            .flatMap(([kind, selector]) => [...svg.querySelectorAll(selector)].filter(shown)
                .map(el => ({kind, el, box: el.getBoundingClientRect()})));
        for (const a of texts) {
            for (const m of areas) {
                const w = Math.min(a.r, m.r) - Math.max(a.l, m.l), h = Math.min(a.b, m.b) - Math.max(a.t, m.t);
                if (w > inset && h > inset)
                    problems.push(`'${a.text}' lies on a ${m.kind} (${w.toFixed(1)}×${h.toFixed(1)} px)`);
            }
            const crossed = new Set(lines.filter(({kind, el}) => !(kind === 'gridline' && haloed(a.el)))
                .filter(line => crosses(line, a)).map(({kind}) => kind));
            for (const kind of crossed) problems.push(`a ${kind} crosses '${a.text}'`
                + (kind === 'gridline' ? ' (and the text has no halo of the page colour)' : ''));
        }
        return {id: fig.id, width: Math.round(svg.getBoundingClientRect().width), problems};
    });
}""".replace("VISIBLE", _VISIBLE_SVGS).replace("TEXTS", _SHOWN_TEXTS)

# An axis draws a scale when it has its line or its ticks (a list of names, bars' or lanes', has neither).
TICKS_JS = """(minimum) => [...document.querySelectorAll('figure.chart')].flatMap(fig => (VISIBLE)(fig).flatMap(svg =>
    [...svg.querySelectorAll('.role-axis')]
    .filter(axis => axis.querySelector(':scope .role-axis-domain line, :scope .role-axis-tick line'))
    .map(axis => ({id: fig.id, width: Math.round(svg.getBoundingClientRect().width),
                   labels: [...axis.querySelectorAll('.role-axis-label text')]
                       .filter(t => t.textContent.trim() && t.checkVisibility({opacityProperty: true})
                                    && Number(t.getAttribute('opacity') ?? 1) > 0)
                       .map(t => t.textContent.trim())}))
    .filter(axis => axis.labels.length < minimum)))""".replace("VISIBLE", _VISIBLE_SVGS)

CONTRAST_JS = """(minimum) => {
    const rgb = (text) => {
        const m = text.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
        return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
    };
    const lum = (c) => {
        const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
    };
    const over = (c, a, bg) => ({r: c.r * a + bg.r * (1 - a), g: c.g * a + bg.g * (1 - a),
                                 b: c.b * a + bg.b * (1 - a)});
    const ratio = (x, y) => { const a = lum(x), b = lum(y); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
    const backgrounds = [document.body, document.documentElement].map(e => rgb(getComputedStyle(e).backgroundColor));
    const page = backgrounds.find(c => c && c.a > 0) || {r: 255, g: 255, b: 255, a: 1};   // the canvas: white
    const marks = '.role-mark > path, .role-mark > rect, .role-mark > line, .role-mark > g > path';
    return [...document.querySelectorAll('figure.chart')].flatMap(fig => (VISIBLE)(fig).flatMap(svg =>
        [...svg.querySelectorAll(marks)]
        .filter(el => el.getBoundingClientRect().width + el.getBoundingClientRect().height > 0)
        .map(el => {
            const s = getComputedStyle(el), opacity = Number(s.opacity), seen = [];
            const fill = rgb(s.fill), stroke = rgb(s.stroke);
            if (fill && s.fill !== 'none' && fill.a > 0)
                seen.push(['fill', ratio(over(fill, fill.a * Number(s.fillOpacity) * opacity, page), page)]);
            if (stroke && s.stroke !== 'none' && stroke.a > 0 && parseFloat(s.strokeWidth) >= 1)
                seen.push(['outline', ratio(over(stroke, stroke.a * Number(s.strokeOpacity) * opacity, page), page)]);
            const best = Math.max(0, ...seen.map(x => x[1]));
            return {id: fig.id, mark: el.closest('.role-mark').getAttribute('aria-roledescription') || el.tagName,
                    best, seen: seen.map(x => x[0] + ' ' + x[1].toFixed(2)).join(', ')};
        }).filter(m => m.best < minimum)));
}""".replace("VISIBLE", _VISIBLE_SVGS)


def label_problems(page: Page) -> tuple[int, list[str]]:
    """(charts looked at, problems): overlapping labels, or labels outside their chart."""
    charts = page.evaluate(LABELS_JS, [OVERLAP_PX, MIN_GAP_PX])
    return len(charts), [f"#{c['id']} ({c['width']} px): {p}" for c in charts for p in c["problems"]]


def crossing_problems(page: Page) -> list[str]:
    """Texts on bars or points, texts crossed by a line, texts on a gridline without a halo: in the
    page's charts, or in a downloaded drawing the page is (white behind it)."""
    charts = page.evaluate(CROSSINGS_JS, [OVERLAP_PX, HALO_PX])
    return [f"#{c['id']} ({c['width']} px): {p}" for c in charts for p in c["problems"]]


def tick_problems(page: Page) -> list[str]:
    """Axes with a scale that label fewer than MIN_TICK_LABELS values."""
    return [f"#{a['id']} ({a['width']} px): an axis labels only {a['labels']}"
            for a in page.evaluate(TICKS_JS, MIN_TICK_LABELS)]


def contrast_problems(page: Page) -> list[str]:
    """Marks under 3:1 against the page, by fill and by outline."""
    return [f"#{m['id']}: a {m['mark']} reaches {m['best']:.2f}:1 ({m['seen'] or 'no colour'})"
            for m in page.evaluate(CONTRAST_JS, MIN_CONTRAST)]


# Each visible text of the page's charts (or of a downloaded drawing opened on its own), marked, and
# beside it a copy of it set in `serif` (through CSSOM, which the CSP allows), marked to match.
_FACE_PROBES_JS = """() => {
    const drawings = document.documentElement instanceof SVGSVGElement ? [document.documentElement]
        : [...document.querySelectorAll('figure.chart')].flatMap(fig => (VISIBLE)(fig));
    let n = 0;
    for (const svg of drawings) for (const {el} of (TEXTS)(svg)) {
        const probe = el.cloneNode(true);
        probe.style.fontFamily = 'serif';
        probe.setAttribute('data-face-probe', n);
        el.setAttribute('data-face-check', n++);
        el.after(probe);
    }
    return n;
}""".replace("VISIBLE", _VISIBLE_SVGS).replace("TEXTS", _SHOWN_TEXTS)
_FACE_PROBES_GONE_JS = """() => { document.querySelectorAll('[data-face-probe]').forEach(e => e.remove());
    document.querySelectorAll('[data-face-check]').forEach(e => e.removeAttribute('data-face-check')); }"""


def serif_texts(page: Page) -> tuple[int, list[str]]:
    """(texts looked at, problems): the charts' visible texts drawn in a face that this browser uses for
    `serif` on the same text (asks Chromium which platform fonts it drew each with)."""
    count = page.evaluate(_FACE_PROBES_JS)
    if not count:
        return 0, []
    cdp = page.context.new_cdp_session(page)
    problems = []
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]

        def faces(selector: str) -> dict[str, tuple[set[str], int]]:
            found = {}
            for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": f"[{selector}]"})["nodeIds"]:
                attrs = cdp.send("DOM.getAttributes", {"nodeId": node})["attributes"]
                fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
                found[dict(zip(attrs[::2], attrs[1::2], strict=True))[selector]] = (
                    {f["familyName"] for f in fonts}, node)
            return found

        texts, serif = faces("data-face-check"), faces("data-face-probe")
        for key, (drawn, node) in sorted(texts.items(), key=lambda item: int(item[0])):
            if not drawn or drawn & serif[key][0]:
                words = re.sub(r"<[^>]+>", "", cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"])[:40]
                problems.append(f"{words!r} drawn in {', '.join(sorted(drawn)) or 'no font'}"
                                f" (this browser's serif face: {', '.join(sorted(serif[key][0]))})")
    finally:
        cdp.detach()
        page.evaluate(_FACE_PROBES_GONE_JS)
    return count, problems
