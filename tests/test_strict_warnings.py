"""Every warning the engine can give fails --strict (CI's build). The warnings are found in the code
(each call of a Diagnostics' `warning`), not listed by hand: a case below must reach each one, so a
new warning without a case here fails this test. Each case breaks the valid fixture one way; the
plain build reports the warning as a warning, the --strict build as an error, with exit 1 and site/
as it was, and so does --strict again through the no-change check and the caches."""

from __future__ import annotations

import ast
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.diagnostics import Diagnostics

from .conftest import REPO, SITES, assemble, tree_of

PAGE = "---\ntitle: T\ndescription: D\ndate: 2025-01-01\n---\nText.\n"


def _write(rel: str, text: str = PAGE) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return write


def _edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        text = (root / rel).read_text(encoding="utf-8")
        assert old in text, (rel, old)
        (root / rel).write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def _po(change: Callable[[str], str]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / "locales" / "ja" / "LC_MESSAGES" / "messages.po"
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return edit


def _fuzzy(text: str) -> str:
    """The first entry after the header marked fuzzy."""
    at = text.index('\nmsgid "', text.index('msgid "') + 1)
    return text[:at] + "\n#, fuzzy" + text[at:]


def _untranslated(text: str) -> str:
    """The first translated entry's msgstr emptied."""
    found = re.search(r'\nmsgid "(.+)"\nmsgstr "(.+)"\n', text)
    assert found
    return text[:found.start(2)] + text[found.end(2):]


def _no_static(root: Path) -> None:
    shutil.rmtree(root / "static")


def _dangling_page(root: Path) -> None:
    (root / "content" / "en" / "gone.md").symlink_to(root / "nowhere.md")


# Each case: what it does to the fixture, and a piece of the warning it must give.
CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "outside the language folders": (_write("content/fr/x.md"), "is outside the language folders"),
    "a page's name in capitals": (_write("content/en/x.MD"), "a page's name must end in '.md'"),
    "not Markdown": (_write("content/en/x.txt", "x"), "not a Markdown file"),
    "not a regular file": (_dangling_page, "where there is no file; ignored"),
    "no translation": (_write("content/en/solo.md"), "no ja translation"),
    "a translation under another key": (_edit("content/en/deal.md", "source_hash:",
                                              "translation_key: other\nsource_hash:"), "has translation key 'other'"),
    "unrecorded translation": ((lambda root: (_write("content/en/pair.md")(root), _write("content/ja/pair.md")(root))),
                               "does not record which version"),
    "untranslated": (_edit("content/en/deal.md", "source_hash: 571a82ca23", "source_hash: untranslated"),
                     "not translated yet"),
    "source_hash without an original": (_write("content/en/orphan.md", PAGE.replace("date:", "source_hash: x\ndate:")),
                                        "the original does not exist"),
    "key numbers for no page": (_write("data/key_numbers.yaml", "pages: [nopage]\nnumbers:\n  - fact: aws_deal_value\n"
                                       "    label: {ja: 契約額, en: value}\n"), "no page has the translation key"),
    "no static folder": (_no_static, "no static folder"),
    "a static file that is not one": (lambda root: (root / "static" / "gone.css").symlink_to(root / "nowhere.css"),
                                      "not published"),
    "static names differing in capitals": (lambda root: (root / "static" / "Favicon.svg").write_bytes(
        (root / "static" / "favicon.svg").read_bytes()), "only in capitals or Unicode form"),
    "a static name no link reaches as written": (_write("static/x?.txt", "x"), "which a link to it must escape"),
    "placeholder title": (_edit("content/en/deal.md", "title: What the deal contains", "title: (Title to be written)"),
                          "still the placeholder"),
    "placeholder text": (_edit("content/en/deal.md", "\nText.\n", "\n(Body text.)\n"), "placeholder text"),
    "a table row too long": (_edit("content/en/deal.md", "| AWS | {{ fact aws_deal_value short }} |",
                                   "| AWS | {{ fact aws_deal_value short }} | x |"), "this table row has 3 cells"),
    "a link to no page": (_edit("content/en/deal.md", "\nText.\n", "\n[x](nowhere.md)\n"),
                          "link to a page that does not exist"),
    "untranslated interface string": (_po(_untranslated), "has no ja translation"),
    "fuzzy interface string": (_po(_fuzzy), "is marked fuzzy"),
    "headings differ": (_edit("content/en/deal.md", "{#others}", "{#elsewhere}"), "headings differ"),
    "a footnote never referred to": (_edit("content/en/deal.md", "\nText.\n", "\nText.\n\n[^x]: A note.\n"),
                                     "is defined but never referred to"),
    "a list under a line of text": (_edit("content/en/deal.md", "\nText.\n", "\nIt has two parts:\n- one\n- two\n"),
                                    "a list right under a line of text"),
    "a date after today": (_edit("content/en/deal.md", "updated: 2026-11-29", "updated: 2926-11-29"), "in the future"),
    "a lang that is no language": (_edit("content/en/deal.md", "Text.", "*AWS*{: lang=jp }"), "not a language code"),
    "a heading skipping a level": (_edit("content/en/deal.md", "### A heading", "#### A heading"),
                                   "so level 3 is skipped"),
    "a list typed with the input method on": (_edit("content/ja/deal.md", "\n脚注の例です。",
                                                    "\n－ 項目一\n－ 項目二\n\n脚注の例です。"),
                                              "a list item typed with the input method on"),
    "an image without alt text": (_edit("content/en/deal.md", "\nText.\n", "\nText.\n\n![](/favicon.svg)\n"),
                                  "an image without alt text"),
    "no such anchor": (_edit("content/en/deal.md", "glossary.md#gpu", "glossary.md#gpx"), "no anchor '#gpx'"),
    "a page with no text": (_write("content/en/blank.md", PAGE.replace("Text.\n", "")), "the page has no text"),
    "a page renamed in one language": (lambda root: (root / "content/ja/deal.md").rename(root / "content/ja/k.md"),
                                       "content/en/deal.md may be it, renamed"),
    "text for no chart": (_write("data/charts.yaml", "nochart:\n  title: {ja: あ, en: a}\n"
                                 "  takeaway: {ja: あ, en: a}\n"), "text for unknown chart"),
}


