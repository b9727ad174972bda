"""HTTP for the dev server: the site from memory, the event stream, diagnostics and translation pages.

Routes (the site is served under the base URL's path, as it will be published):

    <base>…                        the last good build; HTML gets the dev tools (inject.py)
    /__dev__/events                server-sent events: reload, ok, failed
    /__dev__/diagnostics.json      the latest build's problems
    /__dev__/  /__dev__/compare/<key>/   translation state; a page beside its translation
    /__dev__/reload.js  dev.css    the dev tools' own files
    /__dev__/open?file=…&line=…    open a project file in $VISUAL/$EDITOR (editor.py)

Only requests whose `Host` header names this computer (or the --host given) are answered,
against DNS rebinding: a page on evil.example, open in the editor's browser, makes its name
resolve to 127.0.0.1; the browser then lets that page read http://evil.example:8000/, which
is the dev server, and everything it serves (drafts, /__dev__/ pages, the editor link). The
browser still sends `Host: evil.example:8000`, so answering only our own names stops it.
"""

from __future__ import annotations

import json
import mimetypes
import threading
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from ..render.urls import output_file
from . import compare, inject
from .editor import OPEN, EditorLinks
from .live import Snapshot

if TYPE_CHECKING:
    from .server import DevServer

ASSETS = Path(__file__).parent / "assets"
KEEPALIVE_SECONDS = 15
LOOPBACK = ("127.0.0.1", "localhost", "::1")
_OTHER_HOST = "This dev server answers only to this computer's own names: open it at http://127.0.0.1:<port>/.\n"
_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json",
          ".xml": "application/xml", ".txt": "text/plain", ".html": "text/html"}


class Handler(BaseHTTPRequestHandler):
    server_version = "sitegen-dev"
    app: DevServer             # set on the class made for each server

    def do_GET(self) -> None:
        self._route(head=False)

    def do_HEAD(self) -> None:
        self._route(head=True)

    def log_message(self, format: str, *args: object) -> None:
        pass                    # one line per request would bury the build messages

    def _route(self, head: bool) -> None:
        if not allowed_host(self.headers.get("Host"), self.app.host):      # DNS rebinding (above)
            return self._send(421, "text/plain; charset=utf-8", _OTHER_HOST.encode(), head)
        url = urlsplit(self.path)
        path = unquote(url.path)
        snapshot = self.app.live.snapshot
        if path == inject.DEV + "events":
            self._events(parse_qs(url.query))
        elif path == inject.DEV + "diagnostics.json":
            self._send(200, "application/json", _diagnostics_json(snapshot, self.app.strict).encode(), head)
        elif path == OPEN:
            self._open_in_editor(parse_qs(url.query), head)
        elif path in (inject.DEV + "reload.js", inject.DEV + "dev.css"):
            self._send(200, _type(path), (ASSETS / path.rsplit("/", 1)[1]).read_bytes(), head)
        elif path.startswith(inject.DEV):
            self._dev_page(path[len(inject.DEV):], snapshot, head)
        else:
            self._site(path, snapshot, head)

    def _site(self, path: str, snapshot: Snapshot, head: bool) -> None:
        base = self.app.base_path
        if not path.startswith(base):
            if path in ("/", "/index.html", base.rstrip("/")) and base != "/":
                return self._redirect(base)
            if earlier := max((b for b in self.app.bases if b != base and path.startswith(b)), key=len, default=None):
                return self._redirect(base + path[len(earlier):])
            return self._not_found(snapshot, path, head)
        rel = path[len(base):]
        if not snapshot.tree:           # no good build yet: the first one is running, or the problems
            return self._page(503, _empty_page(snapshot.failed), snapshot, rel or "index.html", head)
        file = output_file(rel)
        if file not in snapshot.tree:
            if file + "/index.html" in snapshot.tree:
                return self._redirect(path + "/")
            if moved := self.app.live.moved(file):       # the page open was renamed: follow it
                return self._redirect(base + moved)
            return self._not_found(snapshot, file, head)
        data = snapshot.tree[file]
        loader = unquote(urlsplit(self.headers.get("Referer") or "").path)   # the page (or file) it is for
        if loader.startswith(base):
            self.app.loads.record(file, output_file(loader[len(base):]))
        if file.endswith(".html"):
            return self._page(200, data.decode("utf-8"), snapshot, file, head)
        return self._send(200, _type(file), data, head)

    def _dev_page(self, rest: str, snapshot: Snapshot, head: bool) -> None:
        result = snapshot.result
        if result is None:
            return self._page(503, _empty_page(snapshot.failed), snapshot, "*", head)
        if rest == "":
            return self._page(200, compare.index_page(result, self.app.base_path, self.app.editor), snapshot, "*", head)
        kind, _, key = rest.strip("/").partition("/")       # a key may have folders: topics/gpu
        if kind == "compare" and key and rest.endswith("/"):
            page = compare.compare_page(result, key, self.app.base_path, self.app.editor)
            if page is not None:
                return self._page(200, page, snapshot, " ".join(compare.pages_shown(result, key)), head)
        return self._send(404, "text/plain; charset=utf-8", b"no such dev page\n", head)

    def _open_in_editor(self, query: dict[str, list[str]], head: bool) -> None:
        """Open a file in $VISUAL or $EDITOR (editor.py); 204 keeps the browser on its page."""
        def number(name: str) -> int:
            value = query.get(name, ["1"])[0]
            return int(value) if value.isdigit() else 1

        problem = self.app.editor.open(query.get("file", [""])[0], number("line"), number("column"),
                                       query.get("token", [""])[0])
        if problem is None:
            return self._send(204, "text/plain; charset=utf-8", b"", head)
        return self._send(400, "text/plain; charset=utf-8", (problem + "\n").encode("utf-8"), head)

    def _not_found(self, snapshot: Snapshot, file: str, head: bool) -> None:
        page = snapshot.tree.get("404.html")
        if page is None:
            return self._send(404, "text/plain; charset=utf-8", b"not found\n", head)
        # Watch the missing file too: the page reloads when a build creates it.
        return self._page(404, page.decode("utf-8"), snapshot, f"{file} 404.html", head)

    def _page(self, status: int, page: str, snapshot: Snapshot, watch: str, head: bool) -> None:
        overlay = inject.overlay(snapshot.diagnostics, self.app.strict, self.app.editor) if snapshot.failed else \
            inject.warnings(snapshot.diagnostics, self.app.editor) if snapshot.diagnostics.items else None
        html = inject.inject(page, snapshot.build, snapshot.good, watch, overlay)
        self._send(status, "text/html; charset=utf-8", html.encode("utf-8"), head)

    def _events(self, query: dict[str, list[str]]) -> None:
        """Server-sent events: tell the page when to reload or show the overlay, until it goes away."""
        seen = query.get("build", [""])[0]          # the build the page was served after
        good = query.get("good", [""])[0]           # the build its content comes from
        watch = set(query.get("watch", [""])[0].split())
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.app.open_streams(+1)
        try:
            self._write("retry: 300\n\n")       # reconnect quickly after a restart
            while True:
                snapshot = self.app.live.wait(after=seen, timeout=KEEPALIVE_SECONDS)
                if snapshot is None:                 # the server is stopping
                    return
                if snapshot.build == seen:
                    self._write(": keep-alive\n\n")
                    continue
                self._write(_event_for(snapshot, good, watch, self.app.strict, self.app.editor, self.app.loads))
                seen = snapshot.build
                good = snapshot.good or good
        except (BrokenPipeError, ConnectionResetError):
            return                                   # the page was closed or reloaded
        finally:
            self.app.open_streams(-1)

    def _write(self, text: str) -> None:
        self.wfile.write(text.encode("utf-8"))
        self.wfile.flush()

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, content_type: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")     # every request sees the latest build
        self.end_headers()
        if not head:
            self.wfile.write(body)


