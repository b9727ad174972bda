"""Every figure on the pages comes from data/, and the figures that data/ derives agree with their inputs.

- The Markdown in content/ holds no hand-typed figure: amounts, percentages, quantities and dates
  are written by `{{ fact }}` (data/facts), so Japanese and English show the same number, each
  formatted for its language. What the pages may still type: years (2025, 2025年3月, 2026年度),
  small counts in Japanese (5社, 1週間; English spells one to nine out), names with digits
  (GB200, gpt-oss-120b) and the names listed in ALLOWED.
- A derived fact (a yearly average, a multiple, a yen conversion) equals its formula over the
  facts it is derived from, so updating an input cannot leave a stale result behind.
- Where data/ texts type a figure (timeline events, chart notes), Japanese and English agree and
  the figure is a fact.
- Where two chart tables show the same deal, they agree.
- A chart's takeaway (data/charts.yaml) that states a number or a comparison still holds on the
  chart's own table.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from sitegen.diagnostics import Diagnostics
from sitegen.load.data import load_data
from sitegen.load.model import Fact

from .conftest import REPO

ALLOWED = ("Apache 2.0",)          # a licence's name, not a figure
_HIDDEN = (r"\{\{.*?\}\}",         # shortcodes: the figures themselves
           r"\]\([^)]*\)",         # link targets
           r"\{[#.:][^}]*\}",      # attribute lists {#id .class}
           r"<[^>]+>",             # raw HTML tags
           r"`[^`]*`",             # code
           r"^\s*\d+\.\s")         # the number of an ordered list item
_NUMBER = re.compile(r"(?<![A-Za-z0-9\-.])\d+(?:[.,]\d+)*(?![a-z0-9])")   # GB200, gpt-oss-20b are names; 150MW is not
_YEAR = re.compile(r"(19|20)\d\d")
_SHOWN_KEYS = re.compile(r"(title|description|nav_title):")
_UNIT = r"GW|MW|%|ドル|円|億|兆|万"


def typed_figures(markdown: str, lang: str) -> list[tuple[int, str]]:
    """(line, context) for every number in `markdown` that should have come from data/facts."""
    found = []
    lines = markdown.splitlines()
    if lines and lines[0] == "---":             # front matter: only what the page shows
        end = lines.index("---", 1)
        lines[1:end] = [line if _SHOWN_KEYS.match(line) else "" for line in lines[1:end]]
    for number, line in enumerate(lines, 1):
        for pattern in (*_HIDDEN, *map(re.escape, ALLOWED)):
            line = re.sub(pattern, " ", line)
        for m in _NUMBER.finditer(line):
            token, before, after = m.group(), line[m.start() - 1:m.start()], line[m.end():m.end() + 4]
            if _YEAR.fullmatch(token) and not re.match(r"年\d+月\d", after):
                continue                                    # a year, or a year and month in Japanese
            if lang == "ja" and before == "年" and re.match(r"月(?!\d)", after):
                continue                                    # the month of 2025年10月
            if lang == "ja" and re.fullmatch(r"[1-9]", token) and not (
                    re.match(_UNIT, after) and not line[:m.start()].endswith("最初の")
                    and not after.startswith("ドル＝")):
                continue                                    # 5社, 1週間, 最初の1GW, 1ドル＝; not 5GW or 3%
            found.append((number, " ".join(line[max(0, m.start() - 20):m.end() + 12].split())))
    return found


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The deal is worth $38 billion."),
    ("en", "It runs for 7 years."),                              # English spells one to nine out
    ("en", "Announced on November 3, 2025."),
    ("en", "AWS holds 29% of the market."),
    ("ja", "契約額は380億ドルです。"),
    ("ja", "2025年11月3日に発表されました。"),
    ("ja", "11月3日に発表"),
    ("ja", "約150MW規模"),
    ("ja", "シェアは29%です。"),
    ("ja", "合わせて5GWの容量"),
    ("en", "---\ntitle: A $38B deal\norder: 1\n---\nText."),
])
def test_a_typed_figure_is_found(lang: str, text: str) -> None:
    assert typed_figures(text, lang), text


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The deal is worth {{ fact aws_deal_value }}, announced on {{ fact aws_announce_date }}."),
    ("en", "In February 2026 the contract grew; by the end of 2026, in 2025–2030."),
    ("en", "Both the GB200 and GB300, gpt-oss-120b and MI450 under an Apache 2.0 license."),
    ("en", "See [the deal](deal.md#finances){#x} and `v2.1`.\n1. First\n2. Second"),
    ("en", "---\ntitle: The {{ fact aws_deal_value }} deal\norder: 12\n---\nText."),
    ("ja", "2025年10月に再編し、2026年度に開業します。5社と契約し、1週間後に3件。最初の1GWは2026年に。"),
    ("ja", "[お金の流れ](money.md)：{{ fact revenue_2025 }}（2025年）"),
])
def test_what_the_pages_may_type_passes(lang: str, text: str) -> None:
    assert typed_figures(text, lang) == []


def test_no_figure_is_typed_into_the_pages() -> None:
    pages = sorted((REPO / "content").glob("*/*.md"))
    assert len(pages) >= 10, "the real site's pages"
    found = [f"{path.relative_to(REPO)}:{line}: …{context}…"
             for path in pages for line, context in typed_figures(path.read_text(encoding="utf-8"), path.parent.name)]
    assert found == [], "write these with {{ fact … }} (data/facts), not by hand:\n  " + "\n  ".join(found)


@pytest.fixture(scope="module")
def units() -> dict[str, str]:
    return {key: fact.unit for key, fact in _facts().items()}


@pytest.fixture(scope="module")
def facts() -> dict[str, float]:
    return {key: fact.value for key, fact in _facts().items()}


@functools.cache
def _facts() -> dict[str, Fact]:
    diags = Diagnostics()
    data = load_data(Path(REPO), ("ja", "en"), diags)
    assert not [d for d in diags.items if d.level == "error"]
    return dict(data.facts)


def _shown(value: float, digits: int) -> float:
    """`value` to `digits` significant figures."""
    return float(f"{value:.{digits}g}")


# derived fact → its formula over other facts, as its `note` in data/facts writes it
DERIVED: dict[str, Callable[[dict[str, float]], float]] = {
    "aws_deal_per_year": lambda f: f["aws_deal_value"] / f["aws_deal_term"],
    "aws_deal_jpy": lambda f: f["aws_deal_value"] * f["usd_jpy_rate"],
    "oracle_deal_per_year": lambda f: f["oracle_deal_value"] / f["oracle_deal_term"],
    "commitments_per_year": lambda f: f["altman_total_usd"] / f["altman_horizon_years"],
    "commitments_revenue_multiple": lambda f: f["commitments_per_year"] / f["revenue_2025"],
    "compute_spend_target_per_year": lambda f: f["compute_spend_target_2030"] / (2030 - 2026 + 1),
    "revenue_growth_needed_2030": lambda f: f["revenue_target_2030"] / f["revenue_2025"],
    "nvl72_cores_per_gpu": lambda f: f["nvl72_cpu_cores"] / f["nvl72_gpus"],
    "round_completed_valuation": lambda f: f["premoney_valuation"] + f["round_completed_total"],
    "coreweave_total_value": lambda f: (f["coreweave_first_value"] + f["coreweave_may_2025_value"]
                                        + f["coreweave_sep_2025_value"]),
}


@pytest.mark.parametrize("key", sorted(DERIVED))
def test_a_derived_fact_equals_its_formula(facts: dict[str, float], key: str) -> None:
    expected = DERIVED[key](facts)
    # the fact is the formula's result rounded for the page: to two significant figures at most
    assert _shown(facts[key], 2) == _shown(expected, 2), f"{key} = {facts[key]}, its formula gives {expected}"


_SCALE = {"億": 1e8, "兆": 1e12, "billion": 1e9, "trillion": 1e12}


FIGURE_UNITS = ("usd", "gw", "mw", "percent")


def timeline_figures(text: str, lang: str) -> tuple[list[float], ...]:
    """The dollar amounts, gigawatts, megawatts and percentages a timeline event states, as numbers."""
    space = "" if lang == "ja" else " "
    if lang == "ja":
        money = re.findall(r"(\d+(?:\.\d+)?)(億|兆)ドル", text)
    else:
        money = re.findall(r"\$(\d+(?:\.\d+)?) (billion|trillion)", text)
    gw = [float(n) for n in re.findall(rf"(\d+(?:\.\d+)?){space}GW", text)]
    gw += [1.0] * len(re.findall(r"\b(?:a|one|first) gigawatt", text))
    mw = [float(n) for n in re.findall(rf"(\d+(?:\.\d+)?){space}MW", text)]
    percent = [float(n) for n in re.findall(r"(\d+(?:\.\d+)?)%", text)]
    return sorted(float(n) * _SCALE[unit] for n, unit in money), sorted(gw), sorted(mw), sorted(percent)


# figures typed in data/ texts that are no fact, and why
NOT_FACTS = {("percent", 100.0): "a whole, in 'all others = 100% minus the top three'",
             ("percent", 1.0): "Gartner's 'less than 1%' for 2024, a baseline note"}


def bilingual_texts() -> list[tuple[str, str, str]]:
    """(where, Japanese, English) for every text data/ holds in both languages: the CSV tables'
    _ja/_en columns, and the {ja, en} texts of their .yaml files, charts.yaml and glossary.yaml."""
    pairs = []
    for path in sorted((REPO / "data" / "datasets").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fp:
            for number, row in enumerate(csv.DictReader(fp), 2):
                pairs += [(f"{path.relative_to(REPO)}:{number} {name}", row[name], row[name[:-3] + "_en"])
                          for name in row if name.endswith("_ja") and name[:-3] + "_en" in row]

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict) and isinstance(node.get("ja"), str) and isinstance(node.get("en"), str):
            pairs.append((where, node["ja"], node["en"]))
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{where} {key}")
    for path in [*sorted((REPO / "data" / "datasets").glob("*.yaml")), REPO / "data" / "charts.yaml",
                 REPO / "data" / "glossary.yaml"]:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(REPO)))
    return pairs


def test_figures_typed_in_data_texts_agree_across_languages_and_with_the_facts(facts: dict[str, float],
                                                                              units: dict[str, str]) -> None:
    """Texts in data/ (timeline events, chart notes, glossary definitions) may type a figure; each
    must say the same in Japanese and English and be a value data/facts holds, in its unit."""
    known = {unit: [v for k, v in facts.items() if units[k] == unit] for unit in FIGURE_UNITS}
    assert timeline_figures("10億ドルと4.5GW、750MW、27%", "ja") == ([1e9], [4.5], [750.0], [27.0])
    assert timeline_figures("$1 billion, 4.5 GW, 750 MW, 27%", "en") == ([1e9], [4.5], [750.0], [27.0])
    texts = bilingual_texts()
    assert any("timeline.csv" in where for where, _, _ in texts) and any("notes" in w for w, _, _ in texts)
    problems = []
    for where, ja_text, en_text in texts:
        if where.endswith("takeaway"):
            continue        # worded differently on purpose (3割近く, close to three in ten): TAKEAWAYS checks them
        ja, en = timeline_figures(ja_text, "ja"), timeline_figures(en_text, "en")
        if ja != en:
            problems.append(f"{where}: ja {ja} ≠ en {en}")
        for unit, values in zip(FIGURE_UNITS, ja, strict=True):
            problems += [f"{where}: {value:g} ({unit}) is no fact in data/facts" for value in values
                         if (unit, value) not in NOT_FACTS
                         and not any(abs(value - v) <= 1e-9 * value for v in known[unit])]
    assert problems == [], "\n  ".join(["figures typed in data/ texts:", *problems])


def _table(name: str) -> list[dict[str, str]]:
    with (REPO / "data" / "datasets" / f"{name}.csv").open(encoding="utf-8", newline="") as fp:
        return list(csv.DictReader(fp))


def _cell(table: list[dict[str, str]], key: str, value: str, column: str) -> float:
    return float(next(row[column] for row in table if row[key] == value))


def test_the_circular_chart_agrees_with_the_deals_chart(facts: dict[str, float]) -> None:
    """What OpenAI promised to buy (circular.csv) is the deals of commitments.csv, plus the 2026 AWS expansion."""
    circular, deals = _table("circular"), _table("commitments")
    bought = {"Microsoft": _cell(deals, "partner_en", "Microsoft Azure", "usd_bn"),
              "Oracle": _cell(deals, "partner_en", "Oracle (OCI)", "usd_bn"),
              "CoreWeave": _cell(deals, "partner_en", "CoreWeave", "usd_bn"),
              "Amazon": _cell(deals, "partner_en", "Amazon Web Services", "usd_bn")
              + facts["aws_expansion_value"] / 1e9}
    for partner, expected in bought.items():
        assert _cell(circular, "partner_en", partner, "from_openai_usd_bn") == pytest.approx(expected), partner
    # SoftBank: its March 2025 share, plus as much as NVIDIA in the February 2026 round
    softbank = (facts["softbank_march_2025_investment"] + facts["nvidia_round_investment"]) / 1e9
    assert _cell(circular, "partner_en", "SoftBank Group", "into_openai_usd_bn") == pytest.approx(softbank)



# "X is OpenAI's largest backer": who invested most is the circular chart's table to say
_LARGEST_BACKER = {
    "en": re.compile(r"([A-Z][\w ]*?) (?:is|has been|remains)(?: both)? OpenAI's (?:largest|main|biggest) "
                     r"(?:backer|investor|shareholder)\b"),
    "ja": re.compile(r"([^\s、。（）]+?)は[^。]*?OpenAIの最大の(?:後ろ盾|出資者|株主)(?:です|であ)"),
}


def largest_backers_named(markdown: str, lang: str) -> list[tuple[int, str]]:
    """(line, company) wherever `markdown` says, in the present, that a company is OpenAI's largest backer."""
    return [(number, m.group(1).strip()) for number, line in enumerate(markdown.splitlines(), 1)
            for m in _LARGEST_BACKER[lang].finditer(re.sub(r"\{\{.*?\}\}", "X", line))]


