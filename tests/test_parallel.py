"""A build on several processes gives the same bytes and the same diagnostics as one on one."""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitegen import parallel
from sitegen.cli import main
from sitegen.output.sitelock import site_lock
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


def _fake_cgroups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own: str, limits: dict[str, str]) -> None:
    """This process in cgroup `own` (v2), with cpu.max files {cgroup: "quota period"} under a fake /sys/fs/cgroup."""
    (tmp_path / "proc-cgroup").write_text(f"12:cpu,cpuacct:/elsewhere\n0::{own}\n", encoding="utf-8")
    for cgroup, limit in limits.items():
        folder = tmp_path / "cgroups" / cgroup.strip("/")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "cpu.max").write_text(limit + "\n", encoding="ascii")
    monkeypatch.setattr(parallel, "OWN_CGROUP", str(tmp_path / "proc-cgroup"))
    monkeypatch.setattr(parallel, "CGROUPS", str(tmp_path / "cgroups"))


def _many_cores(monkeypatch: pytest.MonkeyPatch) -> int:
    """This process may run on 64 cores, as on a large CI host: on this machine's own few (one on a small
    runner) a quota of 1.5 cores, or none, gives as many workers as no quota, and the check could not fail."""
    cores = set(range(64))
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: cores)
    return len(cores)


# A container limited by a quota sees every core of the host: docker --cpus 0.5 on a 64-core machine
# started 64 workers. The job's own limit, its parent's, a fraction of a core, none ("max"), no file.
QUOTAS = [("/ci/job", {"/ci/job": "50000 100000", "/ci": "max 100000"}, 0.5),
          ("/ci/job", {"/ci/job": "max 100000", "/ci": "100000 100000", "/": "400000 100000"}, 1),
          ("/ci/job", {"/ci/job": "150000 100000"}, 1.5),
          ("/ci/job", {"/ci/job": "max 100000", "/": "max 100000"}, None),
          ("/", {}, None)]


