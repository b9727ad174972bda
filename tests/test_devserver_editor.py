"""The dev server as an editor uses it: the translation pages with what changed since the stamp
(from git), full width and with file links; the overlay at the offending line; a quiet watcher."""

from __future__ import annotations

import datetime as dt
import html
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchfiles import Change

from sitegen.cache.buildcache import BuildCache
from sitegen.devserver import DevServer, inject
from sitegen.devserver.editor import EditorLinks, editor_arguments
from sitegen.devserver.watch import BuildInputs
from sitegen.diagnostics import BuildError
from sitegen.pipeline import build

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


@needs_git
def test_translation_page_says_so_when_no_commit_has_the_stamped_version(repo_server: DevServer) -> None:
    root = repo_server.root
    page = get(repo_server.origin, "/__dev__/compare/deal/")
    stream = EventStream.for_page(repo_server.origin, page.body)
    stamp = next(line for line in (root / "content/en/deal.md").read_text(encoding="utf-8").split("\n")
                 if line.startswith("source_hash: "))
    edit(root, "content/en/deal.md", stamp, "source_hash: 0123456789")       # stamped by hand, or never committed
    assert stream.next_event()[0] == "reload"
    stream.close()
    page = html.unescape(get(repo_server.origin, "/__dev__/compare/deal/").body)
    assert ("content/en/deal.md: no committed version of content/ja/deal.md has the stamped digest 0123456789"
            in page) and "git log -p content/ja/deal.md" in page
    assert "sitegen-dev__diff-" not in page


def test_the_watcher_passes_what_the_build_reads_and_nothing_an_editor_leaves_behind(tmp_path: Path) -> None:
    root, engine = tmp_path / "project", tmp_path / "sitegen"
    (root / "data/facts").mkdir(parents=True)
    (root / "data/facts/README").write_text("notes")
    (root / "content/ja/old").mkdir(parents=True)
    passes = BuildInputs(root, engine)
    (root / "content/en/newfolder").mkdir(parents=True)
    read = ["content/en/deal.md", "content/ja/sub/page.md", "content/en/newfolder", "data/facts/deal.yaml",
            "data/datasets/capacity.csv", "templates/base.html", "templates/feed.xml", "static/css/site.css",
            "static/img/logo.svg", "locales/ja/LC_MESSAGES/messages.po", "site.toml", "charts/_common.py"]
    editors = ["content/en/.deal.md.swp", "content/en/.deal.md.swo", "content/en/deal.md~", "content/en/4913",
               "static/css/5036", "content/en/#deal.md#", "content/en/.#deal.md", "content/en/deal.md.vsctmp",
               "static/css/site.css___jb_tmp___", "content/en/sedAl7HEa", "static/css/sedx1Y2z3",
               "data/facts/deal.yaml.tmp", "static/css/.site.css.kate-swp", "content/en/.goutputstream-ABC123",
               "content/en/notes.txt", "data/facts/README", "site/en/index.html", ".cache/x", "site.toml~",
               "content/en/__pycache__/x.md", "charts/notes.txt", "charts/__pycache__/_common.cpython-311.pyc"]
    assert [rel for rel in read if not passes(Change.modified, str(root / rel))] == []
    assert [rel for rel in editors if passes(Change.modified, str(root / rel))] == []
    # A folder renamed or removed (its files get no events): a deleted folder passes, a deleted file
    # without a suffix does not, whichever came first.
    (root / "data/facts/README").unlink()
    (root / "content/ja/old").rename(root / "content/ja/new")
    assert not passes(Change.deleted, str(root / "data/facts/README"))
    assert passes(Change.deleted, str(root / "content/ja/old")) and passes(Change.added, str(root / "content/ja/new"))
    assert passes(Change.deleted, str(root / "content/ja/new"))
    assert not passes(Change.deleted, str(root / "content/ja/old")), "forgotten once removed"
    assert passes(Change.modified, str(engine / "charts/spec.py"))
    assert not passes(Change.added, str(engine / "charts/4913")) and not passes(Change.added, str(engine / "x.py~"))


