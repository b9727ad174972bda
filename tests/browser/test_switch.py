"""The language switch keeps the reader's place: read down to a section (or a glossary term),
switch, land on it.

static/js/switch.js adds the id of the section in view to the switch link; translations share
heading ids (the build warns when they do not) and glossaries their terms' ids, so the
counterpart opens at the same section or term.
"""

from __future__ import annotations

import pytest

from .harness import DESKTOP, PHONE, BuiltSite, SitePage, SiteServer, Watch, explainer_for, numbered, open_page

# The section whose heading is scrolled to the top of the window: the second of the page,
# so that the answer differs both from "no section" and from "the first one".
SECTION = 1


def _section_problems(page, server: SiteServer, path: str) -> tuple[bool, list[str]]:
    """Scroll to a section, click the switch, check where the reader lands. (tested?, problems)"""
    ids = page.eval_on_selector_all(".prose h2[id], .prose dt[id]", "els => els.map(e => e.id)")
    if len(ids) <= SECTION or not page.query_selector(".lang-switch a[hreflang]"):
        return False, []
    wanted = ids[SECTION]
    top = page.evaluate("id => { const e = document.getElementById(id); e.scrollIntoView({block: 'start'}); "
                        "return e.getBoundingClientRect().top; }", wanted)
    if top > 40:                # scroll-margin-top leaves 1rem above it
        return False, []        # the page ends before this heading can reach the top of the window
    page.wait_for_timeout(800)           # the reader stops to read (switch.js waits 400 ms)
    with page.expect_navigation(wait_until="load"):
        page.click(".lang-switch a[hreflang]")
    problems = []
    landed = page.evaluate("location.hash")
    if landed != f"#{wanted}":
        problems.append(f"{path}: after reading #{wanted}, the switch opened {page.url} (hash {landed!r})")
    elif not page.query_selector(".notice--missing"):      # a fallback shows the original itself
        top = page.evaluate("id => { const e = document.getElementById(id); "
                            "return e ? e.getBoundingClientRect().top : null; }", wanted)
        if top is None:
            problems.append(f"{page.url}: no element #{wanted}: the translation lost the original's heading id")
        elif not -2 <= top <= page.viewport_size["height"] / 3:
            problems.append(f"{page.url}: #{wanted} is {top:.0f}px from the top of the window, not at it")
    return True, problems


def test_switch_lands_on_the_same_section(site: BuiltSite, server: SiteServer, new_context, subtests) -> None:
    tested = 0
    for viewport in (DESKTOP, PHONE):
        context = new_context(viewport=viewport)
        watch = Watch(server.origin).attach(context)
        page = context.new_page()
        for site_page in site.pages():
            if not site_page.in_language_folder:
                continue
            with subtests.test(msg=f"{site_page.path} at {viewport['width']}px"):
                open_page(page, server, site_page, watch)
                done, problems = _section_problems(page, server, site_page.path)
                tested += done
                problems += watch.take()
                assert not problems, numbered(problems)
        context.close()
    if not tested:
        pytest.skip(f"no page of the {site.name} site is long enough, with two sections and a language switch")


