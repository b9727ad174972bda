"""Table rows checked wherever Python-Markdown makes a table (render/tablerows.py): generated pages
of tables at the top level, on a list item's line, under a list item, in a quote, a footnote or a
<div markdown="1">, with table-like text that is no table between them (code, an HTML comment, a
raw <div>); each row with another number of cells than its header is a warning at its line
(computed from how the page was written), and nothing else is."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.diagnostics import Diagnostics
from sitegen.load.model import FrontMatter, Page, SiteData
from sitegen.render.markup import MarkdownRenderer

RENDERER = MarkdownRenderer("en")
DATA = SiteData(sources={}, facts={}, glossary=(), datasets={}, digest="0")
BODY_LINE = 6
# How a table's lines are written in each place: (its first line's prefix, the others').
PLACES = {"top": ("", ""), "on a list item": ("- ", "  "), "on a numbered item": ("1. ", "   "),
          "under a list item": ("    ", "    "), "in a quote": ("> ", "> "), "in a footnote": ("    ", "    "),
          "in a Markdown div": ("", ""), "in a comment": ("", ""), "in a raw div": ("", "")}
# What comes before and after a table in each place (the footnote's number is filled in).
AROUND = {"under a list item": ("- item\n\n", ""), "in a footnote": ("[^{n}]: A note.\n\n", ""),
          "in a Markdown div": ('<div class="callout" markdown="1">\n\n', "\n\n</div>"),
          "in a comment": ("<!--\n\n", "\n\n-->"), "in a raw div": ("<div>\n\n", "\n\n</div>")}
NOT_TABLES = ("in a comment", "in a raw div")       # kept as written: no table, nothing to warn about
CODE = "Code:\n\n    | a | b |\n    |---|---|\n    | in | a | code block |"
FENCED = "```\n| a | b |\n|---|---|\n| in | a | fence |\n```"


def _row(cells: int) -> str:
    return "| " + " | ".join("x" * cells) + " |" if cells else "|"


@st.composite
def pages(draw: st.DrawFn) -> tuple[str, list[str], int]:
    """A page body, the warnings it must give (line and message) in order, and its number of tables."""
    blocks, expected, line, tables = [], [], 0, 0
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from([*PLACES, "code", "fenced"]))
        if kind in ("code", "fenced"):
            text = CODE if kind == "code" else FENCED
        else:
            columns = draw(st.integers(2, 4))
            rows = draw(st.lists(st.integers(1, 6), min_size=1, max_size=4))
            first, rest = PLACES[kind]
            lead, tail = AROUND.get(kind, ("", ""))
            lead = lead.format(n=len(blocks) + 1)
            lines = [first + _row(columns), rest + "|" + "---|" * columns, *(rest + _row(n) for n in rows)]
            text = lead + "\n".join(lines) + tail
            tables += kind not in NOT_TABLES
            start = line + 2 + lead.count("\n") + 2      # after the paragraph, a blank line, the header and separator
            for offset, cells in enumerate(rows):
                if cells != columns and kind not in NOT_TABLES:
                    too_many = cells > columns
                    expected.append(
                        f"content/en/p.md:{BODY_LINE + start + offset}: warning: this table row has {cells} "
                        f"cell{'s' * (cells != 1)}, its header {columns}"
                        + (f": the last {cells - columns} not shown" if too_many else "")
                        + (" (add a column to the header, or remove a '|')" if too_many
                           else " (write each cell, '| |' for an empty one)"))
        # A paragraph first (a block after a list is not in it), with a reference to the block's footnote.
        blocks.append(f"Text[^{len(blocks) + 1}].\n\n" + text if kind == "in a footnote" else "Text.\n\n" + text)
        line += 2 + text.count("\n") + 2
    return "\n\n".join(blocks) + "\n", expected, tables


@settings(max_examples=150, deadline=None, derandomize=True)
@given(pages())
def test_each_row_with_other_cells_than_its_header_is_warned_at_its_line(page: tuple[str, list[str], int]) -> None:
    body, expected, tables = page
    diagnostics = Diagnostics()
    page_ = Page(lang="en", source="content/en/p.md", key="p", slug="p",
                 meta=FrontMatter("T", "D", dt.date(2025, 1, 1)), body=body, body_line=BODY_LINE, digest="x")
    html = RENDERER.render(page_, DATA, lambda *args: "", lambda *args: None, diagnostics).html
    assert diagnostics.lines() == expected
    assert html.count("<table") == tables