def test_editors_temporary_files_neither_rebuild_nor_show_in_the_log(make_project) -> None:
    logged: list[str] = []
    root = make_project()
    dev = DevServer(root, port=0, cache=BuildCache(), log=logged.append)
    dev.start()
    try:
        dev.wait_for_build(timeout=120)
        folder, page = root / "content/en", root / "content/en/deal.md"
        text = page.read_text(encoding="utf-8")
        (folder / "4913").write_text("")                      # Vim: can it write here?
        (folder / "4913").unlink()
        (folder / ".deal.md.swp").write_bytes(b"b0VIM 9.0")   # Vim's swap file, while editing
        page.rename(folder / "deal.md~")                      # Vim's backup, then the new text
        page.write_text(text.replace("Text.", "Vim's text."), encoding="utf-8")
        (folder / "deal.md~").unlink()
        (folder / "#deal.md#").write_text(text)               # Emacs's auto-save and lock
        (folder / ".#deal.md").symlink_to("editor@host.1234")
        (folder / "sedAl7HEa").write_text(text.replace("Text.", "sed's text."))   # sed -i
        (folder / "sedAl7HEa").replace(page)
        (folder / "deal.md.vsctmp").write_text(text)          # VS Code's atomic save
        (folder / "deal.md.vsctmp").replace(page)
        (folder / ".deal.md.swp").unlink()
        (folder / "#deal.md#").unlink()
        (folder / ".#deal.md").unlink()
        stream = EventStream.for_page(dev.origin, get(dev.origin, "/explainer/en/deal/").body)
        page.write_text(text.replace("Text.", "Last text."), encoding="utf-8")
        while "Last text." not in get(dev.origin, "/explainer/en/deal/").body:
            stream.next_event()     # a build may catch a file half-written (and fail) before the next
        stream.close()
    finally:
        dev.stop()
    rebuilds = [line for line in logged if "rebuilt in" in line]
    assert rebuilds and all(line.startswith("content/en/deal.md: rebuilt in") for line in rebuilds[1:]), logged
    assert not [line for line in logged if any(name in line for name in ("4913", "swp", "~", "#", "sedAl7", "vsctmp"))]


def test_files_the_build_does_not_read_start_no_rebuild(make_project) -> None:
    """Notes, drafts in other formats, the output and caches, git's files and every editor's
    leftovers, written into a running server: the next rebuild is the one a real save starts.
    A folder of pages moved away (one event, none for its files) does rebuild."""
    logged: list[str] = []
    root = make_project(files={"content/en/extra/aside.md": "---\ntitle: Aside\ndescription: An aside.\n"
                                                              "date: 2025-12-01\n---\nText.\n"})
    dev = DevServer(root, port=0, cache=BuildCache(), log=logged.append)
    dev.start()
    try:
        good = dev.wait_for_build(timeout=120)
        unread = ["content/en/notes.txt", "content/ja/draft.docx", "data/facts/README", "data/datasets/old.xlsx",
                  "locales/ja/LC_MESSAGES/messages.mo", "notes.md", "site/en/index.html", ".cache/x.json",
                  ".git/index", "docs/todo.md", "content/en/.deal.md.swp", "content/en/deal.md~",
                  "content/en/4913", "content/en/#deal.md#", "content/en/sedAl7HEa", "content/en/deal.md.vsctmp",
                  "data/facts/.deal.yaml.un~", "templates/.base.html.swp", "static/css/site.css~"]
        for rel in unread:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text("x")
        for rel in unread:
            (root / rel).unlink()
        edit(root, "content/en/deal.md", "Text.", "Saved text.")
        saved = _next_build_where(dev, good, lambda tree: "Saved text." in tree["en/deal/index.html"].decode())
        assert "en/extra/aside/index.html" in saved.tree
        (root / "content/en/extra").rename(root / "attic")
        _next_build_where(dev, saved, lambda tree: "en/extra/aside/index.html" not in tree)
    finally:
        dev.stop()
    rebuilt = [line.split(":")[0] for line in logged if "rebuilt in" in line]
    # (A save can reach the watcher in two batches, so deal.md may be named twice.)
    assert rebuilt[0] == "first build" and rebuilt[-1] == "content/en/extra", logged
    assert set(rebuilt[1:-1]) == {"content/en/deal.md"}, logged


