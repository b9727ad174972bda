"""The chart cache: a rebuild with unchanged charts draws nothing and imports neither Altair nor vl-convert."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sitegen.pipeline import build

from .conftest import CHART_IDS, REPO, Built

PROBE = """
import json, sys
from pathlib import Path
from sitegen.pipeline import build
result = build(Path(sys.argv[1]))
print(json.dumps({"rendered": result.charts_rendered, "altair": "altair" in sys.modules,
                  "vl_convert": "vl_convert" in sys.modules}))
"""


def _tree(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_first_build_draws_each_chart_once_per_language(built: Built) -> None:
    assert built.result.charts_rendered == 2 * len(CHART_IDS)
    files = sorted((built.root / ".cache" / "charts").iterdir())
    assert [f.name for f in files] == sorted(f"{c}.{lang}.json" for c in CHART_IDS for lang in ("ja", "en"))


def test_rebuild_draws_nothing_and_gives_the_same_bytes(project, built: Built) -> None:
    root = project()
    result = build(root)
    assert result.charts_rendered == 0
    assert _tree(root) == _tree(built.root)


def test_rebuild_imports_neither_altair_nor_vl_convert(project) -> None:
    root = project()
    out = subprocess.run([sys.executable, "-c", PROBE, str(root)], cwd=REPO, capture_output=True, text=True,
                         check=True, timeout=120)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"rendered": 0, "altair": False, "vl_convert": False}


def test_a_changed_dataset_redraws_only_its_chart(project) -> None:
    csv = (REPO / "tests/sites/charts/data/datasets/chatgpt_users.csv").read_text(encoding="utf-8")
    root = project(files={"data/datasets/chatgpt_users.csv": csv.replace("2025-10-06,800", "2025-10-06,810")})
    result = build(root)
    assert result.charts_rendered == 2
    assert "8.1億" in result.tree["ja/charts/index.html"].decode()


def test_a_changed_takeaway_redraws_that_chart(project) -> None:
    text = (REPO / "tests/sites/charts/data/charts.yaml").read_text(encoding="utf-8")
    root = project(files={"data/charts.yaml": text.replace("2倍の8億人になりました", "倍増しました")})
    assert build(root).charts_rendered == 1          # the Japanese download SVG carries the takeaway


ONE_PAGE = ("---\ntitle: T\ndescription: D\ndate: 2025-12-08\n{extra}---\n"
            "{{{{ chart commitments }}}}\n\n{{{{ chart timeline }}}}\n")


def test_drawing_is_deterministic(tmp_path: Path) -> None:
    """Two cold builds in different folders (same process, so Altair's counters differ) give equal bytes."""
    from .conftest import assemble

    pages = {"content/ja/index.md": ONE_PAGE.format(extra=""),
             "content/en/index.md": ONE_PAGE.format(extra="source_hash: PLACEHOLDER\n")}
    remove = ("content/ja/charts.md", "content/en/charts.md")
    first = assemble(tmp_path / "a", pages, remove)
    second = assemble(tmp_path / "elsewhere" / "b", pages, remove)
    assert build(first).charts_rendered == 4
    assert build(second).charts_rendered == 4
    assert _tree(first) == _tree(second)
    assert (first / ".cache").exists() and sorted((first / ".cache/charts").iterdir())


def test_no_cache_build_neither_reads_nor_writes_drawn_charts(tmp_path: Path) -> None:
    """`python build.py --no-cache` builds from scratch: charts are drawn again, .cache/ is left alone."""
    from sitegen.cache.buildcache import BuildCache

    from .conftest import assemble

    one_chart = ONE_PAGE.replace("\n\n{{{{ chart timeline }}}}", "")
    pages = {"content/ja/index.md": one_chart.format(extra=""),
             "content/en/index.md": one_chart.format(extra="source_hash: PLACEHOLDER\n")}
    root = assemble(tmp_path / "a", pages, ("content/ja/charts.md", "content/en/charts.md"))
    assert build(root).charts_rendered == 2
    cached = {p.name: p.read_bytes() for p in (root / ".cache/charts").iterdir()}
    (root / ".cache/charts/commitments.ja.json").write_text("{}", encoding="utf-8")
    assert build(root, cache=BuildCache.from_scratch()).charts_rendered == 2
    assert (root / ".cache/charts/commitments.ja.json").read_text(encoding="utf-8") == "{}"
    assert {p.name for p in (root / ".cache/charts").iterdir()} == set(cached)


def test_a_table_saved_by_windows_tools_is_the_same_table(project, built: Built) -> None:
    """A BOM, Windows line endings and blank lines at the end change nothing: the download
    charts/commitments.csv carried the CRLFs and blank lines, and the chart was drawn again."""
    csv = (REPO / "tests/sites/charts/data/datasets/commitments.csv").read_text(encoding="utf-8")
    root = project(files={"data/datasets/commitments.csv": "\ufeff" + csv.replace("\n", "\r\n") + "\r\n\r\n"})
    assert build(root).charts_rendered == 0
    assert _tree(root) == _tree(built.root)
