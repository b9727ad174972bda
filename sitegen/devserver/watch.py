"""File watching for the dev server: the one module that uses watchfiles.

Two watchers feed one queue: the input folders and the engine's code recursively, and the
project folder itself without recursion, for site.toml (watching a single file loses track
of it when an editor saves by replacing it). Watching the whole project recursively would
also watch site/, .cache/, .git/ and the virtualenv.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles

from ..fingerprint import INPUT_DIRS, INPUT_FILES

# Milliseconds without further changes before a batch is reported. An editor's save (write,
# rename, touch) lands within a millisecond or two; every millisecond here is reload latency.
# A save split over two batches costs a second rebuild, never a wrong page.
STEP_MS = 5


@dataclass
class Changes:
    project: set[str] = field(default_factory=set)     # posix paths relative to the project root
    code: set[Path] = field(default_factory=set)       # the engine's own files (sitegen/)


def watched_folders(root: Path) -> list[Path]:
    return [root / name for name in INPUT_DIRS if (root / name).is_dir()]


class Watcher:
    """Batches of changes under `root` (and `engine`, the generator's code) from `start()` until `stop`."""

    def __init__(self, root: Path, engine: Path | None, stop: threading.Event):
        self.root = root.resolve()
        self.engine = engine.resolve() if engine else None
        self.stop = stop
        self._batches: queue.Queue[set[tuple[watchfiles.Change, str]]] = queue.Queue()
        self._threads: list[threading.Thread] = []

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
        # yield_on_timeout: the first (empty) batch tells us the watcher is set up.
        for batch in watchfiles.watch(*paths, recursive=recursive, step=STEP_MS, stop_event=self.stop,
                                      rust_timeout=100, yield_on_timeout=True, raise_interrupt=False):
            ready.set()
            if batch:
                self._batches.put(batch)

    def __iter__(self) -> Iterator[Changes]:
        """Each batch of changes; an empty `Changes` after every quiet 0.2 s (time for housekeeping)."""
        root = str(self.root)
        engine = str(self.engine) if self.engine else None
        while not self.stop.is_set():
            try:
                batch = set(self._batches.get(timeout=0.2))
            except queue.Empty:
                yield Changes()
                continue
            while not self._batches.empty():        # saves that came in during the last build: one rebuild
                batch |= self._batches.get_nowait()
            changes = Changes()
            for _change, raw in batch:
                path = str(Path(raw).resolve())
                if engine and path.startswith(engine + "/"):
                    changes.code.add(Path(path))
                elif path.startswith(root + "/"):
                    rel = path[len(root) + 1:]
                    if rel.split("/", 1)[0] in INPUT_DIRS or rel in INPUT_FILES:
                        changes.project.add(rel)
            if changes.project or changes.code:
                yield changes

    def join(self) -> None:
        for thread in self._threads:
            thread.join(timeout=2)