def _next_build_where(dev: DevServer, after, condition):
    """The first build after snapshot `after` whose tree meets `condition` (a few builds at most)."""
    snapshot = after
    for _ in range(5):
        snapshot = dev.wait_for_build(after=snapshot.build, timeout=60)
        if condition(snapshot.tree):
            return snapshot
    raise AssertionError("no build met the condition")


def fake_editor(folder: Path) -> tuple[Path, Path]:
    """An $EDITOR that writes down how it was started: (the command, the file it writes)."""
    opened = folder / "opened.txt"
    command = folder / "fake-editor"
    command.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {opened}\n')
    command.chmod(0o755)
    return command, opened


def _break(root: Path) -> tuple[str, int, int]:
    """Misspell a fact on a Japanese line (located by line and column); returns (file, line, column)."""
    rel = "content/ja/deal.md"
    edit(root, rel, "契約額は{{ fact aws_deal_value }}", "契約額は{{ fact aws_dael_value }}")
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if "aws_dael_value" in line)
    return rel, number, lines[number - 1].index("{{") + 1


def test_overlay_shows_the_line_a_caret_and_a_link_that_opens_the_editor_there(make_project, tmp_path,
                                                                              monkeypatch) -> None:
    monkeypatch.delenv("SITEGEN_EDITOR_URL", raising=False)      # links through the server, to $EDITOR
    root = make_project()
    editor, opened = fake_editor(tmp_path)
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    try:
        good = dev.wait_for_build(timeout=120)
        rel, line, column = _break(root)
        snapshot = dev.wait_for_build(after=good.build, timeout=60)
        assert snapshot.failed
        page = get(dev.origin, "/explainer/en/deal/").body
        item = next(part for part in page.split("<li ")[1:] if "aws_dael_value" in part and "overlay__open" in part)
        text = (root / rel).read_text(encoding="utf-8").split("\n")[line - 1]
        assert _text(item, "sitegen-dev-overlay__line") == [text]
        assert _text(item, "sitegen-dev-overlay__pad") == [text[:column - 1]]
        assert _text(item, "sitegen-dev-overlay__caret") == ["^"]
        href = html.unescape(item.split('class="sitegen-dev-overlay__open" href="', 1)[1].split('"', 1)[0])
        assert href.startswith(f"/__dev__/open?file=content%2Fja%2Fdeal.md&line={line}&column={column}&token=")

        with pytest.MonkeyPatch.context() as env:
            env.delenv("VISUAL", raising=False)
            env.setenv("EDITOR", str(editor))
            assert get(dev.origin, href).status == 204          # the browser stays on the page
            _until(lambda: opened.exists() and opened.read_text().endswith("\n"))  # created, then written
            assert opened.read_text().split("\n")[:2] == [f"+{line}", str((root / rel).resolve())]
            forged = get(dev.origin, href.split("&token=")[0] + "&token=guess")
            assert forged.status == 400 and "another run of the server" in forged.body
            outside = get(dev.origin, href.replace("content%2Fja%2Fdeal.md", "..%2F..%2Fetc%2Fpasswd"))
            assert outside.status == 400 and "no file" in outside.body
            env.delenv("EDITOR")
            unset = get(dev.origin, href)
            assert unset.status == 400 and "SITEGEN_EDITOR_URL" in unset.body
    finally:
        dev.stop()


def test_an_editor_url_template_links_straight_to_the_editor(make_project) -> None:
    root = make_project()
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None,
                    editor_url="vscode://file/{path}:{line}:{column}")
    dev.start()
    try:
        good = dev.wait_for_build(timeout=120)
        index = get(dev.origin, "/__dev__/").body
        assert f'href="vscode://file{(root / "content/en/deal.md").resolve()}:1:1"' in index, \
            "/__dev__/ links each page's file to the editor"
        rel, line, column = _break(root)
        dev.wait_for_build(after=good.build, timeout=60)
        page = get(dev.origin, "/explainer/en/deal/").body
        assert f'href="vscode://file{(root / rel).resolve()}:{line}:{column}"' in page
    finally:
        dev.stop()