class Loads:
    """Which files each open page made the browser load, recorded from the requests themselves.

    A page reloads when a build changes the page or a file it loaded: a stylesheet, a script,
    a chart's drawing or the spec a script fetched, a font a stylesheet asked for. Which files
    those are is what the browser asked this server for, each request naming the file it was
    made for (the Referer header a browser sends to its own origin). Nothing here lists kinds
    of output file: a feed or the sitemap, which no page loads, never reloads a page, and a
    new kind of output file counts from the first time a page loads it. A file no open page
    has loaded needs no reload: a page that asks for it later gets the build's new version.
    """

    def __init__(self) -> None:
        self._loaded_by: dict[str, set[str]] = {}        # output file → the output files it was loaded for
        self._lock = threading.Lock()

    def record(self, file: str, loader: str) -> None:
        """Output file `file` was requested for the page or file `loader`."""
        with self._lock:
            self._loaded_by.setdefault(file, set()).add(loader)

    def loaders(self, files: Iterable[str]) -> set[str]:
        """`files` and every file that loaded one of them, directly or through others (a font's stylesheet)."""
        found = set(files)
        todo = list(found)
        with self._lock:
            while todo:
                for loader in self._loaded_by.get(todo.pop(), ()):
                    if loader not in found:
                        found.add(loader)
                        todo.append(loader)
        return found


def _event_for(snapshot: Snapshot, good: str, watch: set[str], strict: bool, editor: EditorLinks,
               loads: Loads) -> str:
    if snapshot.failed:
        data = {"build": snapshot.build, "summary": snapshot.diagnostics.summary(strict),
                "lines": snapshot.diagnostics.lines(strict),
                "overlay": inject.overlay(snapshot.diagnostics, strict, editor)}
        return f"event: failed\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
    # The page changed, or a file it loaded (Loads: what the browser asked for, not a list of kinds).
    affected = good != snapshot.previous_good or "*" in watch or bool(watch & loads.loaders(snapshot.changed))
    return f"event: {'reload' if affected else 'ok'}\ndata: {json.dumps({'build': snapshot.build})}\n\n"


def allowed_host(header: str | None, listening_on: str) -> bool:
    """Whether a request with this Host header (None: none sent) may be answered."""
    if not header:
        return False            # HTTP/1.1 requires one; every browser sends it
    name = _host_name(header.strip()).lower().rstrip(".")
    return name in LOOPBACK or name == _host_name(listening_on).lower()


def _host_name(host: str) -> str:
    """'localhost:8000' → 'localhost', '[::1]:8000' → '::1', '::1' → '::1'."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host


def _diagnostics_json(snapshot: Snapshot, strict: bool) -> str:
    diags = snapshot.diagnostics
    items = [{"level": "error" if strict else d.level, "path": d.location.path, "line": d.location.line,
              "column": d.location.column, "message": d.message, "hint": d.hint, "text": line}
             for d, line in zip(diags.sorted(), diags.lines(strict), strict=True)]
    return json.dumps({"build": snapshot.build, "good": snapshot.good, "ok": not snapshot.failed,
                       "summary": diags.summary(strict), "diagnostics": items}, ensure_ascii=False, indent=2) + "\n"


def _type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    kind = _TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind in ("application/json", "image/svg+xml",
                                                                             "application/xml") else kind


def _empty_page(failed: bool) -> str:
    text = "The site has not built yet." if failed else "Building the site; this page reloads when it is ready."
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{text}</title></head>'
            f"<body><p>{text}</p></body></html>\n")
