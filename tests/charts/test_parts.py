"""The small parts: registry, text wrapping, dates, SVG edits, data/charts.yaml."""

from __future__ import annotations

import ast
import inspect
import itertools
import re

import pytest

from sitegen.charts import read_charts
from sitegen.charts.drawing import FONT_FAMILY
from sitegen.charts.prepare import iso_day
from sitegen.charts.spec import WIDE, definition
from sitegen.charts.svg import FALLBACK_FONTS, LINE_SIZE, TITLE_SIZE, inline_svg, standalone_svg
from sitegen.charts.wrap import join_cjk, width_em, wrap
from sitegen.diagnostics import BuildError, Diagnostics
from sitegen.load.data import load_data
from sitegen.pipeline import build

from .conftest import CHART_IDS, CHARTS, FIXTURE, REPO


def test_the_charts_the_writers_use_exist() -> None:
    assert {"commitments", "capacity", "revenue", "timeline", "cloud-share", "cloud-market",
            "agentic-outlook", "chatgpt-users", "affordability", "circular", "cpu-per-gpu"} == CHART_IDS


def test_the_site_places_every_chart() -> None:
    placed = {m for page in (REPO / "content").rglob("*.md")
              for m in re.findall(r"\{\{ chart ([a-z-]+) \}\}", page.read_text(encoding="utf-8"))}
    assert placed == CHART_IDS


@pytest.mark.parametrize("chart_id", sorted(CHART_IDS))
def test_each_chart_has_a_pure_definition(chart_id: str) -> None:
    module = definition(CHARTS[chart_id])
    assert list(inspect.signature(module.chart).parameters) == ["rows", "labels"]
    assert module.__doc__, "say what the chart shows and why it is drawn this way"


def test_the_project_captions_cover_every_chart_in_both_languages() -> None:
    diags = Diagnostics()
    data = load_data(REPO, ("ja", "en"), diags)
    assert diags.items == []
    assert set(data.charts) == CHART_IDS
    for text in data.charts.values():
        assert text.title and set(text.title) == {"ja", "en"} and set(text.takeaway) == {"ja", "en"}
    # The charts fixture's captions are the project's: a link to the file, not a copy to keep equal.
    assert (FIXTURE / "data/charts.yaml").resolve() == (REPO / "data/charts.yaml").resolve()


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("オラクル（スターゲート）", 10, ["オラクル", "（スターゲート）"]),
    ("その他（差し引きで算出）", 10, ["その他", "（差し引きで算出）"]),
    ("ソフトバンクのスターゲート拠点", 10, ["ソフトバンクの", "スターゲート拠点"]),
    ("Oracle (Stargate)", 10, ["Oracle (Stargate)"]),
    ("Stargate joint venture", 10, ["Stargate joint", "venture"]),
    ("判断の割合、エージェント型AI。", 6, ["判断の割合、", "エージェント", "型AI。"]),
])
def test_wrap_keeps_words_brackets_and_punctuation_together(text: str, width: float, lines: list[str]) -> None:
    assert wrap(text, width) == lines


def test_a_bracketed_group_never_leaves_a_line_under_half_full() -> None:
    """A download's note (svg.py) read 'The deals differ in kind' alone on its first line: the aside
    after it, '(purchases, … in Stargate)', was kept whole and went to the next. Every title,
    takeaway and note of data/, in both languages, at the download's widths: no line but the last
    is under half the width while the next line's first word would have fitted on it."""
    diags = Diagnostics()
    data = load_data(REPO, ("ja", "en"), diags)
    texts = [t for chart in data.charts.values() for t in (*chart.title.values(), *chart.takeaway.values())]
    texts += [note for dataset in data.datasets.values() for note in dataset.notes.values()]
    problems = []
    for width in (WIDE / TITLE_SIZE, WIDE / (LINE_SIZE + 0.5)):
        for text in map(join_cjk, texts):
            lines = wrap(text, width)
            for line, following in itertools.pairwise(lines):
                first = wrap(following, 0)[0]
                if width_em(line) < width / 2 and width_em(line) + 0.55 + width_em(first) <= width:
                    problems.append(f"{line!r} / {following[:30]!r}…")
    assert texts and not problems, "\n".join(problems)


def test_join_cjk_removes_spaces_left_by_folded_yaml() -> None:
    assert join_cjk("ため、 互いに足し 合わせ。 2025年は Synergy Research Groupの") == \
        "ため、互いに足し合わせ。2025年は Synergy Research Groupの"


@pytest.mark.parametrize(("text", "day"), [("2025-03-31", "2025-03-31"), ("2025-03", "2025-03-01"),
                                           ("2027", "2027-01-01"), ("2026-H2", "2026-07-01")])
