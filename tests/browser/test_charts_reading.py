"""Charts as a reader meets them in Chromium: labels that can be read, marks that can be seen,
tooltips that a finger can open, and the words that tell the story without a tooltip.

Every chart of every site, in both languages: the static drawings at a phone's width (the
328 px drawing) and a desktop's (the 640 px one), and the live charts that replace them.
"""

from __future__ import annotations

import csv
import re
from typing import Any

import pytest
import yaml

from sitegen.render.l10n import format_year_end

from .chartchecks import contrast_problems, crossing_problems, label_problems, serif_texts, tick_problems
from .harness import (
    BuiltSite,
    SitePage,
    SiteServer,
    Watch,
    arrow_keys_scroll,
    first_in_each_language,
    numbered,
    open_page,
    read_through,
)

PHONE_SCREEN = {"width": 390, "height": 844}
DESKTOP_SCREEN = {"width": 1366, "height": 900}


def chart_pages(site: BuiltSite, live: bool = False) -> list[SitePage]:
    marker = "data-chart-spec" if live else 'class="chart"'
    return [p for p in site.pages() if marker in (site.output / p.file).read_text(encoding="utf-8")]


def ask_for_live_charts(page) -> None:
    """Press each "Interactive version" button the page offers (a phone upgrades a chart only when asked)
    and wait until every interactive chart is drawn live."""
    for button in page.locator("figure[data-chart-spec] .chart__upgrade button").all():
        if button.is_visible():
            button.click()
    page.wait_for_function("() => [...document.querySelectorAll('figure[data-chart-spec]')]"
                           ".every(f => f.dataset.chartState === 'live')", timeout=20_000)


@pytest.mark.parametrize(("viewport", "javascript"), [(PHONE_SCREEN, False), (DESKTOP_SCREEN, False),
                                                      (PHONE_SCREEN, True)], ids=["328px", "640px", "live"])
def test_chart_labels_neither_overlap_nor_leave_the_chart(site: BuiltSite, server: SiteServer, new_context,
                                                          subtests, viewport: dict, javascript: bool) -> None:
    """No label of a chart overlaps another or leaves the drawing, lies on a bar or a point, or is
    crossed by a line (the revenue chart's line ran through its labels); a gridline passes behind a
    label only under its halo (they struck through the Gartner chart's words). Every axis with a
    scale labels three values or more (the capacity chart's read "0 GW" and "10 GW" on a phone)."""
    pages = chart_pages(site, live=javascript)
    if not pages:
        pytest.skip(f"no {'live ' if javascript else ''}chart on the {site.name} site")
    context = new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    for site_page in pages:
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page)
            if javascript:
                read_through(page)
                ask_for_live_charts(page)     # a phone draws them live when asked
            charts, problems = label_problems(page)
            assert charts, f"{site_page.path}: no chart drawn"
            problems += crossing_problems(page) + tick_problems(page)
            assert not problems, f"{site_page.path} at {viewport['width']}px:\n{numbered(problems)}"


def test_no_screen_shrinks_a_charts_text(site: BuiltSite, server: SiteServer, new_context, subtests) -> None:
    """A drawing's text is set for its size (11–13 px at 328 px and at 640 px wide): at every width
    from a 360 px phone up, the drawing shown is at least that size, never scaled down (the 640 px
    one in a 545–640 px column drew its labels at 9.4–11 px). One page per language: the charts'
    layout is the same on every page."""
    pages = first_in_each_language(chart_pages(site))
    if not pages:
        pytest.skip(f"no chart on the {site.name} site")
    problems = []
    # Each page loaded once, in a tab of its own, then resized (the stylesheet alone picks the drawing:
    # JavaScript off); a page loaded anew at each width cost 24 loads where 2 do.
    context = new_context(viewport={"width": 360, "height": 900}, java_script_enabled=False)
    tabs = [(site_page, context.new_page()) for site_page in pages]
    for site_page, page in tabs:
        open_page(page, server, site_page)
    for width in (360, 390, 480, 576, 577, 600, 640, 671, 672, 768, 1024, 1280):
        with subtests.test(msg=f"{width}px"):
            for site_page, page in tabs:
                page.set_viewport_size({"width": width, "height": 900})
                scales = page.evaluate("""() => [...document.querySelectorAll('figure.chart')].map(fig => [fig.id,
                    [...fig.querySelectorAll('.chart__static svg')].filter(svg => svg.checkVisibility())
                    .map(svg => svg.getScreenCTM().a)])""")
                # each chart shows one drawing (none seen would leave nothing checked)
                problems += [f"{site_page.path} at {width}px: #{chart} shows {len(drawn)} drawings"
                             for chart, drawn in scales if len(drawn) != 1]
                problems += [f"{site_page.path} at {width}px: #{chart} drawn at {scale:.2f} of its size"
                             for chart, drawn in scales for scale in drawn if scale < 0.995]
    context.close()
    assert not problems, numbered(problems)


