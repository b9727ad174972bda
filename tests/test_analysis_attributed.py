"""A figure that rests on analysis alone says so where the page uses it.

docs/authoring.md: "A figure that rests on `analysis` … is attributed in the text". A fact whose
sources are all of kind analysis (an analyst's or writer's reading, data/sources/analysis.yaml)
may appear only in a sentence that says it is an analysis ('analysis', 'analyst', 分析), never as
what a company itself reported. A company's own figure is cited to the company (primary) or the
newsroom that reported it."""

from __future__ import annotations

import re

import yaml

from .conftest import REPO

FACT = re.compile(r"\{\{\s*fact\s+(\w+)")
SAYS_ANALYSIS = re.compile(r"analy[sz]|analyst|分析")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])|\n")     # not the dot in deal.md or 1.4


def _yaml(folder: str) -> dict:
    merged: dict = {}
    for path in sorted((REPO / "data" / folder).glob("*.yaml")):
        if path.name != "publishers.yaml":
            merged.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return merged


def analysis_only(facts: dict, kinds: dict[str, str]) -> set[str]:
    return {key for key, fact in facts.items() if isinstance(fact, dict) and fact.get("sources")
            and all(kinds[s] == "analysis" for s in fact["sources"])}


def unattributed_uses(markdown: str, keys: set[str]) -> list[str]:
    """Sentences that use one of `keys` without saying they report an analysis."""
    found = []
    for sentence in SENTENCE_END.split(markdown):
        used = set(FACT.findall(sentence)) & keys
        if used and not SAYS_ANALYSIS.search(sentence):
            found.append(f"{sorted(used)}: {sentence.strip()[:120]}")
    return found


def test_an_unattributed_use_is_found_and_an_attributed_one_passes() -> None:
    keys = {"backlog"}
    assert unattributed_uses("Amazon reported a backlog of {{ fact backlog }}. {{ cite x }}", keys)
    assert unattributed_uses("アマゾンは受注残が{{ fact backlog }}だと明らかにしました。", keys)
    assert not unattributed_uses("An analysis of the filings puts it at {{ fact backlog }}.", keys)
    assert not unattributed_uses("決算資料を読み解いた分析によると、{{ fact backlog }}でした。", keys)
    assert not unattributed_uses("Amazon reported {{ fact other }}.", keys)
    assert not unattributed_uses("An [analysis](sources.md#x) puts it at {{ fact backlog }}.", keys)


def test_every_figure_resting_on_analysis_alone_is_attributed_where_it_is_used() -> None:
    kinds = {key: source["kind"] for key, source in _yaml("sources").items()}
    keys = analysis_only(_yaml("facts"), kinds)
    assert keys, "some facts rest on analysis alone (Microsoft's funded amount, say)"
    found = {}
    for page in sorted((REPO / "content").glob("*/*.md")):
        body = page.read_text(encoding="utf-8").split("---", 2)[2]
        if hits := unattributed_uses(body, keys):
            found[str(page.relative_to(REPO))] = hits
    assert found == {}, ("say it is an analysis, or cite the company or the newsroom that published "
                         f"the figure: {found}")
