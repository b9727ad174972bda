#!/usr/bin/env python3
"""Generate a synthetic bilingual site in our content format, for benchmarks.

    python bench/corpus.py --pairs 1000 --out bench/work/pairs-1000

writes `content/ja|en/*.md` (one Japanese original and one stamped English translation per
pair, plus a home page each) and copies `site.toml`, `data/`, `charts/`, `templates/`,
`locales/` and `static/` from the repository, so the result builds with `python build.py --root DIR
--strict`, without warnings.

Pages are realistic enough to exercise the whole pipeline: headings with ids, lists, a
table, links to other pages (some with anchors), footnotes, `{{ fact }}` and `{{ cite }}`
with the real site's fact keys and source ids, and a few `{{ chart }}` shortcodes (one page
in CHART_EVERY places one of the real charts); Japanese pages are about 3,000 characters,
English ones about 1,500 words. As on the real site, a few pages set `order:` and so are in
the main navigation (NAV_PAGES); the home page lists the rest. The same `--seed` gives the
same bytes, so runs are comparable. `generate()` is the API for other benchmark scripts (the
Hugo comparison), `edit_line()` and `append_line()` the edits they time.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sitegen.charts import read_charts  # noqa: E402  (needs the repo on sys.path)
from sitegen.diagnostics import Diagnostics  # noqa: E402
from sitegen.load.content import page_digest  # noqa: E402

FRAME_DIRS = ("templates", "locales", "static")
# The engine's frame and the real site's data (facts, sources and chart tables) and charts.
COPIED = ("site.toml", "data", "charts", *FRAME_DIRS)
NAV_PAGES = 6          # pairs 1..6 set `order:` (the real site's six explainers)
CHART_EVERY = 25       # pairs 1, 26, 51, … place a chart: all eight from 176 pairs up
CHART_IDS = tuple(read_charts(REPO, Diagnostics()))


def _top_level_keys(folder: Path) -> tuple[str, ...]:
    """The ids defined in data/<folder>/*.yaml (top-level keys), sorted."""
    keys = set()
    for path in sorted(folder.glob("*.yaml")):
        keys.update(re.findall(r"(?m)^([a-z][a-z0-9_-]*):", path.read_text(encoding="utf-8")))
    return tuple(sorted(keys))


# Facts and sources the pages cite: a dozen of each from the real data, as on the real site.
FACTS = _top_level_keys(REPO / "data" / "facts")[:12]
SOURCES = _top_level_keys(REPO / "data" / "sources")[:12]

JA_SENTENCES = [
    "OpenAIはAWSと{fact}の契約を結び、計算資源の調達先を広げました。",
    "この契約は{fact}にわたって段階的に実行される予定です。",
    "クラウド各社はデータセンターへの投資を急速に増やしています。",
    "生成AIの学習と推論には大量のGPUと電力が必要になります。",
    "複数のクラウドを使い分ける戦略は、供給の偏りを避けるために選ばれています。",
    "発表は{fact}で、市場では大きな驚きをもって受け止められました。",
    "報道された数字と公式発表の数字には食い違いがあり、注意が必要です。",
    "エージェント型のAIは、ツールを呼び出しながら作業を自分で進めます。",
    "そのためGPUだけでなく、汎用のCPUも数多く必要になると考えられています。",
    "売上に比べて契約の総額が大きいことを懸念する声もあります。",
    "電力の確保は、今後の計算資源の拡大にとって最大の制約の一つです。",
    "各社は自社設計の半導体を開発し、調達コストの削減を目指しています。",
    "利用者数は{fact}に達したと発表されました。",
    "市場シェアでは、上位三社が全体の{fact}前後を占めています。",
]
_EN_VOCABULARY = """compute capacity cloud provider contract agreement chips data centre power grid model training
inference agents customers revenue investment market share analysts reported announced expected deployment
clusters processors accelerators latency throughput demand supply regulators partners the a of to in and for
with on by over while because which that its their this those these"""
EN_WORDS = _EN_VOCABULARY.split()
EN_FACT_SENTENCES = [
    "OpenAI agreed to buy {fact} of capacity from Amazon Web Services.",
    "The agreement runs for {fact} and grows in stages.",
    "It was announced on {fact}, to the surprise of many analysts.",
    "Usage passed {fact}, according to the company.",
    "The three largest providers hold about {fact} of the market between them.",
]


@dataclass(frozen=True)
class Corpus:
    root: Path
    pairs: int

    def page(self, lang: str, n: int) -> Path:
        return self.root / "content" / lang / f"{slug(n)}.md"


def slug(n: int) -> str:
    return f"topic-{n:04d}"


def generate(out: Path, pairs: int, seed: int = 0, frame: Path = REPO) -> Corpus:
    """Write a corpus of `pairs` ja/en page pairs (plus home pages) to `out`, replacing it."""
    if out.exists():
        shutil.rmtree(out)
    rng = random.Random(seed)
    (out / "content" / "ja").mkdir(parents=True)
    (out / "content" / "en").mkdir(parents=True)
    for name in COPIED:
        copy = shutil.copytree if (frame / name).is_dir() else shutil.copyfile
        copy(frame / name, out / name)
    _write_pair(out, "index", order=0, pairs=pairs, rng=rng)
    for n in range(1, pairs + 1):
        chart = CHART_IDS[(n // CHART_EVERY) % len(CHART_IDS)] if n % CHART_EVERY == 1 else None
        _write_pair(out, slug(n), order=n if n <= NAV_PAGES else None, pairs=pairs, rng=rng, chart=chart)
    return Corpus(out, pairs)


def edit_line(path: Path, marker: str) -> None:
    """The one-line edit benchmarks time: replace the page's last line with `marker`."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    head, _, _ = text.rpartition("\n")
    path.write_text(f"{head}\n{marker}\n", encoding="utf-8")


def append_line(path: Path, line: str) -> None:
    """The one-file edit of the build benchmark: a new last paragraph (the page's body changes)."""
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\n{line}\n")


def _write_pair(out: Path, name: str, order: int | None, pairs: int, rng: random.Random,
                chart: str | None = None) -> None:
    links = [slug(rng.randint(1, pairs)) for _ in range(4)] if pairs else []
    number = name.rpartition("-")[2].lstrip("0")
    ja_title = "ベンチマーク用のトップページ" if name == "index" else f"計算資源の話 その{number}"
    en_title = "Benchmark home page" if name == "index" else f"Notes on compute, part {number}"
    ja_desc = f"{ja_title}の概要です。"
    en_desc = f"An overview of {en_title.lower()}."
    ja_body = _body("ja", rng, links, chart)
    en_body = _body("en", rng, links, chart)
    front = "date: 2025-12-08\n" + (f"order: {order}\n" if order is not None else "")
    ja = f"---\ntitle: {ja_title}\ndescription: {ja_desc}\n{front}---\n{ja_body}"
    digest = page_digest(ja_title, ja_desc, ja_body)
    en = f"---\ntitle: {en_title}\ndescription: {en_desc}\n{front}source_hash: {digest}\n---\n{en_body}"
    (out / "content" / "ja" / f"{name}.md").write_text(ja, encoding="utf-8")
    (out / "content" / "en" / f"{name}.md").write_text(en, encoding="utf-8")


def _fact(rng: random.Random, keys: tuple[str, ...] = tuple(FACTS)) -> str:
    return "{{ fact " + rng.choice(keys) + " }}"


def _ja_paragraph(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        sentence = rng.choice(JA_SENTENCES)
        out.append(sentence.format(fact=_fact(rng)))
        if rng.random() < 0.2:
            out.append("{{ cite " + rng.choice(SOURCES) + " }}")
    return "".join(out)


def _en_paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        if rng.random() < 0.15:
            out.append(rng.choice(EN_FACT_SENTENCES).format(fact=_fact(rng)))
        else:
            sentence = " ".join(rng.choice(EN_WORDS) for _ in range(rng.randint(8, 18)))
            out.append(sentence.capitalize() + ".")
        if rng.random() < 0.1:
            out[-1] += " {{ cite " + rng.choice(SOURCES) + " }}"
    return " ".join(out)


# Section ids are the same in both languages, so the language switch keeps the reader's place.
SECTIONS = ("background", "numbers", "context", "outlook")


# Each language's words: headings, a paragraph maker with its sizes (sentences for Japanese,
# words for English: a section, a list item, an aside) and the fixed phrases.
_WORDS = {
    "ja": {"headings": ("背景", "主な数字", "他の契約との関係", "今後の見通し"), "paragraph": _ja_paragraph,
           "sizes": (9, 1, 6), "table": ("項目", "値", "項目{n}"),
           "link": "関連する解説は[こちらのページ]({target})にあります。",
           "aside": "補足{n}", "note": "注{n}の本文です。", "last": "最終行です。"},
    "en": {"headings": ("Background", "The numbers", "Against the other deals", "What comes next"),
           "paragraph": _en_paragraph, "sizes": (200, 15, 150), "table": ("Item", "Value", "Item {n}"),
           "link": "More in [this explainer]({target}).", "aside": "Aside {n}", "note": "The text of note {n}.",
           "last": "The last line."},
}


def _body(lang: str, rng: random.Random, links: list[str], chart: str | None = None) -> str:
    words = _WORDS[lang]
    paragraph, (section, item, aside) = words["paragraph"], words["sizes"]
    parts = []
    for i, (sid, heading) in enumerate(zip(SECTIONS, words["headings"], strict=True)):
        parts.append(f"## {heading} {{#{sid}}}\n\n{paragraph(rng, section)}\n")
        if i == 1 and chart:
            parts.append(f"{{{{ chart {chart} }}}}\n")
        if i == 1:
            name, value, row = words["table"]
            parts.append(f"| {name} | {value} |\n|---|---|\n"
                         + "".join(f"| {row.format(n=n)} | {_fact(rng)} |\n" for n in range(4)))
            parts.append("- " + paragraph(rng, item) + "\n- " + paragraph(rng, item) + "\n")
        if links:
            anchor = f"#{rng.choice(SECTIONS)}" if i % 2 else ""
            parts.append(words["link"].format(target=f"{links[i]}.md{anchor}") + f"[^{i + 1}]\n")
        parts.append(f"### {words['aside'].format(n=i + 1)} {{#aside-{i + 1}}}\n\n{paragraph(rng, aside)}\n")
    parts.extend(f"[^{i + 1}]: {words['note'].format(n=i + 1)}\n" for i in range(len(SECTIONS)) if links)
    parts.append(words["last"] + "\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=100, help="page pairs (pages = 2 × pairs + 2 home pages)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    corpus = generate(args.out, args.pairs, args.seed)
    print(f"wrote {2 * args.pairs + 2} pages to {corpus.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