def test_paper_of_any_width_prints_each_chart_at_its_size(site: BuiltSite, server: SiteServer, new_context,
                                                          subtests) -> None:
    """Printed on paper as wide as a desktop's window (A3 landscape, or A4 landscape scaled down,
    over 1,100 CSS px), a page with a contents sidebar kept the sidebar's grid with the sidebar not
    printed: the article went into the sidebar's 14rem column and each chart was printed at a third of
    its size (224 px for the 640 px drawing). One page per language, at A4 portrait's width and at
    wider ones: the drawing printed is never scaled down."""
    pages = first_in_each_language(chart_pages(site))
    if not pages:
        pytest.skip(f"no chart on the {site.name} site")
    page = new_context(viewport={"width": 718, "height": 900}, java_script_enabled=False).new_page()
    page.emulate_media(media="print")
    for site_page in pages:
        open_page(page, server, site_page)
        for width in (718, 1047, 1280, 1511):
            with subtests.test(msg=f"{site_page.path} at {width}px"):
                page.set_viewport_size({"width": width, "height": 900})
                scales = page.evaluate("""() => [...document.querySelectorAll('figure.chart')].flatMap(fig =>
                    [...fig.querySelectorAll('.chart__static svg')].filter(svg => svg.checkVisibility())
                    .map(svg => [fig.id, svg.getScreenCTM().a]))""")
                assert scales, "no chart printed"
                small = [f"#{chart} printed at {scale:.2f} of its size" for chart, scale in scales if scale < 0.995]
                assert not small, f"{site_page.path} printed {width}px wide:\n{numbered(small)}"


def test_a_downloaded_chart_keeps_its_labels_clear(site: BuiltSite, server: SiteServer, new_context) -> None:
    """The SVG a reader downloads (charts/<id>.<lang>.svg) opens without the site's stylesheet:
    its labels carry their halo themselves, and no line or gridline strikes through one."""
    files = sorted((site.output / "charts").glob("*.svg")) if (site.output / "charts").is_dir() else []
    if not files:
        pytest.skip(f"no chart download on the {site.name} site")
    page = new_context(viewport=DESKTOP_SCREEN, java_script_enabled=False).new_page()
    problems = []
    for file in files:
        page.goto(server.url(f"charts/{file.name}"), wait_until="load")
        # opened as an SVG document with its labels (else the check would find no text and pass)
        texts = page.evaluate("() => document.documentElement instanceof SVGSVGElement"
                              " && document.querySelectorAll('text').length")
        if not texts:
            problems.append(f"charts/{file.name}: not opened as a drawing with labels")
        problems += [f"charts/{file.name}: {problem}" for problem in crossing_problems(page)]
    assert not problems, numbered(problems)


def test_without_the_stylesheet_each_chart_is_drawn_once(site: BuiltSite, server: SiteServer, new_context) -> None:
    """A reader whose browser does not load the stylesheet (blocked, failed, a text browser's
    reader mode) sees one drawing per chart, not the phone's and the desktop's one under the other."""
    pages = chart_pages(site)
    if not pages:
        pytest.skip(f"no chart on the {site.name} site")
    context = new_context(viewport=DESKTOP_SCREEN, java_script_enabled=False)
    blocked: list[str] = []
    context.route("**/*.css", lambda route: (blocked.append(route.request.url), route.abort()))
    page = context.new_page()
    problems, charts = [], 0
    for site_page in pages:
        page.goto(server.url(site_page.path), wait_until="load")
        shown = page.evaluate("""() => [...document.querySelectorAll('figure.chart')].map(f => [f.id,
            [...f.querySelectorAll('svg')].filter(s => s.checkVisibility() && s.getBoundingClientRect().width > 0)
            .length])""")
        charts += len(shown)
        problems += [f"{site_page.path} #{chart}: {count} drawings shown" for chart, count in shown if count != 1]
    assert charts and blocked, "no chart looked at, or no stylesheet blocked"
    assert not problems, numbered(problems)


