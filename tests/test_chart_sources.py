"""A chart's source line names every source its table's rows cite.

The line under a chart ("Sources: …", 出典：…) is the `sources:` list of the table's .yaml; a
table that cites a source per row (a `source` column, or `<x>_source`) must list each of them
there, or the chart credits one publication while its own table cites another (the timeline
credited Bloomberg for the round OpenAI announced on March 31, 2026, which its row cites to
OpenAI). The list may name more: sources that back a row beside the one in its cell."""

from __future__ import annotations

import csv
import re

import yaml
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from .conftest import REPO


def uncredited(rows: list[dict[str, str]], listed: list[str]) -> list[str]:
    """Source ids the rows cite (in any column named 'source' or ending '_source') that the list lacks."""
    cited = [s for row in rows for column, cell in row.items()
             if column == "source" or column.endswith("_source") for s in cell.split()]
    return sorted(set(cited) - set(listed))


def test_a_row_source_missing_from_the_list_is_found() -> None:
    rows = [{"date": "2026-03-31", "source": "openai-round"}, {"date": "2026", "arr_source": "a b"}]
    assert uncredited(rows, ["bloomberg-round", "a"]) == ["b", "openai-round"]
    assert uncredited(rows, ["openai-round", "a", "b", "bloomberg-round"]) == []


def test_every_source_a_chart_table_cites_is_on_its_source_line() -> None:
    tables = sorted((REPO / "data" / "datasets").glob("*.csv"))
    checked, missing = 0, {}
    for table in tables:
        with table.open(encoding="utf-8", newline="") as fp:
            rows = list(csv.DictReader(fp))
        if not any(c == "source" or c.endswith("_source") for c in rows[0]):
            continue
        checked += 1
        meta = yaml.safe_load(table.with_suffix(".yaml").read_text(encoding="utf-8"))
        if lacking := uncredited(rows, meta.get("sources", [])):
            missing[table.stem] = lacking
    assert checked >= 4, "the timeline, commitments, capacity and revenue tables cite per row"
    assert missing == {}, f"add to the table's sources: list in its .yaml: {missing}"


def _line_items(line: Node) -> list[tuple[str, bool]]:
    """(words, linked) of each source on a chart's source line, the prefix and the as-of date left out."""
    items: list[tuple[str, bool]] = []
    for node in line.iter(include_text=True):
        if node.tag == "a":
            items.append((node.text(), True))
        elif node.tag == "-text":
            text = node.text().split("：", 1)[-1].split(": ", 1)[-1] if not items else node.text()
            # ', ' or '、' between sources; a date's own comma ('May 1, 2025') is inside parentheses
            words = re.split(r"、|,\s(?![^()（）]*[)）])", text.strip(" ,、").rstrip(".。"))
            items += [(w.strip(), False) for w in words if w.strip()]
    return items


def test_a_source_line_never_says_the_same_words_twice_for_two_sources(real_site) -> None:
    """'Sources: …, Synergy Research Group, …, Synergy Research Group.' named two undated releases
    alike; a reader could not tell them apart, and the second told nothing the first had not. Nor
    may two links read alike and lead to different pages."""
    tree = real_site
    lines = [(path, line) for path, data in sorted(tree.items()) if path.endswith(".html")
             for line in HTMLParser(data.decode()).css("p.chart__source")]
    assert lines, "the real site has charts"
    for path, line in lines:
        items = _line_items(line)
        assert items and all(words for words, _ in items), f"{path}: {line.html}"
        repeated = [words for i, (words, linked) in enumerate(items)
                    if not linked and words in [w for w, _ in items[:i]]]
        assert not repeated, f"{path}: {repeated} said again on '{line.text()}'"
        # Two links alike that lead to different pages ('OpenAI (October 6, 2025)' twice, for two
        # posts of that day) cannot be told apart, on the line or in a screen reader's list of links.
        targets: dict[str, set[str]] = {}
        for link in line.css("a"):
            targets.setdefault(link.text(), set()).add(link.attributes["href"] or "")
        alike = {words: sorted(hrefs) for words, hrefs in targets.items() if len(hrefs) > 1}
        assert not alike, f"{path}: links alike lead to different pages on '{line.text()}': {alike}"


def test_japanese_readers_tell_sources_apart_in_japanese(real_site) -> None:
    """Two posts of one publisher on one day (or undated pages) are told apart by their titles; on
    the Japanese timeline that read 'OpenAI（Introducing AgentKit）、OpenAI（AMD and OpenAI announce
    strategic partnership to deploy 6 gigawatts of AMD GPUs）', English to a Japanese reader, and
    without lang="en". A source's `title_ja` is shown there instead; the English title stays in the
    page's list of sources, where it is cited. Every word in brackets on a Japanese source line is
    a date or Japanese words."""
    tree = real_site
    files = [path for path in sorted((REPO / "data" / "sources").glob("*.yaml")) if path.name != "publishers.yaml"]
    sources = {sid: entry for path in files for sid, entry in yaml.safe_load(path.read_text(encoding="utf-8")).items()}
    japanese = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
    told_by_title = 0
    for path, data in sorted(tree.items()):
        if not (path.startswith("ja/") and path.endswith(".html")):
            continue
        for line in HTMLParser(data.decode()).css("p.chart__source"):
            for words, _linked in _line_items(line):
                which = words[words.index("（") + 1:-1] if words.endswith("）") else ""
                assert not which or japanese.search(which), f"{path}: '{words}' on '{line.text()}'"
                titled = [s for s in sources.values() if s.get("title_ja") == which]
                told_by_title += bool(titled)
                # The title in Japanese is shown, and the English one is kept where the source is listed.
                for source in titled:
                    assert str(source["title"]) in tree["ja/sources/index.html"].decode(), source
    assert told_by_title, "the real site tells some sources apart by their title_ja"
