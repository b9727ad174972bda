"""One function over many items on every core, in forked worker processes, results in order.

A large build's per-page steps (Markdown, templates, output checks) and its chart drawings
are independent item by item, and CPU-bound Python: threads would not help, processes do.
The workers are forked when a step starts, so they already hold everything the step reads
(the site, the templates, the bodies) and nothing is pickled on the way in but chunk
bounds; only results come back (bodies, bytes, diagnostics). Results are returned in the
order of the items, so a parallel build writes the same bytes as a serial one
(tests/test_parallel.py).

Small jobs (fewer than `min_items`) and `workers=1` run here, in this process: a pool costs
~50 ms to start, more than a small site's whole step. The dev server builds with
`workers=1`: it has threads of its own, and forking a process with threads is unsafe.

The pool is `concurrent.futures`' rather than `multiprocessing.Pool`: when a worker is killed
(the out-of-memory killer, say), the latter loses its chunk and waits for it for ever, holding
site.lock, while the former fails the map at once (`WorkerLostError`: exit code 3, site/ unchanged).
Where no more processes may be made (a container's pids limit), the work is done here instead.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from .diagnostics import Diagnostic, Diagnostics

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1         # <linux/prctl.h>
MIN_ITEMS = 50              # fewer pages: run serially
CHUNKS_PER_WORKER = 16      # several chunks each, so one slow chunk does not leave a core idle

# The job of the current map, set before the workers are forked (they inherit it).
_function: Callable | None = None
_items: Sequence | None = None


class WorkerLostError(RuntimeError):
    """A worker process stopped before it finished its share: killed by a signal (the system's
    out-of-memory killer, or someone's `kill`), so its results will never come."""

    hint = "build again; if it happens again, look in dmesg for the out-of-memory killer"

    def __init__(self) -> None:
        super().__init__("a worker process of the build was killed before it finished")


def default_workers() -> int:
    """The cores this process may use: those it may run on (taskset, a container's cpuset), and no
    more than its cgroup's CPU quota (docker --cpus 1, a CI runner's or Kubernetes' limit), which
    leaves every core visible: a worker per host core each got a sliver, with its memory."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:           # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, _cpu_quota()))


CGROUPS, OWN_CGROUP = "/sys/fs/cgroup", "/proc/self/cgroup"     # the cgroup file systems, and this process's


def _cpu_quota() -> int | float:
    """The smallest CPU quota from this process's cgroup up to the root, in cores rounded up (1.5 cores:
    two workers do more than one, as Java and .NET count them); inf if none. cgroup v2's cpu.max, or
    v1's cpu.cfs_quota_us (hosts that still mount the cpu controller there, as Docker on older ones)."""
    try:
        with open(OWN_CGROUP, encoding="utf-8") as lines:
            entries = [line.rstrip("\n").split(":", 2) for line in lines]
    except (OSError, UnicodeDecodeError):
        return math.inf
    quotas = [math.inf]
    for _, controllers, own in (entry for entry in entries if len(entry) == 3):
        if controllers and "cpu" not in controllers.split(","):
            continue
        base = Path(CGROUPS, "cpu" if controllers else "")      # v1's cpu controller, or v2's one tree
        folder = Path(base, own.strip().strip("/"))
        for where in [folder, *folder.parents][:len(folder.relative_to(base).parts) + 1]:    # up to base
            with contextlib.suppress(OSError, ValueError, ZeroDivisionError):    # garbage, a period of 0
                if controllers:      # v1: two files, -1 for no limit
                    quota, period = ((where / f"cpu.cfs_{name}_us").read_text(encoding="ascii") for name in
                                     ("quota", "period"))
                else:
                    quota, period = (where / "cpu.max").read_text(encoding="ascii").split()
                quotas.append(math.inf if quota == "max" or int(quota) < 0 else math.ceil(int(quota) / int(period)))
    return min(quotas)


def parallel_map(function: Callable[[T], R], items: Sequence[T], workers: int = 1,
                 min_items: int | None = None) -> list[R]:
    """[function(item) for item in items], on up to `workers` forked processes when there
    are at least `min_items` items (default MIN_ITEMS: a chart drawing is worth a process; a
    page is not)."""
    # Imported where they are used: the command line imports this module for WorkerLostError
    # also when nothing changed (cache/lastbuild.py), and these imports cost ~25 ms there.
    import multiprocessing
    import signal
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    min_items = MIN_ITEMS if min_items is None else min_items     # read now: tests lower it
    if workers <= 1 or len(items) < max(2, min_items) or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    global _function, _items
    _function, _items = function, items
    pool = ProcessPoolExecutor(min(workers, len(bounds)), multiprocessing.get_context("fork"), _start_worker,
                               (os.getpid(),))
    before = set(multiprocessing.active_children())
    try:
        try:
            chunks = pool.map(_run_chunk, bounds)       # forks the workers, in this thread
        except OSError:     # no more processes allowed (a container's pids limit, ulimit -u): done here
            for started in set(multiprocessing.active_children()) - before:    # they would wait for ever
                started.kill()
            return [function(item) for item in items]
        return [result for chunk in chunks for result in chunk]
    except BrokenProcessPool:
        raise WorkerLostError() from None
    except KeyboardInterrupt:
        # Ctrl-C: the chunks not started are dropped and the running ones killed (the workers ignore
        # it; they only compute: a chunk of drawings took 7-11 s to end, past CI's grace before
        # SIGKILL). Another Ctrl-C now would stop the shutdown halfway, and Python's exit would wait
        # for ever on the pool's thread.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)       # CI's cancel (cli.py) stops it the same way
        for started in set(multiprocessing.active_children()) - before:
            started.kill()
        raise
    finally:
        pool.shutdown(cancel_futures=True)      # after a failure, the chunks not started are dropped
        _function, _items = None, None


def map_reporting(function: Callable[[T, Diagnostics], R], items: Sequence[T], diags: Diagnostics,
                  workers: int = 1) -> list[tuple[R, tuple[Diagnostic, ...]]]:
    """parallel_map of `function(item, diags)`, each result with what it reported. That is taken out
    of `diags` (from a worker it has to travel back anyway), for the caller to add in item order,
    whichever process did the item."""
    def one(item: T) -> tuple[R, tuple[Diagnostic, ...]]:
        start = len(diags.items)
        return function(item, diags), diags.take_since(start)

    return parallel_map(one, items, workers)


def _start_worker(parent: int) -> None:
    """A worker whose build is killed stops too, instead of finishing its chunk for nobody
    (and printing a broken pipe's traceback when it reports). Linux only: prctl(2). Ctrl-C
    reaches every process of the terminal's group: only the build answers it (cli.py), the
    workers finish their chunk, instead of printing a traceback each."""
    import ctypes
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)       # so is CI's cancel of a job (its whole group)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:          # killed before prctl took effect
        os.kill(os.getpid(), signal.SIGKILL)


def _run_chunk(bounds: tuple[int, int]) -> list:
    start, stop = bounds
    try:
        return [_function(_items[i]) for i in range(start, stop)]
    except Exception as exc:
        import pickle
        import traceback

        # The pool sends an exception back pickled; one the main process cannot rebuild (an
        # __init__ with other arguments, in a chart definition say) would break the pool, and
        # read as a killed worker. Such a one goes back as text, with its traceback.
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            raise RuntimeError(f"in a worker process:\n{traceback.format_exc()}") from None
        raise