def test_switch_on_the_search_page_keeps_the_query(site: BuiltSite, server: SiteServer, new_context) -> None:
    """On the search page the reader's place is their query: after searching, the switch opens the
    other language's search page with the same words in the box, already searched."""
    searchable = [lang for lang in site.languages if (site.output / lang / "search" / "index.html").is_file()]
    if len(searchable) < 2:
        pytest.skip(f"the {site.name} site has no search page in two languages")
    context = new_context(viewport=PHONE)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    problems = []
    for lang in searchable:
        # the title of an explainer in the other language, as a reader might paste it
        other = next(x for x in searchable if x != lang)
        open_page(page, server, explainer_for(site, other), watch)
        query = page.eval_on_selector(".site-nav a[aria-current=page]", "a => a.textContent.trim()")
        open_page(page, server, SitePage(f"{lang}/search/index.html", f"{lang}/search/", lang), watch)
        page.fill("input[type=search]", query)
        page.keyboard.press("Enter")
        page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=query)
        with page.expect_navigation(wait_until="load"):
            page.click(f".lang-switch a[hreflang='{other}']")
        landed = page.evaluate("() => ({lang: document.documentElement.lang, path: location.pathname, "
                               "q: new URLSearchParams(location.search).get('q')})")
        if landed["lang"] != other or not landed["path"].endswith(f"/{other}/search/"):
            problems.append(f"{lang}: the switch led to {page.url}, not the {other} search page")
            continue
        if landed["q"] != query:
            problems.append(f"{lang}: after searching {query!r} the switch opened {page.url} (q={landed['q']!r})")
            continue
        try:
            page.wait_for_selector("main li a[href]", timeout=10_000)
            searched = True
        except Exception:
            searched = False
        if page.input_value("input[type=search]") != query or not searched:
            problems.append(f"{lang} → {other}: the query is not in the box or not searched "
                            f"({page.inner_text('#search-status')!r})")
        problems += [f"{lang}: {p}" for p in watch.take()]
    assert not problems, numbered(problems)


# Places in a page that the text's headings do not mark, each found from the built page: (name,
# the class that marks the page as having them, the places' selector). A timeline's events (a list
# 5,000 px long on a phone, under one heading) and an article's source list (after the text).
PLACES = [("timeline event", "timeline__event", ".prose .timeline__event"),
          ("source list", "citations", ".citations h2")]


def test_switch_keeps_the_place_in_a_timeline_and_in_the_source_list(site: BuiltSite, server: SiteServer,
                                                                      new_context, subtests) -> None:
    """A reader halfway down the timeline, or reading an article's sources, who switches language
    lands on the same event (the same date, the same place among the events) or on the source
    list, not at the heading above them: the timeline's reader was sent back to 2019, the
    sources' to the text's last section."""
    context = new_context(viewport=PHONE)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    tested = 0
    for site_page in site.pages():
        if not site_page.in_language_folder:
            continue
        html = (site.output / site_page.file).read_text(encoding="utf-8")
        for name, marker, selector in PLACES:
            if f'class="{marker}' not in html:
                continue
            with subtests.test(msg=f"{site_page.path}: {name}"):
                open_page(page, server, site_page, watch)
                places = page.eval_on_selector_all(selector, "els => els.length")
                index = places // 2          # the middle event; the one source list
                wanted = page.evaluate("""([selector, index]) => {
                    const place = document.querySelectorAll(selector)[index];
                    place.scrollIntoView({block: 'start'});
                    return {top: place.getBoundingClientRect().top,
                            date: place.querySelector('time')?.getAttribute('datetime') ?? null}; }""",
                                       [selector, index])
                if wanted["top"] > 40:
                    continue             # the page ends before the place can reach the top of the window
                page.wait_for_timeout(800)          # the reader stops to read (switch.js waits 400 ms)
                with page.expect_navigation(wait_until="load"):
                    page.click(".lang-switch a[hreflang]")
                landed = page.evaluate("""([selector, index]) => {
                    const all = [...document.querySelectorAll(selector)], place = all[index];
                    return {count: all.length, top: place ? place.getBoundingClientRect().top : null,
                            date: place?.querySelector('time')?.getAttribute('datetime') ?? null}; }""",
                                       [selector, index])
                tested += 1
                problems = watch.take()
                if landed["count"] != places or landed["date"] != wanted["date"]:
                    problems.append(f"{page.url}: {landed['count']} places ({selector}), {places} on "
                                    f"{site_page.path}; the {index + 1}th dated {landed['date']}, not {wanted['date']}")
                elif not -2 <= landed["top"] <= page.viewport_size["height"] / 3:
                    problems.append(f"after reading the {name} ({selector}, number {index + 1}) on {site_page.path}, "
                                    f"the switch opened {page.url}, where it is {landed['top']:.0f}px from the top "
                                    "of the window, not at it")
                assert not problems, numbered(problems)
    if not tested:
        pytest.skip(f"no page of the {site.name} site has a timeline or a source list long enough to scroll to")
