"""Keyboard focus as a reader who tabs through a page sees it: every stop shows its focus ring whole.

axe-core does not look at focus (it cannot see :focus-visible styles without focusing), so this
check presses Tab from the top of the page to its end and, at each stop, measures the ring the
stylesheet draws (outline width + offset around the element) against every ancestor that clips
its overflow: a ring cut by a scrolling row (the navigation, the contents) shows as a stray line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

MAX_STOPS = 600        # a page with more tab stops than this is reported, not walked for ever

RING_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
        (e.classList.length ? '.' + [...e.classList].join('.') : '');
    const label = name(el) + ' ' + JSON.stringify((el.textContent || el.value || '').trim().slice(0, 30));
    const drawn = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    if (!drawn) return {label, cut: [], drawn: s.boxShadow !== 'none'};
    const grow = parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset);
    const ring = {left: r.left - grow, top: r.top - grow, right: r.right + grow, bottom: r.bottom + grow};
    const cut = [];
    for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
        const as = getComputedStyle(a);
        if (as.overflowX === 'visible' && as.overflowY === 'visible') continue;
        const b = a.getBoundingClientRect();
        const box = {left: b.left + a.clientLeft, top: b.top + a.clientTop};
        box.right = box.left + a.clientWidth;
        box.bottom = box.top + a.clientHeight;
        // a side the element itself reaches past is scrolled away, not a ring cut by its row
        const sides = ['left', 'top'].filter(k => ring[k] < box[k] - 0.5 && r[k] >= box[k] - 0.5)
            .concat(['right', 'bottom'].filter(k => ring[k] > box[k] + 0.5 && r[k] <= box[k] + 0.5));
        if (sides.length) cut.push(`${name(a)} cuts its ${sides.join(', ')}`);
    }
    return {label, cut, drawn: true};
}"""


def focus_ring_problems(page: Page) -> tuple[int, list[str]]:
    """Tab through the open page from its top. Returns (tab stops visited, problems): stops with
    no focus indicator, and stops whose ring an ancestor's overflow cuts (each element once)."""
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    problems: dict[str, str] = {}
    first = None
    for stop in range(MAX_STOPS):
        page.keyboard.press("Tab")
        found = page.evaluate(RING_JS)
        if found is None or found["label"] == first:
            return stop, list(problems.values())
        first = first or found["label"]
        if not found["drawn"]:
            problems.setdefault(found["label"], f"{found['label']}: no focus indicator")
        elif found["cut"]:
            problems.setdefault(found["label"], f"{found['label']}: its focus ring is cut: {'; '.join(found['cut'])}")
    return MAX_STOPS, [*problems.values(), f"more than {MAX_STOPS} tab stops"]
