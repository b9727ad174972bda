"""`{{ chart id }}` → the <figure> on the page, plus the files it links to.

For each chart placed on a page, in that page's language: check its data, prepare the
rows and words, take its drawing from the cache or draw it (the only place Altair and
vl-convert are imported), and fill templates/blocks/chart.html. The files for the
output tree (CSV, standalone SVG, live Vega spec) are collected for `files()`.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..diagnostics import Diagnostics, Location, did_you_mean
from ..load.model import Dataset, Page, SiteData, Source
from ..load.texts import invalid_chart_text
from ..parallel import parallel_map
from ..render.l10n import format_partial_date
from ..render.shortcodes import ShortcodeError, charts_placed
from ..render.templating import render
from ..render.typography import smart_plain
from .cache import cache_key, read_drawing, write_drawing
from .prepare import chart_labels, chart_rows, check_chart, data_table
from .registry import CHARTS_DIR, ChartDef
from .svg import inline_svg, standalone_svg
from .wrap import join_cjk

OUTPUT_DIR = "charts"          # site/charts/<id>.csv, <id>.<lang>.svg, <id>.<lang>.vg.json
Gettext = Callable[[str], str]


class ChartFigures:
    """The chart renderer blocks.py calls: (chart id, lang, page path) → figure HTML."""

    def __init__(self, root: Path, data: SiteData, charts: Mapping[str, ChartDef],
                 envs: Mapping[str, jinja2.Environment], gettext: Mapping[str, Gettext], diags: Diagnostics,
                 drawings: bool = True, kept: dict | None = None):
        self.root, self.data, self.envs, self.gettext, self.diags = root, data, envs, gettext, diags
        self.charts = charts                               # the site's charts/ (registry.read_charts)
        self.drawings = drawings                           # read and write .cache/charts/
        # Finished charts by (id, lang): (their inputs, template context but `here`, files). The dev
        # server's are kept between builds while the data, the catalogue and the definitions they were
        # made from are the same (each reused by identity when unchanged).
        self.kept = kept if kept is not None else {}
        self.rendered = 0                                  # drawings made by vl-convert in this build
        self._files: dict[str, bytes] = {}
        self.failed: dict[tuple[str, str], ShortcodeError] = {}     # (id, lang) → why its drawing failed
        self.placed: dict[str, set[str]] = {}      # chart id → the pages placing it (named in its data's errors)
        for chart_id, text in data.charts.items():
            if chart_id not in charts:
                diags.warning(text.location, f"text for unknown chart '{chart_id}'",
                              did_you_mean(chart_id, charts) or "known: " + ", ".join(sorted(charts)))

    def __call__(self, chart_id: str, lang: str, here: str) -> str:
        if problem := self.charts[chart_id].problem:       # its module's error (read_charts), said there
            raise ShortcodeError(problem.message, problem.hint, problem.location)
        if {f"data/datasets/{self.charts[chart_id].dataset}.csv", invalid_chart_text(chart_id),
                invalid_chart_text("*")} & self.data.invalid:
            return ""           # its table's or its text's errors are reported, and fail the build
        context = {**self._draw(chart_id, lang), "here": here}
        html = render(self.envs[lang], "blocks/chart.html", context, self.diags)
        if html is None:
            raise ShortcodeError(f"could not render chart '{chart_id}' (see the template error)")
        return html

    def ensure_files(self, pages: Iterable[Page], workers: int = 1) -> None:
        """Draw every valid chart these pages place, so that bodies reused from the body
        cache (which did not call this renderer) still get their CSV, SVG and spec files.

        What the cache lacks is drawn on up to `workers` processes of the build's pool
        (sitegen/parallel.py): drawing is CPU-bound (vl-convert measures every label), and
        the memory of Altair and vl-convert's JavaScript engine goes with the workers.
        """
        placed = set()
        for page in pages:
            for chart_id in charts_placed(page.body):
                self.placed.setdefault(chart_id, set()).add(page.source)
                if chart_id in self.charts and not self.charts[chart_id].problem:
                    placed.add((chart_id, page.lang))
        wanted = [key for key in sorted(placed) if not self._remembered(*key)]
        orders = {}
        for chart_id, lang in wanted:
            # A chart error is reported when the body is rendered (such bodies are never cached).
            with contextlib.suppress(ShortcodeError):
                orders[(chart_id, lang)] = self._prepare(self.charts[chart_id], lang)
        outputs = {key: self._cached(order) for key, order in orders.items()}
        to_draw = [order for key, order in orders.items() if outputs[key] is None]
        for order, drawn in zip(to_draw, parallel_map(_draw_or_error, to_draw, workers, min_items=2), strict=True):
            if isinstance(drawn, ShortcodeError):       # raised again, not drawn again, by each page placing it
                self.failed[(order.chart.id, order.lang)] = drawn
            else:
                outputs[(order.chart.id, order.lang)] = self._keep(order, drawn)
        for (chart_id, lang), failed in list(self.failed.items()):
            # Said at the module, where no page tells the language: named when another language drew, or failed
            # otherwise (a Japanese label the code cannot take).
            said = {str(self.failed.get((chart_id, other))) for placed_id, other in placed if placed_id == chart_id}
            if failed.where and said != {str(failed)}:
                self.failed[(chart_id, lang)] = ShortcodeError(f"in the {lang} chart: {failed}", failed.hint,
                                                               failed.where)
        for key, order in orders.items():
            if outputs[key] is not None:
                self._finish(order, outputs[key])

    def files(self) -> dict[str, bytes]:
        """CSV, standalone SVG and live Vega spec of every chart placed so far."""
        return dict(sorted(self._files.items()))

    def _draw(self, chart_id: str, lang: str) -> dict:
        if not self._remembered(chart_id, lang):
            if failed := self.failed.get((chart_id, lang)):
                raise failed
            order = self._prepare(self.charts[chart_id], lang)
            self._finish(order, self._cached(order) or self._keep(order, order.draw()))
        return self.kept[(chart_id, lang)][1]

    def _prepare(self, chart: ChartDef, lang: str) -> _Order:
        """Check the chart's data and gather everything its drawing depends on (and its cache key)."""
        shown_on = ", ".join(sorted(self.placed.get(chart.id, ())))
        dataset = check_chart(chart, self.data.datasets, self.data.charts, shown_on)
        text = self.data.charts[chart.id]
        _ = self.gettext[lang]
        not_disclosed = _("not disclosed")
        rows = chart_rows(dataset, lang, not_disclosed)
        labels = chart_labels(dataset, text, lang, not_disclosed)
        title = smart_plain(join_cjk((text.title or dataset.title)[lang]), lang)
        takeaway = smart_plain(join_cjk(text.takeaway[lang]), lang)
        notes = smart_plain(join_cjk(dataset.notes[lang]), lang) if dataset.notes.get(lang) else None
        sources = tuple(self.data.sources[s] for s in dataset.sources if s in self.data.sources)
        export_lines = [takeaway, *([notes] if notes else []), _source_line(sources, _("Source: %(publisher)s"), lang)]
        description = f"{title}{'。' if lang == 'ja' else '. '}{takeaway}"
        key = cache_key(chart, lang, rows, labels, title, description, dataset.csv_text)
        return _Order(chart, lang, dataset, rows, labels, title, takeaway, notes, sources, export_lines,
                      description, not_disclosed, key)

    def _cached(self, order: _Order) -> dict[str, str] | None:
        return read_drawing(self.root, order.chart.id, order.lang, order.key) if self.drawings else None

    def _keep(self, order: _Order, outputs: dict[str, str]) -> dict[str, str]:
        """A fresh drawing: counted, and written to .cache/charts/."""
        if self.drawings:
            write_drawing(self.root, order.chart.id, order.lang, order.key, outputs)
        self.rendered += 1
        return outputs

    def _remembered(self, chart_id: str, lang: str) -> bool:
        """Whether the chart is finished, in this build or in an earlier one of this process from the
        same inputs (its files then join this build's)."""
        kept = self.kept.get((chart_id, lang))
        if kept is None or kept[0] != self._inputs(lang):
            return False
        self._files.update(kept[2])
        return True

    def _inputs(self, lang: str) -> tuple:
        gettext = self.gettext[lang]
        return (self.data, getattr(gettext, "__self__", gettext), self.charts)     # SiteData, catalogue, definitions

    def _finish(self, order: _Order, outputs: dict[str, str]) -> None:
        """The chart's template context (but `here`), and its files."""
        chart, lang, dataset = order.chart, order.lang, order.dataset
        prefix = f"chart-{chart.id}-{lang}"
        words = (f"chart-{chart.id}-title", f"chart-{chart.id}-takeaway")     # the drawing's name and description
        csv_file, svg_file = f"{OUTPUT_DIR}/{chart.id}.csv", f"{OUTPUT_DIR}/{chart.id}.{lang}.svg"
        live = f"{OUTPUT_DIR}/{chart.id}.{lang}.vg.json"
        download = standalone_svg(outputs["wide"], order.title, order.export_lines, f"{prefix}-file", lang)
        # The table with a byte-order mark: Excel reads a CSV without one in the system's code page
        # (Shift_JIS on a Japanese Windows), which garbles every Japanese cell.
        files = {csv_file: dataset.csv_text.encode("utf-8-sig"), svg_file: download.encode()}
        if "live" in outputs:
            files[live] = outputs["live"].encode("utf-8")
        context = {
            "chart": chart,
            "figure_id": f"chart-{chart.id}",
            "title": order.title,
            "takeaway": order.takeaway,
            "svg_wide": Markup(inline_svg(outputs["wide"], f"{prefix}-wide", *words, "chart__svg")),
            "svg_narrow": Markup(inline_svg(outputs["narrow"], f"{prefix}-narrow", *words, "chart__svg")),
            "live_spec": live if chart.interactive else None,
            "table": data_table(dataset, lang, self.data.sources, order.not_disclosed,
                                dict.fromkeys(chart.coded, order.labels.text)),
            "notes": order.notes,
            "as_of": dataset.as_of,
            "sources": _source_labels(order.sources, lang),
            "csv_file": csv_file,
            "svg_file": svg_file,
        }
        self._files.update(files)
        self.kept[(chart.id, lang)] = (self._inputs(lang), context, files)


