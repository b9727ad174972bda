"""Every page of both languages, as a reader's Chromium shows it.

Each test visits every HTML page of the built site (the list comes from the output, so new pages
are tested without touching this file) and reports each page that fails as its own subtest.
"""

from __future__ import annotations

import pytest

from .focuschecks import focus_ring_problems
from .harness import (
    DESKTOP,
    PHONE,
    BuiltSite,
    SitePage,
    SiteServer,
    Watch,
    axe_violations,
    explainer_for,
    horizontal_overflow,
    invisible_charts,
    language_switch_problems,
    non_japanese_fonts,
    numbered,
    open_page,
    read_through,
    skip_link_problems,
)


def test_the_site_has_pages_in_every_language(site: BuiltSite) -> None:
    langs = {page.lang for page in site.pages()}
    assert set(site.languages) <= langs, f"pages found only in {sorted(langs)}"
    for lang in site.languages:
        assert any(p.path == f"{lang}/" for p in site.pages()), f"no home page for {lang}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_22_aa_or_best_practice_violations(site: BuiltSite, server: SiteServer, new_context,
                                                             subtests, scheme: str, viewport: dict[str, int]) -> None:
    """Every WCAG 2.2 A/AA rule and axe's best practices, at a phone's width and a desktop's, in
    light and in dark mode (the layout changes with the width, the colours with the mode)."""
    # bypass_csp only here: axe is injected as a script the page's policy would refuse.
    context = new_context(bypass_csp=True, color_scheme=scheme, viewport=viewport)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    for site_page in site.pages():
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page, watch)
            problems = axe_violations(page)
            problems += [p for p in watch.take() if "another host" in p]
            assert not problems, f"{site_page.path} ({scheme}, {viewport['width']}px):\n{numbered(problems)}"


def test_pages_load_without_errors_or_other_hosts_under_the_csp(site: BuiltSite, server: SiteServer, new_context,
                                                               subtests) -> None:
    """JavaScript on, the policy enforced (header and <meta>), read to the end: no console error
    (a blocked resource is one), no uncaught exception, no failed request, no other host."""
    context = new_context(viewport=DESKTOP)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    for site_page in site.pages():
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page, watch)
            read_through(page)
            problems = watch.take()
            assert not problems, f"{site_page.path}:\n{numbered(problems)}"


def test_language_switch_leads_to_the_counterpart(site: BuiltSite, server: SiteServer, new_context,
                                                  subtests) -> None:
    context = new_context(viewport=DESKTOP)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    followed = 0
    for site_page in site.pages():
        if not site_page.in_language_folder:
            continue      # the language chooser and the 404 page are in both languages at once
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page, watch)
            links, problems = language_switch_problems(page, server, site_page)
            followed += links
            problems += watch.take()
            assert not problems, f"{site_page.path}:\n{numbered(problems)}"
    assert followed, "no language-switch link anywhere on the site"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_charts_are_visible_without_javascript(site: BuiltSite, server: SiteServer, new_context, subtests,
                                               viewport: dict[str, int]) -> None:
    context = new_context(java_script_enabled=False, viewport=viewport)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    charts = 0
    for site_page in site.pages():
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page, watch)
            found, problems = invisible_charts(page)
            charts += found
            problems += watch.take()
            assert not problems, f"{site_page.path} at {viewport['width']}px without JavaScript:\n{numbered(problems)}"
    if not charts:
        pytest.skip(f"no figure.chart on any page of the {site.name} site yet")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_no_horizontal_overflow_at_360px(site: BuiltSite, server: SiteServer, new_context, subtests,
                                         javascript: bool) -> None:
    context = new_context(java_script_enabled=javascript, viewport=PHONE)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    for site_page in site.pages():
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page, watch)
            problems = horizontal_overflow(page) + watch.take()
            assert not problems, f"{site_page.path} at 360px:\n{numbered(problems)}"


def test_no_horizontal_overflow_at_360px_with_the_text_twice_as_large(site: BuiltSite, server: SiteServer,
                                                                      new_context, subtests) -> None:
    """The browser's own text size at 200 % (WCAG 1.4.4; Chrome's font size setting, Android's largest
    text): still nothing scrolls sideways on a 360 px phone. The chooser's cards took their width from
    the longest Japanese phrase kept whole, 25 px wider than the phone."""
    context = new_context(viewport=PHONE)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})   # Chromium's 16 and 13, doubled
    for site_page in site.pages():
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page, watch)
            assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
            problems = horizontal_overflow(page) + watch.take()
            assert not problems, f"{site_page.path} at 360px, text at 200 %:\n{numbered(problems)}"


