"""What editors' tools write is read as what it says: a byte-order mark (Excel's "CSV UTF-8",
Windows editors) and Windows line endings in every kind of input file build the same site as
the plain files. (A BOM made the first CSV column 'missing' and site.toml 'invalid TOML'; a .po
catalogue with either was 'not a line of a .po file', and a template's BOM was in every page.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.diagnostics import BuildError
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


LEFTOVERS = ["static/css/site.css~", "static/css/#site.css#", "static/js/reader.js.bak", "static/4913",
             "static/css/site.css.vsctmp", "content/en/deal.md~", "content/ja/#deal.md#", "content/en/deal.md.tmp",
             "content/en/deal.md___jb_tmp___", "content/ja/sedAl7HEa", "content/en/deal.md.save",
             "data/datasets/~$commitments.csv", "static/css/site.css.save.1"]


def test_editors_leftovers_are_neither_published_nor_warned_about(make_project) -> None:
    """Emacs keeps 'site.css~' beside the file it saved, Vim and others leave backups and
    temporary files: in static/ each was published into site/ (an old draft, for anyone to read),
    and in content/ each was 'not a Markdown file' in every build and in the dev server's log,
    which promises that editors' files never show there. Excel's lock beside a table it has open
    ('~$commitments.csv') was a chart table of its own ('has no description')."""
    root = make_project()
    plain = build(root, write=False, search=False)
    for rel in LEFTOVERS:
        source = root / rel.replace("~", "").replace("#", "").replace(".bak", "").replace(".vsctmp", "") \
            .replace(".tmp", "").replace("___jb_tmp___", "").replace("~$", "").replace(".save", "").rstrip(".1")
        (root / rel).write_bytes(source.read_bytes() if source.is_file() else b"an old draft")
    result = build(root, write=False, search=False)
    assert result.tree == plain.tree
    assert result.diagnostics.lines() == plain.diagnostics.lines()


LOCKED = ["data/facts/deal.yaml", "data/datasets/commitments.csv", "data/sources/main.yaml",
          "locales/ja/LC_MESSAGES/messages.po", "templates/base.html", "templates/blocks/chart.html",
          "content/en/deal.md", "static/css/site.css", "charts/commitments.py"]


def test_emacs_locks_beside_files_with_unsaved_edits_change_nothing(make_project) -> None:
    """While a buffer has unsaved edits, Emacs keeps '.#name', a link to 'user@host.pid', beside the
    file. The build read them as inputs: 'data/datasets/.#commitments.csv: error: chart table has
    no description', 'templates/.#base.html: error: not a regular file' (and, past that check,
    Babel's extraction stopped on the missing file), the same for a chart definition."""
    root = make_project()
    plain = build(root, write=False, search=False)
    for rel in LOCKED:
        assert (root / rel).is_file(), rel
        (root / rel).with_name(".#" + (root / rel).name).symlink_to("editor@host.example.1234:1733550000")
    result = build(root, write=False, search=False)
    assert result.tree == plain.tree
    assert result.diagnostics.lines() == plain.diagnostics.lines()


