"""Whole builds of the valid fixture site: golden output, determinism, atomic writes."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.diagnostics import BuildError
from sitegen.pipeline import build

from .conftest import GOLDEN, REPO, SITES, assemble, tree_of

STATIC = REPO / "static"


def _generated(site: Path) -> dict[str, bytes]:
    """Output files the build generates (static/ files are copies and not compared)."""
    static = {p.relative_to(STATIC).as_posix() for p in STATIC.rglob("*") if p.is_file()}
    return {path: data for path, data in tree_of(site).items() if path not in static}


def test_golden_output(make_project, request) -> None:
    root = make_project()
    build(root, search=False)     # the search index is binary; test_search.py covers it
    actual = _generated(root / "site")
    golden = GOLDEN / "valid"
    if request.config.getoption("--update-golden"):
        shutil.rmtree(golden, ignore_errors=True)
        for path, data in actual.items():
            (golden / path).parent.mkdir(parents=True, exist_ok=True)
            (golden / path).write_bytes(data)
        pytest.skip("golden output rewritten")
    expected = tree_of(golden)
    assert sorted(actual) == sorted(expected), "different set of files; run pytest --update-golden if intended"
    for path in sorted(expected):
        if actual[path] != expected[path]:
            diff = difflib.unified_diff(expected[path].decode().splitlines(), actual[path].decode().splitlines(),
                                        f"golden/{path}", f"built/{path}", lineterm="", n=2)
            pytest.fail("output differs from golden (pytest --update-golden if intended):\n" + "\n".join(diff))


def test_two_builds_in_different_folders_are_byte_identical(tmp_path: Path) -> None:
    first = assemble(SITES / "valid", tmp_path / "a")
    second = assemble(SITES / "valid", tmp_path / "elsewhere" / "b")
    build(first)
    build(second)
    assert tree_of(first / "site") == tree_of(second / "site")


def test_rebuild_keeps_unchanged_files_and_cleans_leftovers(make_project) -> None:
    root = make_project()
    build(root)
    page = root / "site" / "ja" / "deal" / "index.html"
    inode = page.stat().st_ino
    (root / "site.tmp").mkdir()            # as if a previous build crashed mid-write
    (root / "site.tmp" / "junk").write_text("x")
    result = build(root)
    assert result.changed == 0
    assert page.stat().st_ino == inode, "unchanged files are linked, not rewritten"
    assert not (root / "site.tmp").exists() and not (root / "site.old").exists()


def test_removed_page_disappears_from_output(make_project) -> None:
    root = make_project()
    build(root)
    (root / "content" / "ja" / "only-ja.md").unlink()
    build(root)
    assert not (root / "site" / "ja" / "only-ja").exists()
    assert not (root / "site" / "en" / "only-ja").exists()


def test_strict_turns_the_missing_translation_warning_into_a_failure(make_project, capsys) -> None:
    root = make_project()
    assert main(["--root", str(root)]) == 0
    out = capsys.readouterr()
    assert "built 8 pages (ja 4, en 4), 1 warning" in out.out
    assert "content/ja/only-ja.md: warning: no en translation" in out.err
    assert main(["--root", str(root), "--strict"]) == 1
    assert "content/ja/only-ja.md: error: no en translation" in capsys.readouterr().err


def test_check_command_writes_nothing(make_project) -> None:
    root = make_project()
    assert main(["--root", str(root), "check"]) == 0
    assert not (root / "site").exists()


def test_build_error_carries_every_problem(make_project) -> None:
    root = make_project(files={
        "content/ja/a.md": "---\ntitle: A\n---\n",
        "content/en/b.md": "no front matter\n",
    })
    with pytest.raises(BuildError) as caught:
        build(root)
    lines = [str(d) for d in caught.value.diagnostics.sorted()]
    assert "content/en/b.md:1:1: error: no front matter" in lines[0]
    assert any(line.startswith("content/ja/a.md:2: error: missing required key 'description'") for line in lines)
    assert any(line.startswith("content/ja/a.md:2: error: missing required key 'date'") for line in lines)


def test_navigation_lists_ordered_pages_and_the_home_page_lists_every_article(make_project) -> None:
    root = make_project()
    glossary = root / "content/en/glossary.md"
    lines = glossary.read_text(encoding="utf-8").splitlines(keepends=True)
    glossary.write_text("".join(line for line in lines if not line.startswith("order:")), encoding="utf-8")
    build(root, search=False)
    deal = (root / "site/en/deal/index.html").read_text(encoding="utf-8")
    nav = deal.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="../"' in nav and 'href="./"' in nav, "home and the ordered pages"
    assert 'href="../glossary/"' not in nav, "a page without order: is not in the navigation"
    home = (root / "site/en/index.html").read_text(encoding="utf-8")
    listing = home.split('class="article-list"', 1)[1].split("</section>", 1)[0]
    assert 'href="glossary/"' in listing and 'href="deal/"' in listing, "the home page lists every article"


def test_a_relative_root_builds_like_an_absolute_one(make_project, monkeypatch) -> None:
    root = make_project()
    expected = build(root, write=False, search=False).tree
    monkeypatch.chdir(root)
    assert build(Path(), write=False, search=False).tree == expected