@pytest.mark.parametrize(("template", "expected"), [
    ("vscode://file/{path}:{line}:{column}", "vscode://file/{root}/content/ja/deal.md:7:3"),
    ("idea://open?file={path}&line={line}", "idea://open?file=/{root}/content/ja/deal.md&line=7"),
    ("subl://open?url=file://{path}&line={line}", "subl://open?url=file:///{root}/content/ja/deal.md&line=7"),
])
def test_editor_urls_name_the_file_as_the_editor_reads_them(make_project, template: str, expected: str) -> None:
    """One slash between vscode://file and /home/… (two name a host, microsoft/vscode#70328);
    file:// keeps its own two before the path's."""
    root = make_project().resolve()
    href = EditorLinks(root, template).href("content/ja/deal.md", 7, 3)
    assert href == expected.format(root=root.as_posix().lstrip("/"))


def test_the_editor_url_comes_from_the_environment_unless_given(make_project, monkeypatch) -> None:
    root = make_project().resolve()
    monkeypatch.setenv("SITEGEN_EDITOR_URL", "idea://open?file={path}&line={line}")
    assert EditorLinks(root).href("content/en/deal.md", 3) == f"idea://open?file={root}/content/en/deal.md&line=3"
    assert EditorLinks(root, "zed://file{path}:{line}").href("content/en/deal.md", 3) == \
        f"zed://file{root}/content/en/deal.md:3", "--editor-url wins"
    monkeypatch.setenv("SITEGEN_EDITOR_URL", "")
    assert EditorLinks(root).href("content/en/deal.md", 3).startswith("/__dev__/open?file=content%2Fen%2Fdeal.md&")


@pytest.mark.parametrize(("editor", "arguments"), [
    ("code --wait", ["--goto", "/p/deal.md:7:3"]), ("/usr/bin/codium", ["--goto", "/p/deal.md:7:3"]),
    ("subl", ["/p/deal.md:7:3"]), ("hx", ["/p/deal.md:7:3"]),
    ("vim", ["+7", "/p/deal.md"]), ("emacsclient -t", ["+7", "/p/deal.md"]), ("nano", ["+7", "/p/deal.md"]),
])
def test_each_terminal_editor_is_started_at_the_line_the_way_it_reads_one(editor: str, arguments: list[str]) -> None:
    assert editor_arguments(editor, "/p/deal.md", 7, 3) == arguments


