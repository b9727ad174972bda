"""One function over many items on every core, in forked worker processes, results in order.

A large build's per-page steps (Markdown, templates, output checks) and its chart drawings
are independent item by item, and CPU-bound Python: threads would not help, processes do.
The workers are forked when a step starts, so they already hold everything the step reads
(the site, the templates, the bodies) and nothing is pickled on the way in but chunk
bounds; only results come back (bodies, bytes, diagnostics). Results are returned in the
order of the items, so a parallel build writes the same bytes as a serial one
(tests/test_parallel.py).

Some items may need slow work done first (the Markdown of a page that places a chart needs
the chart drawn): a `Prelude`. On the pool it is one more job, taken by one worker while the
others start on the items that do not need it; its result comes back here and travels with
the items that do. At 2,002 pages (80 place a chart, 22 drawings) the clean build took 0.83×
as long as with the charts drawn first on every worker, and the charts 5.1 instead of 7.0 s
of CPU (`bench/ab.py --pairs 1000 --runs 5`, `bench/steps.py`; docs/benchmarks.md). To
remove it, run the prelude first on every path, as the serial one does: no caller changes.

Small jobs (fewer than `min_items`) and `workers=1` run here, in this process: a pool costs
~50 ms to start, more than a small site's whole step. The dev server builds with
`workers=1`: it has threads of its own, and forking a process with threads is unsafe.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
P = TypeVar("P")

MIN_ITEMS = 50              # fewer pages: run serially
CHUNKS_PER_WORKER = 16      # several chunks each, so one slow chunk does not leave a core idle


@dataclass(frozen=True)
class Prelude(Generic[P]):
    """Work that the items `needs` picks must wait for; the rest need not.

    `run(workers)` does the work on up to `workers` processes of its own (on the pool it is
    given 1: it is one job there) and returns a picklable result; `adopt(result)` takes it
    in, here and on each worker before that worker runs an item that needs it.
    """

    run: Callable[[int], P]
    adopt: Callable[[P], None]
    needs: Callable[[Any], bool]


@dataclass
class _Job:
    """What the processes forked for one map inherit (they run _run_chunk / _run_prelude)."""

    function: Callable
    items: Sequence
    prelude: Prelude | None
    adopted: bool = False       # in a worker: the prelude's result has been taken in


_job: _Job | None = None


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:           # not on Linux
        return os.cpu_count() or 1


def parallel_map(function: Callable[[T], R], items: Sequence[T], workers: int = 1,
                 min_items: int | None = None, prelude: Prelude | None = None) -> list[R]:
    """[function(item) for item in items], on up to `workers` forked processes when there
    are at least `min_items` items (default MIN_ITEMS: a chart drawing is worth a process; a
    page is not); with a `prelude`, the items it `needs` run after it, the others meanwhile."""
    min_items = MIN_ITEMS if min_items is None else min_items     # read now: tests lower it
    if workers <= 1 or len(items) < max(2, min_items) or "fork" not in multiprocessing.get_all_start_methods():
        if prelude is not None:
            prelude.adopt(prelude.run(workers))
        return [function(item) for item in items]
    needs = [prelude is not None and prelude.needs(item) for item in items]
    waiting = [i for i, wait in enumerate(needs) if wait]
    free = [i for i, wait in enumerate(needs) if not wait]
    results: list = [None] * len(items)
    with _forking(_Job(function, items, prelude)), multiprocessing.get_context("fork").Pool(workers) as pool:
        before = pool.apply_async(_run_prelude) if prelude else None    # first in the queue: one worker takes it
        chunks = _chunks(free, workers * CHUNKS_PER_WORKER)
        done = pool.map_async(_run_chunk, [(chunk, False, None) for chunk in chunks], chunksize=1)
        if before is not None:
            outcome = before.get()
            prelude.adopt(outcome)
            after = _chunks(waiting, workers)          # one each: every chunk carries the outcome
            for chunk, chunk_results in zip(after, pool.map(_run_chunk, [(chunk, True, outcome) for chunk in after],
                                                            chunksize=1), strict=True):
                _place(results, chunk, chunk_results)
        for chunk, chunk_results in zip(chunks, done.get(), strict=True):
            _place(results, chunk, chunk_results)
    return results


def _chunks(indices: Sequence[int], count: int) -> list[tuple[int, ...]]:
    """`indices` in at most `count` runs of equal size."""
    size = -(-len(indices) // count) or 1
    return [tuple(indices[start:start + size]) for start in range(0, len(indices), size)]


def _place(results: list, indices: tuple[int, ...], chunk_results: list) -> None:
    for index, result in zip(indices, chunk_results, strict=True):
        results[index] = result


@contextlib.contextmanager
def _forking(job: _Job) -> Iterator[None]:
    """The job that processes forked inside this block inherit."""
    global _job
    _job = job
    try:
        yield
    finally:
        _job = None


def _run_prelude() -> Any:
    return _job.prelude.run(1)


def _run_chunk(chunk: tuple[tuple[int, ...], bool, Any]) -> list:
    indices, after_prelude, outcome = chunk
    if after_prelude and not _job.adopted:
        _job.prelude.adopt(outcome)
        _job.adopted = True
    return [_job.function(_job.items[i]) for i in indices]