def test_japanese_text_is_drawn_in_a_japanese_font(site: BuiltSite, server: SiteServer, new_context,
                                                   subtests) -> None:
    """Not tofu boxes, not Chinese glyph shapes: every element with Japanese text, on every page
    (the English pages have some: the language switch says 日本語で読む), the charts' SVG labels
    and data tables included. JavaScript is off so every chart is its static SVG (the live charts
    take their font from the same CSS)."""
    context = new_context(viewport=DESKTOP, java_script_enabled=False)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    checked = 0
    for site_page in site.pages():
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page, watch)
            count, problems = non_japanese_fonts(page, context)
            checked += count
            hint = ["Japanese fonts missing? sudo apt-get install fonts-noto-cjk"] if problems else []
            problems += watch.take()
            assert not problems, f"{site_page.path}:\n{numbered(problems + hint)}"
    assert checked, "no Japanese text found on any page"


def test_the_skip_link_is_hidden_until_the_first_tab(site: BuiltSite, server: SiteServer, new_context,
                                                      subtests) -> None:
    context = new_context(viewport=PHONE)
    page = context.new_page()
    checked = 0
    for site_page in site.pages():
        open_page(page, server, site_page)
        if not page.query_selector(".skip-link"):
            continue          # the language chooser and the 404 page are one short block each
        checked += 1
        with subtests.test(msg=site_page.path):
            problems = skip_link_problems(page)
            assert not problems, f"{site_page.path}:\n{numbered(problems)}"
    assert checked, "no page has a skip link"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_tab_stop_shows_its_whole_focus_ring(site: BuiltSite, server: SiteServer, new_context, subtests,
                                                    viewport: dict[str, int]) -> None:
    """Tab from the top of each page to its end: every stop draws a focus indicator, and no
    scrolling row (the navigation on every page, the contents beside the text on wide screens)
    cuts its ring to a stray line."""
    context = new_context(viewport=viewport)
    page = context.new_page()
    stops = 0
    for site_page in site.pages():
        with subtests.test(msg=site_page.path):
            open_page(page, server, site_page)
            visited, problems = focus_ring_problems(page)
            stops += visited
            assert not problems, f"{site_page.path} at {viewport['width']}px:\n{numbered(problems)}"
    assert stops, "no page has anything to tab to"


def test_search_finds_an_explainer_under_the_csp(site: BuiltSite, server: SiteServer, new_context) -> None:
    """Type an explainer's navigation title into each language's search page: a result appears
    (the search scripts run under the policy) and leads to a page in that language."""
    searchable = [lang for lang in site.languages if (site.output / lang / "search" / "index.html").is_file()]
    if not searchable:
        pytest.skip(f"the {site.name} site has no search pages (<lang>/search/) yet")
    context = new_context(viewport=DESKTOP)
    watch = Watch(server.origin).attach(context)
    page = context.new_page()
    problems: list[str] = []
    for lang in searchable:
        open_page(page, server, explainer_for(site, lang), watch)
        query = page.eval_on_selector(".site-nav a[aria-current=page]", "a => a.textContent.trim()")
        open_page(page, server, SitePage(f"{lang}/search/index.html", f"{lang}/search/", lang), watch)
        page.fill("input[type=search]", query)      # as a reader does: type, then Enter
        page.keyboard.press("Enter")
        try:
            page.wait_for_selector("main li a[href]", timeout=10_000)
        except Exception:
            problems.append(f"{lang}: no result for {query!r} within 10 s; the page says "
                            f"{' '.join(page.inner_text('main').split())[:200]!r}")
            problems += [f"{lang}: {p}" for p in watch.take()]
            continue
        with page.expect_navigation(wait_until="load"):
            page.click("main li a[href]")
        if page.evaluate("document.documentElement.lang") != lang:
            problems.append(f"{lang}: the first result for {query!r} leads to {page.url}, not a {lang} page")
        problems += [f"{lang}: {p}" for p in watch.take()]
    assert not problems, numbered(problems)
