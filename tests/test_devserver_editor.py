"""The dev server as an editor uses it: the translation pages with what changed since the stamp
(from git), full width and with file links; the overlay at the offending line; a quiet watcher."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator

import pytest

from sitegen.cache import BuildCache
from sitegen.devserver import DevServer

from .devserver_client import EventStream, get
from .test_status_history import commit, edit, git, needs_git


@pytest.fixture
def repo_server(make_project) -> Iterator[DevServer]:
    root = make_project()
    git(root, "init", "-q", "-b", "main")
    commit(root, "first", dt.date(2026, 1, 10))
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    assert dev.wait_for_build(timeout=120).good is not None
    yield dev
    dev.stop()


def _text(page: str, css_class: str) -> list[str]:
    """The text of every <span class="css_class"> of a page, unescaped."""
    marker = f'<span class="{css_class}">'
    return [html.unescape(part.split("</span>", 1)[0]).rstrip("\n") for part in page.split(marker)[1:]]


@needs_git
def test_translation_page_shows_what_changed_in_the_original_since_the_stamp(repo_server: DevServer) -> None:
    root = repo_server.root
    stamped = git(root, "rev-parse", "HEAD").strip()
    page = get(repo_server.origin, "/__dev__/compare/deal/")
    assert "sitegen-dev__diff" not in page.body, "an up-to-date translation has nothing to show"
    stream = EventStream.for_page(repo_server.origin, page.body)
    edit(root, "content/ja/deal.md", "見出し\n\n本文。", "見出し\n\n本文を書き直しました。")
    assert stream.next_event()[0] == "reload"
    stream.close()
    page = get(repo_server.origin, "/__dev__/compare/deal/").body
    assert (f"content/en/deal.md is stale: content/ja/deal.md changed since 2026-01-10 (commit {stamped[:10]})"
            in html.unescape(page))
    assert _text(page, "sitegen-dev__diff-removed") == ["-本文。"]
    assert _text(page, "sitegen-dev__diff-added") == ["+本文を書き直しました。"]
    assert page.index("sitegen-dev__diff") < page.index('class="sitegen-dev__section-id">#what<'), \
        "the diff comes with the two pages' headers, before their sections"
