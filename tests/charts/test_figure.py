"""`{{ chart id }}` → the figure: caption, accessible SVG, table, source, downloads."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest

from sitegen.charts import ChartFigures, read_charts
from sitegen.diagnostics import Diagnostics
from sitegen.load.model import FrontMatter, Page
from sitegen.pipeline import load_catalogs, load_site
from sitegen.render.blocks import BlockRenderers
from sitegen.render.markup import MarkdownRenderer
from sitegen.render.templating import make_env

from .conftest import CHART_IDS, CHARTS, Built


def render(root: Path, body: str, lang: str = "ja") -> tuple[str, list[str], ChartFigures]:
    """Markdown → HTML through the real shortcode extension, as page `<lang>/p/`."""
    diags = Diagnostics()
    site = load_site(root, diags)
    catalogs = load_catalogs(site.config, diags)
    envs = {code: make_env(root, catalogs[code], site.config.base_path, catalogs) for code in catalogs}
    gettext = {code: catalog.translations.gettext for code, catalog in catalogs.items()}
    charts = read_charts(root, diags)
    figures = ChartFigures(root, site.data, charts, envs, gettext, diags)
    blocks = BlockRenderers(site.data, envs, figures, frozenset(charts), diags)
    page = Page(lang=lang, source=f"content/{lang}/p.md", key="p", slug="p",
                meta=FrontMatter("T", "D", dt.date(2025, 1, 1)), body=body, body_line=5,
                digest="x")
    result = MarkdownRenderer(lang).render(page, site.data, blocks, lambda p, link: None, diags)
    return result.html, [str(d) for d in diags.sorted()], figures


def parse(html: str) -> Element:
    return html5lib.parse(html, namespaceHTMLElements=False)


def text(element: Element) -> str:
    return "".join(element.itertext()).strip()


@pytest.fixture(scope="module")
def ja(built: Built) -> tuple[str, Element]:
    html, problems, figures = render(built.root, "Before.\n\n{{ chart commitments }}\n\nAfter.")
    assert problems == []
    assert figures.rendered == 0, "the session build drew it already"
    return html, parse(html)


def test_the_shortcode_becomes_one_figure_between_the_paragraphs(ja) -> None:
    html, _ = ja
    assert re.match(r'<p>Before.</p>\n<figure class="chart" id="chart-commitments"[^>]* '
                    r'data-chart-spec="../../charts/commitments.ja.vg.json">', html)
    assert re.search(r"</figure>\s*<p>After.</p>$", html.rstrip())


def test_caption_has_title_and_takeaway(ja) -> None:
    _, tree = ja
    caption = tree.find(".//figcaption")
    assert text(caption.find("p[@class='chart__title']")) == "OpenAIが2025年に結んだ主な計算資源の契約"
    assert text(caption.find("p[@class='chart__takeaway']")).startswith("最も大きいスターゲートは")


def test_svg_is_named_by_the_title_described_by_the_takeaway_and_scales(ja) -> None:
    html, tree = ja
    svgs = tree.findall(".//{http://www.w3.org/2000/svg}svg")
    assert len(svgs) == 2                      # wide and narrow
    for svg in svgs:
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == "chart-commitments-title"
        assert svg.get("aria-describedby") == "chart-commitments-takeaway"
        assert re.fullmatch(r"0 0 (640|328) \d+", svg.get("viewBox"))
        assert svg.get("width") is None and svg.get("height") is None
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert all(i.startswith("chart-commitments") for i in ids)
    assert len(ids) == len(set(ids))


def test_every_id_in_the_figure_is_one_something_refers_to(ja) -> None:
    """Each id in a figure is the figure's own (a link's target) or one its aria attributes name: the
    caption kept an id no one named once 97103ac named the drawing and the table by the title."""
    html, tree = ja
    named = {name for names in re.findall(r'\baria-(?:labelledby|describedby)="([^"]+)"', html)
             for name in names.split()}
    assert set(re.findall(r'\bid="([^"]+)"', html)) - named == {tree.find(".//figure").get("id")}


def test_english_axis_captions_are_off(ja) -> None:
    html, _ = ja
    assert "X-axis" not in html and "Y-axis" not in html
    assert "axis titled" not in html


def test_data_table_in_details_with_column_headers(ja) -> None:
    _, tree = ja
    details = tree.find(".//details[@class='chart__data']")
    assert text(details.find("summary")) == "データを表で見る"
    headers = details.findall(".//thead/tr/th")
    assert [th.get("scope") for th in headers] == ["col"] * 8
    assert [text(th) for th in headers][:3] == ["相手先", "契約の種類", "金額"]
    rows = {text(tr.find("th")): tr for tr in details.findall(".//tbody/tr")}
    assert rows["AWS"].find("th").get("scope") == "row"
    assert [text(td) for td in rows["AWS"].findall("td")][1] == "380億ドル"
    google = rows["Google Cloud"].findall("td")[1]
    assert text(google) == "非公表" and "chart__missing" in google.get("class")
    source = rows["AWS"].findall("td")[-1].find("a")
    assert source.get("href") == "https://openai.com/index/aws-and-openai-partnership/" and text(source) == "OpenAI"


def test_source_line_and_downloads(ja) -> None:
    _, tree = ja
    source = tree.find(".//p[@class='chart__source']")
    assert text(source).startswith("出典：Microsoft (Official Microsoft Blog)、TechSpot、")
    assert "数値は2025年11月30日時点" in text(source)
    assert len(source.findall("a")) == 9
    downloads = tree.findall(".//p[@class='chart__downloads']/a")
    assert [(a.get("href"), a.get("download"), text(a)) for a in downloads] == [
        ("../../charts/commitments.csv", "", "データをダウンロード（CSV）"),
        ("../../charts/commitments.ja.svg", "", "グラフをダウンロード（SVG）"),
    ]


def test_the_date_under_a_chart_is_a_sentence_of_its_own_without_the_stylesheet(built: Built) -> None:
    """'…, Reuters. Figures as of December 6, 2026': the word space after the English full stop was a
    CSS margin, so a feed reader, reader mode or a saved page showed 'Reuters.Figures as of', and the
    text a screen reader gets had no space either. The space is in the text; none after '。'."""
    checked = 0
    for lang in ("ja", "en"):
        for source in parse(built.text(f"{lang}/charts/index.html")).iterfind(".//p[@class='chart__source']"):
            date = source.find("span[@class='chart__as-of']")
            if date is None:
                continue
            checked += 1
            before = re.sub(r"\s+", " ", "".join(source.itertext()))      # as shown without CSS: spaces collapsed
            before = before[:before.rindex(text(date))]
            assert before.endswith("。" if lang == "ja" else ". "), f"{lang}: {before[-30:]!r} + {text(date)!r}"
    assert checked, "no chart source line with a date looked at"


def test_interactive_chart_has_a_hidden_live_container(ja) -> None:
    _, tree = ja
    live = tree.find(".//div[@class='chart__live']")
    assert live is not None and live.get("hidden") == ""
    assert tree.find(".//p[@class='chart__upgrade']").get("hidden") == ""


def test_figure_has_no_inline_style_or_script(ja) -> None:
    html, _ = ja
    assert "style=" not in html and "<style" not in html and "<script" not in html


def test_english_figure(built: Built) -> None:
    html, problems, _ = render(built.root, "{{ chart commitments }}", "en")
    assert problems == []
    tree = parse(html)
    rows = {text(tr.find("th")): [text(td) for td in tr.findall("td")] for tr in tree.findall(".//tbody/tr")}
    assert rows["Amazon Web Services"][1] == "$38 billion"
    assert rows["Google Cloud"][1] == "Not disclosed"       # a cell opens a line
    assert text(tree.find(".//summary")) == "Show the data as a table"
    assert text(tree.find(".//p[@class='chart__notes']")).startswith("Note: The deals differ in kind")


def test_static_chart_has_no_live_parts(built: Built) -> None:
    html, problems, _ = render(built.root, "{{ chart revenue }}")
    assert problems == []
    assert "data-chart-spec" not in html and "chart__live" not in html and "chart__upgrade" not in html


def test_every_chart_is_on_the_fixture_pages_in_both_languages(built: Built) -> None:
    for lang in ("ja", "en"):
        page = built.text(f"{lang}/charts/index.html")
        assert sorted(re.findall(r'<figure class="chart" id="chart-([a-z-]+)"', page)) == sorted(CHART_IDS)
        assert '<script src="../../js/charts.js" defer></script>' in page


def test_downloads_are_in_the_output(built: Built) -> None:
    site = built.root / "site" / "charts"
    dataset = (built.root / "data" / "datasets" / "commitments.csv").read_bytes()
    assert (site / "commitments.csv").read_bytes() == b"\xef\xbb\xbf" + dataset     # a BOM, for Excel
    svg = (site / "commitments.ja.svg").read_text(encoding="utf-8")
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    assert re.search(r'<svg[^>]* width="\d+" height="\d+"', svg)
    assert "<title>OpenAIが2025年に結んだ主な計算資源の契約</title>" in svg
    assert "出典：" in svg                       # a file on its own carries its source


def test_live_spec_is_compiled_vega_with_the_locale_inside(built: Built) -> None:
    spec = json.loads((built.root / "site" / "charts" / "commitments.ja.vg.json").read_text(encoding="utf-8"))
    assert "$schema" not in spec
    assert spec["description"].startswith("OpenAIが2025年に結んだ主な計算資源の契約。")
    assert spec["config"]["locale"]["number"]["currency"] == ["", "ドル"]
    assert spec["autosize"]["type"] == "fit-x"
    static_only = {c for c in CHART_IDS if not (built.root / "site" / "charts" / f"{c}.ja.vg.json").exists()}
    assert static_only == {c for c in CHART_IDS if not CHARTS[c].interactive}


def test_pages_without_charts_do_not_load_the_script(built: Built, project) -> None:
    from sitegen.pipeline import build

    root = project(files={"content/ja/plain.md": "---\ntitle: P\ndescription: D\ndate: 2025-01-01\n---\nText.\n"})
    result = build(root, write=False)
    assert b"charts.js" not in result.tree["ja/plain/index.html"]


def test_coded_columns_show_their_names_in_the_data_table(built) -> None:
    """The timeline's category codes (microsoft, aws…) read as the chart's lane names in its table."""
    import yaml
    labels = yaml.safe_load((built.root / "data" / "charts.yaml").read_text(encoding="utf-8"))["timeline"]["labels"]
    codes = {code for code in labels if " " not in code}
    for lang in ("ja", "en"):
        page = built.text(f"{lang}/charts/index.html")
        start = page.index('<figure class="chart" id="chart-timeline"')
        table = page[page.index("<tbody>", start):page.index("</tbody>", start)]
        cells = {re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)}
        assert not cells & codes, sorted(cells & codes)
        assert {labels[c][lang] for c in codes} & cells


def test_a_publisher_cited_twice_is_told_apart_by_date_or_title() -> None:
    from sitegen.charts.figures import _source_labels
    from sitegen.diagnostics import Location
    from sitegen.load.model import Source

    def source(id_: str, publisher: str, title: str, date: str | None) -> Source:
        return Source(id=id_, publisher=publisher, title=title, url=None, date=date, lang="en", location=Location("x"))
    sources = (source("a", "NVIDIA", "NVIDIA GB200 NVL72", None), source("b", "NVIDIA", "NVIDIA GB300 NVL72", None),
               source("c", "OpenAI", "Deal", "2025-11-03"), source("d", "OpenAI", "Other", "2025-09-22"),
               source("e", "Amazon", "Once", "2025-11-03"), source("f", "Synergy", "[A release]", None),
               source("g", "Synergy", "[Another]", None))
    same_day = (source("h", "OpenAI", "Introducing AgentKit", "2025-10-06"),
                source("i", "OpenAI", "AMD and OpenAI", "2025-10-06"), source("j", "OpenAI", "Deal", "2025-11-03"))
    for lang in ("ja", "en"):
        labels = [label for _, label in _source_labels(sources, lang)]
        assert len(set(labels[:5])) == 5, labels
        # one day, two posts: told apart by their titles; the third by its date, as above
        told = [label for _, label in _source_labels(same_day, lang)]
        assert "Introducing AgentKit" in told[0] and "AMD and OpenAI" in told[1] and told[2] == labels[2], told
        assert labels[4] == "Amazon"                       # cited once: its name alone
        # an editor's [description] is no headline to show, and the same unlinked words are said once (5b5f0b7)
        assert labels[5:] == ["Synergy"]
        assert "NVIDIA GB200 NVL72" in labels[0] and "2025" in labels[2]


def test_a_date_in_a_data_table_starts_as_a_heading_does(built) -> None:
    """'second half of 2026' reads as a fragment at the start of a table row: the table writes
    each date the charts format, capitalized (the timeline has such half-year dates)."""
    from sitegen.charts.prepare import chart_rows, data_table

    site = load_site(built.root, Diagnostics())
    dated = [d for d in site.data.datasets.values() if any(c.type == "date" for c in d.columns)]
    assert dated
    lowercase_seen = False
    for dataset in dated:
        for lang in ("ja", "en"):
            rows = chart_rows(dataset, lang, "not disclosed")
            table = data_table(dataset, lang, site.data.sources, "not disclosed")
            for row, cells in zip(rows, table.rows, strict=True):
                for column, cell in zip(dataset.columns, cells, strict=True):
                    if column.type == "date" and row[column.name] is not None:
                        written = row[f"{column.name}_text"]
                        lowercase_seen |= written[:1].islower()
                        assert cell.text == written[:1].upper() + written[1:]
    assert lowercase_seen, "no date the charts write in lower case: the case this guards against is gone"


def test_a_figure_not_disclosed_is_written_as_typed_ones_are(built) -> None:
    """An empty cell of a data table says "not disclosed" where an editor's typed cells in the same
    tables say "Not disclosed": each cell opens a line, so the empty ones start with a capital too,
    as the dates do (l10n.at_line_start). Read from every built English page's data tables."""
    missing, typed = [], []
    for page in sorted((built.root / "site" / "en").rglob("index.html")):
        for table in parse(page.read_text(encoding="utf-8")).iter("div"):
            if "chart__table" not in (table.get("class") or "").split():
                continue
            for cell in table.iter("td"):
                (missing if "chart__missing" in (cell.get("class") or "") else typed).append(text(cell))
    assert missing, "no empty cell in the fixture's English data tables: the case this guards against is gone"
    assert all(cell[:1].isupper() for cell in missing), sorted(set(missing))
    alike = {cell for cell in typed if cell.casefold() in {m.casefold() for m in missing}}
    assert alike <= set(missing), f"typed {sorted(alike)} against empty {sorted(set(missing))}"
