"""Editor mistakes around charts: located, exact, non-zero exit, site/ untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.devserver.live import LiveSite
from sitegen.diagnostics import BuildError
from sitegen.pipeline import build

from .conftest import CHART_IDS, FIXTURE, REPO

PAGE = "---\ntitle: E\ndescription: D\ndate: 2025-12-08\n---\nText.\n\n{{{{ chart {chart} }}}}\n"
HOME = "---\ntitle: H\ndescription: D\ndate: 2025-12-08\n{extra}---\nNo chart here.\n"
# Only the page under test places a chart: its error is then the only one.
ONLY_E = {"content/ja/index.md": HOME.format(extra=""),
          "content/en/index.md": HOME.format(extra="source_hash: PLACEHOLDER\n")}
NO_CHART_PAGES = ("content/ja/charts.md", "content/en/charts.md")


def fixture_text(rel: str) -> str:
    return (FIXTURE / rel).read_text(encoding="utf-8")


def run(root: Path) -> tuple[int, list[str]]:
    """Build as `python build.py` does: exit code and the lines it prints to stderr."""
    out = subprocess.run([sys.executable, "build.py", "--root", str(root)], cwd=REPO, capture_output=True,
                         text=True, timeout=300)
    return out.returncode, out.stderr.splitlines()


def problems(root: Path) -> list[str]:
    """The diagnostics of a failing build, as printed (in-process: faster than run())."""
    with pytest.raises(BuildError) as caught:
        build(root, write=False)
    return [str(d) for d in caught.value.diagnostics.sorted()]


def test_unknown_chart_suggests_the_closest(project) -> None:
    root = project(files={"content/ja/e.md": PAGE.format(chart="comitments")})
    code, err = run(root)
    assert code == 1
    assert "content/ja/e.md:8:1: error: unknown chart 'comitments' (did you mean 'commitments'?)" in err
    assert err[-1].endswith("site/ left unchanged")
    assert not (root / "site").exists()


def test_unknown_chart_without_a_close_match_lists_the_charts(project) -> None:
    root = project(files={"content/ja/e.md": PAGE.format(chart="pie")})
    err = problems(root)
    known = ", ".join(sorted(CHART_IDS))
    assert f"content/ja/e.md:8:1: error: unknown chart 'pie' (known: {known})" in err


def placed_on(root: Path, chart: str) -> str:
    """The pages of the project that place `chart`, as its data's errors name them."""
    return ", ".join(sorted(path.relative_to(root).as_posix() for path in (root / "content").rglob("*.md")
                            if f"{{{{ chart {chart} }}}}" in path.read_text(encoding="utf-8")))


def line_of(root: Path, rel: str, start: str) -> int:
    return next(n for n, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(start))


def test_dataset_without_a_needed_column(project) -> None:
    csv = fixture_text("data/datasets/commitments.csv").replace(",usd_bn,", ",usd_billion,", 1)
    meta = fixture_text("data/datasets/commitments.yaml").replace("  usd_bn:", "  usd_billion:")
    root = project(files={"content/ja/e.md": PAGE.format(chart="commitments"), **ONLY_E,
                          "data/datasets/commitments.csv": csv, "data/datasets/commitments.yaml": meta},
                   remove=NO_CHART_PAGES)
    code, err = run(root)
    assert code == 1
    assert err == [
        "content/ja/e.md: warning: no en translation (add content/en/e.md)",
        "data/datasets/commitments.csv:1: error: chart 'commitments' needs column 'usd_bn' in "
        "data/datasets/commitments.csv; it is placed on content/ja/e.md (add it to the table and describe it in "
        "data/datasets/commitments.yaml)",
        "1 error, 1 warning: site/ left unchanged",
    ]


def test_column_of_the_wrong_type(project) -> None:
    meta = fixture_text("data/datasets/capacity.yaml").replace("gw: {type: number, unit: gw,", "gw: {type: text,")
    root = project(files={"content/ja/e.md": PAGE.format(chart="capacity"), "data/datasets/capacity.yaml": meta})
    line = line_of(root, "data/datasets/capacity.yaml", "  gw:")
    assert [problem for problem in problems(root) if ": error: " in problem] == [
        f"data/datasets/capacity.yaml:{line}: error: chart 'capacity' needs column 'gw' to be number, but "
        f"data/datasets/capacity.yaml says text; it is placed on {placed_on(root, 'capacity')} (write type: number)"]