@pytest.mark.parametrize(("lang", "text", "named"), [
    ("en", "Microsoft is both OpenAI's largest backer and a seller", "Microsoft"),
    ("en", "Microsoft has been OpenAI's main backer since it invested", "Microsoft"),
    ("ja", "マイクロソフトは、{{ fact d }}に出資して以来、OpenAIの最大の後ろ盾です。", "マイクロソフト"),
    ("ja", "相手の事情もあります。マイクロソフトはOpenAIの最大の出資者であると同時に", "マイクロソフト"),
])
def test_a_largest_backer_claim_is_found(lang: str, text: str, named: str) -> None:
    assert largest_backers_named(text, lang) == [(1, named)]


def test_a_company_called_openais_largest_backer_invested_the_most() -> None:
    """A page may call a company OpenAI's largest backer only if the money chart (circular.csv) agrees:
    after Amazon's and SoftBank's 2026 investments it is no longer Microsoft."""
    rows = _table("circular")
    top = max(rows, key=lambda r: float(r["into_openai_usd_bn"]))
    problems = [f"{path.relative_to(REPO)}:{number}: calls {company} OpenAI's largest backer; "
                f"circular.csv says {top['partner_en']} invested the most"
                for path in sorted((REPO / "content").glob("*/*.md"))
                for number, company in largest_backers_named(path.read_text(encoding="utf-8"), path.parent.name)
                if company != top[f"partner_{path.parent.name}"]]
    assert problems == [], "\n  ".join(["who invested most in OpenAI:", *problems])


