"""Block shortcodes: `{{ name }}` on a line of its own, one per template in templates/blocks/.

Each turns data/ into HTML through its template, `templates/blocks/<name>.html`, so the
markup lives with the other templates and the data stays in one place: a new template
there is a new shortcode (docs/extending.md). Every template gets `data` (all of data/),
`here` (the page's site path, for `url()`) and `lang`; the glossary, the timeline and the
source list get their entries sorted here, and `{{ chart id }}` is drawn by sitegen/charts/.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import jinja2

from ..diagnostics import Diagnostics, did_you_mean
from ..load.model import SiteData
from ..load.schema import date_sort_key
from ..load.sourcecheck import KINDS
from .shortcodes import ShortcodeError
from .templating import render

BLOCKS_DIR = "blocks/"          # under templates/
ChartRenderer = Callable[[str, str, str], str]     # (chart id, lang, site path of the page) → figure HTML


class BlockRenderers:
    """Renders the block shortcodes: one per template in templates/blocks/ (`names`). Called with
    the name, arguments, language and site path of the page (to link to site files with relative URLs)."""

    def __init__(self, data: SiteData, envs: dict[str, jinja2.Environment], charts: ChartRenderer,
                 chart_ids: frozenset[str], diagnostics: Diagnostics):
        self.data = data
        self.envs = envs
        self.charts = charts
        self.chart_ids = chart_ids
        self.diagnostics = diagnostics
        loader = next(iter(envs.values())).loader
        self.names = frozenset(name[len(BLOCKS_DIR):-len(".html")] for name in loader.list_templates()
                               if name.startswith(BLOCKS_DIR) and name.endswith(".html")) if loader else frozenset()

    def __call__(self, name: str, args: list[str], lang: str, here: str) -> str:
        if name == "chart":
            return self._chart(args, lang, here)
        if args:
            raise ShortcodeError(f"'{name}' takes no arguments", f"write {{{{ {name} }}}}")
        context = {"here": here, "data": self.data}
        if name == "glossary":
            context["entries"] = sorted(self.data.glossary, key=lambda e: reading_order(e.readings[lang]))
            context["by_id"] = {e.id: e for e in self.data.glossary}
        elif name == "timeline":
            context["events"] = self._timeline(lang)
        elif name == "sources":
            context["sources"] = sorted(self.data.sources.values(), key=lambda s: (s.publisher.casefold(), s.title))
            context["kinds"] = [(k, [s for s in context["sources"] if s.kind == k]) for k in KINDS]
        html = render(self.envs[lang], f"{BLOCKS_DIR}{name}.html", context, self.diagnostics)
        if html is None:
            raise ShortcodeError(f"could not render '{name}' (see the template error)")
        return html

    def _chart(self, args: list[str], lang: str, here: str) -> str:
        if len(args) != 1:
            raise ShortcodeError("write {{ chart id }} with one chart id")
        chart_id = args[0]
        if chart_id not in self.chart_ids:
            hint = did_you_mean(chart_id, self.chart_ids) or ("known: " + ", ".join(sorted(self.chart_ids)))
            raise ShortcodeError(f"unknown chart '{chart_id}'", hint)
        # A missing column or caption raises a ShortcodeError too: reported at the shortcode.
        return self.charts(chart_id, lang, here)

    def _timeline(self, lang: str) -> list[dict]:
        dataset = self.data.datasets.get("timeline")
        if dataset is None and "data/datasets/timeline.csv" in self.data.invalid:
            return []           # its table's errors are reported, and fail the build
        if dataset is None:
            raise ShortcodeError("no timeline data", "add data/datasets/timeline.csv and timeline.yaml")
        events = []
        for row in sorted(dataset.rows, key=lambda r: date_sort_key(r["date"])):
            source = self.data.sources.get(row.get("source", ""))
            events.append({"date": row["date"], "text": row[f"event_{lang}"], "source": source,
                           "category": row.get("category", "")})
        return events


# 五十音順, as a Japanese dictionary orders words: code points put じ after every し word and
# ー (katakana) after every hiragana, so 「えーあい」 (AI) came after 「えぬびでぃあ」 (NVIDIA).
_SMALL = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
_ROWS = {"あ": "あかさたなはまやらわ", "い": "いきしちにひみりゐ", "う": "うくすつぬふむゆる",
         "え": "えけせてねへめれゑ", "お": "おこそとのほもよろを"}
_VOWELS = {kana: vowel for vowel, row in _ROWS.items() for kana in row}
_VOICING = {"\u3099": 1, "\u309a": 2}      # combining ゛ and ゜, once NFD has split が into か + ゛


def reading_order(reading: str) -> tuple[str, tuple[tuple[int, bool], ...]]:
    """Sort key of a reading: first by the plain kana (katakana as hiragana, small kana as large,
    ー as the vowel it lengthens, voicing marks ignored), then, for readings that tie, plain
    before voiced before semi-voiced and large before small, as JIS X 4061 orders them."""
    plain: list[str] = []
    marks: list[tuple[int, bool]] = []
    for char in unicodedata.normalize("NFD", reading.casefold()):
        if char in _VOICING and marks:
            marks[-1] = (_VOICING[char], marks[-1][1])
            continue
        if "\u30a1" <= char <= "\u30f6":          # katakana → hiragana
            char = chr(ord(char) - 0x60)
        large = char.translate(_SMALL)
        if char == "ー" and plain:
            large = _VOWELS.get(plain[-1], plain[-1])
        plain.append(large)
        marks.append((0, large != char and char != "ー"))
    return "".join(plain), tuple(marks)