def test_chart_without_a_caption(project) -> None:
    texts = fixture_text("data/charts.yaml").replace("\ncloud-share:", "\nunused-share:")
    root = project(files={"content/ja/e.md": PAGE.format(chart="cloud-share"), "data/charts.yaml": texts})
    err = problems(root)
    assert [problem for problem in err if ": error: " in problem] == [
        f"data/charts.yaml: error: chart 'cloud-share' has no caption in data/charts.yaml; it is placed on "
        f"{placed_on(root, 'cloud-share')} (add 'cloud-share:' with 'takeaway: {{ja: …, en: …}}')"]
    assert any(line.endswith("warning: text for unknown chart 'unused-share' (did you mean 'cloud-share'?)")
               for line in err)


@pytest.mark.parametrize(("category", "near"), [("space", None), ("microsft", "microsoft")])
def test_category_without_a_label(project, category: str, near: str | None) -> None:
    """A category without a label was one error at each page placing the chart (here three, the real site
    two), at the shortcode, naming neither the table nor the row. Now once, at the cell, with the pages."""
    csv = fixture_text("data/datasets/timeline.csv") + f"2027-06,宇宙へ,To space,{category},openai-aws-release\n"
    root = project(files={"content/ja/e.md": PAGE.format(chart="timeline"), "data/datasets/timeline.csv": csv})
    assert near is None or f"\n    {near}: {{" in fixture_text("data/charts.yaml")     # a label of the timeline's
    line = csv.rstrip("\n").split("\n")
    column = line[-1].index(f",{category},") + 2
    pages = placed_on(root, "timeline")
    assert pages.count(", ") == 2
    assert [problem for problem in problems(root) if ": error: " in problem] == [
        f"data/datasets/timeline.csv:{len(line)}:{column}: error: chart 'timeline' has no label for category "
        f"'{category}' in data/charts.yaml; it is placed on {pages} ("
        + (f"did you mean '{near}'? If not, " if near else "")
        + f"add '{category}: {{ja: …, en: …}}' under 'timeline: labels:')"]


def test_caption_missing_a_language_is_located_in_charts_yaml(project) -> None:
    texts = fixture_text("data/charts.yaml")
    line = texts.splitlines().index("revenue:") + 5         # revenue: / title: / ja / en / takeaway:
    assert texts.splitlines()[line - 1] == "  takeaway:"
    texts = texts.replace("    en: The revenue run rate and available compute grew", "    fr: Le chiffre")
    root = project(files={"data/charts.yaml": texts})
    errors = [problem for problem in problems(root) if ": error: " in problem]
    # once, at its line: not again for each page (either language) that places the chart
    assert errors == [f"data/charts.yaml:{line}: error: 'takeaway' has no en text (write {{ja: …, en: …}})"]


def test_a_title_and_a_takeaway_missing_a_language_are_both_reported(project) -> None:
    lines = fixture_text("data/charts.yaml").splitlines()
    start = lines.index("revenue:")
    title, takeaway = lines.index("  title:", start) + 1, lines.index("  takeaway:", start) + 1
    cut = [line for number, line in enumerate(lines, start=1)
           if number not in (title + 2, takeaway + 2)]          # each one's 'en:' line
    root = project(files={"data/charts.yaml": "\n".join(cut) + "\n"})
    err = problems(root)
    assert f"data/charts.yaml:{title}: error: 'title' has no en text (write {{ja: …, en: …}})" in err
    assert f"data/charts.yaml:{takeaway - 1}: error: 'takeaway' has no en text (write {{ja: …, en: …}})" in err


