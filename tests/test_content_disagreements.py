"""Where sources disagree, the pages say so in both languages, rather than pick one silently.

data/facts records a disagreement as two facts, one for each source's figure, the note of one
naming the other with what differs ('TechTarget gives 15%; Lightwave gives 14% …
(mc_share_google_q4_2025_alt)'). Every page, in each language, that writes either figure writes
both: a Japanese reader must not get one source's figure where the English reader is told the
sources differ, nor a page that quotes one figure and hides the other.
"""

from __future__ import annotations

import re

import pytest
import yaml

from .conftest import REPO

DISAGREEMENT = re.compile(r"\b(differs?|disagrees?|gives|another report|state both)\b", re.IGNORECASE)


def disagreeing_pairs(facts: dict[str, dict]) -> list[tuple[str, str]]:
    """(fact, other) for each fact whose note names another fact and says the two differ."""
    pairs = []
    for key, fact in facts.items():
        note = str(fact.get("note", ""))
        if DISAGREEMENT.search(note):
            pairs += [(key, other) for other in re.findall(r"\b[a-z][a-z0-9_]+\b", note)
                      if other in facts and other != key]
    return pairs


def uses(markdown: str, key: str) -> bool:
    return re.search(r"\{\{ fact " + re.escape(key) + r"[ }]", markdown) is not None


def one_sided(pages: dict[str, str], pairs: list[tuple[str, str]]) -> list[str]:
    """'page: writes a, not b' for every page that writes one figure of a pair without the other."""
    return [f"{page}: writes {a}, not {b}" for page, text in sorted(pages.items())
            for pair in pairs for a, b in (pair, pair[::-1]) if uses(text, a) and not uses(text, b)]


def test_a_disagreement_is_found_and_a_page_with_one_side_of_it_too() -> None:
    facts = {"share": {"note": "TechTarget gives 15%; Lightwave gives 14% (share_alt)."}, "share_alt": {},
             "rate": {"note": "A round rate set on the date in rate_date."}, "rate_date": {}}
    pairs = disagreeing_pairs(facts)
    assert pairs == [("share", "share_alt")]
    pages = {"ja/x.md": "Google {{ fact share }}、別の報道では{{ fact share_alt }}。",
             "en/x.md": "Google {{ fact share }}."}
    assert one_sided(pages, pairs) == ["en/x.md: writes share, not share_alt"]


def site_facts() -> dict[str, dict]:
    """Every fact of data/facts, as written (key → its fields)."""
    facts: dict[str, dict] = {}
    for path in sorted((REPO / "data" / "facts").glob("*.yaml")):
        facts.update(yaml.safe_load(path.read_text(encoding="utf-8")))
    return facts


def site_pages() -> dict[str, str]:
    """Each page of content/ by its path there ('ja/deal.md') → its Markdown."""
    return {p.relative_to(REPO / "content").as_posix(): p.read_text(encoding="utf-8")
            for lang in ("ja", "en") for p in sorted((REPO / "content" / lang).rglob("*.md"))}


def test_every_page_that_writes_one_side_of_a_disagreement_writes_both() -> None:
    facts = site_facts()
    pairs = disagreeing_pairs(facts)
    if not pairs:
        pytest.skip("data/facts records no disagreement between sources")
    pages = site_pages()
    shown = {lang: [a for a, _ in pairs if any(uses(t, a) for name, t in pages.items() if name.startswith(lang))]
             for lang in ("ja", "en")}
    assert shown["ja"] == shown["en"], "a disagreement is told in one language only"
    assert one_sided(pages, pairs) == [], "say that the sources differ, with both figures"


US_TIME_BEFORE = re.compile(r"米国時間の?$")
US_TIME_AFTER = re.compile(r"^(?:（月曜日）)?(?:（米国時間）|,? \(?US time\)?)")


