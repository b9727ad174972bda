"""Forced colours (Windows High Contrast, `forced-colors: active`): what the page draws to show
where a reader is, and the shapes it draws with a background alone, survive the user's palette.

In forced colours the browser replaces the page's colours with a few system colours: a border
drawn `transparent` takes the text's colour, and a background becomes the canvas. So a bar that
marks the current link (navigation, contents) can end up under every link alike, and a dot drawn
only with a background colour (the timeline's) vanishes. Each check compares a page in forced
colours with the same page in its normal colours, so nothing is listed by hand.
"""

from __future__ import annotations

import re

import pytest

from .harness import DESKTOP, BuiltSite, SiteServer, numbered, open_page

CLASSES = re.compile(r'\bclass="([^"]*)"')

# For every link marked aria-current: the border sides on which it differs from every unmarked
# link of its own list (what tells it apart: a bar under it, a line beside it).
CURRENT_MARKS_JS = """() => {
    const sides = ['Top', 'Right', 'Bottom', 'Left'];
    const border = (el, side) => { const s = getComputedStyle(el);
        return s['border' + side + 'Style'] === 'none' || !parseFloat(s['border' + side + 'Width'])
            ? 'none' : s['border' + side + 'Color']; };
    const found = {};
    for (const link of document.querySelectorAll('a[aria-current]')) {
        const list = link.closest('ul, ol');
        if (!list || !link.getClientRects().length) continue;
        const others = [...list.querySelectorAll('a:not([aria-current])')];
        if (!others.length) continue;
        const label = (link.closest('nav')?.getAttribute('aria-label') || list.className) + ' ' +
            JSON.stringify(link.textContent.trim().slice(0, 30));
        found[label] = sides.filter(side => border(link, side) !== 'none'
            && others.every(other => border(other, side) !== border(link, side)));
    }
    return found;
}"""

# Boxes with no text of their own drawn by their background alone (no border), such as a
# ::before dot: whether each still differs from the page's background.
BACKGROUND_SHAPES_JS = """() => {
    const canvas = getComputedStyle(document.body).backgroundColor;
    const clear = c => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
    const found = {}, seen = {};
    for (const el of document.querySelectorAll('body *')) {
        if (el instanceof SVGElement) continue;
        for (const pseudo of ['::before', '::after', null]) {
            const s = getComputedStyle(el, pseudo);
            if (pseudo ? (s.content === 'none' || s.content === 'normal' || s.content !== '""')
                       : (el.textContent.trim() || el.children.length)) continue;
            if (s.display === 'none' || clear(s.backgroundColor)) continue;
            const w = parseFloat(s.width), h = parseFloat(s.height);
            if (!(w >= 4 && h >= 4)) continue;
            if (['Top', 'Right', 'Bottom', 'Left'].some(k => s['border' + k + 'Style'] !== 'none'
                && parseFloat(s['border' + k + 'Width']) > 0)) continue;
            const name = el.tagName.toLowerCase() + (el.className ? '.' + [...el.classList].join('.') : '')
                + (pseudo || '');
            seen[name] = (seen[name] || 0) + 1;
            found[name + ' #' + seen[name]] = s.backgroundColor !== canvas;
        }
    }
    return found;
}"""