def test_missing_font_is_a_clear_build_error(project, tmp_path: Path) -> None:
    """A matplotlib_fontja without its font file (here: an empty package first on the path),
    when a chart must be drawn (a drawing in the cache needs no font)."""
    fake = tmp_path / "fake" / "matplotlib_fontja"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('never imported')\n")
    root = project(files={"content/ja/e.md": PAGE.format(chart="revenue"), **ONLY_E}, remove=NO_CHART_PAGES,
                   warm=False)
    env = dict(os.environ, PYTHONPATH=str(fake.parent))
    out = subprocess.run([sys.executable, "build.py", "--root", str(root)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert out.stderr.splitlines()[1] == (
        "content/ja/e.md:8:1: error: chart font IPAexGothic not found (fonts/ipaexg.ttf of the matplotlib-fontja "
        "package) (install it: .venv/bin/pip install --no-deps -r requirements-fonts.txt)")


def test_a_chart_definition_that_cannot_be_read_is_an_error_at_its_line(project) -> None:
    """The registry reads every definition's declarations from the site's charts/; a broken one
    is left out and reported by the build, at its line, never as a traceback."""
    broken = {"half.py": 'DATASET = "cloud_share"\n',
              "syntax.py": 'DATASET = "cloud_share"\nCOLUMNS = {\n',
              "expression.py": 'DATASET = "cloud" + "_share"\nCOLUMNS = {}\nINTERACTIVE = False\n'}
    root = project(files={f"charts/{name}": text for name, text in broken.items()})
    code, err = run(root)
    assert code == 1, err
    assert not any("Traceback" in line for line in err)
    errors = [line for line in err if ": error: " in line]
    where = {line.split(": error: ")[0] for line in errors}
    unclosed = broken["syntax.py"].splitlines()[1].index("{") + 1
    assert where == {"charts/half.py:1", f"charts/syntax.py:2:{unclosed}", "charts/expression.py:1"}, errors
    assert not (root / "site").exists()


def _break(text: str, line: str, broken: str) -> tuple[str, int, int]:
    """`text` with `line` (the first line starting so) replaced by `broken`: the text, its line, and the
    column just past its end."""
    lines = text.splitlines()
    number = next(n for n, each in enumerate(lines, 1) if each.startswith(line))
    lines[number - 1] = broken
    return "\n".join(lines) + "\n", number, len(broken) + 1


@pytest.mark.parametrize("module", ["charts/cloud_share.py", "charts/_common.py"])
def test_a_module_that_does_not_parse_is_one_error_at_its_line(project, module: str) -> None:
    """A chart's module with a syntax error also gave 'unknown chart' at each page that placed it, in
    both languages, and a warning on its words in data/charts.yaml; a helper's, one error per chart
    per page (22 on the real site). The one error is the module's, at its line and column."""
    text = (REPO / module).read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("def "))
    broken, line, column = _break(text, header, header.removesuffix(":"))       # the colon forgotten
    root = project(files={module: broken})
    code, err = run(root)
    assert code == 1 and not (root / "site").exists()
    assert [line for line in err if "error" in line or "warning" in line] == [
        f"{module}:{line}:{column}: error: not valid Python: expected ':' (correct this line; until then "
        + ("no chart is drawn: any may import it)" if "/_" in module else "chart 'cloud-share' is not drawn)"),
        "1 error: site/ left unchanged"]


def test_the_dev_server_says_a_broken_helper_once_and_draws_again_once_it_is_mended(project) -> None:
    """The preview keeps the charts' registry, drawings and modules between builds: a helper broken
    there is the same one error, and mended, every chart is back."""
    root = project()
    live = LiveSite(root)
    good = live.rebuild()
    assert good.good and not good.diagnostics.items
    text = (root / "charts/_common.py").read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("def "))
    broken, line, column = _break(text, header, header.removesuffix(":"))
    (root / "charts/_common.py").write_text(broken, encoding="utf-8")
    failed = live.rebuild(["charts/_common.py"])
    assert failed.failed and [str(d.location) for d in failed.diagnostics.sorted()] == \
        [f"charts/_common.py:{line}:{column}"]
    (root / "charts/_common.py").write_text(text, encoding="utf-8")
    mended = live.rebuild(["charts/_common.py"])
    assert not mended.failed and mended.tree == good.tree


def test_a_helper_that_fails_when_run_is_one_error_at_its_line(project) -> None:
    """A misspelt name in charts/_common.py, run by every chart that draws with it: one error, at its
    line, not one for each chart on each page of each language."""
    text = (REPO / "charts/_common.py").read_text(encoding="utf-8")
    code = next(line for line in text.splitlines() if line.startswith("    return ") and "NAME_EMS" in line)
    broken, line, _ = _break(text, code, code.replace("NAME_EMS", "NAME_EM"))
    root = project(files={"charts/_common.py": broken})
    errors = [problem for problem in problems(root) if ": error: " in problem]
    assert errors == [f"charts/_common.py:{line}: error: chart code failed: NameError: name 'NAME_EM' is not "
                      "defined (correct this line; until then the charts that run it are not drawn)"]


def test_a_chart_definition_that_fails_when_drawn_is_an_error_at_its_line(project) -> None:
    """The site's chart code is the editors': an exception in it is reported at the module and line
    it came from, never as a traceback."""
    text = (REPO / "charts" / "commitments.py").read_text(encoding="utf-8")
    call = "    return ranked_bars(rows, labels,"
    at = text[:text.index(call)].count("\n") + 1
    broken = text.replace(call, '    raise LookupError("no such palette")\n' + call)
    root = project(files={"content/ja/e.md": PAGE.format(chart="commitments"), **ONLY_E,
                          "charts/commitments.py": broken}, remove=NO_CHART_PAGES)
    code, err = run(root)
    assert code == 1 and not any("Traceback" in line for line in err), err
    assert [line for line in err if ": error: " in line] == [
        f"charts/commitments.py:{at}: error: chart code failed: LookupError: no such palette "
        "(correct this line; until then the charts that run it are not drawn)"]
    assert not (root / "site").exists()