def _source_dates() -> dict[str, str]:
    dates = {}
    for path in (REPO / "data" / "sources").glob("*.yaml"):
        for key, source in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(source, dict) and source.get("date"):
                dates[key] = str(source["date"])
    return dates


def test_a_charts_figures_as_of_date_is_the_cut_off_or_a_date_its_figures_carry() -> None:
    """'Figures as of …' under a chart (the dataset's as_of) means either that the table was checked at the
    site's data cut-off, or the date of the figures themselves: a row's date or one of its sources' dates.
    Any other date says the table was last looked at on a day nothing happened, before the cut-off."""
    cut_off = str(_facts()["site_as_of"].value)
    source_dates = _source_dates()
    problems = []
    for meta_path in sorted((REPO / "data" / "datasets").glob("*.yaml")):
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        as_of = str(meta["as_of"])
        rows = _table(meta_path.stem)
        date_columns = [name for name, column in meta["columns"].items() if column.get("type") == "date"]
        carried = {row[c] for row in rows for c in date_columns if row[c]}
        carried |= {source_dates[s] for s in meta.get("sources", []) if s in source_dates}
        if as_of > cut_off or (as_of != cut_off and as_of not in carried):
            problems.append(f"{meta_path.relative_to(REPO)}: as_of {as_of} is neither the cut-off {cut_off} "
                            f"nor a date of its rows or sources")
    assert problems == [], "\n  ".join(["stale 'Figures as of' dates:", *problems])


