"""Citation markers as readers meet them: whole, bound to their word, easy to tap, placed one way,
linked back from the source list, and previewing their source on hover or focus.

Every article page of every site, in Chromium, at a phone's width and a desktop's.
"""

from __future__ import annotations

import pytest

from sitegen.render.citeplace import STOPS

from .harness import (
    BuiltSite,
    SitePage,
    SiteServer,
    Watch,
    axe_violations,
    first_in_each_language,
    numbered,
    open_page,
)

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
TARGET = 24           # px: WCAG 2.2 target size (minimum)

# For each marker: its boxes, its links' boxes, the character before it and the line that holds it.
MARKERS_JS = """() => [...document.querySelectorAll('.prose sup.cite')].map((sup, index) => {
    const walker = document.createTreeWalker(document.querySelector('.prose'), NodeFilter.SHOW_TEXT);
    let before = null, node;
    while ((node = walker.nextNode())) {
        if (sup.contains(node)) break;
        if (node.compareDocumentPosition(sup) & Node.DOCUMENT_POSITION_FOLLOWING && node.data.length) before = node;
    }
    let previous = null, char = '';
    if (before) {
        const range = document.createRange();
        range.setStart(before, before.data.length - 1);
        range.setEnd(before, before.data.length);
        char = before.data.slice(-1);
        const rects = range.getClientRects();
        previous = rects.length ? rects[rects.length - 1].bottom : null;
    }
    const boxes = sup.getClientRects();
    const line = parseFloat(getComputedStyle(sup.parentElement).lineHeight);
    return {index, text: sup.textContent, char, previous, line,
            rects: boxes.length, bottom: boxes.length ? boxes[0].bottom : null,
            links: [...sup.querySelectorAll('a')].map(a => { const r = a.getBoundingClientRect();
                return [a.textContent, r.width, r.height]; })};
})"""


def articles(site: BuiltSite) -> list[SitePage]:
    return [p for p in site.pages() if p.in_language_folder
            and 'class="cite"' in (site.output / p.file).read_text(encoding="utf-8")]


def _marker_problems(marker: dict, lang: str) -> list[str]:
    where = f"marker {marker['index'] + 1} {marker['text'].strip()!r}"
    problems = []
    if marker["rects"] != 1:
        problems.append(f"{where} breaks across {marker['rects']} lines")
    if marker["previous"] is not None and abs(marker["previous"] - marker["bottom"]) > marker["line"] / 2:
        problems.append(f"{where} starts a line alone (the word before it ends on the line above)")
    if not marker["char"].strip():
        problems.append(f"{where} has a space before it")
    elif marker["char"] in STOPS:
        problems.append(f"{where} follows {marker['char']!r}: markers go before the punctuation ({lang})")
    for text, width, height in marker["links"]:
        if width < TARGET - 0.01 or height < TARGET - 0.01:
            problems.append(f"{where}: the link {text!r} is {width:.0f}×{height:.0f}px, under {TARGET}×{TARGET}")
    return problems


@pytest.mark.parametrize("width", list(WIDTHS), ids=list(WIDTHS))
def test_markers_stay_whole_bound_and_tappable(site: BuiltSite, server: SiteServer, new_context, subtests,
                                               width: str) -> None:
    pages = articles(site)
    if not pages:
        pytest.skip(f"no page of the {site.name} site cites a source")
    context = new_context(viewport=WIDTHS[width], java_script_enabled=False)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    for site_page in pages:
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page, watch)
            problems = [p for marker in page.evaluate(MARKERS_JS) for p in _marker_problems(marker, site_page.lang)]
            if site_page.lang == "ja":
                spaced = page.evaluate("""() => (document.querySelector('.prose').innerText
                    .match(/。[ \\u3000]+\\S.{0,10}/g) || [])""")
                problems += [f"a space after 。: {text!r}" for text in spaced]
            problems += watch.take()
            assert not problems, f"{site_page.path} at {width}:\n{numbered(problems)}"


def test_the_source_list_links_back_to_every_marker(site: BuiltSite, server: SiteServer, new_context,
                                                    subtests) -> None:
    pages = articles(site)
    if not pages:
        pytest.skip(f"no page of the {site.name} site cites a source")
    context = new_context(viewport=WIDTHS["phone"], java_script_enabled=False)
    page = context.new_page()
    for site_page in pages:
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page)
            found = page.evaluate("""() => [...document.querySelectorAll('.citations li[id^="source-"]')].map(li => ({
                id: li.id,
                cited: [...document.querySelectorAll(`sup.cite a[href="#${li.id}"]`)].map(a => '#' + a.id),
                back: [...li.querySelectorAll('.citations__back a')].map(a => { const r = a.getBoundingClientRect();
                    return [a.getAttribute('href'), r.width, r.height]; }),
            }))""")
            problems = []
            for source in found:
                back = [href for href, _, _ in source["back"]]
                if sorted(back) != sorted(source["cited"]) or "#" in source["cited"]:
                    problems.append(f"#{source['id']} links back to {back}, but is cited at {source['cited']}")
                problems += [f"#{source['id']}: the link back {href} is {w:.0f}×{h:.0f}px" for href, w, h
                             in source["back"] if w < TARGET - 0.01 or h < TARGET - 0.01]
                for href in back:
                    if not page.query_selector(f"[id='{href[1:]}']"):
                        problems.append(f"#{source['id']}: {href} leads nowhere")
            assert found, f"{site_page.path}: markers but no source list"
            assert not problems, f"{site_page.path}:\n{numbered(problems)}"


