"""A template the build needs that is not there: an editor deleted or renamed it, or misspelt an
include. The error is at the include (extends, import) that names it, says how to put it back,
and suggests another template only when the name is one typo away from it."""

from __future__ import annotations

import re

import pytest

from sitegen.cli import main

from .conftest import tree_of


def _references(root, name: str) -> list[str]:
    """'templates/x.html:LINE' of the first reference to `name` in each template that makes one."""
    pattern = re.compile(r"""\{%-?\s*(?:include|extends|import|from)\s+["']""" + re.escape(name) + "[\"']")
    found = []
    for path in sorted((root / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if match := pattern.search(text):
            found.append(f"{path.relative_to(root).as_posix()}:{text.count(chr(10), 0, match.start()) + 1}")
    return found


def _build(root, capsys) -> tuple[int, list[str]]:
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous build\n", encoding="utf-8")
    before = tree_of(root / "site")
    code = main(["--root", str(root), "--no-cache"])
    assert tree_of(root / "site") == before
    return code, [line for line in capsys.readouterr().err.splitlines() if "template" in line]


@pytest.mark.parametrize("name", ["_citations.html", "_switch.html"])
def test_a_deleted_partial_is_reported_at_each_include_with_no_unrelated_suggestion(make_project, capsys,
                                                                                    name) -> None:
    """Before: 'templates/article.html: error: template not found: _citations.html (did you mean
    'status.html'?)': no line, and a template that has nothing to do with it ('_switch.html' got
    '_switch_links.html', which is included next to it)."""
    root = make_project(remove=[f"templates/{name}"])
    places = _references(root, name)
    assert places, f"the templates no longer include {name}: choose another"
    code, errors = _build(root, capsys)
    assert code == 1
    assert errors == [f"{place}: error: template not found: {name} (restore templates/{name}, e.g. with git "
                      "restore, or remove this reference)" for place in places]


def test_a_deleted_page_template_says_the_build_needs_it(make_project, capsys) -> None:
    root = make_project(remove=["templates/home.html"])
    code, errors = _build(root, capsys)
    assert code == 1
    assert errors == ["templates/home.html: error: template not found: home.html (the build renders with it: "
                      "restore it, e.g. git restore templates/home.html)"]


def test_a_misspelt_include_is_at_its_line_with_the_template_meant(make_project, capsys) -> None:
    root = make_project()
    search = root / "templates" / "search.html"
    search.write_text(search.read_text(encoding="utf-8").replace('"_switch.html"', '"_swtich.html"'), encoding="utf-8")
    [where] = _references(root, "_swtich.html")
    assert _build(root, capsys) == (1, [f"{where}: error: template not found: _swtich.html "
                                        "(did you mean '_switch.html'?)"])
