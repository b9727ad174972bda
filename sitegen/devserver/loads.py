"""Which files each open page made the browser load, recorded from the requests themselves.

A page reloads when a build changes the page or a file it loaded: a stylesheet, a script,
a chart's drawing or the spec a script fetched, a font a stylesheet asked for. Which files
those are is what the browser asked this server for, each request naming the file it was
made for (the Referer header a browser sends to its own origin). Nothing here lists kinds
of output file: a feed or the sitemap, which no page loads, never reloads a page, and a
new kind of output file counts from the first time a page loads it. A file no open page
has loaded needs no reload: a page that asks for it later gets the build's new version.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit


class Loads:
    def __init__(self) -> None:
        self._loaded_by: dict[str, set[str]] = {}        # output path → the output paths it was loaded for
        self._lock = threading.Lock()

    def record(self, file: str, referer: str | None, base_path: str) -> None:
        """`file` (a site path) was requested for the page or file at the URL `referer`."""
        if referer:
            path = unquote(urlsplit(referer).path)
            if path.startswith(base_path):
                rel = path[len(base_path):]
                with self._lock:
                    self._loaded_by.setdefault(file, set()).add(rel + "index.html" if rel in ("", "/")
                                                               or rel.endswith("/") else rel)

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