def test_without_the_stylesheet_chart_text_is_in_a_sans_serif_face(site: BuiltSite, server: SiteServer,
                                                                   new_context) -> None:
    """vl-convert names the font it measured with, IPAexGothic, which few readers have: without the
    stylesheet (reader mode, a saved page) a browser drew each English label in its default face, a
    serif one. Every drawing, on the pages and in each downloaded SVG (which opens with no
    stylesheet), names no font on its texts and, on its root, one list ending in sans-serif (read
    from the files); and every visible text of one chart page and one download in each language is
    drawn in faces other than the one this browser uses for `serif` on the same text. (Every page
    and download in the browser took ~30 s a site, the same few drawings' check many times over.)"""
    pages = chart_pages(site)
    files = sorted((site.output / "charts").glob("*.svg")) if (site.output / "charts").is_dir() else []
    if not pages:
        pytest.skip(f"no chart on the {site.name} site")
    problems, roots = [], 0
    for where, text, drawings in [(p.path, html := (site.output / p.file).read_text(encoding="utf-8"),
                                   re.findall(r'<svg\b[^>]*class="marks[^>]*>', html)) for p in pages] + [
            (f"charts/{file.name}", svg := file.read_text(encoding="utf-8"), [svg]) for file in files]:
        problems += [f"{where}: a text names its font: {tag[:60]}…" for tag in re.findall(r"<text\b[^>]*>", text)
                     if " font-family=" in tag]
        problems += [f"{where}: a drawing's root names no font list ending in sans-serif" for root in drawings
                     if not re.match(r'(?:<\?xml[^>]*>\s*)?<svg\b[^>]* font-family="[^"]*, sans-serif"', root)]
        roots += len(drawings)
    assert roots and not problems, numbered(problems)
    languages = sorted({p.lang for p in pages})
    downloads: dict[str, str] = {}      # one a language ('deal.en.svg')
    for file in files:
        downloads.setdefault(file.name.rsplit(".", 2)[-2], f"charts/{file.name}")
    seen = [p.path for p in first_in_each_language(pages)]
    seen += [downloads[lang] for lang in languages if lang in downloads]
    context = new_context(viewport=DESKTOP_SCREEN, java_script_enabled=False)
    context.route("**/*.css", lambda route: route.abort())
    page = context.new_page()
    looked_at: dict[str, int] = {}
    for where in seen:
        page.goto(server.url(where), wait_until="load")
        texts, found = serif_texts(page)
        lang = page.evaluate("() => document.documentElement.lang || document.documentElement.getAttribute('xml:lang')")
        looked_at[lang] = looked_at.get(lang, 0) + texts
        problems += [f"{where}: {problem}" for problem in found]
    assert set(looked_at) == set(languages) and all(looked_at.values()), f"texts looked at: {looked_at}"
    assert not problems, numbered(problems)


def test_without_the_stylesheet_a_charts_title_stands_apart_from_its_takeaway(site: BuiltSite, server: SiteServer,
                                                                             new_context) -> None:
    """The caption's title and takeaway were two spans that only the stylesheet set on lines of their
    own: a feed reader, reader mode or a saved page ran them into one sentence ('Money in, money out:
    OpenAI and its main partners Microsoft and Amazon each invest…'). Without the stylesheet, each
    chart's takeaway starts on a line below its title, in every chart page."""
    pages = chart_pages(site)
    if not pages:
        pytest.skip(f"no chart on the {site.name} site")
    context = new_context(viewport=PHONE_SCREEN, java_script_enabled=False)
    context.route("**/*.css", lambda route: route.abort())
    page = context.new_page()
    problems, captions = [], 0
    for site_page in pages:
        page.goto(server.url(site_page.path), wait_until="load")
        boxes = page.evaluate("""() => [...document.querySelectorAll('figure.chart > figcaption')].map(c => [
            c.parentElement.id, ...['.chart__title', '.chart__takeaway'].map(s => {
                const r = c.querySelector(s).getClientRects(); return [r[r.length - 1].bottom, r[0].top]; })])""")
        captions += len(boxes)
        problems += [f"{site_page.path} #{chart}: the takeaway goes on from the title's last line"
                     for chart, (title_bottom, _), (_, takeaway_top) in boxes if takeaway_top < title_bottom - 0.5]
    assert captions, "no chart caption looked at"
    assert not problems, numbered(problems)


def _heard(cdp: Any, root: int, selector: str) -> tuple[str, ...]:
    """(name, description) of the element in Chromium's accessibility tree, spaces collapsed."""
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    item = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
    return tuple(" ".join(str(item.get(key, {}).get("value", "")).split()) for key in ("name", "description"))


