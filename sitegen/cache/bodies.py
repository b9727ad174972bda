"""Rendered Markdown bodies, reused while neither the page nor anything it could read changed.

A page's body is a function of the page itself and of the world it is rendered in: the
engine (every file of the sitegen package, the installed libraries: fingerprint.py),
everything under data/ (any shortcode may read any data file), the templates and
catalogues (block shortcodes render templates), the site's configuration, and what the
link resolver gives of other pages (their key and path, `links.LinkTarget`). The key of
an entry is a hash of all of that: derived from the inputs, never from a list of what a
shortcode happens to read. So an edit of one page's text renders that page again, and an
edit of a data file or a template renders them all. Bodies that came with errors, or with a
link compared with the pages' titles (a link to no page, or one that may name a page), are
never stored (their "did you mean" hints depend on everything else).

Entries live in memory and, for the command line, one self-verifying file per page in
.cache/build/bodies/ (sitegen/cachefile.py: a corrupt or foreign entry is a miss; a build
removes entries it did not use).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

from ..cachefile import read_entry, remove_entry, write_entry
from ..diagnostics import Diagnostic, Diagnostics
from ..fingerprint import value_digest
from ..load.model import Page
from ..render.markup import RenderedBody


@dataclass(frozen=True)
class _Entry:
    body: RenderedBody
    reported: tuple[Diagnostic, ...]


class BodyCache:
    def __init__(self, directory: Path | None = None, remember: bool = True):
        self.directory = directory
        # False: a build that keeps nothing (`build.py --no-cache`).
        self.remember = remember
        self._entries: dict[str, _Entry] = {}
        self._keys: dict[str, tuple[Page, str, str]] = {}   # source → (page, world, key): each text hashed once
        self._used: set[str] = set()
        self._unsaved: set[str] = set()
        self._on_disk: set[str] | None = None            # keys with a file in `directory`
        self._rendered = 0
        self.stats = {"rendered": 0, "reused": 0}          # of the last build

    def cached(self, page: Page, world: str, diags: Diagnostics) -> RenderedBody | None:
        """The page's body if the cache has it for this page in this world (its reports again), else None."""
        if not self.remember:
            return None
        key = self._key(page, world)
        self._used.add(key)
        entry = self._entries.get(key) or self._load(key)
        if entry is None:
            return None
        self._entries[key] = entry
        diags.extend(entry.reported)
        return entry.body

    def store(self, page: Page, world: str, body: RenderedBody, reported: tuple[Diagnostic, ...]) -> RenderedBody:
        """Keep a body just rendered (unless it came with errors); returns the body."""
        self._rendered += 1
        if not self.remember:
            return body
        key = self._key(page, world)
        self._used.add(key)
        if not body.read_titles and not any(d.level == "error" for d in reported):
            self._entries[key] = _Entry(body, reported)
            self._unsaved.add(key)
        return body

    def save(self) -> None:
        """Write new entries to disk and forget entries the last build did not use."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        if self.directory is not None:
            if self._on_disk is None:         # listed once; the dev server saves after every edit
                self._on_disk = {p.stem for p in self.directory.glob("*.entry")} if self.directory.is_dir() else set()
            for key in sorted(self._unsaved & self._used):
                entry = self._entries[key]
                data = pickle.dumps((entry.body, entry.reported), pickle.HIGHEST_PROTOCOL)
                if write_entry(self.directory / f"{key}.entry", key, data):
                    self._on_disk.add(key)
            for key in sorted(self._on_disk - self._used):
                remove_entry(self.directory / f"{key}.entry")
            self._on_disk &= self._used
        self.stats = {"rendered": self._rendered, "reused": len(self._used) - self._rendered if self.remember else 0}
        self._used, self._unsaved, self._rendered = set(), set(), 0

    def _key(self, page: Page, world: str) -> str:
        known = self._keys.get(page.source)
        if known is not None and known[0] is page and known[1] == world:
            return known[2]
        key = value_digest(world, page)       # the whole page (text, front matter, path, lines), in this world
        self._keys[page.source] = (page, world, key)
        return key

    def _load(self, key: str) -> _Entry | None:
        if self.directory is None:
            return None
        data = read_entry(self.directory / f"{key}.entry", key)
        if data is None:
            return None
        try:
            body, reported = pickle.loads(data)
        except Exception:
            return None
        if not isinstance(body, RenderedBody):
            return None
        return _Entry(body, tuple(reported))
