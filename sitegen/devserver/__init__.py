"""`python build.py serve`: preview both languages from memory, rebuilding and reloading on every edit.

The server never writes site/. It builds with the same `pipeline.build` as the command
line, keeping a `BuildCache` in memory so an edit re-renders only what depends on it;
see server.py for how the parts fit together.
"""

from __future__ import annotations

import errno
import sys
import threading
from pathlib import Path

from ..cache.buildcache import BuildCache
from ..fingerprint import ENGINE_DIR
from .server import DevServer

__all__ = ["DevServer", "serve"]


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, strict: bool = False, use_cache: bool = True,
          editor_url: str | None = None) -> int:
    """Run the dev server until Ctrl+C; the exit code for the command line."""
    cache = BuildCache.on_disk(root) if use_cache else BuildCache()
    try:
        server = DevServer(root, host, port, strict, cache, engine=Path(ENGINE_DIR), restart=True,
                           editor_url=editor_url)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"port {port} is in use: try python build.py serve --port {port + 1}", file=sys.stderr)
            return 2
        raise
    print(f"serving {server.url}  (translations: {server.origin}/__dev__/); Ctrl+C stops",
          file=sys.stderr, flush=True)
    server.start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
