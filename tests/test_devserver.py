"""The dev server on a copy of the fixture site: real HTTP, a real file watcher, real edits."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.cache.buildcache import BuildCache
from sitegen.cli import main
from sitegen.devserver import DevServer
from sitegen.devserver.inject import allow_dev_tools, inject

from .conftest import tree_of
from .devserver_client import EventStream, get, page_state

BASE = "/explainer/"           # the fixture site's base_url path


@pytest.fixture
def server(make_project) -> Iterator[DevServer]:
    root = make_project()
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    snapshot = dev.wait_for_build(timeout=120)
    assert snapshot is not None and snapshot.good is not None
    yield dev
    dev.stop()


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _open_page(dev: DevServer, path: str) -> tuple[str, EventStream]:
    """Load a page and open its event stream, as reload.js does."""
    page = get(dev.origin, BASE + path)
    assert page.status == 200
    return page.body, EventStream.for_page(dev.origin, page.body)


def test_starts_serves_and_stops_cleanly(make_project) -> None:
    root = make_project()
    before = set(threading.enumerate())
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    dev.wait_for_build(timeout=120)
    port = dev.httpd.server_address[1]
    assert get(dev.origin, "/").headers["location"] == BASE
    assert get(dev.origin, BASE.rstrip("/")).headers["location"] == BASE
    page = get(dev.origin, BASE + "ja/deal/")
    assert page.status == 200 and "<h1>契約の中身</h1>" in page.body
    assert '<script src="/__dev__/reload.js"' in page.body and page.headers["cache-control"] == "no-store"
    assert get(dev.origin, "/__dev__/reload.js").headers["content-type"].startswith("text/javascript")
    assert get(dev.origin, BASE + "css/site.css").headers["content-type"] == "text/css; charset=utf-8"
    assert get(dev.origin, BASE + "ja/deal").status == 302
    missing = get(dev.origin, BASE + "ja/nothing/")
    assert missing.status == 404 and "Page not found" in missing.body
    stream = EventStream(dev.origin, "old-build", "old-build", "ja/deal/index.html")   # from before a restart
    assert stream.next_event()[0] == "reload", "a page from another build reloads when it connects"
    dev.stop()
    stream.close()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    assert {t for t in threading.enumerate() if t not in before and t.is_alive()} == set()
    assert not (root / "site").exists(), "the dev server never writes site/"


def test_edit_is_picked_up_and_the_page_reloads(server: DevServer) -> None:
    page, stream = _open_page(server, "ja/deal/")
    assert page_state(page)[2] == "ja/deal/index.html"
    _, other = _open_page(server, "ja/only-ja/")
    _edit(server.root, "content/ja/deal.md", "本文。", "編集した本文。")
    event = stream.next_event()[0]
    assert event == "reload"
    assert "編集した本文。" in get(server.origin, BASE + "ja/deal/").body
    assert other.next_event()[0] == "ok", "a page the edit did not change is not reloaded"
    stream.close()
    other.close()


def test_broken_file_shows_the_overlay_over_the_last_good_page_until_fixed(server: DevServer) -> None:
    root = server.root
    good_page, stream = _open_page(server, "en/deal/")
    text = (root / "content/en/deal.md").read_text(encoding="utf-8")
    (root / "content/en/deal.md").write_text(text.replace("title:", "tittle:"), encoding="utf-8")

    event, data, _ = stream.next_event()
    located = "content/en/deal.md:2: error: unknown key 'tittle' in front matter (did you mean 'title'?)"
    assert event == "failed"
    assert located in data["lines"] and "sitegen-dev-overlay" in data["overlay"]
    page = get(server.origin, BASE + "en/deal/")
    assert page.status == 200
    assert "<h1>What the deal contains</h1>" in page.body, "the last good build is still served"
    assert 'id="sitegen-dev-overlay"' in page.body and located.replace("'", "&#x27;") in page.body
    report = get(server.origin, "/__dev__/diagnostics.json")
    assert '"ok": false' in report.body and located in report.body

    (root / "content/en/deal.md").write_text(text, encoding="utf-8")
    event, _, _ = stream.next_event()
    assert event in ("ok", "reload"), "fixed: the page reloads (an open overlay reloads on 'ok' too)"
    page = get(server.origin, BASE + "en/deal/")
    assert 'id="sitegen-dev-overlay"' not in page.body
    assert page.body == good_page.replace(page_state(good_page)[0], page_state(page.body)[0]) \
        .replace(f'data-good="{page_state(good_page)[1]}"', f'data-good="{page_state(page.body)[1]}"')
    stream.close()


def test_fresh_load_while_broken_before_any_good_build_shows_the_problems(make_project) -> None:
    root = make_project(files={"content/en/deal.md": "---\ntitle: [unclosed\n---\n"})
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    try:
        dev.wait_for_build(timeout=120)
        page = get(dev.origin, BASE + "en/deal/")
        assert page.status == 503 and "content/en/deal.md:2:" in page.body and "invalid YAML" in page.body
    finally:
        dev.stop()


def test_template_and_data_edits_reload_the_pages_they_change(server: DevServer) -> None:
    _, stream = _open_page(server, "en/deal/")
    _edit(server.root, "data/facts/deal.yaml", "value: 38e9", "value: 39e9")
    assert stream.next_event()[0] == "reload"
    assert "$39 billion" in get(server.origin, BASE + "en/deal/").body
    stream.close()
    _, stream = _open_page(server, "en/deal/")
    _edit(server.root, "templates/base.html", '<footer class="site-footer">', '<footer class="site-footer" id="f">')
    assert stream.next_event()[0] == "reload"
    assert 'id="f"' in get(server.origin, BASE + "en/deal/").body
    stream.close()


def test_translation_pages(server: DevServer) -> None:
    index = get(server.origin, "/__dev__/")
    assert index.status == 200 and 'href="compare/deal/"' in index.body and "sitegen-dev__state--missing" in index.body
    page = get(server.origin, "/__dev__/compare/deal/")
    assert page.status == 200
    assert "契約の中身" in page.body and "What the deal contains" in page.body
    assert page.body.count('class="sitegen-dev__section-id">#what<') == 1
    assert "sitegen-dev__state--translated" in page.body
    assert page_state(page.body)[2] == "ja/deal/index.html en/deal/index.html"
    stream = EventStream.for_page(server.origin, page.body)
    _edit(server.root, "content/ja/deal.md", "本文。", "新しい本文。")
    assert stream.next_event()[0] == "reload"
    stream.close()
    stale = get(server.origin, "/__dev__/compare/deal/")
    assert "sitegen-dev__state--stale" in stale.body and "python build.py stamp content/en/deal.md" in stale.body
    assert get(server.origin, "/__dev__/compare/nothing/").status == 404


def test_a_page_in_a_folder_has_its_side_by_side_view(server: DevServer) -> None:
    """content/<lang>/topics/gpu.md (key 'topics/gpu', what `new topics/gpu` makes) was linked from
    /__dev__/ to compare/topics/gpu/, which answered 404 'no such dev page'; the view's link back to
    every page was relative, and led to /__dev__/compare/ from there."""
    before = server.live.snapshot.build
    for lang, title in (("ja", "画像処理装置"), ("en", "Graphics chips")):
        page = server.root / "content" / lang / "topics" / "gpu.md"
        page.parent.mkdir()
        stamp = "source_hash: untranslated\n" if lang == "en" else ""
        page.write_text(f"---\ntitle: {title}\ndescription: D\ndate: 2025-01-01\n{stamp}---\n\nText.\n",
                        encoding="utf-8")
    while "topics/gpu" not in (server.live.snapshot.result.site.by_key if server.live.snapshot.result else {}):
        snapshot = server.wait_for_build(after=before, timeout=60)
        assert snapshot is not None
        before = snapshot.build
    index = get(server.origin, "/__dev__/")
    assert 'href="compare/topics/gpu/"' in index.body
    page = get(server.origin, "/__dev__/compare/topics/gpu/")
    assert page.status == 200 and "画像処理装置" in page.body and "Graphics chips" in page.body
    assert page_state(page.body)[2] == "ja/topics/gpu/index.html en/topics/gpu/index.html"
    assert '<a href="/__dev__/">all pages</a>' in page.body
    assert get(server.origin, "/__dev__/compare/topics/").status == 404


def test_reload_script_never_reaches_site(server: DevServer) -> None:
    _edit(server.root, "content/en/deal.md", "Against the other deals", "Against the others")
    server.wait_for_build(timeout=60)
    assert main(["--root", str(server.root), "--quiet"]) == 0
    built = tree_of(server.root / "site")
    assert built and not [path for path, data in built.items() if b"__dev__" in data or b"sitegen-dev" in data]


def test_injection_keeps_a_strict_policy_working() -> None:
    policy = "default-src 'none'; style-src 'self'; img-src 'self'"
    assert allow_dev_tools(policy) == ("default-src 'none'; style-src 'self'; img-src 'self'; "
                                       "script-src 'self'; connect-src 'self'")
    assert allow_dev_tools("default-src 'self'") == "default-src 'self'"
    page = ('<html><head><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;">'
            "</head><body><p>x</p></body></html>")
    out = inject(page, "b2", "b1", "ja/index.html", '<div id="sitegen-dev-overlay"></div>')
    assert "content=\"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'\"" in out
    assert out.index('<script src="/__dev__/reload.js"') < out.index("</head>") < out.index("sitegen-dev-overlay")
    assert "style=" not in out and "<script>" not in out


def test_new_page_appears_and_a_404_tab_reloads_into_it(server: DevServer, monkeypatch) -> None:
    from sitegen.commands.scaffold import new_page

    missing = get(server.origin, BASE + "en/energy-use/")
    assert missing.status == 404
    stream = EventStream.for_page(server.origin, missing.body)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    new_page(server.root, "energy-use", {"en": "Energy use"})
    assert stream.next_event()[0] == "reload"
    page = get(server.origin, BASE + "en/energy-use/")
    assert page.status == 200 and "<h1>Energy use</h1>" in page.body
    stream.close()
    # /__dev__/ calls the scaffolded translation what it is (issue 19: it said "translated").
    row = get(server.origin, "/__dev__/").body.split("<tr><th>energy-use</th>", 1)[1].split("</tr>", 1)[0]
    assert [state.split('"', 1)[0] for state in row.split("sitegen-dev__state--")[1:]] == ["original", "untranslated"]


def test_a_page_open_when_the_base_url_changes_reloads_into_the_same_page(server: DevServer) -> None:
    """site.toml's base_url edited while serving: the open page's reload asks for its old address,
    which is answered with the same page at the new one (it was a 404)."""
    old, stream = _open_page(server, "ja/deal/")
    _edit(server.root, "site.toml", "https://example.org/explainer/", "https://example.org/docs/explainer/")
    assert stream.next_event()[0] == "reload"
    moved = get(server.origin, BASE + "ja/deal/")
    assert moved.status in (301, 302, 307) and moved.headers["location"] == "/docs/explainer/ja/deal/"
    new = get(server.origin, moved.headers["location"])
    heading = re.compile(r"<h1>.*?</h1>")
    assert new.status == 200 and heading.findall(new.body) == heading.findall(old) != []
    stream.close()


def test_a_fault_of_the_machine_is_not_called_a_bug_of_the_generator(make_project, monkeypatch) -> None:
    """The dev server draws charts itself: with too few open files allowed (a hard ulimit -n below what
    vl-convert's runtime needs), the build's OSError was shown as 'internal error: … (this is a bug in
    the generator; the terminal has the traceback)', with a traceback in the terminal."""
    import resource

    from sitegen.charts import drawing

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        pytest.skip("no hard limit on open files here")
    monkeypatch.setattr(drawing, "_FILES_FOR_DRAWING", hard + 1)      # more than the hard limit allows
    # The limit is checked before a process's first drawing: as if this one (the test session, which
    # other tests may have drawn charts in) had drawn none, else nothing is checked and nothing said.
    monkeypatch.setattr(drawing, "_registered", set())
    logged: list[str] = []
    dev = DevServer(make_project("charts"), port=0, cache=BuildCache(), log=logged.append)
    dev.start()
    try:
        problems = dev.wait_for_build(timeout=120).diagnostics.lines()
    finally:
        dev.stop()
    assert resource.getrlimit(resource.RLIMIT_NOFILE) == (soft, hard)
    assert len(problems) == 1 and "bug" not in problems[0], problems
    assert problems[0].endswith(f"ulimit -n allows {hard} (a fault of this machine, not of the site: mend it, "
                                "then restart the server)")


