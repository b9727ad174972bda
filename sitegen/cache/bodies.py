"""Rendered Markdown bodies, reused while neither the page nor anything it reads changed.

A page's body is a pure function of what the page says (its source text, language, URL,
the engine version) and of what it reads while rendering: the facts and sources its
shortcodes name, the pages its links point to, and, for block shortcodes (glossary,
timeline, sources, charts), the data and templates those render from. An entry is
stored under a hash of the first part and remembers a token for each item of the
second; it is reused only if every token still matches. Bodies that came with errors
are never stored (their "did you mean" hints depend on everything else).

Entries live in memory and, for the command line, one pickle per page in
.cache/build/bodies/ (written atomically; a build removes entries it did not use).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Diagnostics
from ..load.model import Page, SiteData
from ..output.write import write_file_atomic
from ..render.markup import PageResolver, RenderedBody
from ..render.shortcodes import BLOCKS, shortcode_uses
from .fingerprint import engine_version

Dependencies = dict[tuple[str, str], object]      # (kind, name) → token when rendered
# (page, link resolver, diagnostics) → the page's body; the resolver records links
BodyRenderer = Callable[[Page, PageResolver, Diagnostics], RenderedBody]


@dataclass(frozen=True)
class Lookups:
    """What bodies may read besides their own page, for checking cached entries."""

    data: SiteData
    resolve: PageResolver
    blocks: str        # digest of what block shortcodes render from: data, templates, catalogues
    world: int         # Memo token: equal ⇒ none of the above changed since the last check


@dataclass(frozen=True)
class Rendered:
    """A body just rendered, with what rendering it reported and the page links it resolved."""

    body: RenderedBody
    reported: tuple[Diagnostic, ...]
    links: Dependencies


def render_body(page: Page, lookups: Lookups, render: BodyRenderer, diags: Diagnostics) -> Rendered:
    """Render one page's body, recording the links it resolves (for the cache entry)."""
    links: Dependencies = {}

    def recording(from_page: Page, link: str):
        target = lookups.resolve(from_page, link)
        links[("link", link)] = _link_token(target)
        return target

    start = len(diags.items)
    body = render(page, recording, diags)
    return Rendered(body, tuple(diags.items[start:]), links)


@dataclass
class _Entry:
    dependencies: Dependencies
    body: RenderedBody
    reported: tuple[Diagnostic, ...]
    checked_in: int = -1          # the `world` it was last found valid in


