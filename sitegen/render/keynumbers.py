"""The row of key numbers under a page's lede (data/key_numbers.yaml, read by load/keynumbers.py),
written in one language: each fact as `{{ fact key }}` writes it, a December 31st as the end of its year."""

from __future__ import annotations

from collections.abc import Mapping

from ..load.model import Fact, KeyNumbers
from .l10n import format_quantity, format_year_end, is_year_end, qualify


def key_numbers_for(key_numbers: KeyNumbers | None, facts: Mapping[str, Fact], page_key: str,
                    lang: str) -> list[tuple[str, str]]:
    """(number, label) pairs for a page, in `lang`; empty for pages that show no row."""
    if key_numbers is None or page_key not in key_numbers.pages:
        return []
    out = []
    for number in key_numbers.numbers:
        fact = facts[number.fact]
        # A target for December 31st reads as the end of that year (2026年末 / end of 2026).
        text = (format_year_end(fact.value.year, lang) if fact.unit == "date" and is_year_end(fact.value)
                else format_quantity(fact.value, fact.unit, lang))
        text = qualify(text, fact.qualifier, lang)
        out.append((text, number.label[lang]))
    return out