@dataclass(frozen=True)
class _Order:
    """One chart in one language, ready to draw: everything the drawing depends on."""

    chart: ChartDef
    lang: str
    dataset: Dataset
    rows: list
    labels: Any
    title: str
    takeaway: str
    notes: str | None
    sources: tuple[Source, ...]
    export_lines: list[str]
    description: str
    not_disclosed: str
    key: str                 # its cache key

    def draw(self) -> dict[str, str]:
        # The only imports of Altair and vl-convert: a rebuild with unchanged charts skips them.
        from .drawing import render_specs

        specs = self.specs()
        try:
            return render_specs(specs)
        except ValueError as exc:       # what the definition built, refused by Vega (an expression's typo)
            said = itertools.takewhile(lambda line: not line.startswith("at "), map(str.strip, str(exc).splitlines()))
            raise ShortcodeError(f"chart '{self.chart.id}' cannot be drawn: {' '.join(said)}",
                                 "fix the chart's module or the helper it imports",
                                 Location(f"{CHARTS_DIR}/{self.chart.module.name}")) from None

    def specs(self) -> dict[str, dict[str, Any]]:
        from .spec import chart_specs

        return chart_specs(self.chart, self.rows, self.labels, self.description)


# A chart that fails here or on a worker is reported when its page is rendered.
def _draw_or_error(order: _Order) -> dict[str, str] | ShortcodeError:
    try:
        return order.draw()
    except ShortcodeError as exc:
        return exc