def test_a_screen_reader_hears_a_charts_title_apart_from_its_takeaway(site: BuiltSite, server: SiteServer,
                                                                     new_context) -> None:
    """Each static drawing was named by the whole caption, so a screen reader said 'Money in, money
    out: OpenAI and its main partners Microsoft and Amazon each invest…' as one run-on phrase, after
    reading the same caption as text. The figure itself had no name in Chromium (and the run-on one,
    'title takeaway', in Firefox and Playwright's snapshot). Asked of Chromium's accessibility tree:
    each figure and each drawing shown is named by its caption's title and described by its
    takeaway, and its data table's box is named by the title, each as the caption's paragraphs read."""
    pages = chart_pages(site)
    if not pages:
        pytest.skip(f"no chart on the {site.name} site")
    page = new_context(viewport=DESKTOP_SCREEN, java_script_enabled=False).new_page()
    problems, drawings = [], 0
    for site_page in pages:
        open_page(page, server, site_page)
        page.evaluate("() => { for (const d of document.querySelectorAll('.chart__data')) d.open = true; }")
        captions = page.evaluate("""() => [...document.querySelectorAll('figure.chart')].map(f => [f.id,
            ...['.chart__title', '.chart__takeaway'].map(s => f.querySelector(s).textContent.split(/\\s+/)
                                                              .filter(Boolean).join(' '))])""")
        cdp = page.context.new_cdp_session(page)
        try:
            root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
            for figure, title, takeaway in captions:
                drawings += 1
                for selector, expected in (("", (title, takeaway)), (".chart__wide svg", (title, takeaway)),
                                           (".chart__table", (title, ""))):
                    heard = _heard(cdp, root, f"#{figure} {selector}".strip())
                    if heard != expected:
                        problems.append(f"{site_page.path} #{figure} {selector}: name and description {heard}, "
                                        f"not {expected}")
        finally:
            cdp.detach()
    assert drawings, "no chart drawing looked at"
    assert not problems, numbered(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_marks_have_3_to_1_contrast(site: BuiltSite, server: SiteServer, new_context, subtests,
                                          scheme: str) -> None:
    pages = chart_pages(site)
    if not pages:
        pytest.skip(f"no chart on the {site.name} site")
    context = new_context(viewport=DESKTOP_SCREEN, color_scheme=scheme, java_script_enabled=False)
    page = context.new_page()
    for site_page in pages:
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page)
            problems = contrast_problems(page)
            assert not problems, f"{site_page.path} ({scheme}):\n{numbered(problems)}"


def live_chart_pages(site: BuiltSite) -> list[SitePage]:
    """The first page with a live chart in each language (skips the test when there is none)."""
    pages = [p for p in chart_pages(site, live=True) if p.in_language_folder]
    if not pages:
        pytest.skip(f"no live chart on the {site.name} site")
    return first_in_each_language(pages)


def open_first_live_chart(page, server: SiteServer, site_page: SitePage, watch: Watch):
    """Open the page, scroll its first live chart into view and wait until it is drawn."""
    open_page(page, server, site_page, watch)
    figure = page.locator("figure[data-chart-spec]").first
    figure.scroll_into_view_if_needed()
    button = figure.locator(".chart__upgrade button")
    if button.is_visible():           # a phone: live when asked
        button.click()
    page.wait_for_function("f => f.dataset.chartState === 'live'", arg=figure.element_handle(), timeout=20_000)
    figure.scroll_into_view_if_needed()
    return figure