class BodyCache:
    def __init__(self, directory: Path | None = None, remember: bool = True):
        self.directory = directory
        # False: a build that keeps nothing (`build.py --no-cache`); its entries, ~3 KB a page
        # beside the body, would only add to the build's peak memory.
        self.remember = remember
        self._entries: dict[str, _Entry] = {}
        self._keys: dict[str, tuple[Page, str]] = {}      # source → (page, its key), to hash each text once
        self._used: set[str] = set()
        self._unsaved: set[str] = set()
        self._on_disk: set[str] | None = None            # keys with a file in `directory`
        self._rendered = 0
        self.stats = {"rendered": 0, "reused": 0}          # of the last build

    def body(self, page: Page, lookups: Lookups, render: BodyRenderer, diags: Diagnostics) -> RenderedBody:
        """The page's body from the cache if still valid, else rendered (and stored)."""
        body = self.cached(page, lookups, diags)
        if body is None:
            body = self.store(page, lookups, render_body(page, lookups, render, diags))
        return body

    def cached(self, page: Page, lookups: Lookups, diags: Diagnostics) -> RenderedBody | None:
        """The page's body if the cache has it and nothing it read changed (its reports again), else None."""
        if not self.remember:
            return None
        key = self._key(page)
        self._used.add(key)
        entry = self._entries.get(key) or self._load(key)
        if entry is not None and (entry.checked_in == lookups.world or _still_valid(entry, page, lookups)):
            entry.checked_in = lookups.world
            self._entries[key] = entry
            diags.extend(entry.reported)
            return entry.body
        return None

    def store(self, page: Page, lookups: Lookups, rendered: Rendered) -> RenderedBody:
        """Keep a body rendered by `render_body` (unless it came with errors); returns the body."""
        self._rendered += 1
        if not self.remember:
            return rendered.body
        key = self._key(page)
        self._used.add(key)
        if not any(d.level == "error" for d in rendered.reported):
            dependencies = _shortcode_dependencies(page, lookups) | rendered.links
            self._entries[key] = _Entry(dependencies, rendered.body, rendered.reported, lookups.world)
            self._unsaved.add(key)
        return rendered.body

    def save(self) -> None:
        """Write new entries to disk and forget entries the last build did not use."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        if self.directory is not None:
            if self._on_disk is None:         # listed once; the dev server saves after every edit
                self._on_disk = {p.stem for p in self.directory.glob("*.pickle")}
            for key in sorted(self._unsaved & self._used):
                entry = self._entries[key]
                data = pickle.dumps((entry.dependencies, entry.body, entry.reported), pickle.HIGHEST_PROTOCOL)
                write_file_atomic(self.directory / f"{key}.pickle", data)
                self._on_disk.add(key)
            for key in sorted(self._on_disk - self._used):
                (self.directory / f"{key}.pickle").unlink(missing_ok=True)
            self._on_disk &= self._used
        self.stats = {"rendered": self._rendered, "reused": len(self._used) - self._rendered if self.remember else 0}
        self._used, self._unsaved, self._rendered = set(), set(), 0

    def _key(self, page: Page) -> str:
        known = self._keys.get(page.source)
        if known is not None and known[0] is page:
            return known[1]
        parts = [engine_version(), page.source, page.lang, page.key, page.path, str(page.body_line)]
        # The packed text, not the text: the same text packs to the same bytes, and unpacking costs more than hashing.
        key = hashlib.blake2b("\0".join(parts).encode() + b"\0" + page.packed_body, digest_size=20).hexdigest()
        self._keys[page.source] = (page, key)
        return key

    def _load(self, key: str) -> _Entry | None:
        if self.directory is None:
            return None
        try:
            dependencies, body, reported = pickle.loads((self.directory / f"{key}.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError):
            return None        # absent, or written by another engine version: render again
        return _Entry(dependencies, body, reported)


def _shortcode_dependencies(page: Page, lookups: Lookups) -> Dependencies:
    found: Dependencies = {}
    for name, args in shortcode_uses(page):
        if name == "fact" and args:
            found[("fact", args[0])] = _fact_token(lookups.data, args[0])
        elif name == "cite":
            found.update((("source", sid), _source_token(lookups.data, sid)) for sid in args)
        elif name in BLOCKS:
            found[("blocks", "")] = lookups.blocks
    return found


def _still_valid(entry: _Entry, page: Page, lookups: Lookups) -> bool:
    for (kind, name), token in entry.dependencies.items():
        if kind == "fact":
            now = _fact_token(lookups.data, name)
        elif kind == "source":
            now = _source_token(lookups.data, name)
        elif kind == "link":
            now = _link_token(lookups.resolve(page, name))
        elif kind == "blocks":
            now = lookups.blocks
        else:
            return False
        if now != token:
            return False
    return True


def _fact_token(data: SiteData, key: str) -> object:
    fact = data.facts.get(key)
    if fact is not None:      # what {{ fact }} prints: the value, formatted by unit, with its qualifier
        return (fact.value, fact.unit, fact.qualifier)
    return "invalid" if key in data.invalid else None


def _source_token(data: SiteData, sid: str) -> object:
    if sid in data.sources:   # {{ cite }} prints only a number and a link to the list
        return "present"
    return "invalid" if sid in data.invalid else None


def _link_token(target: Page | str | None) -> object:
    if isinstance(target, Page):
        return (target.key, target.path)
    return "unreadable" if isinstance(target, str) else None
