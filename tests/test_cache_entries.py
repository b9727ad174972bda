"""Caches that verify themselves (issue 20, item 5) and keys derived from the inputs (issue 16,
item 2): a corrupt, foreign or unwritable cache never changes the output or fails the build,
and a cached build equals `--no-cache` after changes no hand-kept list knows about."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.cache.buildcache import BuildCache
from sitegen.cachefile import pack, read_entry, unpack, write_entry
from sitegen.cli import main
from sitegen.devserver import DevServer
from sitegen.pipeline import build

from .conftest import REPO, tree_of


def _flip_bit(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def test_an_entry_is_read_only_for_its_key_and_intact() -> None:
    blob = pack("k1", b"payload")
    assert unpack(blob, "k1") == b"payload"
    assert unpack(blob, "k2") is None, "made for another key"
    for at in range(len(blob)):                         # every single flipped bit anywhere is a miss
        damaged = bytearray(blob)
        damaged[at] ^= 0x10
        assert unpack(bytes(damaged), "k1") is None, at
    assert unpack(blob[:-1], "k1") is None and unpack(b"", "k1") is None and unpack(b"\x80\x04junk", "k1") is None


def _bodies(root: Path) -> list[Path]:
    return sorted((root / ".cache" / "build" / "bodies").glob("*.entry"))


@pytest.mark.parametrize("damage", ["flipped bit", "bad pickle", "another page's entry", "not a file"])
def test_a_damaged_body_cache_is_a_miss(damage: str, make_project) -> None:
    root = make_project()
    clean = build(root, write=False, search=False, cache=BuildCache.from_scratch()).tree
    build(root, write=False, search=False, cache=BuildCache.on_disk(root))
    entries = _bodies(root)
    assert len(entries) > 2
    for number, entry in enumerate(entries):
        if damage == "flipped bit":
            _flip_bit(entry, len(entry.read_bytes()) - 1 - number)
        elif damage == "bad pickle":         # a valid entry for its key whose contents do not unpickle
            write_entry(entry, entry.stem, b"\x80\x05\x95\xff\xff\xff\xff\xff\xff\xff\x7f")
        elif damage == "another page's entry":
            shutil.copyfile(entries[(number + 1) % len(entries)], entry)
        else:
            entry.unlink()
            entry.mkdir()
    again = build(root, write=False, search=False, cache=BuildCache.on_disk(root))
    assert again.tree == clean


def _one_chart_site(dest: Path) -> Path:
    """The charts fixture with one chart on each home page (two drawings)."""
    from .charts.conftest import assemble

    page = "---\ntitle: T\ndescription: D\ndate: 2025-12-08\n{extra}---\n{{{{ chart commitments }}}}\n"
    return assemble(dest, {"content/ja/index.md": page.format(extra=""),
                           "content/en/index.md": page.format(extra="source_hash: PLACEHOLDER\n")},
                    ("content/ja/charts.md", "content/en/charts.md"))


def test_an_edited_chart_drawing_is_drawn_again(tmp_path: Path) -> None:
    root = _one_chart_site(tmp_path / "p")
    first = build(root, write=False, search=False)
    drawing = root / ".cache" / "charts" / "commitments.ja.json"
    drawing.write_bytes(drawing.read_bytes().replace(b"<svg", b"<svg data-edited=\"yes\"", 1))
    again = build(root, write=False, search=False)
    assert again.charts_rendered == 1 and again.tree == first.tree


@pytest.mark.parametrize("forged", ["not an SVG", "no wide drawing", "an SVG without a size"])
def test_a_forged_chart_entry_with_a_valid_checksum_is_drawn_again(forged: str, tmp_path: Path) -> None:
    """An entry for the right key whose checksum was made to match (by hand, or by another
    program): its contents are checked too, and a bad one is a miss, not a traceback."""
    root = _one_chart_site(tmp_path / "p")
    first = build(root, write=False, search=False)
    drawing = root / ".cache" / "charts" / "commitments.ja.json"
    key = drawing.read_bytes().split(b"\n")[1].decode()
    outputs = json.loads(read_entry(drawing, key))
    if forged == "not an SVG":
        outputs["wide"] = "garbage"
    elif forged == "no wide drawing":
        del outputs["wide"]
    else:
        outputs["narrow"] = re.sub(r'\s(width|height)="[^"]*"', "", outputs["narrow"])
    write_entry(drawing, key, json.dumps(outputs).encode())
    again = build(root, write=False, search=False)
    assert again.charts_rendered == 1 and again.tree == first.tree


def test_an_unwritable_cache_is_a_warning_not_a_failure(make_project, capsys) -> None:
    root = make_project()
    (root / ".cache").write_text("a file where the cache folder should be")
    assert main(["--root", str(root), "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "warning: cannot write the cache" in err
    assert tree_of(root / "site")


def test_a_corrupt_no_change_record_runs_the_build(make_project, capsys) -> None:
    root = make_project()
    assert main(["--root", str(root)]) == 0
    record = root / ".cache" / "build" / "last-build.entry"
    assert read_entry(record, record.read_bytes().split(b"\n")[1].decode()) is not None
    _flip_bit(record, len(record.read_bytes()) - 3)
    capsys.readouterr()
    assert main(["--root", str(root)]) == 0
    assert "(unchanged)" not in capsys.readouterr().out, "built again, not replayed"


# Derived keys: each change below is one that no list in the engine names.

def _engine_copy(tmp_path: Path) -> Path:
    engine = tmp_path / "engine"
    shutil.copytree(REPO / "sitegen", engine / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    return engine


def _build_with(engine: Path, root: Path, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(engine)}
    code = "import sys; from sitegen.cli import main; sys.exit(main(sys.argv[1:]))"
    subprocess.run([sys.executable, "-c", code, "--root", str(root), "--no-search", "--quiet", *args],
                   env=env, check=True, timeout=600, cwd=root)


def _cached_equals_clean(engine: Path, root: Path, change) -> None:
    _build_with(engine, root)                          # fills .cache/
    change()
    clean = root.parent / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("site", ".cache"))
    _build_with(engine, root)
    _build_with(engine, clean, "--no-cache")
    assert tree_of(root / "site") == tree_of(clean / "site")


def _chart_with_a_helper(dest: Path) -> Path:
    """The one-chart site whose definition (in the site's charts/) imports a new helper module."""
    root = _one_chart_site(dest)
    (root / "charts" / "naming.py").write_text('SUFFIX = " (A)"\n')
    module = root / "charts" / "commitments.py"
    module.write_text(module.read_text().replace(
        "    return ranked_bars(rows, labels,",
        "    from .naming import SUFFIX\n\n    rows = [dict(r, partner=r['partner'] + SUFFIX) for r in rows]\n"
        "    return ranked_bars(rows, labels,"))
    return root


def test_a_helper_module_of_a_chart_definition(tmp_path: Path) -> None:
    root = _chart_with_a_helper(tmp_path / "p" / "project")
    _cached_equals_clean(REPO, root, lambda: (root / "charts" / "naming.py").write_text('SUFFIX = " (B)"\n'))
    assert "(B)" in (root / "site" / "ja" / "index.html").read_text(encoding="utf-8")


def test_the_dev_server_draws_with_an_edited_chart_helper_at_once(tmp_path: Path, monkeypatch) -> None:
    """An edit in charts/ rebuilds, and the chart is drawn with it without a restart: the folder's
    modules are imported again (charts/spec.py), even after an edit of the same length in the same
    second, for which Python's .pyc check (size and mtime in seconds) would keep the old code."""
    root = _chart_with_a_helper(tmp_path / "p" / "project")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)       # as for an editor without PYTHONDONTWRITEBYTECODE
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    try:
        first = dev.wait_for_build(timeout=120)
        assert b"(A)" in first.tree["ja/index.html"]
        helper = root / "charts" / "naming.py"
        stat = helper.stat()
        helper.write_text('SUFFIX = " (B)"\n')
        os.utime(helper, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        again = dev.wait_for_build(after=first.build, timeout=120)
        assert not again.failed and b"(B)" in again.tree["ja/index.html"]
        assert dict(again.tree) == dict(build(root, write=False, search=False, cache=BuildCache.from_scratch()).tree)
    finally:
        dev.stop()


def test_a_new_shortcode_reading_a_new_data_file(tmp_path: Path, make_project) -> None:
    # A new block shortcode is a new template (docs/extending.md); this one reads a new table.
    table = "text_ja,text_en\n{motto}の標語,{motto}\n"
    root = make_project(files={
        "templates/blocks/motto.html": "<p class=\"motto\">{{ data.datasets.motto.rows[0]['text_' ~ lang] }}</p>\n",
        "data/datasets/motto.csv": table.format(motto="First motto"),
        "data/datasets/motto.yaml": "title: {ja: 標語, en: Motto}\nsources: [techspot-aws]\ncolumns:\n"
                                    "  text: {type: text, localized: true, label: {ja: 標語, en: Motto}}\n"})
    for lang in ("ja", "en"):
        page = root / "content" / lang / "deal.md"
        page.write_text(page.read_text() + "\n{{ motto }}\n")
    _cached_equals_clean(_engine_copy(tmp_path), root,
                         lambda: (root / "data/datasets/motto.csv").write_text(table.format(motto="Second motto")))
    assert '<p class="motto">Second motto</p>' in (root / "site/en/deal/index.html").read_text(encoding="utf-8")