def test_a_marker_previews_its_source_and_stays_a_link(site: BuiltSite, server: SiteServer, new_context) -> None:
    """Focus or hover shows publisher, title and date inside the window; Escape hides it; with
    JavaScript off the marker leads to its source in the list."""
    pages = articles(site)
    if not pages:
        pytest.skip(f"no page of the {site.name} site cites a source")
    problems = []
    for width, viewport in WIDTHS.items():
        context = new_context(viewport=viewport)
        watch = Watch(server.origin).attach(context)
        page = context.new_page()
        for site_page in pages[:2]:
            open_page(page, server, site_page, watch)
            links = page.locator(".prose sup.cite a")
            for index in (0, links.count() - 1):
                link = links.nth(index)
                link.scroll_into_view_if_needed()
                expected = page.evaluate("""a => document.querySelector(a.getAttribute('href'))
                    .querySelector('.citations__source').textContent.replace(/\\s+/g, ' ').trim()""",
                                         link.element_handle())
                for how in ("focus", "hover"):
                    link.focus() if how == "focus" else link.hover()
                    tip = page.evaluate("""() => { const t = document.querySelector('[role=tooltip]');
                        if (!t || t.hidden) return null;
                        const r = t.getBoundingClientRect();
                        return {text: t.textContent.replace(/\\s+/g, ' ').trim(), left: r.left, right: r.right,
                                top: r.top, bottom: r.bottom, described: document.activeElement.getAttribute(
                                'aria-describedby') === t.id || undefined}; }""")
                    where = f"{site_page.path} at {width}, marker {index + 1} on {how}"
                    if tip is None:
                        problems.append(f"{where}: no preview")
                        continue
                    if tip["text"] != expected:
                        problems.append(f"{where}: the preview says {tip['text']!r}, not {expected!r}")
                    if tip["left"] < 0 or tip["right"] > viewport["width"] or tip["top"] < 0 \
                            or tip["bottom"] > viewport["height"]:
                        problems.append(f"{where}: the preview leaves the window ({tip})")
                    page.keyboard.press("Escape")
                    if page.evaluate("() => !document.querySelector('[role=tooltip]').hidden"):
                        problems.append(f"{where}: Escape does not hide the preview")
                    page.mouse.move(0, 0)
            problems += [f"{site_page.path}: {p}" for p in watch.take()]
        context.close()

    context = new_context(viewport=WIDTHS["phone"], java_script_enabled=False)
    page = context.new_page()
    open_page(page, server, pages[0])
    href = page.get_attribute(".prose sup.cite a", "href")
    page.click(".prose sup.cite a")
    if not page.url.endswith(href) or not page.evaluate(f"() => document.querySelector('{href}').matches(':target')"):
        problems.append(f"{pages[0].path} without JavaScript: the marker does not lead to {href} ({page.url})")
    assert not problems, numbered(problems)


def test_printed_markers_are_as_wide_as_their_numbers(site: BuiltSite, server: SiteServer, new_context) -> None:
    """On paper nothing is tapped: a marker's number takes no more room than its text (the
    screen's 24 px targets printed '[ 1 , 2 ]'), and the source list's links back to the text,
    which lead nowhere on paper, are not printed."""
    pages = articles(site)
    if not pages:
        pytest.skip(f"no page of the {site.name} site cites a source")
    page = new_context(viewport={"width": 718, "height": 1000}, java_script_enabled=False).new_page()
    page.emulate_media(media="print")
    problems = []
    for site_page in pages:
        open_page(page, server, site_page)
        found = page.evaluate("""() => ({
            wide: [...document.querySelectorAll('.prose sup.cite a')].map(a => {
                const range = document.createRange();
                range.selectNodeContents(a);
                return [a.textContent, a.getBoundingClientRect().width - range.getBoundingClientRect().width];
            }).filter(([, room]) => room > 1),
            back: [...document.querySelectorAll('.citations__back')].filter(e => e.checkVisibility()).length})""")
        problems += [f"{site_page.path}: the marker {text!r} takes {room:.0f}px more than its number"
                     for text, room in found["wide"][:3]]
        if found["back"]:
            problems.append(f"{site_page.path}: {found['back']} lists of links back to the text are printed")
    assert not problems, numbered(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_open_preview_keeps_the_page_accessible(site: BuiltSite, server: SiteServer, new_context, subtests,
                                                 scheme: str) -> None:
    """axe-core (WCAG 2.2 A/AA and best practices) with a marker's preview open, on the first page
    that cites a source in each language: the preview is page content, inside the main landmark
    (appended to <body> it was outside every landmark: axe's 'region'), its text and links readable
    in light and dark. One page a language: the preview is the same element on every page, and the
    pages themselves are checked by axe elsewhere (every citing page took 45 s a scheme here)."""
    pages = first_in_each_language(articles(site))
    if not pages:
        pytest.skip(f"no page of the {site.name} site cites a source")
    context = new_context(viewport=WIDTHS["phone"], color_scheme=scheme, bypass_csp=True)   # axe is injected
    page = context.new_page()
    for site_page in pages:
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page)
            marker = page.locator(".prose sup.cite a").first
            marker.scroll_into_view_if_needed()
            marker.focus()
            assert page.evaluate("() => !document.querySelector('[role=tooltip]')?.hidden"), (
                f"{site_page.path}: focusing the first marker shows no preview")
            problems = axe_violations(page)
            assert not problems, f"{site_page.path} ({scheme}), the first marker's preview open:\n{numbered(problems)}"
