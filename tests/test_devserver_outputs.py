"""The dev server's output and reloads for a new output file, against `build.py --no-cache` (issue 16).

The dev server rebuilds with every cache it has (bodies, memo, charts); what it serves must
still be exactly what a build from nothing writes, and a page must reload when, and only
when, a file it shows or loaded changes (devserver/handler.py's Loads derives that from the requests).
"""

from __future__ import annotations

from pathlib import Path

from sitegen.cache.buildcache import BuildCache
from sitegen.cli import main
from sitegen.devserver import DevServer
from sitegen.devserver.inject import inject, warnings
from sitegen.diagnostics import BuildError
from sitegen.pipeline import build

from .conftest import tree_of
from .devserver_client import EventStream, get, page_state

BASE = "/explainer/"
NOTE = "img/deal-note.svg"
NOTE_LINK = "\nA [note](../../img/deal-note.svg).\n"


def _svg(text: str) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20"><text y="15">{text}</text></svg>\n'


def _open(dev: DevServer, page: str, loads: tuple[str, ...] = ("css/site.css",)) -> EventStream:
    """Load a page, then what it loads, as a browser does (naming the page as the referrer)."""
    body = get(dev.origin, BASE + page).body
    for asset in loads:
        assert get(dev.origin, BASE + asset, referer=BASE + page).status == 200
    return EventStream.for_page(dev.origin, body)


def _assert_served_as_built(dev: DevServer, root: Path) -> None:
    """The server shows what `build.py --no-cache --no-search` makes: every file, and the same problems."""
    try:
        fresh = build(root, write=False, search=False).diagnostics
    except BuildError as exc:
        fresh = exc.diagnostics
    snapshot = dev.live.snapshot
    assert snapshot.diagnostics.lines(False) == fresh.lines(False)
    assert main(["--root", str(root), "--no-cache", "--no-search", "--quiet"]) == (1 if snapshot.failed else 0)
    if snapshot.failed:
        return                           # nothing written; the server keeps the last good build
    built = tree_of(root / "site")
    assert set(snapshot.tree) == set(built)
    for path, data in built.items():
        served = get(dev.origin, BASE + path.removesuffix("index.html")).body
        if path.endswith(".html"):       # the dev tools' tags, and the box of the build's warnings, the only difference
            box = warnings(snapshot.diagnostics, dev.editor) if snapshot.diagnostics.items else None
            data = inject(data.decode("utf-8"), *page_state(served), box).encode("utf-8")
        assert served.encode("utf-8") == data, path


def test_a_new_output_file_in_the_dev_server_is_served_as_a_build_without_cache_writes_it(make_project) -> None:
    root = make_project()
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    try:
        first = dev.wait_for_build(timeout=120)
        # A link to a file that does not exist yet: an error, from the link checks the server caches.
        deal = root / "content/en/deal.md"
        deal.write_text(deal.read_text(encoding="utf-8") + NOTE_LINK, encoding="utf-8")
        linked = dev.wait_for_build(after=first.build, timeout=60)
        assert any(NOTE in line for line in linked.diagnostics.lines(False))
        _assert_served_as_built(dev, root)

        shows, other = _open(dev, "en/deal/"), _open(dev, "ja/deal/")
        (root / "static" / NOTE).parent.mkdir(parents=True, exist_ok=True)
        (root / "static" / NOTE).write_text(_svg("one"), encoding="utf-8")
        assert shows.next_event()[0] == "reload", "the page with the link differs from the good build it shows"
        assert other.next_event()[0] == "ok", "a new file no page has loaded reloads no other page"
        assert not any(NOTE in line for line in dev.live.snapshot.diagnostics.lines(False))
        _assert_served_as_built(dev, root)
        shows.close()
        other.close()

        # Once a page has loaded it (as an <img> would), a change to the file reloads that page only.
        before = dev.live.snapshot.build
        deal.write_text(deal.read_text(encoding="utf-8").replace(NOTE_LINK, f"\n![A note](../../{NOTE})\n"),
                        encoding="utf-8")
        dev.wait_for_build(after=before, timeout=60)
        shows, other = _open(dev, "en/deal/", ("css/site.css", NOTE)), _open(dev, "ja/deal/")
        (root / "static" / NOTE).write_text(_svg("two"), encoding="utf-8")
        assert shows.next_event()[0] == "reload"
        assert other.next_event()[0] == "ok", "a page that never loaded the file is not reloaded"
        assert get(dev.origin, BASE + NOTE).body == _svg("two")
        _assert_served_as_built(dev, root)
        shows.close()
        other.close()
    finally:
        dev.stop()


def test_stylesheet_data_and_template_edits_reload_exactly_the_pages_they_change(make_project) -> None:
    root = make_project()
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    try:
        dev.wait_for_build(timeout=120)
        pages = {page: _open(dev, page) for page in ("en/deal/", "en/glossary/", "ja/deal/")}

        def events() -> dict[str, str]:
            return {page: stream.next_event()[0] for page, stream in pages.items()}

        css = root / "static/css/site.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n.added { color: red; }\n", encoding="utf-8")
        assert set(events().values()) == {"reload"}, "every page loaded the stylesheet"
        for page in pages:
            pages[page].close()
            pages[page] = _open(dev, page)
        fact = root / "data/facts/deal.yaml"
        fact.write_text(fact.read_text(encoding="utf-8").replace("value: 38e9", "value: 39e9"), encoding="utf-8")
        got = events()
        assert got["en/deal/"] == got["ja/deal/"] == "reload" and got["en/glossary/"] == "ok"
        _assert_served_as_built(dev, root)
        for page in pages:
            pages[page].close()
            pages[page] = _open(dev, page)
        template = root / "templates/base.html"
        template.write_text(template.read_text(encoding="utf-8").replace(
            '<footer class="site-footer">', '<footer class="site-footer" id="f">'), encoding="utf-8")
        assert set(events().values()) == {"reload"}
        assert 'id="f"' in get(dev.origin, BASE + "en/glossary/").body
        _assert_served_as_built(dev, root)
        for stream in pages.values():
            stream.close()
    finally:
        dev.stop()
