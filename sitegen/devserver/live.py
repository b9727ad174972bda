"""The site as the dev server shows it: the last good build, and the latest build's problems.

Builds run one at a time (the watcher's thread calls `rebuild`); request handlers read
the current `Snapshot`, an immutable value, and event streams wait for the next one.
"""

from __future__ import annotations

import gc
import os
import threading
import time
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..cache.buildcache import BuildCache
from ..diagnostics import BuildError, Diagnostics, Location
from ..load.model import Page
from ..pipeline import BuildResult, build


@dataclass(frozen=True)
class Snapshot:
    build: str                          # id of the latest build, good or failed
    good: str | None = None             # id of the build `tree` comes from (None: no good build yet)
    previous_good: str | None = None    # the good build before it, which `changed` compares with
    tree: Mapping[str, bytes] = field(default_factory=dict)
    result: BuildResult | None = None   # the last good build (site, bodies) for the compare pages
    diagnostics: Diagnostics = field(default_factory=Diagnostics)    # of the latest build
    failed: bool = False
    changed: frozenset[str] = frozenset()   # output paths that differ from `previous_good`
    seconds: float = 0.0


class LiveSite:
    def __init__(self, root: Path, strict: bool = False, cache: BuildCache | None = None):
        self.root = root
        self.strict = strict
        self.cache = cache or BuildCache()
        # Build ids differ between server processes, so pages from before a restart reload.
        self._instance = os.urandom(3).hex()
        self._count = 0
        self.snapshot = Snapshot(build=self._next_id())    # replaced, never changed: requests read it
        self._changed = threading.Condition()
        self._closed = False
        self._untidy = 0
        self._seen: dict[str, Page] = {}        # site path → the page there in the last build that had one

    def rebuild(self, changed: Iterable[str] | None = None) -> Snapshot:
        """Build again after `changed` files (posix paths relative to the root; None: unknown)."""
        started = time.perf_counter()
        if changed is not None:
            self.cache.forget(self.root, changed)
        previous = self.snapshot
        try:
            # No search index in preview (every edit would remake it): the search pages say search is unavailable.
            result = build(self.root, strict=self.strict, write=False, cache=self.cache, search=False)
        except BuildError as exc:
            return self._publish(previous, diagnostics=exc.diagnostics, started=started)
        except Exception as exc:                   # a bug in the engine: show it, keep serving
            return self._publish(previous, diagnostics=_internal_error(exc), started=started)
        tree = result.tree
        self._seen.update((page.path, page) for page in result.site.pages)
        differs = {p for p in tree if previous.tree.get(p) is not tree[p] and previous.tree.get(p) != tree[p]}
        differs |= set(previous.tree) - set(tree)
        build_id = self._next_id()
        snapshot = Snapshot(build=build_id, good=build_id, previous_good=previous.good, tree=tree, result=result,
                            diagnostics=result.diagnostics, changed=frozenset(differs),
                            seconds=time.perf_counter() - started)
        return self._set(snapshot)

    def moved(self, file: str) -> str | None:
        """Where the page that was at output `file` in an earlier build is now: its slug changed, or its
        file was renamed or moved (the page of its language with its translation key, or its text)."""
        result, was = self.snapshot.result, self._seen.get(file.removesuffix("index.html"))
        if result is None or was is None:
            return None
        for same in (lambda page: page.source == was.source, lambda page: page.lang == was.lang and page.key == was.key,
                     lambda page: page.lang == was.lang and page.digest == was.digest):
            if found := next((page.path for page in result.site.pages if same(page)), None):
                return found
        return None

    def fail(self, diagnostics: Diagnostics) -> Snapshot:
        """Show problems found outside a build (the engine's own code), over the last good build."""
        return self._publish(self.snapshot, diagnostics=diagnostics, started=time.perf_counter())

    def wait(self, after: str, timeout: float) -> Snapshot | None:
        """The snapshot once its build id differs from `after` (or after `timeout`); None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self.snapshot.build != after, timeout)
            return None if self._closed else self.snapshot

    def tidy(self) -> None:
        """Between edits: collect the last build's garbage, and freeze what is left.

        A large site is a few hundred thousand objects (pages, bodies, memo entries) that
        outlive every build; a full pass of the garbage collector over them stalled an
        edit's rebuild by 0.2 s at 2,000 pages. Frozen objects are left out of those
        passes. Every 20 builds the frozen ones are collected too: a replaced Jinja
        environment, say, is a cycle that would otherwise stay.
        """
        self._untidy += 1
        if self._untidy > 20:
            gc.unfreeze()
            self._untidy = 0
        gc.collect()
        gc.freeze()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def _publish(self, previous: Snapshot, diagnostics: Diagnostics, started: float) -> Snapshot:
        """A failed build: the last good one stays, with these problems over it."""
        return self._set(replace(previous, build=self._next_id(), diagnostics=diagnostics, failed=True,
                                 seconds=time.perf_counter() - started))

    def _set(self, snapshot: Snapshot) -> Snapshot:
        with self._changed:
            self.snapshot = snapshot
            self._changed.notify_all()
        return snapshot

    def _next_id(self) -> str:
        self._count += 1
        return f"{self._instance}-{self._count}"


def _internal_error(exc: Exception) -> Diagnostics:
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    diags = Diagnostics()
    if isinstance(exc, OSError):        # the machine's (too few open files, say), not a bug of the engine
        diags.error(Location(frame.filename, frame.lineno), f"{type(exc).__name__}: {exc}",
                    "a fault of this machine, not of the site: mend it, then restart the server")
        return diags
    diags.error(Location(frame.filename, frame.lineno), f"internal error: {type(exc).__name__}: {exc}",
                "this is a bug in the generator; the terminal has the traceback")
    traceback.print_exception(exc)
    return diags