@pytest.mark.parametrize(("own", "limits", "cores"), QUOTAS)
def test_workers_never_exceed_the_cgroups_cpu_quota(own: str, limits: dict[str, str], cores: float | None,
                                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_cgroups(tmp_path, monkeypatch, own, limits)
    usable = _many_cores(monkeypatch)
    assert parallel.default_workers() == (usable if cores is None else min(usable, math.ceil(cores)))


# cgroup v1 (Docker on hosts that mount the cpu controller there): cpu.cfs_quota_us and _period_us under
# /sys/fs/cgroup/cpu/, -1 for none. In a container without its own cgroup namespace /proc/self/cgroup
# names the host's path (/docker/<id>), and the container's own cgroup is mounted at the top.
V1_QUOTAS = [("/docker/abc", {"": ("50000", "100000")}, 0.5),
             ("/job", {"job": ("-1", "100000"), "": ("100000", "100000")}, 1),
             ("/", {"": ("-1", "100000")}, None)]


@pytest.mark.parametrize(("own", "limits", "cores"), V1_QUOTAS)
def test_workers_never_exceed_a_cgroup_v1_cpu_quota(own: str, limits: dict[str, tuple[str, str]], cores: float | None,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "proc-cgroup").write_text(f"5:memory:/elsewhere\n4:cpu,cpuacct:{own}\n0::/\n", encoding="utf-8")
    for cgroup, (quota, period) in limits.items():
        folder = tmp_path / "cgroups" / "cpu" / cgroup
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "cpu.cfs_quota_us").write_text(quota + "\n", encoding="ascii")
        (folder / "cpu.cfs_period_us").write_text(period + "\n", encoding="ascii")
    monkeypatch.setattr(parallel, "OWN_CGROUP", str(tmp_path / "proc-cgroup"))
    monkeypatch.setattr(parallel, "CGROUPS", str(tmp_path / "cgroups"))
    usable = _many_cores(monkeypatch)
    assert parallel.default_workers() == (usable if cores is None else min(usable, math.ceil(cores)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(own=st.text(max_size=30), limit=st.one_of(st.text(max_size=30), st.binary(max_size=30).map(repr),
                                                  st.tuples(st.integers(-5, 10**6), st.integers(-5, 10**6))
                                                  .map(lambda pair: f"{pair[0]} {pair[1]}")))
@example(own="/", limit="100000 0").via("a period of 0: a ZeroDivisionError, found by the strategy")
def test_whatever_the_cgroup_files_say_a_build_has_at_least_one_worker_and_no_more_than_its_cores(
        own: str, limit: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """cgroup files as no kernel writes them (a period of 0, a negative quota, garbage, a path with a NUL
    or '..'): the count is still a number of workers this process may run, never an exception."""
    (tmp_path / "proc-cgroup").write_text(f"0::{own}\n", encoding="utf-8", errors="surrogateescape")
    (tmp_path / "cgroups").mkdir(exist_ok=True)
    (tmp_path / "cgroups" / "cpu.max").write_text(limit, encoding="utf-8", errors="surrogateescape")
    monkeypatch.setattr(parallel, "OWN_CGROUP", str(tmp_path / "proc-cgroup"))
    monkeypatch.setattr(parallel, "CGROUPS", str(tmp_path / "cgroups"))
    assert 1 <= parallel.default_workers() <= len(os.sched_getaffinity(0))


def test_workers_never_exceed_the_cores_the_process_may_run_on(tmp_path: Path) -> None:
    """taskset (or a container's cpuset) leaves one core of the machine: one worker."""
    if shutil.which("taskset") is None:
        pytest.skip("needs taskset")
    core = min(os.sched_getaffinity(0))
    done = subprocess.run(["taskset", "-c", str(core), sys.executable, "-c",
                           "from sitegen.parallel import default_workers; print(default_workers())"],
                          capture_output=True, text=True, timeout=60, cwd=Path(parallel.__file__).parents[1])
    assert (done.returncode, done.stdout) == (0, "1\n"), done.stderr


# A build whose forks fail after the first `allowed`, as at a container's pids limit (docker run
# --pids-limit, Kubernetes) or a user's ulimit -u: EAGAIN from fork(2).
_FORKS_LIMITED = """import errno, os, sys
from sitegen import cli, parallel
allowed, fork = int(sys.argv[1]), os.fork
def limited():
    global allowed
    allowed -= 1
    if allowed < 0:
        raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))
    return fork()
os.fork = limited
parallel.MIN_ITEMS, parallel.default_workers = 1, lambda: 2
sys.exit(cli.main(["--root", sys.argv[2], "--no-cache", "--no-search"]))
"""


@pytest.mark.parametrize("allowed", [0, 1])
def test_a_build_that_may_not_start_its_workers_builds_here(allowed: int, make_project) -> None:
    """No process may be forked: 'error: cannot read or write a file: Resource temporarily unavailable',
    about no file; one may, and the next may not: the same message, then the build never ended (its
    worker waited for work, and Python's exit for the worker). The work is done in this process."""
    root = make_project()
    assert main(["--root", str(root), "--no-cache", "--no-search"]) == 0
    expected = tree_of(root / "site")
    shutil.rmtree(root / "site")
    done = subprocess.run([sys.executable, "-c", _FORKS_LIMITED, str(allowed), str(root)], capture_output=True,
                          text=True, timeout=120, cwd=Path(parallel.__file__).parents[1])
    assert done.returncode == 0, done.stderr
    assert tree_of(root / "site") == expected


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


def _build_where_a_page_does(act: str, root: Path, tmp_path: Path, workers: int) -> subprocess.CompletedProcess:
    """`build.py --no-cache --no-search` of `root` in a process of its own (and a process group of
    its own), on `workers` processes even for a small site, where rendering an English page's
    Markdown first runs `act` (Python, with `os`, `signal` and `here`, the build's own pid)."""
    script = tmp_path / "build_where.py"
    script.write_text(
        "import os, signal, sys\n"
        # A runner started in the background (nohup, `&`) hands its children SIGINT ignored, and
        # Python then never raises KeyboardInterrupt: Ctrl-C in a terminal is what is tested here.
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from sitegen import cli, parallel\n"
        "from sitegen.render import markup\n"
        f"parallel.MIN_ITEMS, parallel.default_workers = 1, lambda: {workers}\n"
        "here, render = os.getpid(), markup.MarkdownRenderer.render\n"
        "def patched(self, page, *args):\n"
        "    if page.lang == 'en':\n"
        f"        {act}\n"
        "    return render(self, page, *args)\n"
        "markup.MarkdownRenderer.render = patched\n"
        f"sys.exit(cli.main(['--root', {str(root)!r}, '--no-cache', '--no-search']))\n", encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                          start_new_session=True,          # its signals never reach the test runner
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})


def test_a_killed_worker_stops_the_build_with_a_message_instead_of_hanging(make_project, tmp_path: Path) -> None:
    """A worker killed mid-chunk (the out-of-memory killer, say): multiprocessing's Pool waited
    for its chunk for ever, holding site.lock. The build must stop: exit 3, one line saying what
    happened, and site/ as the last build left it."""
    root = make_project()
    assert main(["--root", str(root), "--quiet", "--no-search"]) == 0
    before = tree_of(root / "site")
    run = _build_where_a_page_does("os.getpid() != here and os.kill(os.getpid(), signal.SIGKILL)", root, tmp_path, 2)
    assert run.returncode == 3, run.stderr
    assert run.stderr.splitlines() == [f"error: {parallel.WorkerLostError()} ({parallel.WorkerLostError.hint})",
                                       "site/ left unchanged"]
    assert tree_of(root / "site") == before
    with site_lock(root / "site", wait=False):       # SiteBusyError if anything still held it
        pass


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_stops_the_build_with_one_line_and_no_traceback(workers: int, make_project, tmp_path: Path) -> None:
    """Ctrl-C in a terminal sends SIGINT to every process of the build (its workers too), here
    again on every English page: the editor reads what was left as it was, not a traceback from
    each process."""
    root = make_project()
    assert main(["--root", str(root), "--quiet", "--no-search"]) == 0
    before = tree_of(root / "site")
    run = _build_where_a_page_does("os.killpg(0, signal.SIGINT)", root, tmp_path, workers)
    assert (run.returncode, run.stderr) == (130, "interrupted: site/ left unchanged\n")
    assert tree_of(root / "site") == before
    with site_lock(root / "site", wait=False):
        pass


@pytest.mark.parametrize(("workers", "act"), [(1, "os.killpg(0, signal.SIGTERM)"), (2, "os.killpg(0, signal.SIGTERM)"),
                                             (2, "os.kill(here, signal.SIGTERM)")])
def test_sigterm_stops_the_build_as_ctrl_c_does_and_says_so(workers: int, act: str, make_project,
                                                            tmp_path: Path) -> None:
    """CI cancelling a job sends SIGTERM (to the job's process group, or to the build alone: docker
    stop, timeout). The build ended with the signal's code and no word of what it left."""
    root = make_project()
    assert main(["--root", str(root), "--quiet", "--no-search"]) == 0
    before = tree_of(root / "site")
    run = _build_where_a_page_does(act, root, tmp_path, workers)
    assert (run.returncode, run.stderr) == (128 + signal.SIGTERM, "terminated: site/ left unchanged\n")
    assert tree_of(root / "site") == before and not (root / "site.tmp").exists()
    with site_lock(root / "site", wait=False):
        pass


def test_sigterm_does_not_wait_for_the_workers_chunks(make_project, tmp_path: Path) -> None:
    """The workers ignore SIGTERM and Ctrl-C (the build answers them), and the build waited for every
    running chunk to end: a chunk of chart drawings took 7-11 s on the real site, past the grace CI and
    `docker stop` give (SIGKILL after 10 s: no word said). Here a worker's chunk would run 60 s more."""
    root = make_project()
    assert main(["--root", str(root), "--quiet", "--no-search"]) == 0
    before = tree_of(root / "site")
    started = time.monotonic()
    act = "os.getpid() != here and (os.killpg(0, signal.SIGTERM), __import__('time').sleep(60))"   # in a worker
    run = _build_where_a_page_does(act, root, tmp_path, 2)
    took = time.monotonic() - started
    assert (run.returncode, run.stderr) == (128 + signal.SIGTERM, "terminated: site/ left unchanged\n")
    assert took < 30, f"the build ended {took:.0f} s after it began"
    assert tree_of(root / "site") == before and not (root / "site.tmp").exists()
    with site_lock(root / "site", wait=False):
        pass


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")          # a zombie has stopped: only its parent's wait is missing


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_workers_stop_with_a_killed_build_and_do_not_keep_its_lock(tmp_path: Path) -> None:
    """A build killed mid-step: its workers would finish their chunks for nobody (a broken
    pipe's traceback each) and, holding a copy of the lock's descriptor, keep site/ locked."""
    site, pids = tmp_path / "site", tmp_path / "pids"
    pids.mkdir()
    script = tmp_path / "busy.py"
    script.write_text(
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from sitegen import parallel\n"
        "from sitegen.output.sitelock import site_lock\n"
        "def job(n):\n"
        f"    (Path({str(pids)!r}) / str(os.getpid())).touch()\n"
        "    time.sleep(60)\n"
        f"with site_lock(Path({str(site)!r})):\n"
        "    parallel.parallel_map(job, list(range(8)), workers=2, min_items=1)\n", encoding="utf-8")
    build = subprocess.Popen([sys.executable, str(script)], stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    try:
        assert _wait_for(lambda: len(list(pids.iterdir())) == 2, 60), "two workers started"
        workers = [int(p.name) for p in pids.iterdir()]
        build.kill()
        build.wait(timeout=30)
        assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 20), "the workers stopped with the build"
        with site_lock(site, wait=False):        # SiteBusyError if a worker still held it
            pass
        assert "Traceback" not in build.stderr.read()
    finally:
        build.kill()
        for pid in [int(p.name) for p in pids.iterdir()]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