def _until(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize("before", [10, 400, 900])
def test_the_caret_stays_under_its_column_on_a_long_line(make_project, before: int) -> None:
    """A Japanese paragraph is one line, often of several hundred characters. The overlay cut every
    line at 240 characters, so a problem further along lost its caret and the wavy line marked the
    first 240 characters instead. It now shows the line around the column."""
    root = make_project()
    page = root / "content" / "ja" / "deal.md"
    mistake = "{{ fact aws_dael_value }}"
    paragraph = "前置きの文です。" * (before // 8) + mistake + "後に続く文です。" * 60
    page.write_text(page.read_text(encoding="utf-8") + "\n" + paragraph + "\n", encoding="utf-8")
    with pytest.raises(BuildError) as failed:
        build(root, write=False, search=False)
    overlay = inject.overlay(failed.value.diagnostics, False, EditorLinks(root, "x://{path}:{line}:{column}"))
    item = next(part for part in overlay.split("<li ")[1:] if "aws_dael_value" in part)
    number = page.read_text(encoding="utf-8").split("\n").index(paragraph) + 1
    column = paragraph.index(mistake) + 1
    assert f"content/ja/deal.md:{number}:{column}: error: unknown fact 'aws_dael_value'" in html.unescape(item)
    [shown], [pad] = _text(item, "sitegen-dev-overlay__line"), _text(item, "sitegen-dev-overlay__pad")
    assert _text(item, "sitegen-dev-overlay__caret") == ["^"] and not _text(item, "sitegen-dev-overlay__squiggle")
    assert shown.startswith(pad) and shown[len(pad):].startswith(mistake)     # the caret stands under the '{{'
    assert len(pad) <= 41       # and in view: 40 characters before it at most (120 Japanese ones were out of the box)
    assert shown.strip("…") in paragraph and len(shown) <= 242                # a part of the line, cut at its ends
    assert shown.startswith("…") == (not paragraph.startswith(shown.strip("…")))
    assert shown.endswith("…") == (not paragraph.endswith(shown.strip("…")))


def test_an_input_folder_moved_away_and_made_again_is_followed(make_project) -> None:
    """Moving data/ (or any input folder) away rebuilt nothing: the preview went on showing the
    site as if it were there. And a data/ made again (copied back, checked out afresh) was not
    watched at all, so its edits never showed. Now each comes as a rebuild, and the new folder
    is watched."""
    root = make_project()
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    try:
        good = dev.wait_for_build(timeout=120)

        def page() -> str:
            return get(dev.origin, "/explainer/en/deal/").body

        assert "$38 billion" in page() and 'id="sitegen-dev-overlay"' not in page()
        (root / "data").rename(root / "data.away")
        _until(lambda: dev.live.snapshot.build != good.build and dev.live.snapshot.failed)
        assert "unknown fact 'aws_deal_value'" in html.unescape(page())
        shutil.copytree(root / "data.away", root / "data")          # a new folder, not the old one back
        shutil.rmtree(root / "data.away")
        _until(lambda: not dev.live.snapshot.failed)
        edit(root, "data/facts/deal.yaml", "value: 38e9", "value: 39e9")
        _until(lambda: "$39 billion" in page())
    finally:
        dev.stop()


def test_a_folder_moved_as_an_input_folder_goes_is_not_lost(make_project) -> None:
    """'mv content/ja2 content/ja; mv data data.x': the first move was in the watch of the input folders
    when the second stopped it (to watch the folders there are now), and was lost: the preview went on
    listing content/ja2's pages as outside the language folders until the next edit there (two runs
    in four on the machine). A watch started again now reports every input folder it watches, once,
    so the build after it reads them all again. Checked on the watcher itself (deterministic: without
    the fix, moving data/ reports nothing of content/), then as an editor meets it."""
    from sitegen.devserver.watch import Watcher

    root = make_project()
    watcher = Watcher(root, None)
    watcher.start()
    try:
        (root / "data").rename(root / "data.x")
        seen: set[str] = set()
        deadline = time.monotonic() + 30
        for changes in watcher:
            seen |= changes.project
            if "content" in seen or time.monotonic() > deadline:
                break
        assert {"data", "content", "templates"} <= seen, seen
    finally:
        watcher.close()
    (root / "data.x").rename(root / "data")

    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    try:
        dev.wait_for_build(timeout=120)
        (root / "content" / "ja").rename(root / "content" / "ja2")
        _until(lambda: "content/ja2/deal.md" in str(dev.live.snapshot.diagnostics.items))
        (root / "content" / "ja2").rename(root / "content" / "ja")
        (root / "data").rename(root / "data.x")
        _until(lambda: "unknown fact" in str(dev.live.snapshot.diagnostics.items))
        (root / "data.x").rename(root / "data")
        _until(lambda: not dev.live.snapshot.failed)
        assert "content/ja2" not in str(dev.live.snapshot.diagnostics.items)
    finally:
        dev.stop()


def test_a_problem_in_a_built_page_has_no_excerpt_of_a_stale_site_folder(make_project) -> None:
    """A problem of a template's output is located in the page as built (site/ja/search/index.html:17),
    which the dev server holds in memory. The overlay showed that line of the site/ folder on disk,
    the last `python build.py`'s (another page, or another line), and linked it to the editor."""
    root = make_project()
    template = root / "templates" / "base.html"
    template.write_text(template.read_text(encoding="utf-8").replace("<body>", "<body><style>p {}</style>", 1),
                        encoding="utf-8")
    stale = root / "site" / "ja" / "search" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<p>an old build</p>\n" * 40, encoding="utf-8")
    with pytest.raises(BuildError) as failed:
        build(root, write=False, search=False)
    overlay = inject.overlay(failed.value.diagnostics, False, EditorLinks(root, "x://{path}:{line}:{column}"))
    items = [item for item in overlay.split("<li ")[1:] if "<code>site/ja/search/index.html:" in item]
    assert items and all("blocked by the Content-Security-Policy" in item for item in items)
    assert not any("an old build" in item or "sitegen-dev-overlay__open" in item for item in items)
