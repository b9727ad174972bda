"""The dev server's parts put together: the live site, the HTTP server and the watcher.

Threads: one serves HTTP (one more per request, as ThreadingHTTPServer does), one waits
for changes and rebuilds, two run the watchers. `start()` and `stop()` are what tests
use; the command line calls `serve()`.

The generator's own code cannot be reloaded in place, so when it changes (a chart
definition, say) the server checks that the new code compiles and imports, then
replaces its process with a fresh one that keeps the listening socket; pages reconnect
and reload. Code that does not import is shown in the overlay instead.
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from http.server import ThreadingHTTPServer
from pathlib import Path

from ..cache.buildcache import BuildCache
from ..diagnostics import BuildError, Diagnostics, Location
from ..fingerprint import ENGINE_DIR
from ..load.config import load_config
from .editor import EditorLinks
from .handler import Handler, Loads
from .live import LiveSite, Snapshot
from .watch import Watcher

SOCKET_ENV = "SITEGEN_DEV_SOCKET"      # the listening socket handed to the restarted process


class _HTTPServer(ThreadingHTTPServer):
    block_on_close = False             # event streams end on stop(); don't wait for stragglers


class DevServer:
    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000, strict: bool = False,
                 cache: BuildCache | None = None, engine: Path | None = None,
                 log: Callable[[str], None] | None = None, editor_url: str | None = None):
        self.root = root
        host = host[1:-1] if host.startswith("[") and host.endswith("]") else host     # [::1] as in a URL
        self.host = host                      # with this computer's own names, the Host headers answered
        self.strict = strict
        self.editor = EditorLinks(root, editor_url)     # links that open a file at a line
        self.live = LiveSite(root, strict, cache)
        self.loads = Loads()                  # which files each page made the browser load (handler.py)
        self.engine = engine                  # the generator's code: watched when given; a change restarts
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self._watcher = Watcher(root, engine)
        self._threads: list[threading.Thread] = []
        self._first_build_done = threading.Event()     # stop() waits for later builds only (they are short)
        self.streams = 0                      # open event streams (pages listening)
        self._streams_lock = threading.Lock()
        handler = type("DevHandler", (Handler,), {"app": self})
        self.httpd = _listen(host, port, handler)
        try:
            self._base_path = load_config(root).base_path
        except BuildError:
            self._base_path = "/"
        # Every base path pages were served under: one open at an earlier one (site.toml's base_url
        # changed while serving) reloads into the same page at the new one, not a 404 (handler.py).
        self.bases = {self._base_path}

    @property
    def base_path(self) -> str:
        result = self.live.snapshot.result
        return result.site.config.base_path if result else self._base_path

    @property
    def origin(self) -> str:
        host, port = self.httpd.server_address[:2]
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)      # every address: this computer's, to open
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return self.origin + self.base_path

    def start(self) -> None:
        """Watch, serve, and build once (in the background: pages ask again when it is done)."""
        self._watcher.start()
        serve = lambda: self.httpd.serve_forever(poll_interval=0.1)    # noqa: E731 (stop() waits for one poll)
        for target, name in ((serve, "http"), (self._build_loop, "builder")):
            thread = threading.Thread(target=target, name=f"dev-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def wait_for_build(self, after: str | None = None, timeout: float = 600) -> Snapshot | None:
        """The snapshot of the first build after the build `after` (default: the current one)."""
        return self.live.wait(after or self.live.snapshot.build, timeout)

    def open_streams(self, delta: int) -> None:
        with self._streams_lock:
            self.streams += delta

    def stop(self) -> None:
        """Stop serving and building. The first build (it draws every chart: seconds) is not waited
        for (Ctrl+C or SIGTERM took 8.5 s): it writes only .cache/, each entry atomically, and its
        thread ends with the process."""
        self._watcher.close()
        self.live.close()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            if thread.name != "dev-builder" or self._first_build_done.is_set():
                thread.join(timeout=5)

    def _build_loop(self) -> None:
        self._report(self.live.rebuild())
        self._first_build_done.set()
        untidy = True
        for changes in self._watcher:
            if changes.code:
                self._code_changed(changes.code)
            elif changes.project:
                self._report(self.live.rebuild(sorted(changes.project)), sorted(changes.project))
                self.bases.add(self.base_path)
                untidy = True
            elif untidy:             # quiet now, and the pages have been told: tidy up off the clock
                self.live.tidy()
                untidy = False

    def _report(self, snapshot: Snapshot, changed: Iterable[str] = ()) -> None:
        what = ", ".join(changed) or "first build"
        if snapshot.failed:
            lines = snapshot.diagnostics.lines(self.strict)
            serving = ("serving the last good build with the problems over it" if snapshot.good
                       else "pages show the problems until it builds")
            self.log("\n".join([*lines, f"{what}: {snapshot.diagnostics.summary(self.strict)}; {serving}"]))
            return
        pages = sum(1 for path in snapshot.changed if path.endswith(".html"))
        problems = snapshot.diagnostics.summary(self.strict)
        self.log(f"{what}: rebuilt in {snapshot.seconds * 1000:.0f} ms, {pages} page{'s' * (pages != 1)} changed"
                 + (f", {problems}" if problems else ""))

    def _code_changed(self, files: set[Path]) -> None:
        problems = engine_problems(files, self.engine)
        if problems.items:
            self._report(self.live.fail(problems))
        else:
            self.log("the generator's code changed: restarting")
            _restart(self.httpd.socket)


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, strict: bool = False, use_cache: bool = True,
          editor_url: str | None = None) -> int:
    """Run the dev server until Ctrl+C (a KeyboardInterrupt); the exit code for the command line."""
    cache = BuildCache.on_disk(root) if use_cache else BuildCache.from_scratch()
    try:
        server = DevServer(root, host, port, strict, cache, engine=Path(ENGINE_DIR), editor_url=editor_url)
    except OSError as exc:
        given = "" if host == "127.0.0.1" else f"--host {host} "
        if exc.errno == errno.EADDRINUSE:
            print(f"port {port} is in use{given and f' on {host}'}: try python build.py serve {given}--port "
                  f"{port + 1 if port < 65535 else 0}", file=sys.stderr)
            return 2
        if isinstance(exc, socket.gaierror) or exc.errno in (errno.EADDRNOTAVAIL, errno.EACCES):
            # Not a file, nor site/ (which the server never writes): what the command line says otherwise.
            where = f"[{host.strip('[]')}]" if ":" in host else host
            print(f"cannot listen on {where}:{port}: {exc.strerror} (give --host a name or address of this "
                  "computer, e.g. 127.0.0.1, and --port a free port above 1023, e.g. 8000)", file=sys.stderr)
            return 2
        raise
    print(f"serving {server.url}  (translations: {server.origin}/__dev__/); Ctrl+C stops",
          file=sys.stderr, flush=True)
    server.start()
    try:
        threading.Event().wait()        # until Ctrl+C or SIGTERM, which cli.py reports once the server stopped
    finally:
        server.stop()
    return 0


def engine_problems(files: Iterable[Path], engine: Path) -> Diagnostics:
    """Syntax errors in changed Python files, or an import that now fails, as located problems."""
    diags = Diagnostics()
    base = engine.parent
    for path in sorted(files):
        if path.suffix != ".py" or not path.is_file():
            continue
        try:
            compile(path.read_bytes(), str(path), "exec")
        except SyntaxError as exc:
            diags.error(Location(path.relative_to(base).as_posix(), exc.lineno, exc.offset), f"Python: {exc.msg}")
    if diags.items:
        return diags
    # Errors at import time (a NameError, a missing module) show only by importing, in a fresh process.
    check = subprocess.run([sys.executable, "-c", "import sitegen.pipeline, sitegen.devserver"], cwd=base,
                           capture_output=True, text=True, timeout=120)
    if check.returncode != 0:
        last = check.stderr.strip().splitlines()[-1] if check.stderr.strip() else "import failed"
        diags.error(_innermost_engine_frame(check.stderr, base) or Location(engine.name), f"Python: {last}")
    return diags


def _innermost_engine_frame(traceback_text: str, base: Path) -> Location | None:
    """The last 'File "…", line N' of a traceback that is in the generator's code."""
    found = None
    for line in traceback_text.splitlines():
        file, _, rest = line.strip().removeprefix('File "').partition('", line ')
        number = rest.split(",")[0]
        if rest and number.isdigit() and file.startswith(str(base) + "/"):
            found = Location(Path(file).relative_to(base).as_posix(), int(number))
    return found


def _listen(host: str, port: int, handler: type[Handler]) -> _HTTPServer:
    inherited = os.environ.pop(SOCKET_ENV, None)
    if inherited is None:
        # An IPv6 address (::1) too: the first of the name's addresses, IPv4 first ('localhost': 127.0.0.1).
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, *_, address = min(found, key=lambda info: info[0] != socket.AF_INET)
        return type("_Server", (_HTTPServer,), {"address_family": family})(address[:2], handler)
    sock = socket.socket(fileno=int(inherited))     # already bound and listening: no gap, same port
    sock.set_inheritable(False)
    server = _HTTPServer(sock.getsockname()[:2], handler, bind_and_activate=False)
    server.socket.close()
    server.socket = sock
    server.server_name, server.server_port = sock.getsockname()[:2]
    return server


def _restart(sock: socket.socket) -> None:
    sock.set_inheritable(True)
    os.environ[SOCKET_ENV] = str(sock.fileno())
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
