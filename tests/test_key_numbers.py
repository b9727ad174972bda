"""data/key_numbers.yaml: the row of key numbers under a page's lede, and its mistakes."""

from __future__ import annotations

import re

import pytest

from sitegen.diagnostics import BuildError, Diagnostics, Location
from sitegen.load.data import load_data
from sitegen.pipeline import build
from sitegen.render.shortcodes import expand_facts

ROW = """pages: [deal]
numbers:
  - fact: aws_deal_value
    label: {ja: 契約総額, en: the deal}
  - fact: aws_deal_term
    label: {ja: 契約期間, en: its term}
"""


def _row(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<span class="key-numbers__value">([^<]*)</span> '
                      r'<span class="key-numbers__label">([^<]*)</span>',
                      html)


def test_the_row_shows_the_facts_as_the_text_writes_them(make_project) -> None:
    root = make_project(files={"data/key_numbers.yaml": ROW})
    tree = build(root, write=False, search=False).tree
    data = load_data(root, ("ja", "en"), Diagnostics())
    for lang, labels in (("ja", ["契約総額", "契約期間"]), ("en", ["the deal", "its term"])):
        values = [expand_facts(f"{{{{ fact {key} }}}}", lang, data, Location("test"), Diagnostics())
                  for key in ("aws_deal_value", "aws_deal_term")]
        assert _row(tree[f"{lang}/deal/index.html"].decode()) == list(zip(values, labels, strict=True))
        assert not _row(tree[f"{lang}/index.html"].decode()), "a page not listed shows no row"


def test_a_year_end_date_reads_as_the_end_of_the_year(make_project) -> None:
    facts = "\n".join(["target_date:", "  value: 2026-12-31", "  unit: date", "  note: Editorial."])
    row = "pages: [deal]\nnumbers:\n  - fact: target_date\n    label: {ja: 目標, en: target}\n"
    root = make_project(files={"data/facts/extra.yaml": facts, "data/key_numbers.yaml": row})
    tree = build(root, write=False, search=False).tree
    assert _row(tree["ja/deal/index.html"].decode()) == [("2026年末", "目標")]
    assert _row(tree["en/deal/index.html"].decode()) == [("end of 2026", "target")]


@pytest.mark.parametrize(("text", "line", "message"), [
    (ROW.replace("aws_deal_term", "aws_deal_trem"), 5, "unknown fact 'aws_deal_trem' (did you mean 'aws_deal_term'?)"),
    (ROW.replace("{ja: 契約期間, en: its term}", "{ja: 契約期間}"), 6, "'label' has no en text"),
    (ROW.replace("    label: {ja: 契約総額, en: the deal}\n", ""), 3, "missing required key 'label'"),
    ("pages: [deal]\nnumbers: 3\n", 2, "'numbers' must be a list"),
])
def test_mistakes_name_the_file_and_line(make_project, text: str, line: int, message: str) -> None:
    root = make_project(files={"data/key_numbers.yaml": text})
    with pytest.raises(BuildError) as raised:
        build(root, write=False, search=False)
    reported = [str(d) for d in raised.value.diagnostics.errors]
    assert any(d.startswith(f"data/key_numbers.yaml:{line}") and message in d for d in reported), reported


def test_a_page_key_that_is_no_page_is_a_warning_at_the_pages_line(make_project) -> None:
    """'pages: [deel]' left the row off the deal page without a word."""
    root = make_project(files={"data/key_numbers.yaml": ROW.replace("[deal]", "[index, deel]")})
    result = build(root, write=False, search=False)
    assert [line for line in result.diagnostics.lines() if "key_numbers" in line] == [
        "data/key_numbers.yaml:1: warning: no page has the translation key 'deel', so none shows the row for it "
        "(did you mean 'deal'?)"]
    assert not _row(result.tree["en/deal/index.html"].decode()) and _row(result.tree["en/index.html"].decode())
