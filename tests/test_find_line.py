"""Where a link of the Markdown is reported (sitegen/render/links.find_line): its first place outside
fenced code, where a link's target starts ('](', '="', ']: ', '<') if it appears so, else whole (not
the end of a longer link) if it appears so, found without a regular
expression per link. Checked against the rule written as regular expressions (its form before
the speed-up), on generated pages."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.diagnostics import Location
from sitegen.load.model import FrontMatter, Page
from sitegen.render.links import find_line
from sitegen.render.unresolved import source_place


def _page(body: str) -> Page:
    meta = FrontMatter(title="t", description="d", date=dt.date(2026, 1, 1))
    return Page(lang="en", source="content/en/x.md", key="k", slug="x", meta=meta, body=body, body_line=5, digest="")


def _by_expressions(page: Page, needle: str) -> Location:
    target = rf"(?:(?<=\]\()|(?<==\")|(?<==')|(?<=\]: )|(?<=<)){re.escape(needle)}"
    whole = rf"(?<![\w./%~-]){re.escape(needle)}"
    for in_code in (False, True):
        for pattern in (target, whole, re.escape(needle)):
            line, column = source_place(page, pattern, 0, in_code)
            if column is not None:
                return Location(page.source, line, column)
    return Location(page.source, page.body_line)


# Lines of link-like pieces, URL characters and fences, so that whole, partial and fenced finds all occur.
_PIECES = st.sampled_from(["deal.md", "/en/deal.md", "a", "-", ".", "%", "~", "_", "é", "(", " ", "](", "#x", '="', "<",
                           "```", "~~~", "    ", "/"])
_LINES = st.lists(st.lists(_PIECES, max_size=6).map("".join), max_size=8).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(body=_LINES, needle=st.sampled_from(["deal.md", "/en/deal.md", "a", "#x", "deal.md#x", "é"]))
def test_find_line_is_the_rule_written_as_expressions(body: str, needle: str) -> None:
    page = _page(body)
    assert find_line(page, needle) == _by_expressions(page, needle)


def test_a_link_is_found_whole_outside_code() -> None:
    body = "```\n[x](deal.md)\n```\nsee ![](/img/deal.md) and [the deal](deal.md)\n"
    page = _page(body)
    line = body.split("\n")[3]      # the body's fourth line: the first outside the fence, whole after '('
    assert find_line(page, "deal.md") == Location(page.source, page.body_line + 3, line.index("(deal.md") + 2)