def unmarked_us_dates(markdown: str, keys: set[str]) -> list[str]:
    """Uses of a date the sources give in US time that do not say so: in Asia the day can differ
    (some reports date the AWS deal November 4, and its Japan time is not confirmed), so the page
    names the zone."""
    found = []
    for m in re.finditer(r"\{\{ fact (\w+)[^}]*\}\}", markdown):
        if m.group(1) in keys and not (US_TIME_BEFORE.search(markdown[max(0, m.start() - 6):m.start()])
                                       or US_TIME_AFTER.match(markdown[m.end():m.end() + 12])):
            found.append(markdown[max(0, m.start() - 30):m.end() + 15].replace("\n", " "))
    return found


def test_an_unmarked_us_date_is_found_and_a_marked_one_passes() -> None:
    keys = {"announce"}
    assert unmarked_us_dates("On {{ fact announce }}, OpenAI announced", keys)
    assert unmarked_us_dates("OpenAIは{{ fact announce }}に発表", keys)
    for marked in ("On {{ fact announce }} (US time), OpenAI", "on Monday, {{ fact announce }}, US time.",
                   "発表は米国時間{{ fact announce }}", "米国時間の{{ fact announce }}（月曜日）です",
                   "{{ fact announce }}（米国時間）", "On {{ fact other }}, OpenAI"):
        assert not unmarked_us_dates(marked, keys), marked


def test_every_date_given_in_us_time_says_so_where_a_page_gives_it() -> None:
    keys = {key for key, fact in site_facts().items() if "US time" in str(fact.get("note", ""))}
    # Without such a note the test checks nothing: aws_announce_date's says 'Monday, US time'.
    assert keys, "no fact's note in data/facts says 'US time' (aws_announce_date's did): which date is in US time?"
    found = {name: hits for name, text in site_pages().items() if (hits := unmarked_us_dates(text, keys))}
    assert found == {}, f"add 米国時間 / (US time) to the date: {found}"


US_TIME_NOTE = {"ja": re.compile(r"米国(?:時間|での)"), "en": re.compile(r"\bUS (?:time|dates?|announcement dates?)\b")}


def tables_without_us_time_note(tables: dict[str, tuple[list[dict[str, str]], dict]], us_dates: set[str]) -> list[str]:
    """'name (lang)' for each chart table that shows a date the sources give in US time in a date
    column, without a note in that language saying its dates are US ones. The table under a chart
    shows the bare date ('2025年11月3日'), so the dataset's note says what the text says beside it."""
    found = []
    for name, (rows, meta) in sorted(tables.items()):
        date_columns = [c for c, spec in (meta.get("columns") or {}).items() if (spec or {}).get("type") == "date"]
        if not any(row.get(c) in us_dates for row in rows for c in date_columns):
            continue
        notes = meta.get("notes") or {}
        found += [f"{name} ({lang})" for lang, says in US_TIME_NOTE.items()
                  if not says.search(str(notes.get(lang, "")))]
    return found


def test_a_table_showing_a_us_date_without_saying_so_is_found() -> None:
    meta = {"columns": {"announced": {"type": "date"}, "partner": {"type": "text"}}}
    rows = [{"partner": "AWS", "announced": "2025-11-03"}]
    notes = {"ja": "日付は米国時間の発表日です。", "en": "Dates are US announcement dates."}
    tables = {"bare": (rows, meta),
              "marked": (rows, {**meta, "notes": notes}),
              "other": ([{"partner": "x", "announced": "2025-11-04"}], meta),
              "text only": ([{"partner": "2025-11-03"}], meta)}
    assert tables_without_us_time_note(tables, {"2025-11-03"}) == ["bare (ja)", "bare (en)"]


def test_every_chart_table_showing_a_us_date_says_its_dates_are_us_ones() -> None:
    import csv
    us_dates = {str(fact["value"]) for fact in site_facts().values()
                if "US time" in str(fact.get("note", "")) and "value" in fact}
    assert us_dates, "no fact's note in data/facts says 'US time' (aws_announce_date's did)"
    tables = {}
    for path in sorted((REPO / "data" / "datasets").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        meta = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
        tables[path.relative_to(REPO).with_suffix(".yaml").as_posix()] = (rows, meta)
    assert tables_without_us_time_note(tables, us_dates) == [], \
        "add to the notes that the table's dates are US ones (日付は米国時間の… / Dates are US …)"
