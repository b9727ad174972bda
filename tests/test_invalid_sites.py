"""Each tests/sites/invalid/<case>/ breaks the valid site one way; expected.txt is the exact stderr.

A case folder holds files laid over the valid fixture site, `expected.txt`, and optionally
`args.txt` (extra command-line arguments, e.g. --strict).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.cli import main

from .conftest import SITES, tree_of

CASES = sorted(p.name for p in (SITES / "invalid").iterdir() if p.is_dir())
META_FILES = {"expected.txt", "args.txt"}


def _overlay(case: Path) -> dict[str, bytes]:
    return {p.relative_to(case).as_posix(): p.read_bytes()
            for p in sorted(case.rglob("*")) if p.is_file() and p.name not in META_FILES}


@pytest.mark.parametrize("case", CASES)
def test_invalid_site_reports_located_errors_and_keeps_site(case: str, make_project, capsys) -> None:
    folder = SITES / "invalid" / case
    root = make_project(files=_overlay(folder))
    previous = root / "site"
    (previous / "ja").mkdir(parents=True)
    (previous / "ja" / "index.html").write_text("the previous build\n", encoding="utf-8")
    before = tree_of(previous)

    args = (folder / "args.txt").read_text().split() if (folder / "args.txt").exists() else []
    code = main(["--root", str(root), *args])

    err = capsys.readouterr().err
    assert err == (folder / "expected.txt").read_text(encoding="utf-8")
    assert code == (2 if case.startswith("config-") else 1)
    assert tree_of(previous) == before, "a failed build must leave site/ exactly as it was"
    assert not (root / "site.tmp").exists()
    assert "Traceback" not in err


def test_every_case_has_expected_output() -> None:
    for case in CASES:
        assert (SITES / "invalid" / case / "expected.txt").is_file(), case
