"""File watching for the dev server: the one module that uses watchfiles.

Two watchers feed one queue: the input folders and the engine's code recursively, and the
project folder itself without recursion, for site.toml (watching a single file loses track
of it when an editor saves by replacing it) and the input folders themselves: when one comes
or goes (moved away, made again), the first watcher starts again on the folders there are now.
Watching the whole project recursively would also watch site/, .cache/, .git/ and the
virtualenv. A link among the inputs is watched where it leads (a linked file too), and watched
again when it is pointed elsewhere or what it leads to is made anew. `BuildInputs` passes only
files a build reads, so editors' temporary files neither rebuild nor show in the log.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles

from ..charts.registry import CHARTS_DIR, MODULE_SUFFIX
from ..fingerprint import INPUT_DIRS, INPUT_FILES, file_identity, walk
from ..load.content import CONTENT_DIR, PAGE_SUFFIX
from ..load.data import DATA_DIR, DATA_SUFFIXES
from ..load.static import EDITOR_LEFTOVERS
from ..render.l10n import CATALOGUE_SUFFIX, LOCALES_DIR

# Milliseconds without further changes before a batch is reported. An editor's save (write,
# rename, touch) lands within a millisecond or two; every millisecond here is reload latency.
# A save split over two batches costs a second rebuild, never a wrong page.
STEP_MS = 5


# Editors' temporary files (load/static.py) and any hidden file (the build skips those);
# watchfiles' DefaultFilter already knows some of them, and .git, __pycache__…
EDITOR_FILES = (*watchfiles.DefaultFilter.ignore_entity_patterns, r"^\.", *EDITOR_LEFTOVERS)

# What the build reads in the input folders that it does not read whole (but editors' files), by suffix:
# the suffixes their loaders read by.
SUFFIXES_READ = {CONTENT_DIR: (PAGE_SUFFIX,), DATA_DIR: DATA_SUFFIXES, LOCALES_DIR: (CATALOGUE_SUFFIX,),
                 CHARTS_DIR: (MODULE_SUFFIX,)}


class BuildInputs(watchfiles.DefaultFilter):
    """watchfiles' filter for the dev server: only changes to files a build reads (or to the
    generator's own Python code, under `engine`), never editors' temporary files."""

    ignore_entity_patterns = EDITOR_FILES

    def __init__(self, root: Path, engine: Path | None = None):
        super().__init__()
        self.root = str(root) + os.sep
        self.engine = str(engine) + os.sep if engine else None
        # A folder renamed or removed gets one event and its files none, so it must pass; but a
        # deleted path cannot say whether it was a folder: the filter remembers the folders.
        self.folders = {str(Path(top) / name) for folder in watched_folders(root)
                        for top, names, _files in os.walk(folder) for name in names}

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        if self.engine and path.startswith(self.engine):
            return path.endswith(".py")
        if not path.startswith(self.root):
            return False
        rel = path[len(self.root):].replace(os.sep, "/")
        if rel in INPUT_FILES or rel in INPUT_DIRS:        # site.toml, or an input folder came or went
            return True
        folder, _, rest = rel.partition("/")
        if folder not in INPUT_DIRS or not rest or any(part.startswith(".") for part in rest.split("/")):
            return False
        suffixes = SUFFIXES_READ.get(folder)
        return suffixes is None or rest.endswith(suffixes) or self._folder_event(change, path)

    def _folder_event(self, change: watchfiles.Change, path: str) -> bool:
        if change == watchfiles.Change.deleted:
            if path not in self.folders:
                return False
            self.folders = {known for known in self.folders if known != path and not known.startswith(path + os.sep)}
            return True
        if Path(path).is_dir():
            self.folders.add(path)
            return True
        return False


@dataclass
class Changes:
    project: set[str] = field(default_factory=set)     # posix paths relative to the project root
    code: set[Path] = field(default_factory=set)       # the engine's own files (sitegen/)


def watched_folders(root: Path) -> list[Path]:
    return [root / name for name in INPUT_DIRS if (root / name).is_dir()]


def linked_inputs(folders: list[Path]) -> dict[str, tuple[int, int] | None]:
    """Every link under `folders` (to a folder, a file or nothing) and the identity of what it leads to:
    a watch is on that, so a link pointed elsewhere, or what it leads to made anew, needs a new watch."""
    return {path: file_identity(path) for folder in folders for top, _dirs, files in walk(str(folder))
            for path in [top, *(str(Path(top, name)) for name in files)] if Path(path).is_symlink()}


def _may_link(batch: set[tuple[watchfiles.Change, str]]) -> bool:
    """Whether a batch may have made a link the watch does not know yet: one of its paths is a link,
    or a folder (which may hold some). The links known are looked at after every batch anyway.
    Walking the inputs after every edit instead made an edit's reload at 602 pages 40 ms, not 25
    (bench/editor.py --pairs 300 --runs 9, medians)."""
    return any(Path(path).is_symlink() or Path(path).is_dir() for _change, path in batch)


class Watcher:
    """Batches of changes under `root` (and `engine`, the generator's code) from `start()` until `close()`."""

    def __init__(self, root: Path, engine: Path | None):
        self.root = root.resolve()
        self.engine = engine.resolve() if engine else None
        self.stop = threading.Event()
        self._batches: queue.Queue[set[tuple[watchfiles.Change, str]]] = queue.Queue()
        self._threads: list[threading.Thread] = []
        # Stops the inputs' watcher, which then starts again on the input folders there are now (or
        # ends, after `close`): set when an input folder came or went, or a link among them changed.
        self._rewatch = threading.Event()

    def start(self, timeout: float = 10.0) -> None:
        """Start watching; returns once both watchers are in place, so no later edit is missed."""
        folders = watched_folders(self.root) + ([self.engine] if self.engine else [])
        ready = []
        for paths, recursive in ((folders, True), ([self.root], False)):
            event = threading.Event()
            thread = threading.Thread(target=self._run, args=(paths, recursive, event), daemon=True,
                                      name=f"watch-{'inputs' if recursive else 'root'}")
            thread.start()
            self._threads.append(thread)
            ready.append(event)
        for event in ready:
            event.wait(timeout)

    def _run(self, paths: list[Path], recursive: bool, ready: threading.Event) -> None:
        relinked: set[tuple[watchfiles.Change, str]] = set()
        first = True
        while True:
            if recursive:       # the folders there are now (the first time, those `start` found)
                self._rewatch.clear()       # before looking at `stop`, which `close` sets first
                paths = watched_folders(self.root) + ([self.engine] if self.engine else [])
            if self.stop.is_set():
                return
            if not paths:       # every input folder is gone: wait for one to come back
                self.stop.wait(0.1)
                continue
            # Build once more when watching again: for what changed in a folder that came, and for what
            # the stopped watch held unreported ('mv content/ja2 content/ja; mv data x' lost the first move).
            came = {(watchfiles.Change.added, str(path)) for path in ([] if first else paths)
                    if path != self.engine} | relinked
            relinked, first = set(), False
            links = linked_inputs(paths) if recursive else {}
            files = [path for path, found in links.items() if found and not Path(path).is_dir()]   # a watch each
            # yield_on_timeout: the first (empty) batch tells us the watcher is set up.
            for batch in watchfiles.watch(*paths, *files, watch_filter=BuildInputs(self.root, self.engine),
                                          recursive=recursive, step=STEP_MS,
                                          stop_event=self._rewatch if recursive else self.stop,
                                          rust_timeout=100, yield_on_timeout=True, raise_interrupt=False):
                ready.set()
                batch, came = batch | came, set()
                if not recursive and any(Path(path).name in INPUT_DIRS for _change, path in batch):
                    self._rewatch.set()
                if batch:
                    self._batches.put(batch)
                if recursive and links != (now := linked_inputs(paths) if _may_link(batch) else
                                           {path: file_identity(path) for path in links}):
                    # A link pointed elsewhere (an event), or what it leads to made anew: watch again.
                    relinked = {(watchfiles.Change.modified, path) for path in now.keys() | links.keys()
                                if now.get(path) != links.get(path)}
                    self._rewatch.set()
            if not recursive:
                return

    def __iter__(self) -> Iterator[Changes]:
        """Each batch of changes; an empty `Changes` after every quiet 0.2 s (time for housekeeping)."""
        while not self.stop.is_set():
            try:
                batch = set(self._batches.get(timeout=0.2))
            except queue.Empty:
                yield Changes()
                continue
            while not self._batches.empty():        # saves that came in during the last build: one rebuild
                batch |= self._batches.get_nowait()
            changes = Changes()
            for _change, raw in batch:           # BuildInputs let through only the engine's code and inputs
                path = Path(raw)
                if self.engine and path.is_relative_to(self.engine):
                    changes.code.add(path)
                else:
                    changes.project.add(path.relative_to(self.root).as_posix())
            yield changes

    def close(self) -> None:
        self.stop.set()
        self._rewatch.set()
        for thread in self._threads:
            thread.join(timeout=2)