def test_the_page_open_follows_its_file_when_it_is_renamed_or_its_slug_changes(server: DevServer) -> None:
    """Renaming the page being previewed (content/ja/deal.md to keiyaku.md, in the editor's file tree)
    reloaded it into the site's 'page not found', with no word of where it went; so did setting
    'slug:'. Its old address now leads to where it is (found by its file, its translation key, or its
    unchanged text), and back again when the rename is undone; a page deleted stays not found."""
    root = server.root
    for change, undo, now in (
            (lambda: (root / "content/ja/deal.md").rename(root / "content/ja/keiyaku.md"),
             lambda: (root / "content/ja/keiyaku.md").rename(root / "content/ja/deal.md"), "ja/keiyaku/"),
            (lambda: _edit(root, "content/ja/deal.md", "\ndate:", "\nslug: keiyaku-no-nakami\ndate:"),
             lambda: _edit(root, "content/ja/deal.md", "\nslug: keiyaku-no-nakami\ndate:", "\ndate:"),
             "ja/keiyaku-no-nakami/")):
        _page, stream = _open_page(server, "ja/deal/")
        change()
        assert stream.next_event()[0] == "reload"
        moved = get(server.origin, BASE + "ja/deal/")
        assert (moved.status, moved.headers.get("location")) == (302, BASE + now)
        assert "本文。" in get(server.origin, BASE + now).body
        stream.close()
        _page, stream = _open_page(server, now)
        undo()
        assert stream.next_event()[0] == "reload"
        assert (get(server.origin, BASE + now).headers.get("location"), get(server.origin, BASE + "ja/deal/").status) \
            == (BASE + "ja/deal/", 200)
        stream.close()
    _page, stream = _open_page(server, "ja/only-ja/")
    (root / "content/ja/only-ja.md").unlink()
    assert stream.next_event()[0] == "reload"
    assert get(server.origin, BASE + "ja/only-ja/").status == 404
    stream.close()


def test_a_builds_warnings_are_listed_in_a_closed_box_over_the_page(server: DevServer) -> None:
    """A save that builds with a warning (a heading skipping a level, an image without alt text: CI's
    --strict build fails on each) showed nothing in the browser; the terminal said only '3 warnings'. The
    page now carries them in a closed box in a corner, as the overlay lists them, without hiding the page."""
    _, stream = _open_page(server, "en/deal/")
    _edit(server.root, "content/en/deal.md", "### A heading", "#### A heading")
    assert stream.next_event()[0] == "reload"
    stream.close()
    warned = server.wait_for_build(timeout=60).diagnostics
    body = get(server.origin, BASE + "en/deal/").body
    box = body.split('<details id="sitegen-dev-warnings"', 1)[1].split("</details>", 1)[0]
    assert f"{warned.summary()}: errors under --strict (CI)" in box and "level 3 is skipped" in box
    assert all(line.replace("'", "&#x27;") in box for line in warned.lines())
    assert 'id="sitegen-dev-overlay"' not in body and "<h1>What the deal contains</h1>" in body
