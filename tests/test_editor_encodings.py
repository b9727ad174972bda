"""What editors' tools write is read as what it says: a byte-order mark (Excel's "CSV UTF-8",
Windows editors) and Windows line endings in every kind of input file build the same site as
the plain files. (A BOM made the first CSV column 'missing' and site.toml 'invalid TOML'; a .po
catalogue with either was 'not a line of a .po file', and a template's BOM was in every page.)"""

from __future__ import annotations

import pytest

from sitegen.pipeline import build

INPUTS = ["site.toml", "data/datasets/commitments.csv", "data/glossary.yaml", "data/facts/deal.yaml",
          "content/en/deal.md", "locales/ja/LC_MESSAGES/messages.po", "templates/base.html", "templates/_meta.html"]


def _with(text: str, how: str) -> str:
    return {"BOM": "\ufeff" + text, "CRLF": text.replace("\n", "\r\n"),
            "BOM and CRLF": "\ufeff" + text.replace("\n", "\r\n")}[how]


@pytest.mark.parametrize("how", ["BOM", "CRLF", "BOM and CRLF"])
def test_a_bom_or_windows_line_endings_change_nothing(how: str, make_project, capsys) -> None:
    root = make_project()
    plain = build(root, write=False, search=False).tree
    for rel in INPUTS:
        path = root / rel
        path.write_bytes(_with(path.read_text(encoding="utf-8"), how).encode("utf-8"))
    capsys.readouterr()
    assert build(root, write=False, search=False).tree == plain
    assert capsys.readouterr() == ("", ""), "nothing said about it (Babel printed a warning for the BOM)"