@pytest.mark.parametrize("fails_in", [("ja",), ("ja", "en")])
def test_a_chart_that_fails_in_one_language_says_which(project, fails_in: tuple[str, ...]) -> None:
    """9585b22 said a chart's failure once, at its module, where no page tells the language: a chart that
    failed only in Japanese (code that cannot take a Japanese label) no longer said so. It does, once; a
    failure of both languages is said once, without one."""
    text = (REPO / "charts" / "commitments.py").read_text(encoding="utf-8")
    call = "    return ranked_bars(rows, labels,"
    at = text[:text.index(call)].count("\n") + 1
    broken = text.replace(call, f"    assert labels.lang not in {fails_in!r}, 'no palette'\n" + call)
    root = project(files={"charts/commitments.py": broken})
    assert {path.parent.name for path in (root / "content").rglob("*.md")
            if "{{ chart commitments }}" in path.read_text(encoding="utf-8")} == {"ja", "en"}
    said = "" if len(fails_in) == 2 else f"in the {fails_in[0]} chart: "
    assert [problem for problem in problems(root) if ": error: " in problem] == [
        f"charts/commitments.py:{at}: error: {said}chart code failed: AssertionError: no palette (correct this line; "
        "until then the charts that run it are not drawn)"]


def test_a_charts_yaml_that_is_not_yaml_is_the_one_error(project) -> None:
    """A tab in data/charts.yaml made it unreadable, and every page placing a chart then said
    'chart X has no caption in data/charts.yaml' too (22 errors on the real site for one tab)."""
    lines = fixture_text("data/charts.yaml").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("  takeaway:"))
    lines[number - 1] = "\t" + lines[number - 1].lstrip()
    root = project(files={"data/charts.yaml": "\n".join(lines) + "\n"})
    assert [problem for problem in problems(root) if ": error: " in problem] == [
        f"data/charts.yaml:{number}:1: error: invalid YAML: found character '\\t' that cannot start any token while "
        "scanning for the next token (indent with spaces: YAML does not allow tabs)"]


def test_a_chart_that_vega_cannot_draw_is_an_error_at_its_module(project) -> None:
    """A definition whose Vega-Lite Altair accepts but Vega refuses (a typo in a filter or calculate
    expression: Altair does not read expressions) ended the build with vl-convert's traceback, and
    a JavaScript stack, naming no file."""
    text = (REPO / "charts" / "commitments.py").read_text(encoding="utf-8")
    broken = text + ("\n\n_drawn = chart\n\n\ndef chart(rows, labels):\n"
                     "    return _drawn(rows, labels).transform_filter('datum.value >')\n")
    root = project(files={"content/ja/e.md": PAGE.format(chart="commitments"), **ONLY_E,
                          "charts/commitments.py": broken}, remove=NO_CHART_PAGES)
    code, err = run(root)
    assert code == 1 and not any("Traceback" in line for line in err), err
    errors = [line for line in err if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("charts/commitments.py: error: chart 'commitments' cannot be "
                                                      "drawn: Vega-Lite to Vega conversion failed: Error: ")
    assert errors[0].endswith("(fix the chart's module or the helper it imports)")
    assert " at " not in errors[0] and not (root / "site").exists()


def test_python_without_docstrings_is_named_as_the_cause_not_the_chart(project) -> None:
    """PYTHONOPTIMIZE=2 (python -OO), set by some images to save memory, strips the docstrings
    Altair builds its classes from: every chart failed 'in charts/<module>' with the hint to fix it."""
    root = project(files={"content/ja/e.md": PAGE.format(chart="commitments"), **ONLY_E}, remove=NO_CHART_PAGES)
    done = subprocess.run([sys.executable, "build.py", "--root", str(root), "--no-cache"], cwd=REPO,
                          capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONOPTIMIZE": "2"})
    errors = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert done.returncode == 1 and errors and "Traceback" not in done.stderr, done.stderr
    assert all(line.endswith("(Altair needs docstrings: run Python without -OO (unset PYTHONOPTIMIZE))")
               for line in errors), errors