# table → (number column, the column of codes that bounds it: at_least, over, or empty for exact)
BOUNDS = {"agentic_outlook": ("target_pct", "target_bound")}


def test_a_fact_read_from_a_table_is_bounded_as_the_table_bounds_it() -> None:
    """'more than 40%' in the prose ({{ fact }}'s qualifier) and on the chart's bar (the table's bound) agree."""
    checked, problems = 0, []
    for path in sorted((REPO / "data" / "facts").glob("*.yaml")):
        for key, fact in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            if not isinstance(fact, dict) or fact.get("dataset") not in BOUNDS:
                continue
            number, bound = BOUNDS[fact["dataset"]]
            if fact["column"] != number:
                continue
            row = next(r for r in _table(fact["dataset"]) if all(r[k] == v for k, v in fact["row"].items()))
            checked += 1
            if (fact.get("qualifier") or "") != row[bound]:
                problems.append(f"{path.relative_to(REPO)} {key}: qualifier {fact.get('qualifier')!r}, "
                                f"but data/datasets/{fact['dataset']}.csv bounds the cell {row[bound]!r}")
    assert checked >= 3 and problems == [], "\n  ".join(["bounds:", *problems])


def test_synergys_growth_rate_is_close_to_what_its_table_shows(facts: dict[str, float]) -> None:
    """The page quotes Synergy's own year-on-year growth for the latest quarter and says that dividing
    the chart's rounded totals gives a little more: that holds, and no typo (53% for 35%) slips through."""
    market = {r["quarter_en"]: float(r["market_usd_bn"]) for r in _table("cloud_market") if r["market_usd_bn"]}
    from_table = (market["Q1 2026"] / market["Q1 2025"] - 1) * 100
    assert 0 <= from_table - facts["mc_growth_q1_2026"] <= 3, (from_table, facts["mc_growth_q1_2026"])