def _warning_calls() -> set[tuple[str, int]]:
    """Where the engine calls a Diagnostics' `warning` (module, line), from its source."""
    calls = set()
    for path in sorted((REPO / "sitegen").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "warning":
                calls.add((path.relative_to(REPO).as_posix(), node.lineno))
    return calls


def _run(root: Path, capsys: pytest.CaptureFixture, *args: str) -> tuple[int, list[str]]:
    code = main(["--root", str(root), *args])     # with search: only a full build is replayed when nothing changed
    return code, capsys.readouterr().err.splitlines()


def test_every_warning_fails_strict(tmp_path: Path, capsys: pytest.CaptureFixture,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    reached: set[tuple[str, int]] = set()
    warning = Diagnostics.warning

    def recorded(self: Diagnostics, *args, **kwargs) -> None:
        caller = sys._getframe(1)
        reached.add((Path(caller.f_code.co_filename).relative_to(REPO).as_posix(), caller.f_lineno))
        warning(self, *args, **kwargs)

    monkeypatch.setattr(Diagnostics, "warning", recorded)
    # The fixture without its own warning passes --strict: built once, and each case starts from a copy
    # of that project (site/ and .cache/ included), as it started from its own build of the same input.
    clean = assemble(SITES / "valid", tmp_path / "clean")
    (clean / "content" / "ja" / "only-ja.md").unlink()          # the fixture's own warning
    assert _run(clean, capsys, "--strict", "--no-cache") == (0, [])
    for name, (change, said) in CASES.items():
        root = shutil.copytree(clean, tmp_path / name.replace(" ", "-").replace("'", ""), symlinks=True)
        change(root)
        code, lines = _run(root, capsys)
        assert any(": warning: " in line and said in line for line in lines), (name, lines)
        before = tree_of(root / "site")         # as the plain build wrote it, or left it
        for step in ("no change", "an edit", "no cache"):
            if step == "an edit":               # so that the build reads its caches
                _edit("content/en/index.md", "---\n", "---\n\n")(root)
            code, lines = _run(root, capsys, "--strict", *(["--no-cache"] if step == "no cache" else []))
            assert code == 1, (name, step, lines)
            assert any(": error: " in line and said in line for line in lines), (name, step, lines)
            assert not any(": warning: " in line for line in lines), (name, step, lines)
            assert tree_of(root / "site") == before, (name, step)
    assert _warning_calls() <= reached, f"warnings no case reaches: {sorted(_warning_calls() - reached)}"
