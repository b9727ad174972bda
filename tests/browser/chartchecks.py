"""Checks on the drawn charts of the open page, from the SVG Chromium renders (each returns problems).

- labels: no two visible texts of a chart overlap or run together on one line, and none leaves its drawing;
- contrast: every data mark (bar, line, point) reaches 3:1 against the page (WCAG 1.4.11), by its
  fill or by its outline, with its opacity composited over the page's background.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

MIN_CONTRAST = 3.0
OVERLAP_PX = 1.0        # boxes may touch; a label inside another by more than this overlaps it
MIN_GAP_PX = 4.0        # two labels on one line closer than this read as one ("0 GW 4 GW")

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


def contrast_problems(page: Page) -> list[str]:
    """Marks under 3:1 against the page, by fill and by outline."""
    return [f"#{m['id']}: a {m['mark']} reaches {m['best']:.2f}:1 ({m['seen'] or 'no colour'})"
            for m in page.evaluate(CONTRAST_JS, MIN_CONTRAST)]
