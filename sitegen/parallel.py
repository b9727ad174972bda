"""One function over many items on every core, in forked worker processes, results in order.

A large build's per-page steps (Markdown, templates, output checks) are independent page
by page, and CPU-bound Python: threads would not help, processes do. The workers are forked
when a step starts, so they already hold everything the step reads (the site, the
templates, the bodies) and nothing is pickled on the way in but chunk bounds; only results
come back (bodies, bytes, diagnostics). Results are returned in the order of the items,
so a parallel build writes the same bytes as a serial one (tests/test_parallel.py).

Small jobs (fewer than MIN_ITEMS items) and `workers=1` run here, in this process: a pool
costs ~50 ms to start, more than a small site's whole step. The dev server builds with
`workers=1`: it has threads of its own, and forking a process with threads is unsafe.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 50              # fewer items: run serially
CHUNKS_PER_WORKER = 16      # several chunks each, so one slow chunk does not leave a core idle
# Then a worker is replaced by a fresh fork. A worker copies each page of this process's
# memory that it touches (reading an object writes its reference count): ~40 KB per page
# rendered, ~40 MB per worker by the end of a 2,000-page step. A fresh fork shares it again.
CHUNKS_PER_PROCESS = 4

# The job of the current map, set before the workers are forked (they inherit it).
_function: Callable | None = None
_items: Sequence | None = None


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:           # not on Linux
        return os.cpu_count() or 1


def parallel_map(function: Callable[[T], R], items: Sequence[T], workers: int = 1) -> list[R]:
    """[function(item) for item in items], on up to `workers` forked processes when worth it."""
    if workers <= 1 or len(items) < MIN_ITEMS or not _can_fork():
        return [function(item) for item in items]
    return _pool_map(function, items, workers)


class InChildProcess:
    """[function(item) for item in items] in forked processes (one, unless told more), while
    this one goes on: what they import and allocate (Altair and its schema) goes when they
    end. `ready()` says whether they have finished; `results()` waits for them and gives
    the results in the order of the items. Plain processes and pipes, no Pool: a Pool's
    three threads would leave their stacks and malloc arenas here (~6 MB)."""

    def __init__(self, function: Callable[[T], R], items: Sequence[T], processes: int = 1):
        self._children: list[tuple[multiprocessing.process.BaseProcess, Connection, range]] = []
        self._results: list = [None] * len(items)
        if not items or not _can_fork():
            self._results = [function(item) for item in items]
            return
        count = max(1, min(processes, len(items)))
        context = multiprocessing.get_context("fork")
        with _job(function, items):
            for first in range(count):
                part = range(first, len(items), count)
                receiver, sender = context.Pipe(duplex=False)
                child = context.Process(target=_run_part, args=(part, sender), daemon=True)
                child.start()
                sender.close()
                self._children.append((child, receiver, part))

    def ready(self) -> bool:
        # True once every child has started to send its results (it then waits for results()).
        return all(receiver.poll() for _, receiver, _ in self._children)

    def results(self) -> list:
        children, self._children = self._children, []
        try:
            for _, receiver, part in children:
                failed, values = receiver.recv()
                if failed:
                    raise values
                for i, value in zip(part, values, strict=True):
                    self._results[i] = value
        finally:
            for child, receiver, _ in children:
                receiver.close()
                child.join(timeout=5)
                if child.is_alive():
                    child.kill()
        return self._results


def _run_part(part: range, sender: Connection) -> None:
    try:
        message = (False, [_function(_items[i]) for i in part])
    except Exception as error:      # raised again by results(), in the build's process
        message = (True, error)
    sender.send(message)
    sender.close()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _pool_map(function: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    # multiprocessing.Pool forks its first workers before it starts its own threads (and
    # the next ones from one of them, as Pool always does with maxtasksperchild).
    fork_pool = multiprocessing.get_context("fork").Pool
    with _job(function, items), fork_pool(workers, maxtasksperchild=CHUNKS_PER_PROCESS) as pool:
        return [result for chunk in pool.map(_run_chunk, bounds, chunksize=1) for result in chunk]


@contextlib.contextmanager
def _job(function: Callable, items: Sequence) -> Iterator[None]:
    """The job that processes forked inside this block inherit (they run _run_chunk)."""
    global _function, _items
    _function, _items = function, items
    # Objects that exist before the fork are never freed in the workers: keep the collector
    # from touching them, so their memory stays shared instead of being copied page by page.
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        _function, _items = None, None


def _run_chunk(bounds: tuple[int, int]) -> list:
    start, stop = bounds
    return [_function(_items[i]) for i in range(start, stop)]