def test_partial_dates_become_points_on_the_time_axis(text: str, day: str) -> None:
    assert iso_day(text) == day


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
       'class="marks" width="640" height="200" viewBox="0 0 640 200"><defs><clipPath id="clip1"><rect/></clipPath>'
       '</defs><g clip-path="url(#clip1)"><text font-family="IPAexGothic">x</text></g></svg>')


def test_inline_svg_scales_is_named_and_has_unique_ids() -> None:
    out = inline_svg(SVG, "chart-x-ja-wide", "chart-x-title", "chart-x-takeaway", "chart__svg")
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="marks chart__svg" viewBox="0 0 640 200" '
                          f'font-family="{FALLBACK_FONTS}" role="img" aria-labelledby="chart-x-title" '
                          'aria-describedby="chart-x-takeaway">')
    assert 'id="chart-x-ja-wide-clip1"' in out and 'url(#chart-x-ja-wide-clip1)' in out
    assert "width=" not in out.split(">")[0]


def test_one_font_list_on_the_root_serves_every_text() -> None:
    """vl-convert names its measuring font, which few readers have, on each text: a browser without
    the stylesheet drew English labels in its default serif face. The root names one list ending
    in a generic sans-serif, which the texts inherit; the texts name none."""
    for out in (inline_svg(SVG, "p", "t", "d", "chart__svg"), standalone_svg(SVG, "t", ["x"], "p", "en")):
        assert re.findall(r'<(\w+)[^>]* font-family="([^"]+)"', out) == [("svg", FALLBACK_FONTS)]
        assert FALLBACK_FONTS.startswith(FONT_FAMILY + ", ") and FALLBACK_FONTS.endswith(", sans-serif")


def test_standalone_svg_opens_on_its_own() -> None:
    out = standalone_svg(SVG, "題名 & more", ["要点です。", "出典：OpenAI"], "chart-x-ja-file", "ja")
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                          'xml:lang="ja"')         # a screen reader reads its title in Japanese
    assert "<title>題名 &amp; more</title>" in out
    assert 'id="chart-x-ja-file-clip1"' in out and 'url(#chart-x-ja-file-clip1)' in out
    assert out.count("<svg") == 1 and out.rstrip().endswith("</svg>")
    # The drawing (640 x 200) sits under the title and the two lines, inside a 12 px margin.
    width, height = (float(v) for v in re.search(r'<svg[^>]* width="([\d.]+)" height="([\d.]+)"', out).groups())
    texts = re.findall(r'<text x="12" y="([\d.]+)" font-size="(\d+)"[^>]*>([^<]*)</text>', out)
    assert [(size, text) for _, size, text in texts] == [("14", "題名 &amp; more"), ("11", "要点です。"),
                                                          ("11", "出典：OpenAI")]
    top = float(re.search(r'<g transform="translate\(8,([\d.]+)\)">', out).group(1))
    assert float(texts[-1][0]) < top + 4                  # the chart (4 px of its own padding) starts below the text
    assert width == 640 + 16 and height == top + 200 + 8


def test_standalone_svg_wraps_long_titles_and_lines() -> None:
    out = standalone_svg(SVG, "長い題名" * 20, ["とても長い要点の文です。" * 20], "p", "ja")
    lines = re.findall(r'<text x="12" y="([\d.]+)" font-size="(\d+)"', out)
    assert [s for _, s in lines].count("14") >= 2 and [s for _, s in lines].count("11") >= 5
    ys = [float(y) for y, _ in lines]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)     # one below the other, none on top of another


def test_nothing_in_the_charts_package_imports_altair_at_import_time() -> None:
    eager = []
    for path in sorted((REPO / "sitegen/charts").glob("*.py")):
        for node in ast.parse(path.read_text()).body:         # module-level statements only
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            eager += [f"{path.name}: {name}" for name in names if name.split(".")[0] in ("altair", "vl_convert")]
    assert eager == [], "Altair and vl-convert are imported only when a chart is drawn"


def test_a_site_has_the_charts_of_its_own_folder(make_project) -> None:
    """The registry is read per site, from its root: a site with other modules in charts/ has other charts."""
    own = 'DATASET = "commitments"\nCOLUMNS = {"partner": "text"}\nINTERACTIVE = False\n'
    root = make_project(remove=["charts"], files={"charts/partners.py": own, "charts/_shared.py": "X = 1\n",
                                                  "content/ja/p.md": "---\ntitle: T\ndescription: D\ndate: 2025-12-08"
                                                                     "\n---\n{{ chart commitments }}\n"})
    diags = Diagnostics()
    assert list(read_charts(root, diags)) == ["partners"] and diags.items == []
    with pytest.raises(BuildError) as caught:
        build(root, write=False, search=False)
    assert "content/ja/p.md:6:1: error: unknown chart 'commitments' (known: partners)" in \
        [str(d) for d in caught.value.diagnostics.sorted()]
