"""A build on several processes gives the same bytes and the same diagnostics as one on one."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from sitegen import parallel
from sitegen.cli import main
from sitegen.pipeline import build

from .conftest import SITES, tree_of
from .test_invalid_sites import CASES, _overlay


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixture sites are far below MIN_ITEMS pages: fork workers for them anyway, two even on one core."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)


def test_parallel_map_keeps_order_and_uses_other_processes(always_parallel) -> None:
    results = parallel.parallel_map(lambda n: (n * n, os.getpid()), list(range(200)), workers=2)
    assert [square for square, _ in results] == [n * n for n in range(200)]
    assert {pid for _, pid in results} - {os.getpid()}, "the work ran in worker processes"


def test_small_jobs_run_here() -> None:
    assert parallel.parallel_map(lambda n: os.getpid(), [1, 2, 3], workers=2) == [os.getpid()] * 3


def test_parallel_build_is_byte_identical_to_serial(always_parallel, make_project, tmp_path: Path) -> None:
    root = make_project()
    serial = build(root, write=False, search=False, workers=1)
    parallel_ = build(root, write=False, search=False, workers=2)
    assert parallel_.tree == serial.tree
    assert parallel_.diagnostics.lines() == serial.diagnostics.lines()
    build(root, search=False, workers=2)
    assert tree_of(root / "site") == serial.tree


@pytest.mark.parametrize("case", CASES)
def test_parallel_build_reports_exactly_what_a_serial_one_does(case: str, always_parallel, make_project,
                                                              capsys) -> None:
    folder = SITES / "invalid" / case
    root = make_project(files=_overlay(folder))
    args = (folder / "args.txt").read_text().split() if (folder / "args.txt").exists() else []
    main(["--root", str(root), "--no-search", *args])     # the command line uses every core
    assert capsys.readouterr().err == (folder / "expected.txt").read_text(encoding="utf-8")


def test_a_prelude_runs_each_job_once_before_the_items_that_need_it(always_parallel, tmp_path: Path) -> None:
    log = tmp_path / "jobs"
    adopted: list = []

    def job(number: int) -> tuple[int, int]:
        with log.open("a") as taken:
            taken.write(f"{number}\n")
        return number * number, os.getpid()

    jobs = list(range(10))
    prelude = parallel.Prelude(function=job, jobs=jobs, adopt=adopted.append, needs=lambda n: n % 7 == 0)
    results = parallel.parallel_map(lambda n: (n, adopted[-1] if adopted else None, os.getpid()),
                                    list(range(200)), workers=2, prelude=prelude)
    assert [n for n, _, _ in results] == list(range(200))
    assert sorted(int(n) for n in log.read_text().split()) == jobs, "each job once"
    [outcome] = adopted                                   # taken in here once, in the order of the jobs
    assert [square for square, _ in outcome] == [n * n for n in jobs]
    assert {pid for _, pid in outcome} - {os.getpid()}, "the jobs ran on the workers"
    assert all(seen == outcome for n, seen, _ in results if n % 7 == 0)
    assert {pid for _, _, pid in results} - {os.getpid()}, "the items ran on the workers"


def test_an_idle_worker_helps_with_the_prelude(always_parallel) -> None:
    """Job 0 waits until job 1 has run: only another worker can take job 1 meanwhile."""
    one_done = multiprocessing.get_context("fork").Event()

    def job(number: int) -> int:
        if number == 0:
            assert one_done.wait(timeout=60), "no other worker took job 1"
        else:
            one_done.set()
        return os.getpid()

    adopted: list = []
    prelude = parallel.Prelude(function=job, jobs=[0, 1], adopt=adopted.append, needs=lambda n: True)
    parallel.parallel_map(lambda n: n, list(range(60)), workers=2, prelude=prelude)
    [(first, second)] = adopted
    assert first != second


def test_a_serial_map_runs_its_prelude_first_here() -> None:
    events: list = []
    prelude = parallel.Prelude(function=lambda n: (n, os.getpid()), jobs=[1], adopt=events.append,
                               needs=lambda n: True)
    assert parallel.parallel_map(lambda n: (n, len(events)), [1, 2, 3], workers=2, prelude=prelude) == \
        [(1, 1), (2, 1), (3, 1)]
    assert events == [[(1, os.getpid())]]
