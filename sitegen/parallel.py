"""One function over many items on every core, in forked worker processes, results in order.

A large build's per-page steps (Markdown, templates, output checks) and its chart drawings
are independent item by item, and CPU-bound Python: threads would not help, processes do.
The workers are forked when a step starts, so they already hold everything the step reads
(the site, the templates, the bodies) and nothing is pickled on the way in but chunk
bounds; only results come back (bodies, bytes, diagnostics). Results are returned in the
order of the items, so a parallel build writes the same bytes as a serial one
(tests/test_parallel.py).

Some items may need slow jobs done first (the Markdown of a page that places a chart needs
the chart drawn): a `Prelude`. On the pool one worker starts on its jobs while the others
start on the items that do not need them; a worker that runs out of those helps with the
jobs left. The jobs' results come back here and travel with the items that need them. At
2,002 pages (80 place a chart, 22 drawings) against the charts drawn first on every worker:
the clean build 0.99× (0.98–1.02) on a lightly loaded machine, 0.82–0.83× on a loaded one
(the second worker's V8 and Altair start, ~1 s of CPU, is not paid); `bench/ab.py --pairs
1000 --runs 5`, docs/benchmarks.md. To remove it, run the prelude first on every path, as
the serial one does: no caller changes.

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
Q = TypeVar("Q")

MIN_ITEMS = 50              # fewer pages: run serially
CHUNKS_PER_WORKER = 16      # several chunks each, so one slow chunk does not leave a core idle


@dataclass(frozen=True)
class Prelude(Generic[P, Q]):
    """Jobs that the items `needs` picks must wait for; the rest need not.

    `function` runs once per job (on any process); `adopt` takes in their results, in the
    order of the jobs, here and on each worker before it runs an item that needs them.
    """

    function: Callable[[P], Q]
    jobs: Sequence[P]
    adopt: Callable[[list[Q]], None]
    needs: Callable[[Any], bool]


@dataclass
class _Job:
    """What the processes forked for one map inherit (they run _run_chunk / _run_prelude)."""

    function: Callable
    items: Sequence
    prelude: Prelude | None
    next_job: Any = None        # a shared counter: the prelude's next job to take
    adopted: bool = False       # in a worker: the prelude's results have been taken in


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
    page is not); with a `prelude`, the items it `needs` run after its jobs, the others meanwhile."""
    min_items = MIN_ITEMS if min_items is None else min_items     # read now: tests lower it
    if workers <= 1 or len(items) < max(2, min_items) or "fork" not in multiprocessing.get_all_start_methods():
        if prelude is not None:
            prelude.adopt(parallel_map(prelude.function, prelude.jobs, workers, min_items=2))
        return [function(item) for item in items]
    needs = [prelude is not None and prelude.needs(item) for item in items]
    waiting = [i for i, wait in enumerate(needs) if wait]
    free = [i for i, wait in enumerate(needs) if not wait]
    results: list = [None] * len(items)
    context = multiprocessing.get_context("fork")
    job = _Job(function, items, prelude, context.Value("i", 0) if prelude else None)
    with _forking(job), context.Pool(workers) as pool:
        # First in the queue, so one worker starts on the prelude; the others help once the
        # items that need none have all been taken (then their share is often nothing).
        taking = [pool.apply_async(_run_prelude)] if prelude else []
        chunks = _chunks(free, workers * CHUNKS_PER_WORKER)
        done = pool.map_async(_run_chunk, [(chunk, False, None) for chunk in chunks], chunksize=1)
        if prelude is not None:
            taking += [pool.apply_async(_run_prelude) for _ in range(workers - 1)]
            outcome: list = [None] * len(prelude.jobs)
            for taken in taking:
                for index, result in taken.get().items():
                    outcome[index] = result
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


def _run_prelude() -> dict[int, Any]:
    """The prelude's jobs no process has taken yet, one at a time, by their index."""
    done = {}
    while True:
        with _job.next_job.get_lock():
            index = _job.next_job.value
            _job.next_job.value += 1
        if index >= len(_job.prelude.jobs):
            return done
        done[index] = _job.prelude.function(_job.prelude.jobs[index])


def _run_chunk(chunk: tuple[tuple[int, ...], bool, Any]) -> list:
    indices, after_prelude, outcome = chunk
    if after_prelude and not _job.adopted:
        _job.prelude.adopt(outcome)
        _job.adopted = True
    return [_job.function(_job.items[i]) for i in indices]
