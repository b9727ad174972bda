"""The command line as editors and CI use it: a real subprocess, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import REPO, tree_of


def run(*args: str, cwd=REPO, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_help_explains_every_option() -> None:
    result = run("--help")
    assert result.returncode == 0
    for word in ("--strict", "--root", "status", "stamp", "new", "check"):
        assert word in result.stdout


def test_broken_page_exits_nonzero_with_location_and_keeps_site(make_project) -> None:
    root = make_project(files={"content/en/deal.md": "---\ntitle: [unclosed\n---\n"})
    (root / "site").mkdir()
    (root / "site" / "keep.txt").write_text("old")
    result = run("--root", str(root))
    assert result.returncode == 1
    assert "content/en/deal.md:2:" in result.stderr and "error: invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_of(root / "site") == {"keep.txt": b"old"}


def test_new_creates_a_pair_that_builds(make_project) -> None:
    root = make_project()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764547200"}   # 2025-12-01
    result = run("--root", str(root), "new", "energy-use", "--title", "Energy: use", env=env)
    assert result.returncode == 0, result.stderr
    ja = (root / "content" / "ja" / "energy-use.md").read_text(encoding="utf-8")
    assert ja.startswith('---\ntitle: "Energy: use"\n') and "date: 2025-12-01" in ja
    assert "source_hash:" in (root / "content" / "en" / "energy-use.md").read_text(encoding="utf-8")
    status = json.loads(run("--root", str(root), "status", "--json").stdout)
    row = next(r for r in status if r["key"] == "energy-use")
    assert row["languages"]["en"]["state"] == "translated"
    assert run("--root", str(root)).returncode == 0
    assert (root / "site" / "en" / "energy-use" / "index.html").exists()
    again = run("--root", str(root), "new", "energy-use")
    assert again.returncode == 1 and "content/ja/energy-use.md: error: already exists" in again.stderr


def test_status_table(make_project) -> None:
    result = run("--root", str(make_project()), "status")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["page", "ja", "en"]
    assert "only-ja   original      missing" in result.stdout
    assert lines[-1] == "1 missing, 4 original, 3 translated"


def test_stamp_refuses_the_original(make_project) -> None:
    root = make_project()
    result = run("--root", str(root), "stamp", str(root / "content" / "ja" / "deal.md"))
    assert result.returncode == 1
    assert "content/ja/deal.md: error: no original to stamp against (stamp the translation, not the original)" \
        in result.stderr


def test_bad_config_exits_2(make_project) -> None:
    root = make_project(files={"site.toml": 'base_url = "not a url"\n'})
    result = run("--root", str(root))
    assert result.returncode == 2
    assert "site.toml:1: error: base_url must be an absolute http(s) URL" in result.stderr
