"""Fixtures for the browser tests: one build per site, one server per site, one Chromium per session.

Every test that takes `site` runs once for each fixture site (tests/sites/<name>/ with a
site.toml, assembled with the repo's templates, locales and static files, as the other tests do)
and once for `real` (a temporary copy of the repository itself, once content/ja and content/en
exist).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ..conftest import SITES, assemble
from .harness import (
    RESULTS,
    TAKEN,
    BuiltSite,
    SiteServer,
    build_site,
    chromium,
    copy_repo_inputs,
    has_real_content,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

SCREENSHOTS = RESULTS / "screenshots"


# Every fixture site with its own site.toml (tests/sites/valid, and e.g. tests/sites/charts),
# then the real site.
FIXTURE_SITES = sorted(p.name for p in SITES.iterdir() if (p / "site.toml").is_file())


@pytest.fixture(scope="session", params=[*FIXTURE_SITES, "real"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A built site: a fixture site, or the real one from the repository's content."""
    root = tmp_path_factory.mktemp(f"{request.param}-site")
    if request.param != "real":
        assemble(SITES / request.param, root)
    else:
        if not has_real_content():
            pytest.skip("no real content yet (content/ja/ and content/en/ do not exist): "
                        "the real-site tests run once it lands")
        copy_repo_inputs(root)
    return build_site(request.param, root)


@pytest.fixture(scope="session")
def server(site: BuiltSite) -> Iterator[SiteServer]:
    with SiteServer(site.output, site.base_path) as running:
        yield running


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, through Playwright. Skips (or fails in CI) if it is missing.

    Package scope: one browser for all of tests/browser/, stopped before other test folders
    start their own (Playwright's sync API allows one running instance per thread)."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """new_context(**options) → a fresh browser context, closed after the test."""
    opened: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**options)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir(site: BuiltSite) -> Path:
    folder = SCREENSHOTS / site.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where this run's screenshots are."""
    if TAKEN:
        folders = sorted({str(path.parent) for path in TAKEN})
        terminalreporter.write_sep("-", "screenshots")
        for folder in folders:
            count = sum(str(path.parent) == folder for path in TAKEN)
            terminalreporter.write_line(f"{count} screenshots in {folder}/")
