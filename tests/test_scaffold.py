"""`python build.py new <slug>`: both files, valid front matter, a page that builds at once."""

from __future__ import annotations

import pytest

from sitegen.cli import main
from sitegen.pipeline import build


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")     # 2025-12-01


def test_new_pair_builds_as_an_up_to_date_translation(make_project, capsys) -> None:
    root = make_project()
    assert main(["--root", str(root), "new", "energy-use", "--title", "Energy use"]) == 0
    out = capsys.readouterr().out
    assert "created content/ja/energy-use.md\ncreated content/en/energy-use.md\n" in out
    assert "http://127.0.0.1:8000/explainer/ja/energy-use/" in out
    ja = (root / "content/ja/energy-use.md").read_text(encoding="utf-8")
    en = (root / "content/en/energy-use.md").read_text(encoding="utf-8")
    assert ja == ('---\ntitle: "Energy use"\ndescription: （ここに説明を書きます）\ndate: 2025-12-01\n---\n\n'
                  "## はじめに {#intro}\n\n（本文）\n")
    assert en.startswith('---\ntitle: "Energy use"\ndescription: (Write a one-sentence description here.)\n'
                         "date: 2025-12-01\nsource_hash: ")
    assert sorted(p.name for p in (root / "content/ja").iterdir() if p.name.startswith(".")) == []
    result = build(root, write=False)
    assert "ja/energy-use/index.html" in result.tree and "en/energy-use/index.html" in result.tree
    assert not [d for d in result.diagnostics.items if "energy-use" in d.location.path]


def test_new_refuses_a_url_another_page_already_has(make_project, capsys) -> None:
    root = make_project(files={"content/en/other.md": "---\ntitle: O\ndescription: D\ndate: 2025-12-01\n"
                                                        "slug: energy-use\n---\nText.\n"})
    assert main(["--root", str(root), "new", "energy-use"]) == 1
    err = capsys.readouterr().err
    assert "content/en/other.md:5: error: this page already has the URL 'energy-use' (choose another slug)" in err
    assert not (root / "content/ja/energy-use.md").exists()


def test_new_refuses_a_bad_slug(make_project, capsys) -> None:
    root = make_project()
    assert main(["--root", str(root), "new", "Energy Use"]) == 1
    assert "'Energy Use' is not a valid slug" in capsys.readouterr().err
