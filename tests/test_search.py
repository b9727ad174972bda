"""Search: a Pagefind index per language, and the search page working in Chromium under the CSP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.pipeline import BuildResult, build
from sitegen.render.security import csp

from .browser.harness import SiteServer, chromium
from .conftest import SITES, assemble

PREFIX = "/explainer/"          # the fixture's base_url path: the site is served under it


@pytest.fixture(scope="module")
def searchable(tmp_path_factory) -> tuple[Path, BuildResult]:
    root = assemble(SITES / "valid", tmp_path_factory.mktemp("search") / "project")
    return root, build(root)


def test_one_index_per_language_without_fallback_pages(searchable) -> None:
    _root, result = searchable
    entry = json.loads(result.tree["pagefind/pagefind-entry.json"])
    assert sorted(entry["languages"]) == ["en", "ja"]
    # ja: home, deal, glossary, only-ja; en: home, deal, glossary (en/only-ja/ is a fallback)
    assert entry["languages"]["ja"]["page_count"] == 4
    assert entry["languages"]["en"]["page_count"] == 3
    assert "pagefind/pagefind.js" in result.tree and "pagefind/pagefind-worker.js" in result.tree
    assert not [p for p in result.tree if p.startswith("pagefind/pagefind-ui")], "Pagefind's own UI is not shipped"


def test_two_pagefind_runs_give_identical_bundles(searchable) -> None:
    from sitegen.diagnostics import Diagnostics
    from sitegen.output.search import search_index

    _root, result = searchable
    pages = {path: data for path, data in result.tree.items() if path.endswith(".html")}
    first, second = (search_index(pages, Diagnostics(), reuse=False) for _ in range(2))
    assert first == second
    assert first == {path: data for path, data in result.tree.items() if path.startswith("pagefind/")}


@pytest.fixture(scope="module")
def served(searchable) -> Iterator[str]:
    """site/ under PREFIX with the `_headers` policy as a real header, like a host would."""
    root, _result = searchable
    with SiteServer(root / "site", PREFIX, [("Content-Security-Policy", csp(header=True))]) as running:
        yield running.url()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize(("lang", "query", "expected", "absent"), [
    ("ja", "契約", "ja/deal/", "en/"),
    ("ja", "英語版", "ja/only-ja/", "en/"),
    ("en", "worth", "en/deal/", "ja/"),
])
def test_search_page_finds_words_under_the_policy_without_other_hosts(
        browser, served: str, lang: str, query: str, expected: str, absent: str) -> None:
    page = browser.new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(served + f"{lang}/search/")
    page.fill("#search-input", query)
    results = page.locator("#search-results a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert PREFIX + expected in hrefs, hrefs
    assert not [h for h in hrefs if h.startswith(PREFIX + absent)], "results stay in the page's language"
    assert query in page.locator("#search-status").inner_text()
    assert not problems, problems
    foreign = [url for url in requests if not url.startswith(served.rsplit(PREFIX, 1)[0])]
    assert not foreign, foreign
    page.close()


def test_search_in_english_does_not_find_the_japanese_fallback(browser, served: str) -> None:
    page = browser.new_page()
    page.goto(served + "en/search/?q=英語版")       # the query parameter starts a search
    # (a locator, not wait_for_function: the page's CSP rightly refuses Playwright's string eval)
    page.locator("#search-status", has_text="英語版").wait_for(timeout=15000)
    assert page.locator("#search-results li").count() == 0
    page.close()