def _months(start: str, end: str) -> float:
    return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days / (365.25 / 12)


def _share(rows: list[dict[str, str]], provider: str) -> float:
    return _cell(rows, "provider_en", provider, "share_pct")


def _cloud_share(rows: list[dict[str, str]]) -> bool:
    top3 = sum(float(r["share_pct"]) for r in rows if "derived" not in r["provider_en"])
    return 25 <= _share(rows, "AWS (Amazon)") < 30 and 60 < top3 < 67


def _cloud_market(rows: list[dict[str, str]]) -> bool:
    # The quarters between Q3 2023 and Q1 2025 are rows without a figure (the chart's empty slots):
    # "left empty, as we have no sourced figure for them", and only those.
    every = sorted(rows, key=lambda r: r["quarter_end"])
    rows = [r for r in every if r["market_usd_bn"]]
    empty = [r["quarter_end"] for r in every if not r["market_usd_bn"]]
    between = [r["quarter_end"] for r in every if rows[0]["quarter_end"] < r["quarter_end"] < "2025"]
    sizes = [float(r["market_usd_bn"]) for r in rows]
    # "from early 2025 on, each quarter topped the one before": those quarters are consecutive, and grow
    recent = [r for r in rows if r["quarter_end"] >= "2025"]
    consecutive = all(round(_months(a["quarter_end"], b["quarter_end"])) == 3 for a, b in itertools.pairwise(recent))
    growing = all(float(a["market_usd_bn"]) < float(b["market_usd_bn"]) for a, b in itertools.pairwise(recent))
    return 1.8 <= sizes[-1] / sizes[0] < 2 and len(recent) >= 4 and consecutive and growing and empty == between