def test_a_tap_shows_the_tooltip_inside_the_window(site: BuiltSite, server: SiteServer, new_context) -> None:
    """On a touch screen: a tap on a mark shows its tooltip, inside the window; a tap elsewhere
    hides it, and so does a scroll."""
    pages = live_chart_pages(site)
    context = new_context(viewport=PHONE_SCREEN, has_touch=True, is_mobile=True)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    problems, tapped = [], 0
    for site_page in pages:
        figure = open_first_live_chart(page, server, site_page, watch)
        # the marks that have a tooltip (Vega keeps each mark's item on its SVG element)
        boxes = figure.evaluate("""f => [...f.querySelectorAll('.chart__live .role-mark > path')]
            .filter(el => el.__data__ && el.__data__.tooltip != null)
            .map(el => { const r = el.getBoundingClientRect();
                         return {x: r.x, y: r.y, width: r.width, height: r.height}; })""")
        for index, box in enumerate(boxes[:3]):
            if box["width"] < 4 or box["y"] < 0 or box["y"] + box["height"] > PHONE_SCREEN["height"]:
                continue
            # the right end of a bar, or the middle of a point: where a thumb lands near the edge
            page.touchscreen.tap(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
            page.wait_for_timeout(150)
            tip = page.evaluate("""() => { const t = document.getElementById('vg-tooltip-element');
                if (!t || !t.classList.contains('visible')) return null;
                const r = t.getBoundingClientRect();
                return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: t.textContent}; }""")
            where = f"{site_page.path}, mark {index + 1}"
            tapped += 1
            if tip is None:
                problems.append(f"{where}: a tap shows no tooltip")
                continue
            if tip["left"] < 0 or tip["right"] > PHONE_SCREEN["width"] or tip["top"] < 0 \
                    or tip["bottom"] > PHONE_SCREEN["height"]:
                problems.append(f"{where}: the tooltip leaves the window: {tip}")
        page.touchscreen.tap(4, PHONE_SCREEN["height"] // 2)      # the page margin, beside the chart
        page.wait_for_timeout(150)
        if page.evaluate("() => document.getElementById('vg-tooltip-element')?.classList.contains('visible')"):
            problems.append(f"{site_page.path}: a tap elsewhere leaves the tooltip")
        box = boxes[0]
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, 200)
        page.wait_for_timeout(200)
        if page.evaluate("() => document.getElementById('vg-tooltip-element')?.classList.contains('visible')"):
            problems.append(f"{site_page.path}: a scroll leaves the tooltip")
        problems += [f"{site_page.path}: {p}" for p in watch.take()]
    assert tapped, "no mark could be tapped"
    assert not problems, numbered(problems)


def _chart_texts(page, chart_id: str) -> list[str]:
    return page.evaluate("""(id) => { const fig = document.getElementById(id); if (!fig) return null;
        const svg = [...fig.querySelectorAll('.chart__static svg')].find(s => s.getBoundingClientRect().width > 0);
        return [...svg.querySelectorAll('text')].map(t => t.textContent.trim()); }""", chart_id)


@pytest.mark.parametrize("viewport", [PHONE_SCREEN, DESKTOP_SCREEN], ids=["328px", "640px"])
def test_the_timeline_labels_its_key_events_and_year_ends_read_as_such(site: BuiltSite, server: SiteServer,
                                                                       new_context, viewport: dict) -> None:
    """The key events named in data/charts.yaml are written on the timeline chart; the revenue
    chart's December points sit at ticks that say "2023年末" / "End 2023"."""
    words = site.root / "data" / "charts.yaml"
    texts = yaml.safe_load(words.read_text(encoding="utf-8")) if words.is_file() else {}
    key_events = {k: v for k, v in (texts.get("timeline", {}).get("labels") or {}).items() if str(k)[:4].isdigit()}
    revenue = site.root / "data" / "datasets" / "revenue.csv"
    year_ends = sorted({int(r["period"][:4]) for r in csv.DictReader(revenue.open(encoding="utf-8"))
                        if r["period"][5:7] == "12"}) if revenue.is_file() else []
    context = new_context(viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    checked, problems = 0, []
    for site_page in chart_pages(site):
        html = (site.output / site_page.file).read_text(encoding="utf-8")
        lang = site_page.lang
        wanted = {}
        if 'id="chart-timeline"' in html and key_events:
            wanted["chart-timeline"] = [v[lang] for v in key_events.values()]
        if 'id="chart-revenue"' in html and year_ends:
            wanted["chart-revenue"] = [format_year_end(year, lang, short=True) for year in year_ends]
        if not wanted:
            continue
        open_page(page, server, site_page)
        for chart_id, words in wanted.items():
            checked += 1
            shown = _chart_texts(page, chart_id)
            missing = [w for w in words if w not in shown]
            if missing:
                problems.append(f"{site_page.path} #{chart_id} at {viewport['width']}px lacks {missing} (has {shown})")
    if not checked:
        pytest.skip(f"no timeline with key events or revenue chart on the {site.name} site")
    assert not problems, numbered(problems)


def test_the_subject_stands_out_and_the_remainder_is_grey(site: BuiltSite, server: SiteServer, new_context) -> None:
    """Cloud share: AWS (the subject) in a colour of its own, the other providers alike, "All
    others" grey (its red, green and blue within a few points of each other). The rows are told
    apart by their English names in the table; the bars by their accessible names."""
    table = site.root / "data" / "datasets" / "cloud_share.csv"
    pages = [p for p in chart_pages(site) if 'id="chart-cloud-share"' in (site.output / p.file).read_text("utf-8")]
    if not pages or not table.is_file():
        pytest.skip(f"no cloud-share chart on the {site.name} site")
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    context = new_context(viewport=DESKTOP_SCREEN, java_script_enabled=False)
    page = context.new_page()
    problems = []
    for site_page in pages:
        open_page(page, server, site_page)
        fills = dict(page.evaluate("""() => [
            ...document.querySelectorAll('#chart-cloud-share .chart__wide path[aria-label]')
        ].map(p => [p.getAttribute('aria-label').split(/[:：]/)[0].trim(), getComputedStyle(p).fill])"""))
        roles = {"subject": [], "other": [], "rest": []}
        for row in rows:
            name = row[f"provider_{site_page.lang}"]
            role = ("subject" if row["provider_en"].startswith("AWS")
                    else "other" if row["provider_en"].startswith("All others") else "rest")
            if name not in fills:
                problems.append(f"{site_page.path}: no bar named {name!r} (bars: {sorted(fills)})")
                continue
            roles[role].append(fills[name])
        colours = {role: set(found) for role, found in roles.items()}
        if len(colours["rest"]) != 1 or colours["subject"] & colours["rest"] or colours["other"] & colours["rest"]:
            problems.append(f"{site_page.path}: subject, others and the rest share colours: {colours}")
        for fill in colours["other"]:
            r, g, b = (int(x) for x in fill[fill.index("(") + 1:fill.index(")")].split(",")[:3])
            if max(r, g, b) - min(r, g, b) > 25:
                problems.append(f"{site_page.path}: the remainder is {fill}, not grey")
    assert not problems, numbered(problems)


def test_a_keyboard_scrolls_a_data_table_wider_than_the_phone(site: BuiltSite, server: SiteServer,
                                                               new_context) -> None:
    """A chart's data table wider than the screen scrolls sideways inside its box (.chart__table,
    tabindex=0, the focus ring drawn around it), so the arrow keys scroll it once the box has focus.
    The box itself must be the thing that scrolls: a table that scrolls inside it cannot be reached
    from the keyboard (axe: scrollable-region-focusable)."""
    pages = chart_pages(site)
    if not pages:
        pytest.skip(f"no chart on the {site.name} site")
    screen = {"width": 360, "height": 740}           # the narrowest phone the site is made for
    context = new_context(viewport=screen, java_script_enabled=False)
    page = context.new_page()
    wide, problems = 0, []
    for site_page in pages:
        open_page(page, server, site_page)
        boxes = page.evaluate("""() => [...document.querySelectorAll('details.chart__data')].map(d => {
            d.open = true;
            const box = d.querySelector('.chart__table'), table = box.querySelector('table');
            return {id: d.closest('figure').id, focusable: box.tabIndex === 0,
                    content: Math.max(box.scrollWidth, table.scrollWidth), width: box.clientWidth};
        })""")
        for box in boxes:
            if box["content"] <= box["width"] + 1:
                continue                              # fits: nothing to scroll
            wide += 1
            where = f"{site_page.path} #{box['id']}"
            if not box["focusable"]:
                problems.append(f"{where}: the data table's box cannot take focus")
                continue
            table_box = page.locator(f"#{box['id']} .chart__table")
            if not arrow_keys_scroll(page, table_box):
                moved = table_box.evaluate("b => b.querySelector('table').scrollLeft")
                problems.append(f"{where}: the arrow keys do not scroll the {box['content']}px table in its "
                                f"{box['width']}px box (the table inside it scrolled {moved}px)")
    if not wide:
        pytest.skip(f"no chart data table of the {site.name} site is wider than {screen['width']}px")
    assert not problems, numbered(problems)


def test_a_tooltip_the_mouse_opened_can_be_hovered_and_dismissed(site: BuiltSite, server: SiteServer,
                                                                  new_context) -> None:
    """A chart's tooltip covers the chart around the mark (WCAG 1.4.13): the mouse can move from
    the mark onto it and it stays (hoverable), it goes when the mouse leaves it, and Escape hides
    it while the pointer stays on the mark (dismissible), as it hides a citation's source preview."""
    pages = live_chart_pages(site)
    context = new_context(viewport=DESKTOP_SCREEN)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    visible = "() => !!document.getElementById('vg-tooltip-element')?.classList.contains('visible')"
    problems, hovered = [], 0
    for site_page in pages:
        figure = open_first_live_chart(page, server, site_page, watch)
        box = figure.evaluate("""f => { const mark = [...f.querySelectorAll('.chart__live .role-mark > path')]
            .find(el => el.__data__ && el.__data__.tooltip != null && el.getBoundingClientRect().width >= 4);
            if (!mark) return null; const r = mark.getBoundingClientRect();
            return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }""")
        if box is None:
            continue
        page.mouse.move(box["x"] - 1, box["y"])
        page.mouse.move(box["x"], box["y"])
        try:
            page.wait_for_function(visible, timeout=3_000)
        except Exception:
            problems.append(f"{site_page.path}: hovering a mark shows no tooltip")
            continue
        hovered += 1
        tip = page.evaluate("""() => { const r = document.getElementById('vg-tooltip-element').getBoundingClientRect();
            return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }""")
        page.mouse.move(tip["x"], tip["y"], steps=8)          # from the mark onto the tooltip
        page.wait_for_timeout(800)
        if not page.evaluate(visible):
            problems.append(f"{site_page.path}: the tooltip goes when the mouse moves onto it")
        page.mouse.move(4, 4, steps=4)                          # away, to the page's corner
        page.wait_for_timeout(800)
        if page.evaluate(visible):
            problems.append(f"{site_page.path}: the tooltip stays after the mouse has left it")
        page.mouse.move(box["x"] - 1, box["y"])
        page.mouse.move(box["x"], box["y"])
        page.wait_for_function(visible, timeout=3_000)
        page.keyboard.press("Escape")
        page.wait_for_timeout(100)
        if page.evaluate(visible):
            problems.append(f"{site_page.path}: Escape leaves the tooltip over the chart")
        problems += [f"{site_page.path}: {p}" for p in watch.take()]
    assert hovered, "no mark could be hovered"
    assert not problems, numbered(problems)


@pytest.mark.parametrize("javascript", [False, True], ids=["static", "live"])
def test_a_screen_reader_hears_each_mark_in_words_not_field_names(site: BuiltSite, server: SiteServer, new_context,
                                                                   javascript: bool) -> None:
    """What the accessibility tree exposes of a chart's marks (Chromium's, static drawings and
    live charts) is said in the reader's words, as the table says it: never Vega's default of
    the data's field names and raw numbers ('arr_usd_bn: 2000000000', 'date (year-month-date):
    Feb 2025'). The field names are the columns of the site's data/datasets/*.yaml."""
    pages = chart_pages(site, live=javascript)
    if not pages:
        pytest.skip(f"no {'live ' if javascript else ''}chart on the {site.name} site")
    columns = {column for file in (site.root / "data" / "datasets").glob("*.yaml")
               for column in (yaml.safe_load(file.read_text(encoding="utf-8")).get("columns") or {})}
    # Vega's default description: 'field: value' or 'field (time unit): value', joined by '; '.
    default = re.compile(r"(?:^|; )(" + "|".join(map(re.escape, sorted(columns))) + r")(?: \([^)]*\))?: ")
    context = new_context(viewport=DESKTOP_SCREEN, java_script_enabled=javascript)
    page = context.new_page()
    problems, marks = [], 0
    for site_page in pages:
        open_page(page, server, site_page)
        if javascript:
            read_through(page)
        cdp = context.new_cdp_session(page)
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        cdp.detach()
        names = [node.get("name", {}).get("value", "") for node in nodes if not node.get("ignored")
                 and node.get("role", {}).get("value") in ("graphics-symbol", "graphics-object")]
        marks += len(names)
        problems += sorted({f"{site_page.path}: {name!r}" for name in names if default.search(name)})
    assert marks, "no chart mark is exposed to assistive technology"
    assert not problems, numbered(problems)


SAVE_DATA = "Object.defineProperty(navigator, 'connection', {value: {saveData: true}})"


def test_the_interactive_version_button_keeps_the_keyboard_on_the_chart(site: BuiltSite, server: SiteServer,
                                                                         new_context) -> None:
    """With data saver on, interactive charts upgrade only when asked: a keyboard reader presses
    "Interactive version", the button goes away with the upgrade, and focus goes to the chart it
    drew (named, as the static one was), not lost to the top of the page. Every live chart."""
    pages = chart_pages(site, live=True)
    if not pages:
        pytest.skip(f"no live chart on the {site.name} site")
    context = new_context(viewport=DESKTOP_SCREEN)
    context.add_init_script(SAVE_DATA)
    page = context.new_page()
    problems, pressed = [], 0
    for site_page in pages:
        open_page(page, server, site_page)
        for figure in page.eval_on_selector_all("figure[data-chart-spec]", "figs => figs.map(f => f.id)"):
            button = page.locator(f"#{figure} .chart__upgrade button")
            if not button.is_visible():
                problems.append(f"{site_page.path} #{figure}: no 'Interactive version' button with data saver on")
                continue
            button.focus()
            page.keyboard.press("Enter")
            page.wait_for_function(f"() => document.getElementById('{figure}').dataset.chartState === 'live'",
                                   timeout=15_000)
            pressed += 1
            focused = page.evaluate(f"""() => {{
                const el = document.activeElement, live = document.querySelector('#{figure} .chart__live');
                return {{onChart: el === live, named: !!(live.getAttribute('aria-label') || '').trim(),
                         what: el === document.body ? 'the page (focus lost)' : el.outerHTML.slice(0, 80)}};
            }}""")
            if not focused["onChart"] or not focused["named"]:
                problems.append(f"{site_page.path} #{figure}: after the upgrade focus is on {focused['what']}"
                                + ("" if focused["named"] else "; the live chart has no name"))
    assert pressed, "no button pressed"
    assert not problems, numbered(problems)


LANDSCAPE_PHONES = [{"width": 740, "height": 360}, {"width": 844, "height": 390}]


@pytest.mark.parametrize("viewport", [PHONE_SCREEN, {"width": 360, "height": 800}, *LANDSCAPE_PHONES],
                         ids=["390px", "360px", "740x360", "844x390"])
def test_a_phone_downloads_vega_only_when_the_reader_asks(site: BuiltSite, server: SiteServer, new_context,
                                                          viewport: dict) -> None:
    """A phone's reader who read a page to its end had downloaded Vega (~1 MB with vega-embed) for
    every interactive chart passed, and on a 390×844 phone the timeline's at once, its chart being
    within 200 px of the first screen: the phone's own drawing was replaced for tooltips nobody
    asked for. On a phone (where the chart shows its phone drawing) every interactive chart offers
    "Interactive version" instead; read to the end, no Vega script and no live spec is fetched;
    pressed, the chart is drawn live. Every live chart page.

    A phone turned sideways (740×360, 844×390) is wide enough for the wide drawing, and loaded Vega
    by itself as a desktop does: it is still a phone, on the same connection."""
    pages = chart_pages(site, live=True)
    if not pages:
        pytest.skip(f"no live chart on the {site.name} site")
    context = new_context(viewport=viewport, has_touch=True, is_mobile=True)
    fetched: list[str] = []
    context.on("request", lambda request: fetched.append(request.url))
    page = context.new_page()
    problems, pressed = [], 0
    sideways = viewport["width"] > viewport["height"]
    for site_page in pages:
        fetched.clear()
        open_page(page, server, site_page)
        if sideways:                  # the case meant: the wide drawing shows, as on a desktop
            drawings = page.eval_on_selector_all(
                "figure[data-chart-spec] .chart__static", "figs => figs.map(f => [...f.children]"
                ".filter(c => getComputedStyle(c).display !== 'none').map(c => c.className))")
            assert all(shown and all("chart__wide" in c for c in shown) for shown in drawings), drawings
        read_through(page)
        live = [u for u in fetched if "/vendor/vega" in u or u.endswith(".vg.json")]
        if live:
            problems.append(f"{site_page.path}: read through without asking, fetched {live}")
        figures = page.eval_on_selector_all("figure[data-chart-spec]", "figs => figs.map(f => f.id)")
        offered = [f for f in figures if page.locator(f"#{f} .chart__upgrade button").is_visible()]
        if offered != figures:
            problems.append(f"{site_page.path}: 'Interactive version' offered for {offered}, not {figures}")
            continue
        page.locator(f"#{figures[0]} .chart__upgrade button").click()
        page.wait_for_function(f"() => document.getElementById('{figures[0]}').dataset.chartState === 'live'",
                               timeout=20_000)
        pressed += 1
        if not any("/vendor/vega" in u for u in fetched):
            problems.append(f"{site_page.path}: pressed, the chart went live without Vega?")
    assert not problems, numbered(problems)
    assert pressed, "no button pressed"


def test_a_laptop_with_a_short_screen_loads_vega_by_itself(site: BuiltSite, server: SiteServer,
                                                          new_context) -> None:
    """What makes a phone turned sideways one (a screen whose narrow side the phone drawing is made
    for) is also a laptop's short or zoomed screen (1280×600): there, with a mouse, a chart near the
    window still goes live by itself, as on any desktop."""
    pages = chart_pages(site, live=True)
    if not pages:
        pytest.skip(f"no live chart on the {site.name} site")
    page = new_context(viewport={"width": 1280, "height": 600}).new_page()
    open_page(page, server, pages[0])
    read_through(page)
    states = page.eval_on_selector_all("figure[data-chart-spec]", "figs => figs.map(f => f.dataset.chartState)")
    assert states and all(state == "live" for state in states), f"{pages[0].path}: {states}"


def _links(snapshot: str) -> list[tuple[str, str]]:
    """(name, address) of each link in an aria snapshot (Playwright's YAML of the accessibility tree)."""
    found, name = [], None
    for line in snapshot.splitlines():
        text = line.strip()
        if match := re.match(r'- link "(.*)"', text):
            name = match.group(1).replace('\\"', '"')
        elif text.startswith("- /url: ") and name is not None:
            found.append((name, text.removeprefix("- /url: ").strip('"')))
            name = None
    return found


def test_the_downloads_of_a_pages_charts_are_told_apart_by_name(site: BuiltSite, server: SiteServer,
                                                         new_context) -> None:
    """A screen reader's list of a page's links names each once: each chart's downloads are named
    with their chart, as the accessibility tree gives them (a page of three charts had three
    'Download data (CSV)' and three 'Download chart (SVG)'). (Within one chart's source line the
    same is checked from the output, in tests/test_chart_sources.py.)"""
    pages = chart_pages(site)
    if not pages:
        pytest.skip(f"no chart on the {site.name} site")
    page = new_context(viewport=DESKTOP_SCREEN, java_script_enabled=False).new_page()
    problems, links = [], 0
    for site_page in pages:
        open_page(page, server, site_page)
        places: dict[str, set[str]] = {}
        for downloads in page.locator("figure.chart .chart__downloads").all():
            for name, address in _links(downloads.aria_snapshot()):
                places.setdefault(name, set()).add(address)
                links += 1
        problems += [f"{site_page.path}: {len(where)} links named {name!r}: {sorted(where)}"
                     for name, where in places.items() if len(where) > 1]
    assert links, "no download link under any chart"
    assert not problems, numbered(problems)