def reveal_current_section(page) -> None:
    """Scroll to the second section of the contents, and wait until reader.js marks a section as
    being read (on its next animation frame)."""
    shown = page.evaluate("""() => {
        const links = [...document.querySelectorAll('.toc-side a[href^="#"]')].filter(a => a.checkVisibility());
        const target = links[1] && document.getElementById(decodeURIComponent(links[1].hash.slice(1)));
        if (target) target.scrollIntoView();
        return Boolean(target);
    }""")
    if shown:
        page.wait_for_function("() => document.querySelector('.toc-side a[aria-current]')", timeout=5_000)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_forced_colours_keep_current_marks_and_drawn_shapes(site: BuiltSite, server: SiteServer, new_context,
                                                            subtests, scheme: str) -> None:
    """Every page, in forced colours: the current page's link in the navigation and the section
    being read in the contents are still told apart from the other links by what tells them apart
    in normal colours, and every shape drawn by a background alone is still drawn."""
    normal = new_context(color_scheme=scheme, viewport=DESKTOP).new_page()
    forced = new_context(color_scheme=scheme, viewport=DESKTOP, forced_colors="active").new_page()
    marks = 0
    for site_page in site.pages():
        with subtests.test(msg=site_page.path):
            seen = {}
            for name, page in (("normal", normal), ("forced", forced)):
                open_page(page, server, site_page)
                reveal_current_section(page)
                seen[name] = page.evaluate(CURRENT_MARKS_JS), page.evaluate(BACKGROUND_SHAPES_JS)
            (marks_normal, shapes_normal), (marks_forced, shapes_forced) = seen["normal"], seen["forced"]
            problems = []
            for link, sides in marks_normal.items():
                marks += bool(sides)
                lost = [side for side in sides if side not in marks_forced.get(link, [])]
                if lost:
                    problems.append(f"{link}: its {', '.join(lost).lower()} border marks it as current, "
                                    "but in forced colours the other links have the same border")
            # Each timeline event draws its dot by a background alone: the check must see them all.
            events = sum("timeline__event" in classes.split()
                         for classes in CLASSES.findall((site.output / site_page.file).read_text(encoding="utf-8")))
            if sum(shapes_normal.values()) < events:
                problems.append(f"{events} timeline events, but only {sum(shapes_normal.values())} shapes drawn by "
                                "a background alone were found: the check does not see their dots")
            for shape, drawn in shapes_normal.items():
                if drawn and not shapes_forced.get(shape, False):
                    problems.append(f"{shape.rsplit(' ', 1)[0]}: drawn by its background alone, "
                                    "which forced colours paint as the page's background (invisible)")
            assert not problems, f"{site_page.path} (forced colours, {scheme}):\n{numbered(sorted(set(problems)))}"
    assert marks, "no link marked as current by a border on any page: nothing was checked"


# For the first element of each kind (tag and classes) that has an id: whether, once it is the
# page's target (#id, as a link to it makes it), its background differs from the page's, and
# whether anything of what is drawn around it (background, outline, border) changed.
TARGET_MARKS_JS = """async () => {
    const canvas = getComputedStyle(document.body).backgroundColor;
    const clear = c => c === canvas || c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
    const drawn = el => { const s = getComputedStyle(el);   // what shows: a background, an outline, a border
        return [clear(s.backgroundColor) ? '' : s.backgroundColor,
                s.outlineStyle === 'none' ? '' : [s.outlineWidth, s.outlineColor].join(),
                s.borderStyle === 'none' ? '' : s.borderColor].join(); };
    const kinds = {};
    for (const el of document.querySelectorAll('body [id]')) {
        if (!el.checkVisibility()) continue;
        const kind = el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('')
            + (el.parentElement ? ' in ' + el.parentElement.tagName.toLowerCase() : '');
        kinds[kind] ||= el;
    }
    const found = {};
    for (const [kind, el] of Object.entries(kinds)) {
        const before = drawn(el);
        location.hash = encodeURIComponent(el.id);
        await new Promise(r => requestAnimationFrame(r));
        const s = getComputedStyle(el);
        found[kind] = {highlighted: !clear(s.backgroundColor), changed: drawn(el) !== before};
        history.replaceState(null, '', location.pathname + location.search);
    }
    return found;
}"""


def test_forced_colours_keep_the_highlight_of_the_place_a_link_leads_to(site: BuiltSite, server: SiteServer,
                                                                        new_context, subtests) -> None:
    """A link to a glossary term, a source or back to a citation marker highlights where it lands
    (:target); in forced colours every background is the canvas, so the target must still be
    drawn otherwise than when it is not the target. Every page, every kind of element with an id
    (a dark theme: the test above shows backgrounds are forced alike in both)."""
    scheme = "dark"
    normal = new_context(color_scheme=scheme, viewport=DESKTOP).new_page()
    forced = new_context(color_scheme=scheme, viewport=DESKTOP, forced_colors="active").new_page()
    highlighted = 0
    for site_page in site.pages():
        with subtests.test(msg=site_page.path):
            seen = {}
            for name, page in (("normal", normal), ("forced", forced)):
                open_page(page, server, site_page)
                seen[name] = page.evaluate(TARGET_MARKS_JS)
            kinds = [kind for kind, marks in seen["normal"].items() if marks["highlighted"]]
            highlighted += len(kinds)
            lost = [kind for kind in kinds if not seen["forced"].get(kind, {}).get("changed")]
            assert not lost, (f"{site_page.path} (forced colours, {scheme}): the highlight of the target is "
                              f"lost (its background is the page's) for:\n{numbered(lost)}")
    if not highlighted:
        pytest.skip(f"nothing on the {site.name} site is highlighted as a link's target")