def _source_labels(sources: tuple[Source, ...], lang: str) -> list[tuple[Source, str]]:
    """Each source with its link text: the publisher, plus the date when a publisher appears twice
    (the title when the page is undated, as product pages are: not 'NVIDIA, NVIDIA, NVIDIA', or
    when it published twice that day; in Japanese, its `title_ja` if it has one; an editor's
    [description] in place of an unconfirmed headline is not shown). A source without a link whose
    words are already on the line is left out: saying them again tells nothing."""
    counts = Counter(source.publisher for source in sources)
    same_day = Counter((source.publisher, source.date) for source in sources)
    labels: list[tuple[Source, str]] = []
    for source in sources:
        label = source.publisher
        dated = source.date and same_day[source.publisher, source.date] == 1
        title = source.title_ja if lang == "ja" and source.title_ja else source.title
        which = format_partial_date(source.date, lang) if dated else title
        if counts[source.publisher] > 1 and not which.startswith("["):
            label = f"{label}（{which}）" if lang == "ja" else f"{label} ({which})"
        if source.url or all(label != said for _, said in labels):
            labels.append((source, label))
    return labels


def _source_line(sources: tuple[Source, ...], line: str, lang: str) -> str:
    """'出典：A、B' / 'Source: A, B' (`line`: the catalogue's 'Source: %(publisher)s')."""
    names = list(dict.fromkeys(smart_plain(s.publisher, s.lang or lang) for s in sources))
    return line % {"publisher": ("、" if lang == "ja" else ", ").join(names)}