def _chatgpt(rows: list[dict[str, str]]) -> bool:
    first, last = rows[0], rows[-1]
    return (float(last["wau_millions"]) == 800 == 2 * float(first["wau_millions"])
            and _months(first["date"], last["date"]) < 8)


def _affordability(rows: list[dict[str, str]]) -> bool:
    usd = {r["item_en"]: float(r["usd_bn"]) for r in rows}
    yearly = usd["Commitments, yearly average"]
    return yearly / usd["2025 revenue"] > 10 and 0.5 < usd["2030 revenue target"] / yearly < 2


def _cpu_gpu(rows: list[dict[str, str]]) -> bool:
    per_gpu = {r["system_en"]: float(r["cores_per_gpu"]) for r in rows}
    exact = all(float(r["cores_per_gpu"]) == float(r["cpu_cores"]) / float(r["gpus"]) for r in rows)
    return exact and per_gpu["NVIDIA GB200 NVL72"] > 2 * per_gpu["NVIDIA DGX B200 (Intel CPU server)"]


def _agentic(rows: list[dict[str, str]]) -> bool:
    canceled = next(r for r in rows if "canceled" in r["metric_en"])
    # "more than 40% … by the end of 2027"
    return (float(canceled["target_pct"]) == 40 and canceled["target_bound"] == "over"
            and canceled["target_by_en"] == "by the end of 2027")



def _usd(row: dict[str, str], column: str = "usd_bn") -> float:
    return float(row[column]) if row[column] else 0.0


def _commitments(rows: list[dict[str, str]]) -> bool:
    largest = max(rows, key=_usd)
    purchases = sorted((r for r in rows if r["deal_type_en"].startswith("Cloud purchase") and r["usd_bn"]),
                       key=_usd, reverse=True)
    top2, rest = purchases[:2], purchases[2:]
    aws = next(r for r in rows if r["partner_en"] == "Amazon Web Services")
    # "among purchases, Oracle and Microsoft dwarf the rest, and AWS is a fraction of either"
    return (largest["partner_en"].startswith("Stargate") and not largest["deal_type_en"].startswith("Cloud purchase")
            and {r["partner_en"].split()[0] for r in top2} == {"Oracle", "Microsoft"}
            and all(_usd(r) < _usd(top2[1]) / 4 for r in rest) and _usd(aws) < _usd(top2[1]) / 2)


def _capacity(rows: list[dict[str, str]]) -> bool:
    most = max(float(r["gw"]) for r in rows if r["gw"])
    leaders = {r["partner_en"].split()[0] for r in rows if r["gw"] and float(r["gw"]) == most}
    aws = next(r for r in rows if r["partner_en"] == "Amazon Web Services")
    # the title says "in 2025": every row is a 2025 announcement (AWS's 2026 Trainium gigawatts are not)
    return leaders == {"Broadcom", "NVIDIA"} and not aws["gw"] and all(r["announced"][:4] == "2025" for r in rows)


def _revenue(rows: list[dict[str, str]]) -> bool:
    both = [r for r in rows if r["arr_usd_bn"] and r["compute_gw"]]
    first, last = both[0], both[-1]
    arr_growth = float(last["arr_usd_bn"]) / float(first["arr_usd_bn"])
    compute_growth = float(last["compute_gw"]) / float(first["compute_gw"])
    # "from the end of 2023 to the end of 2025, at about the same pace": within a fifth of each other
    return (first["period"], last["period"]) == ("2023-12", "2025-12") and 0.8 < arr_growth / compute_growth < 1.25


def _event_start(date: str) -> dt.date:
    """The first day a timeline date can mean: '2026-H2' is 2026-07-01, '2027' is 2027-01-01."""
    year, _, rest = date.partition("-")
    if rest.startswith("H"):
        return dt.date(int(year), 1 if rest == "H1" else 7, 1)
    month, _, day = rest.partition("-")
    return dt.date(int(year), int(month or 1), int(day or 1))


