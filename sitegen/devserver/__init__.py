"""`python build.py serve`: preview both languages from memory, rebuilding and reloading on every edit.

The server never writes site/. It builds with the same `pipeline.build` as the command
line, keeping a `BuildCache` in memory so an edit re-renders only what depends on it;
see server.py for how the parts fit together.
"""

from .server import DevServer, serve

__all__ = ["DevServer", "serve"]
