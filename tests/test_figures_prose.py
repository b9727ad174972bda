"""How the pages write the figures data/ gives them: English dates and qualifiers read as
English, a qualifier is not written twice, and both languages of a page state the same facts
from the same sources (the numbers themselves: tests/test_figures_from_data.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .conftest import REPO
from .test_figures_from_data import _facts


@pytest.fixture(scope="module")
def facts() -> dict[str, object]:
    return {key: fact.value for key, fact in _facts().items()}


def test_an_english_full_date_in_mid_sentence_is_closed_by_a_comma(facts: dict[str, float]) -> None:
    """'On April 27, 2026, the two companies…': the year of a month-day-year date is set off by commas
    (a date fact that is a full day writes that form; 'and', 'or', 'to' may follow it directly)."""
    found = []
    for path in sorted((REPO / "content" / "en").glob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in re.finditer(r"\{\{ fact (\w+)[^}]*\}\} ([A-Za-z]+)", line):
                if isinstance(facts.get(m[1]), dt.date) and m[2] not in ("and", "or", "to"):
                    found.append(f"{path.relative_to(REPO)}:{number}: {m[0]}")
    assert found == [], "add a comma after the date:\n  " + "\n  ".join(found)


def test_no_article_stands_before_a_qualified_english_figure() -> None:
    """'the about $1.4 trillion', 'an up to …': a fact with a qualifier starts with a word
    (about, more than, up to, at least), so an article before it needs `bare` and a word of its own."""
    qualified = {key for key, fact in _facts().items() if fact.qualifier}
    found = []
    for path in sorted((REPO / "content" / "en").glob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(REPO)}:{number}: {m[0]}"
                      for m in re.finditer(r"\b(?:[Tt]he|[Aa]n?) \{\{ fact (\w+)( short)? \}\}", line)
                      if m[1] in qualified]
    assert found == [], "write 'the roughly {{ fact … bare }}' or reword:\n  " + "\n  ".join(found)


@pytest.mark.parametrize(("lang", "before", "after"), [
    ("en", r"\b(?:about|around|roughly|nearly|up to|more than|at least) ", r"(?!)"),
    ("ja", r"(?:約|最大|少なくとも|およそ)", r"(?:超|以上)"),
])
def test_a_qualified_figure_is_not_qualified_twice(lang: str, before: str, after: str) -> None:
    """'up to up to 160 million', '最大最大1.6億': a fact's qualifier writes its own word."""
    qualified = {key for key, fact in _facts().items() if fact.qualifier}
    pattern = re.compile(rf"(?:{before})\{{\{{ fact (\w+)( short)? \}}\}}|\{{\{{ fact (\w+)( short)? \}}\}}(?:{after})")
    found = []
    for path in sorted((REPO / "content" / lang).glob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(REPO)}:{number}: {m[0]}"
                      for m in pattern.finditer(line) if (m[1] or m[3]) in qualified]
    assert found == [], "drop the word, or write {{ fact … bare }}:\n  " + "\n  ".join(found)


def _uses(markdown: str) -> tuple[set[str], set[str]]:
    facts = set(re.findall(r"\{\{ fact (\w+)", markdown))
    sources = {s for group in re.findall(r"\{\{ cite ([^}]*)\}\}", markdown) for s in group.split()}
    return facts, sources


def test_both_languages_of_a_page_state_the_same_facts_from_the_same_sources() -> None:
    """English is rewritten, not translated, but a reader of either language gets every figure and source."""
    assert _uses("{{ fact a }} {{ cite x y }}{{ fact b bare }}") == ({"a", "b"}, {"x", "y"})
    pairs = [(ja, REPO / "content" / "en" / ja.name) for ja in sorted((REPO / "content" / "ja").glob("*.md"))]
    assert len(pairs) >= 9 and all(en.exists() for _, en in pairs)
    differ = {}
    for ja, en in pairs:
        (ja_facts, ja_sources), (en_facts, en_sources) = (_uses(p.read_text(encoding="utf-8")) for p in (ja, en))
        if ja_facts != en_facts or ja_sources != en_sources:
            differ[ja.name] = {"facts only in ja": sorted(ja_facts - en_facts),
                               "facts only in en": sorted(en_facts - ja_facts),
                               "sources only in ja": sorted(ja_sources - en_sources),
                               "sources only in en": sorted(en_sources - ja_sources)}
    assert differ == {}, differ