def _timeline(rows: list[dict[str, str]]) -> bool:
    in_2025 = sum(r["date"].startswith("2025") for r in rows)
    # "the hollow points, from the second half of 2026 on, are announced targets": exactly those
    from_h2_2026 = [_event_start(r["date"]) >= dt.date(2026, 7, 1) for r in rows]
    targets = [r["category"] == "target" for r in rows]
    return in_2025 > len(rows) / 2 and from_h2_2026 == targets and any(targets)


def _circular(rows: list[dict[str, str]]) -> bool:
    both = [r for r in rows if r["partner_en"] in ("Microsoft", "Amazon")]
    return len(both) == 2 and all(_usd(r, "from_openai_usd_bn") > 2 * _usd(r, "into_openai_usd_bn") > 0 for r in both)

# chart → (words of its takeaway that state the claim, per language; the check on the chart's table)
TAKEAWAYS: dict[str, tuple[dict[str, tuple[str, ...]], str, Callable[[list[dict[str, str]]], bool]]] = {
    "cloud-share": ({"ja": ("3割近く", "6割強"), "en": ("close to three in every ten", "more than 60%")},
                    "cloud_share", _cloud_share),
    "cloud-market": ({"ja": ("2倍近く", "前の四半期を上回"),
                      "en": ("nearly doubled", "each quarter topped the one before")},
                     "cloud_market", _cloud_market),
    "chatgpt-users": ({"ja": ("8カ月足らずで2倍の8億人",), "en": ("doubled to 800 million in under eight months",)},
                      "chatgpt_users", _chatgpt),
    "affordability": ({"ja": ("10倍を超え", "釣り合います"), "en": ("more than ten times", "same scale")},
                      "affordability", _affordability),
    "cpu-per-gpu": ({"ja": ("2倍以上",), "en": ("more than twice",)}, "cpu_gpu", _cpu_gpu),
    "agentic-outlook": ({"ja": ("2027年末までにプロジェクトの4割超",), "en": ("more than 40% of projects",)},
                        "agentic_outlook", _agentic),
    "commitments": ({"ja": ("最も大きいスターゲート", "オラクルとマイクロソフトが突出", "数分の一"),
                     "en": ("The largest, Stargate", "Oracle and Microsoft dwarf the rest", "a fraction of either")},
                    "commitments", _commitments),
    "capacity": ({"ja": ("ブロードコムとエヌビディアが最大", "2025年の契約の規模をGW単位で示していません"),
                  "en": ("Broadcom and NVIDIA announced the most", "did not state its 2025 deal in gigawatts")},
                 "capacity", _capacity),
    "revenue": ({"ja": ("2023年末から2025年末まで", "ほぼ同じペース"),
                 "en": ("about the same pace", "from the end of 2023 to the end of 2025")},
                "revenue", _revenue),
    "timeline": ({"ja": ("出来事の多くは2025年", "2026年後半以降"),
                  "en": ("Most events fall in 2025", "from the second half of 2026 on, are announced targets")},
                 "timeline", _timeline),
    "circular": ({"ja": ("マイクロソフトとアマゾン", "大きく上回る"),
                  "en": ("Microsoft and Amazon each invest", "far larger than their investment")},
                 "circular", _circular),
}


@pytest.mark.parametrize("chart", sorted(TAKEAWAYS))
def test_a_takeaway_still_holds_on_its_chart_table(chart: str) -> None:
    words, table, holds = TAKEAWAYS[chart]
    takeaway = yaml.safe_load((REPO / "data" / "charts.yaml").read_text(encoding="utf-8"))[chart]["takeaway"]
    for lang, phrases in words.items():
        for phrase in phrases:
            assert phrase in takeaway[lang], \
                f"data/charts.yaml {chart}: the takeaway no longer says {phrase!r}; update TAKEAWAYS"
    assert holds(_table(table)), f"data/charts.yaml {chart}: the takeaway no longer matches data/datasets/{table}.csv"
