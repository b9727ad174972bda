"""The English pages spell as American English does, throughout, and name what they mean.

The English site writes center, license (the noun too), canceled, defense and program (the pages' own
usage): a British spelling among them ('defences', 'data centre') reads as a slip. The check runs on
what English readers read: the English pages and the English side of the data files (glossary,
charts, key numbers, the chart tables' English columns and notes). The same texts never call a
model or a system 'the latest' or 'the newest': what was newest when written is not when read
(docs/style-ja.md has the same rule for 最新).
"""

from __future__ import annotations

import csv
import re

import yaml

from .conftest import REPO

BRITISH = re.compile(
    r"\b(?:centres?|licences?|programmes?|organis(?:e|es|ed|ing|ation|ations)|favours?|colours?|"
    r"analys(?:e|es|ed|ing)|behaviours?|labour|modell(?:ed|ing)|cancell(?:ed|ing)|travell(?:ed|ing)|"
    r"defences?|offences?|catalogue|optimis(?:e|es|ed|ing|ation)|utilis(?:e|es|ed|ing|ation)|"
    r"recognis(?:e|es|ed|ing))\b", re.IGNORECASE)


STALE = re.compile(r"\b(?:latest|newest) (?:models?|systems?|chips?|GPUs?|products?)\b", re.IGNORECASE)


def stale(text: str) -> list[str]:
    """'the latest models', 'NVIDIA's newest systems': true when written, not when read a year on."""
    return [m.group(0) for m in STALE.finditer(text)]


def british(text: str) -> list[str]:
    """British spellings in `text`."""
    return [m.group(0) for m in BRITISH.finditer(text)]


def english_strings(node: object, english: bool = False) -> list[str]:
    """Every string under an `en` key (or a key ending in _en) of a YAML tree, however deep under it
    (the glossary's `en:` holds a term and a definition)."""
    if isinstance(node, str):
        return [node] if english else []
    if isinstance(node, dict):
        return [text for key, value in node.items()
                for text in english_strings(value, english or str(key) == "en" or str(key).endswith("_en"))]
    if isinstance(node, list):
        return [text for item in node for text in english_strings(item, english)]
    return []


def test_latest_and_newest_are_found_before_a_product() -> None:
    assert stale("The deal puts NVIDIA's newest systems to work; the latest models followed.") == [
        "newest systems", "latest models"]
    assert stale("The newest AI sites draw a lot of power; the latest quarter we found.") == []


def test_british_spellings_are_found_and_american_ones_pass() -> None:
    assert british("Three defences: data centres and a licence.") == ["defences", "centres", "licence"]
    assert british("Three defenses: data centers, a license, canceled projects, in favor of color.") == []
    assert english_strings({"x": {"ja": "センター", "en": "a centre"}, "y": [{"note_en": "licence"}],
                            "z": {"ja": {"term": "防衛"}, "en": {"term": "defence", "see": ["a", "b"]}}}) == [
        "a centre", "licence", "defence", "a", "b"]


def _english_texts() -> dict[str, str]:
    texts = {str(p.relative_to(REPO)): p.read_text(encoding="utf-8")
             for p in sorted((REPO / "content" / "en").rglob("*.md"))}
    data = REPO / "data"
    for path in [data / "glossary.yaml", data / "charts.yaml", data / "key_numbers.yaml",
                 *sorted((data / "datasets").glob("*.yaml"))]:
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts[str(path.relative_to(REPO))] = "\n".join(english_strings(tree))
        assert texts[str(path.relative_to(REPO))], f"{path.relative_to(REPO)}: no English text found to check"
    for path in sorted((data / "datasets").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            texts[str(path.relative_to(REPO))] = "\n".join(
                value for row in csv.DictReader(f) for key, value in row.items() if key.endswith("_en"))
    return texts


def test_the_english_pages_and_data_spell_as_americans_do() -> None:
    found = {path: hits for path, text in _english_texts().items() if (hits := british(text))}
    assert found == {}, f"write the American spelling (defense, center, license, canceled): {found}"


def test_no_english_text_calls_a_model_or_system_the_latest() -> None:
    found = {path: hits for path, text in _english_texts().items() if (hits := stale(text))}
    assert found == {}, f"name the model or system ('GB200 and GB300', 'frontier models'): {found}"
