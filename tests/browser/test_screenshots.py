"""Screenshots of the home page and one explainer in each language, at phone and desktop widths.

Written to test-results/screenshots/<site>/ on every run (the summary at the end of the run says
where). `make screenshots` also copies the README's set to docs/screenshots/: from the real site
once it has content, from the fixture site tests/sites/valid until then.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .harness import (
    DESKTOP,
    PHONE,
    REPO,
    TAKEN,
    BuiltSite,
    SiteServer,
    Watch,
    explainer_for,
    has_real_content,
    numbered,
    open_page,
    png_is_blank,
    png_size,
)

DOCS = REPO / "docs" / "screenshots"
# The README's gallery: both languages, both widths, home, explainer and a chart (keeps docs/ small).
README_SET = ("ja-home-phone.png", "ja-explainer-desktop.png", "en-explainer-phone.png", "en-home-desktop.png",
              "ja-chart-phone.png", "en-chart-desktop.png", "ja-first-screen.png", "en-first-screen.png")
FIRST_SCREEN = {"width": 390, "height": 844}      # a phone's first screen, before any scrolling
SEARCH_SHOTS = ("ja-search-phone.png", "ja-search-desktop.png")   # search results for a Japanese query
SEARCH_QUERY = "クラウド"
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


def test_screenshots_of_home_and_an_explainer_in_each_language(site: BuiltSite, server: SiteServer, new_context,
                                                               screenshot_dir: Path,
                                                               request: pytest.FixtureRequest) -> None:
    shots: list[Path] = []
    problems: list[str] = []
    for width_name, viewport in WIDTHS.items():
        context = new_context(viewport=viewport, device_scale_factor=1)
        watch = Watch(server.origin).attach(context)
        page = context.new_page()
        for lang in site.languages:
            targets = {"home": next(p for p in site.pages() if p.path == f"{lang}/"),
                       "explainer": explainer_for(site, lang)}
            for kind, site_page in targets.items():
                open_page(page, server, site_page, watch)
                page.evaluate("document.fonts.ready")
                shot = screenshot_dir / f"{lang}-{kind}-{width_name}.png"
                page.screenshot(path=shot)
                shots.append(shot)
                assert png_size(shot) == (viewport["width"], viewport["height"]), shot
                if kind == "explainer":
                    full = screenshot_dir / f"{lang}-{kind}-{width_name}-full.png"
                    page.screenshot(path=full, full_page=True)
                    shots.append(full)
                    chart = page.locator("figure.chart").first
                    if chart.count():
                        chart.scroll_into_view_if_needed()
                        shot = screenshot_dir / f"{lang}-chart-{width_name}.png"
                        chart.screenshot(path=shot)
                        shots.append(shot)
                problems += [f"{lang} {kind} {width_name}: {p}" for p in watch.take()]
    page = new_context(viewport=FIRST_SCREEN, device_scale_factor=1).new_page()
    for lang in site.languages:            # what an explainer shows on a 390×844 phone
        open_page(page, server, explainer_for(site, lang))
        page.evaluate("document.fonts.ready")
        shots.append(screenshot_dir / f"{lang}-first-screen.png")
        page.screenshot(path=shots[-1])
    TAKEN.extend(shots)
    blank = [shot.name for shot in shots if png_is_blank(shot)]
    assert not blank, f"blank screenshots: {blank}"
    assert not problems, numbered(problems)

    if request.config.getoption("--update-screenshots") and site.name == ("real" if has_real_content() else "valid"):
        DOCS.mkdir(parents=True, exist_ok=True)
        for old in DOCS.glob("*.png"):
            if old.name not in SEARCH_SHOTS:      # (the next test takes those)
                old.unlink()
        for name in README_SET:
            if (screenshot_dir / name).is_file():      # no chart shots from a site without charts
                shutil.copyfile(screenshot_dir / name, DOCS / name)


def test_screenshots_of_search_results_for_a_japanese_query(site: BuiltSite, server: SiteServer, new_context,
                                                            screenshot_dir: Path,
                                                            request: pytest.FixtureRequest) -> None:
    """Results for クラウド on the Japanese search page, on a phone and a desktop."""
    if not (site.output / "ja" / "search" / "index.html").is_file():
        pytest.skip(f"the {site.name} site has no Japanese search page")
    problems: list[str] = []
    for name, viewport in zip(SEARCH_SHOTS, (PHONE, DESKTOP), strict=True):
        context = new_context(viewport=viewport, device_scale_factor=1)
        watch = Watch(server.origin).attach(context)
        page = context.new_page()
        page.goto(server.url(f"ja/search/?q={SEARCH_QUERY}"), wait_until="load")
        page.locator("#search-status", has_text=SEARCH_QUERY).wait_for(timeout=15_000)
        page.evaluate("document.fonts.ready")
        shot = screenshot_dir / name
        page.screenshot(path=shot)
        TAKEN.append(shot)
        assert not png_is_blank(shot), shot
        problems += [f"{name}: {p}" for p in watch.take()]
        if request.config.getoption("--update-screenshots") and site.name == "real":
            DOCS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, DOCS / name)
    assert not problems, numbered(problems)

