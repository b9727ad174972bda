"""Incremental builds give exactly the bytes of a clean build, after every kind of edit.

Each case edits the fixture project the way an editor would, tells the cache which files
changed (as the dev server's watcher does) and compares the rebuilt output with a build
from scratch. The same happens through the on-disk cache, as between two runs of
`python build.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.cache.buildcache import BuildCache
from sitegen.diagnostics import BuildError
from sitegen.pipeline import build


def _edit(root: Path, rel: str, old: str, new: str) -> list[str]:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [rel]


def _write(root: Path, rel: str, text: str) -> list[str]:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")
    return [rel]


def _remove(root: Path, rel: str) -> list[str]:
    (root / rel).unlink()
    return [rel]


NEW_PAGE = "---\ntitle: New page\ndescription: Added while serving.\ndate: 2025-12-09\norder: 3\n---\nText.\n"

# name → edit(root) returning the changed paths, as the watcher would report them
EDITS: dict[str, Callable[[Path], list[str]]] = {
    "translation body": lambda r: _edit(r, "content/en/deal.md", "Against the other deals", "Against other deals"),
    "original body (translation goes stale)": lambda r: _edit(r, "content/ja/deal.md", "本文。", "本文を直しました。"),
    "title (navigation everywhere)": lambda r: _edit(r, "content/ja/deal.md", "title: 契約の中身", "title: 契約の内容"),
    "slug (links from other pages)": lambda r: _edit(r, "content/en/deal.md", "order: 1", "order: 1\nslug: the-deal"),
    "anchor that another page links to": lambda r: _edit(r, "content/ja/glossary.md", "{{ glossary }}", "本文\n"),
    "new page": lambda r: _write(r, "content/en/new.md", NEW_PAGE),
    "deleted page": lambda r: _remove(r, "content/ja/only-ja.md"),
    "fact value": lambda r: _edit(r, "data/facts/deal.yaml", "value: 38e9", "value: 40e9"),
    "fact in a chart table": lambda r: _edit(r, "data/datasets/commitments.csv", "cloud purchase,300",
                                             "cloud purchase,310"),
    "source title": lambda r: _edit(r, "data/sources/main.yaml", "title: OpenAIとAWSの提携", "title: 提携の発表"),
    "glossary entry": lambda r: _edit(r, "data/glossary.yaml", "汎用の計算装置。", "汎用の演算装置。"),
    "template": lambda r: _edit(r, "templates/base.html", "<footer class=\"site-footer\">",
                                "<footer class=\"site-footer\" data-edited>"),
    "block template": lambda r: _edit(r, "templates/blocks/glossary.html", "<dl", "<dl data-edited"),
    "catalogue": lambda r: _edit(r, "locales/ja/LC_MESSAGES/messages.po", 'msgstr "公開"', 'msgstr "公開日"'),
    "static file": lambda r: _write(r, "static/css/extra.css", "p { margin: 0 }\n"),
    "site.toml": lambda r: _edit(r, "site.toml", 'en = "Test explainer site"', 'en = "A test explainer site"'),
}


def _clean(root: Path) -> dict[str, bytes]:
    return dict(build(root, write=False).tree)


def _assert_same(incremental: dict[str, bytes], clean: dict[str, bytes]) -> None:
    assert sorted(incremental) == sorted(clean)
    differ = [path for path in clean if incremental[path] != clean[path]]
    assert not differ, f"incremental output differs from a clean build in {differ}"


@pytest.mark.parametrize("name", list(EDITS))
def test_in_memory_rebuild_equals_clean_build(name: str, make_project) -> None:
    root = make_project()
    cache = BuildCache()
    before = dict(build(root, write=False, cache=cache).tree)
    cache.forget(root, EDITS[name](root))
    after = dict(build(root, write=False, cache=cache).tree)
    _assert_same(after, _clean(root))
    assert after != before, "the edit should change the output"


def test_edits_in_a_row_and_a_broken_step_in_between(make_project) -> None:
    root = make_project()
    cache = BuildCache()
    build(root, write=False, cache=cache)
    for name in ("translation body", "fact value", "template", "title (navigation everywhere)"):
        cache.forget(root, EDITS[name](root))
        _assert_same(dict(build(root, write=False, cache=cache).tree), _clean(root))
    good = (root / "content/en/deal.md").read_text(encoding="utf-8")
    cache.forget(root, _write(root, "content/en/deal.md", good.replace("title:", "tittle:")))
    with pytest.raises(BuildError):
        build(root, write=False, cache=cache)
    cache.forget(root, _write(root, "content/en/deal.md", good))
    _assert_same(dict(build(root, write=False, cache=cache).tree), _clean(root))


def test_only_the_pages_an_edit_touches_are_rendered_again(make_project) -> None:
    root = make_project()
    cache = BuildCache()
    first = build(root, write=False, cache=cache, search=False).tree
    cache.forget(root, EDITS["translation body"](root))
    second = build(root, write=False, cache=cache, search=False).tree
    # The pages made from content (feeds, sitemap, status, search pages and _headers are made anew each build).
    pages = [path for path in second if path.endswith("/index.html") and path.split("/")[0] in ("ja", "en")
             and not path.endswith("/search/index.html")]
    changed = sorted(path for path in pages if second[path] is not first.get(path))
    assert changed == ["en/deal/index.html"], "other pages must be the very same bytes objects, not re-rendered"


@pytest.mark.parametrize("name", ["translation body", "fact value", "slug (links from other pages)",
                                  "glossary entry", "catalogue", "site.toml"])
def test_disk_cache_between_runs_equals_clean_build(name: str, make_project) -> None:
    root = make_project()
    build(root, cache=BuildCache.on_disk(root))
    EDITS[name](root)
    cache = BuildCache.on_disk(root)          # a new process: only .cache/ is carried over
    result = build(root, cache=cache)
    _assert_same(dict(result.tree), _clean(root))


def test_no_change_run_renders_no_markdown(make_project) -> None:
    root = make_project()
    build(root, cache=BuildCache.on_disk(root))
    cache = BuildCache.on_disk(root)
    build(root, cache=cache)
    assert cache.bodies.stats == {"rendered": 0, "reused": 7}


def test_a_build_from_scratch_keeps_no_bodies(make_project) -> None:
    root = make_project()
    cache = BuildCache.from_scratch()        # build.py --no-cache: nothing is kept for later
    first = build(root, cache=cache, search=False)
    assert cache.bodies.stats == {"rendered": 7, "reused": 0}
    again = build(root, cache=cache, search=False)
    assert cache.bodies.stats == {"rendered": 7, "reused": 0}
    assert dict(again.tree) == dict(first.tree)


def test_disk_cache_keeps_only_entries_in_use(make_project) -> None:
    root = make_project()
    build(root, cache=BuildCache.on_disk(root))
    folder = root / ".cache" / "build" / "bodies"
    assert len(list(folder.glob("*.entry"))) == 7
    EDITS["deleted page"](root)
    EDITS["translation body"](root)
    build(root, cache=BuildCache.on_disk(root))
    assert len(list(folder.glob("*.entry"))) == 6


def _lines(root: Path, cache: BuildCache | None = None) -> list[str]:
    """What a build reports (without a cache: a clean build)."""
    try:
        return build(root, write=False, cache=cache).diagnostics.lines()
    except BuildError as exc:
        return exc.diagnostics.lines()


@pytest.mark.parametrize("name", ["anchor that another page links to", "original body (translation goes stale)",
                                  "title (navigation everywhere)", "deleted page", "new page"])
def test_rebuild_reports_what_a_clean_build_reports(name: str, make_project) -> None:
    """Checks kept per page (anchors, heading parity, pairs) report exactly what a clean build does."""
    root = make_project()
    cache = BuildCache()
    build(root, write=False, cache=cache)
    cache.forget(root, EDITS[name](root))
    assert _lines(root, cache) == _lines(root)


def test_a_page_broken_then_deleted_is_gone(make_project) -> None:
    """A page whose reading failed is not kept; deleting it afterwards leaves no trace of it."""
    root = make_project()
    cache = BuildCache()
    build(root, write=False, cache=cache)
    page = root / "content/ja/only-ja.md"
    cache.forget(root, _write(root, "content/ja/only-ja.md", page.read_text(encoding="utf-8").replace("title:", "")))
    with pytest.raises(BuildError):
        build(root, write=False, cache=cache)
    cache.forget(root, _remove(root, "content/ja/only-ja.md"))
    _assert_same(dict(build(root, write=False, cache=cache).tree), _clean(root))


def test_title_edit_then_body_edit_update_listings_and_feeds(make_project) -> None:
    """A title reaches the home page, the language switch and the feed; a later body edit keeps it there."""
    root = make_project()
    cache = BuildCache()
    build(root, write=False, cache=cache)
    cache.forget(root, EDITS["title (navigation everywhere)"](root))
    after = dict(build(root, write=False, cache=cache).tree)
    assert "契約の内容" in after["ja/index.html"].decode() and "契約の内容" in after["ja/feed.xml"].decode()
    cache.forget(root, EDITS["original body (translation goes stale)"](root))
    _assert_same(dict(build(root, write=False, cache=cache).tree), _clean(root))
