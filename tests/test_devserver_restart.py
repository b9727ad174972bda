"""Editing the generator's own code (a chart definition, say) while `serve` runs.

Runs the real command on a copy of the engine, so the test may edit its code: a syntax
error is shown in the overlay and the server keeps running; a good change restarts the
process on the same socket, and open pages reload.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .conftest import REPO
from .devserver_client import EventStream, get


def test_code_change_is_checked_then_restarts_the_server(make_project, tmp_path: Path) -> None:
    root = make_project()
    engine = tmp_path / "engine"
    shutil.copytree(REPO / "sitegen", engine / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "build.py", engine / "build.py")
    server = subprocess.Popen([sys.executable, str(engine / "build.py"), "--root", str(root), "--no-cache",
                               "serve", "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        match = re.search(r"serving (http://[\d.]+:\d+)(/\S*)", server.stderr.readline())
        assert match, "the server prints its address first"
        origin, base = match.groups()
        assert "first build: rebuilt in" in server.stderr.readline()
        page = get(origin, base + "en/deal/")
        stream = EventStream.for_page(origin, page.body)
        charts = engine / "sitegen" / "charts" / "__init__.py"
        good = charts.read_text(encoding="utf-8")

        charts.write_text(good + "\ndef broken(:\n", encoding="utf-8")
        event, data, _ = stream.next_event()
        assert event == "failed"
        assert any(line.startswith("sitegen/charts/__init__.py:") and "error: Python: " in line
                   for line in data["lines"])
        assert server.poll() is None, "a syntax error does not stop the server"

        charts.write_text(good + "\n# a harmless change\n", encoding="utf-8")
        deadline = time.monotonic() + 60
        while True:                     # the old process goes away: the stream ends or says reload
            try:
                if stream.next_event()[0] == "reload":
                    break
            except (ConnectionError, OSError):
                break
            assert time.monotonic() < deadline
        stream.close()
        while "first build: rebuilt in" not in server.stderr.readline():
            assert time.monotonic() < deadline, "the restarted server builds again"
        assert get(origin, base + "en/deal/").status == 200, "the same address serves after the restart"
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)