def test_full_width_digits_typed_by_an_input_method_are_an_error_at_their_place(make_project) -> None:
    """'３００' in a number column, or 'value: ３８e9' in a fact (a Japanese input method left on), was
    read as a number by float() without a word; the table's CSV download kept the full-width digits."""
    root = make_project()
    table, fact = root / "data/datasets/commitments.csv", root / "data/facts/deal.yaml"
    rows = table.read_text(encoding="utf-8").split("\n")
    header = rows[0].split(",")
    cells = rows[1].split(",")
    number = next(index for index, name in enumerate(header) if name == "usd_bn")
    typed = cells[number]
    cells[number] = cells[number].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows[1] = ",".join(cells)
    table.write_text("\n".join(rows), encoding="utf-8")
    facts = fact.read_text(encoding="utf-8")
    fact.write_text(facts.replace("value: 38e9", "value: ３８e9", 1), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(root, write=False, search=False)
    column = len(",".join(cells[:number])) + 2
    line = facts[:facts.index("value: 38e9")].count("\n") + 1
    assert [str(d) for d in caught.value.diagnostics.errors] == [
        f"data/datasets/commitments.csv:2:{column}: error: column 'usd_bn' must be a number in half-width digits, "
        f"such as 38 or 4.5, got '{cells[number]}': write {typed}",       # the column is in billions (scale: 1e9)
        f"data/facts/deal.yaml:{line}: error: 'value' must be a number in half-width digits, such as 38e9 or 4.5, "
        "got '３８e9': write 38e9"]


@pytest.mark.parametrize("where", ["every line", "one line"])
def test_a_page_with_old_mac_line_endings_is_told_so_at_its_line(where: str, make_project) -> None:
    """A page whose lines end in CR alone (old Mac OS) was 'no front matter' at line 1, with a hint
    to add the front matter it has; a stray CR in one line would have been a silent line break."""
    root = make_project()
    path = root / "content/en/deal.md"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    body = lines.index("---", 1) + 1        # a CR joining two lines of a paragraph, in the body
    at = 1 if where == "every line" else next(n for n in range(body + 1, len(lines)) if lines[n - 1] and lines[n])
    assert _errors_with_cr(root, path, lines, at, where) == [
        f"content/en/deal.md:{at}: error: a line ends with a carriage return alone (CR, as old Mac OS "
        "saved text) (save the file with LF line endings (the line-ending setting of your editor))"]


def _errors_with_cr(root: Path, path: Path, lines: list[str], at: int, where: str) -> list[str]:
    """The build's errors once `path` (`lines`) ends every line in CR alone, or line `at` only."""
    path.write_text("\r".join(lines) if where == "every line" else
                    "\n".join([*lines[:at - 1], lines[at - 1] + "\r" + lines[at], *lines[at + 1:]]),
                    encoding="utf-8", newline="")
    with pytest.raises(BuildError) as failed:
        build(root, write=False, search=False)
    return [line for line in failed.value.diagnostics.lines() if ": error: " in line]


@pytest.mark.parametrize("where", ["every line", "one line"])
@pytest.mark.parametrize("rel", ["data/datasets/commitments.csv", "site.toml", "locales/ja/LC_MESSAGES/messages.po"])
def test_a_table_config_or_catalogue_with_old_mac_line_endings_is_told_so_at_its_line(rel: str, where: str,
                                                                                       make_project) -> None:
    """Lines ended in CR alone (Excel for Mac's "CSV (Macintosh)", an old Mac editor): a chart table was
    'not valid CSV (new-line character seen in unquoted field ...) (close the quote, ...)' of a file
    without a quote, site.toml 'invalid TOML: Found invalid character', a catalogue every interface
    string 'not in' it (Babel read one line)."""
    root = make_project()
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    at = 1 if where == "every line" else 2
    assert _errors_with_cr(root, path, lines, at, where) == [
        f"{rel}:{at}: error: a line ends with a carriage return alone (CR, as "
        "old Mac OS saved text) (save the file with LF line endings (the line-ending setting of your editor))"]


@pytest.mark.parametrize("cell", ["38e9x", "38x", "38 bn"])
def test_a_number_cells_example_is_in_the_columns_units_and_the_cell_is_quoted_as_typed(cell: str) -> None:
    """A column in billions (scale: 1e9) gives 38 as its example, one without a scale 38e9; the cell is
    quoted as typed ('38e9x' was quoted '38x' when the example was made by replacing '38e9' in the message,
    and a column without a scale gave '3.8e+10')."""
    from sitegen.load.model import Column
    from sitegen.load.tables import cell_problem

    for scale, example in ((1e9, f"{38e9 / 1e9:g}"), (1.0, "38e9")):
        column = Column("x", "number", False, None, scale, {})
        assert cell_problem(cell, column) == f"must be a number such as {example} or 4.5, got '{cell}'"


@pytest.mark.parametrize(("rel", "codec", "name"), [("content/ja/deal.md", "cp932", "Shift_JIS"),
                                                    ("data/glossary.yaml", "cp932", "Shift_JIS"),
                                                    ("content/ja/deal.md", "euc_jp", "EUC-JP"),
                                                    ("content/en/index.md", "cp1252", "Windows-1252")])
def test_a_file_saved_in_a_windows_or_old_japanese_encoding_is_named_with_its_line_read(
        rel: str, codec: str, name: str, make_project, capsys) -> None:
    """A page saved by Notepad or an older Japanese editor (Shift_JIS, EUC-JP, Windows-1252) was 'not UTF-8:
    byte 0x8c cannot be decoded (save the file as UTF-8)': saving what the editor shows as UTF-8 keeps the
    garbled text. The encoding it is in is named, with its first bad line as it reads there."""
    from sitegen.cli import main

    root = make_project()
    path = root / rel
    text = path.read_text(encoding="utf-8")
    if codec == "cp1252":
        text = text.replace("OpenAI signed", "OpenAI\u2019s caf\u00e9 signed")
    path.write_bytes(text.encode(codec))
    lines = text.split("\n")
    number = next(n for n, line in enumerate(lines, 1) if not line.isascii())
    shown = lines[number - 1].strip()
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    assert main(["--root", str(root), "check"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"{rel}:{number}:"), errors
    assert errors[0].endswith(f"(the line reads as {name}: '{shown}'; reopen the file as {name} in your editor, "
                              "then save it as UTF-8)")
