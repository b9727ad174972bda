"""Babel formatting as readers see it: Japanese newspaper style, English style, half-up rounding."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
import yaml

from sitegen.render import l10n
from sitegen.render.blocks import reading_order

from .conftest import REPO


@pytest.mark.parametrize(("value", "ja", "en", "en_short"), [
    (38e9, "380億ドル", "$38 billion", "$38B"),
    (300e9, "3000億ドル", "$300 billion", "$300B"),
    (22.4e9, "224億ドル", "$22.4 billion", "$22.4B"),
    (1.4e12, "1.4兆ドル", "$1.4 trillion", "$1.4T"),
    (2.5e8, "2.5億ドル", "$250 million", "$250M"),
    (5.4e9, "54億ドル", "$5.4 billion", "$5.4B"),
    (1234, "1,234ドル", "$1,234", "$1,234"),
])
def test_money(value: float, ja: str, en: str, en_short: str) -> None:
    assert l10n.format_money(value, "USD", "ja") == ja
    assert l10n.format_money(value, "USD", "en") == en
    assert l10n.format_money(value, "USD", "en", "short") == en_short


def test_rounding_is_half_up_not_half_even() -> None:
    # Babel's default rounds 2.5億 to 2億 and 0.25 to 0.2; readers expect 3億 and 0.3.
    assert l10n.compact(2.5e8, "ja", fraction_digits=0) == "3億"
    assert l10n.compact(3.5e8, "ja", fraction_digits=0) == "4億"
    assert l10n.format_number(0.25, "en") == "0.3"
    assert l10n.format_percent(20.25, "en") == "20.3%"


def test_yen_and_other_units() -> None:
    assert l10n.format_money(5.7e12, "JPY", "ja") == "5.7兆円"
    assert l10n.format_money(5.7e12, "JPY", "en") == "¥5.7 trillion"
    assert l10n.format_quantity(4.5, "gw", "ja") == "4.5GW"
    assert l10n.format_quantity(4.5, "gw", "en") == "4.5 GW"
    assert l10n.format_quantity(150, "mw", "ja") == "150MW"      # a site too small to show in GW
    assert l10n.format_quantity(150, "mw", "en") == "150 MW"
    assert l10n.format_quantity(800e6, "people", "ja") == "8億人"
    assert l10n.format_quantity(800e6, "people", "en") == "800 million people"
    assert l10n.format_quantity(7, "years", "ja") == "7年"
    assert l10n.format_quantity(7, "years", "en") == "7 years"
    assert l10n.format_quantity(1, "years", "en") == "1 year"
    assert l10n.format_quantity(29, "percent", "ja") == "29%"


def test_qualifiers_read_naturally() -> None:
    assert l10n.qualify("130億ドル", "approx", "ja") == "約130億ドル"
    assert l10n.qualify("200億ドル", "over", "ja") == "200億ドル超"
    assert l10n.qualify("$100 billion", "up_to", "en") == "up to $100 billion"
    assert l10n.qualify("10 GW", "at_least", "en") == "at least 10 GW"


def test_dates() -> None:
    day = dt.date(2025, 11, 3)
    assert l10n.format_date(day, "ja") == "2025年11月3日"
    assert l10n.format_date(day, "en") == "November 3, 2025"
    assert l10n.format_partial_date("2025-03", "ja") == "2025年3月"
    assert l10n.format_partial_date("2025-03", "en") == "March 2025"
    assert l10n.format_partial_date("2027", "ja") == "2027年"
    assert l10n.format_partial_date("2026-H2", "ja") == "2026年後半"
    assert l10n.format_partial_date("2026-H2", "en") == "second half of 2026"


def test_catalogue_translates_and_reports_fuzzy(tmp_path) -> None:
    po = tmp_path / "locales" / "ja" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Sources"\nmsgstr "出典"\n\n#, fuzzy\nmsgid "Updated"\nmsgstr "更新済み"\n\n'
                  'msgid "Next"\nmsgstr ""\n', encoding="utf-8")
    catalog = l10n.load_catalog(tmp_path, "ja")
    assert catalog.translations.gettext("Sources") == "出典"
    assert catalog.translations.gettext("Updated") == "Updated", "fuzzy entries must not be used"
    assert catalog.fuzzy == ("Updated",)
    assert catalog.untranslated == ("Next",)


def test_partial_dates_sort_in_time_order() -> None:
    from sitegen.load.schema import date_sort_key

    dates = ["2027", "2026-12", "2026-H2", "2026-07-15", "2026-H1", "2026-06"]
    assert sorted(dates, key=date_sort_key) == ["2026-H1", "2026-06", "2026-H2", "2026-07-15", "2026-12", "2027"]



@pytest.mark.parametrize(("value", "unit", "lang", "expected"), [
    (7, "years", "en", "seven years"), (1, "years", "en", "one year"), (5, "count", "en", "five"),
    (9, "people", "en", "nine people"), (10, "years", "en", "10 years"), (13, "count", "en", "13"),
    (0.5, "count", "en", "0.5"), (7, "years", "ja", "7年"), (5, "count", "ja", "5"),
])
def test_prose_spells_out_one_to_nine_in_english_only(value, unit, lang, expected) -> None:
    assert l10n.format_quantity(value, unit, lang, "prose") == expected
    long = l10n.format_quantity(value, unit, lang, "long")         # tables and charts keep the digits
    assert long == expected if lang == "ja" or not 1 <= value <= 9 else long.startswith(str(value))


def test_japanese_readings_sort_as_a_dictionary_does() -> None:
    """五十音順: voicing marks count only between otherwise equal readings (plain, voiced, semi-voiced),
    small kana as large (and after them on a tie), ー as the vowel it lengthens, katakana as hiragana.
    By code point, じーぴーゆー came after every し word and えーあい after every え word."""
    dictionary = ["あまい", "アマゾン", "えーあい", "えぬびでぃあ", "えむしーぴー", "かき", "がく", "かけ",
                  "しーぴーゆー", "じーぴーゆー", "しんぷる", "はん", "ばん", "ぱん", "びよういん", "びょういん"]
    for seed in range(5):
        assert sorted(random.Random(seed).sample(dictionary, len(dictionary)), key=reading_order) == dictionary


def test_the_japanese_glossary_is_in_dictionary_order(real_site) -> None:
    tree = real_site
    readings = {key: entry["ja"].get("reading", entry["ja"]["term"])
                for key, entry in yaml.safe_load((REPO / "data" / "glossary.yaml").read_text("utf-8")).items()}
    shown = re.findall(r'<dt id="([^"]+)"', tree["ja/glossary/index.html"].decode("utf-8"))
    assert sorted(shown) == sorted(readings)
    assert shown == sorted(readings, key=lambda key: reading_order(readings[key]))


def test_half_years_are_written_as_the_japanese_pages_write_them() -> None:
    """The engine's '2026-H2' must read like the prose around it (前半/後半), not like a fiscal report."""
    prose = "".join(path.read_text("utf-8") for folder in ("content/ja", "data")
                    for path in sorted((REPO / folder).rglob("*")) if path.suffix in (".md", ".yaml", ".csv"))
    for half in ("H1", "H2"):
        word = l10n.format_partial_date(f"2026-{half}", "ja").removeprefix("2026年")
        other = {"前半": "上半期", "後半": "下半期"}.get(word)
        assert other is not None and other not in prose, (word, other)
    assert "年後半" in prose
