"""A build on several processes gives the same bytes and the same diagnostics as one on one."""

from __future__ import annotations

import os
import subprocess
import sys
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


def test_an_exception_the_main_process_cannot_rebuild_fails_the_map_instead_of_hanging(tmp_path: Path) -> None:
    """Python's pool waits for ever on a worker's exception it cannot unpickle; parallel_map must not."""
    script = tmp_path / "odd.py"
    script.write_text(
        "from sitegen import parallel\n"
        "class Odd(Exception):\n"
        "    def __init__(self, a, b):\n"
        "        super().__init__(a)\n"
        "def job(n):\n"
        "    if n == 7:\n"
        "        raise Odd('odd chart definition', 2)\n"
        "    return n\n"
        "parallel.parallel_map(job, list(range(100)), workers=2)\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parent.parent,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert run.returncode != 0
    assert "Odd: odd chart definition" in run.stderr
