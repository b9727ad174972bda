"""The speed measure in sitegen/render/smartquotes.py changes nothing: English pages render exactly
as with Python-Markdown's own smarty step, on generated Markdown and on hand-picked cases."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown import Markdown
from markdown.extensions.smarty import SmartyExtension
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from sitegen.diagnostics import Diagnostics, Location
from sitegen.load.model import Fact, FrontMatter, Page, SiteData, Source
from sitegen.render.links import LinkTarget
from sitegen.render.markup import MarkdownRenderer, RenderedBody
from sitegen.render.smartquotes import MAY_MATCH, LeanSmarty, use_lean_smarty
from sitegen.render.typography import SMARTY_CONFIG

SOURCE = Source("src", "Pub's \"Wire\"", "It's -- news...", "https://example.com/a'b", "2025-11-04", "en",
                Location("data/sources/x.yaml", 1))
FACTS = {"deal": Fact("deal", 38e9, "usd", None, ("src",), None, Location("data/facts/x.yaml", 1)),
         "day": Fact("day", dt.date(2025, 11, 3), "date", None, ("src",), None, Location("x", 9))}
DATA = SiteData(sources={"src": SOURCE}, facts=FACTS, glossary=(), datasets={}, digest="0")


def _block(name: str, args: list[str], lang: str, here: str) -> str:
    return f"<figure data-x='{name}'>\"{' '.join(args)}\" isn't Markdown</figure>"


_block.names = frozenset({"chart", "glossary"})


def _renderers() -> tuple[MarkdownRenderer, MarkdownRenderer]:
    """The site's English renderer, and the same with Python-Markdown's own smarty step put back."""
    fast, plain = MarkdownRenderer("en"), MarkdownRenderer("en")
    SmartyExtension(**SMARTY_CONFIG).extendMarkdown(plain.md)     # re-registers 'smarty' over the lean one
    assert isinstance(fast.md.treeprocessors["smarty"], LeanSmarty)
    assert type(plain.md.treeprocessors["smarty"]) is InlineProcessor
    return fast, plain


FAST, PLAIN = _renderers()


def _render(renderer: MarkdownRenderer, body: str) -> tuple[RenderedBody, list[str]]:
    page = Page(lang="en", source="content/en/p.md", key="p", slug="p",
                meta=FrontMatter("T", "D", dt.date(2025, 1, 1)), body=body, body_line=10, digest="x")
    other = LinkTarget("other", "en/other/")       # what links.PageResolver gives for a page
    diagnostics = Diagnostics()
    result = renderer.render(page, DATA, _block, lambda p, link: {"other.md": other}.get(link), diagnostics)
    return result, [str(d) for d in diagnostics.sorted()]


def assert_same(body: str) -> None:
    # The whole rendered body: HTML, contents entries (headings' text goes through the stash), ids, links.
    assert _render(FAST, body) == _render(PLAIN, body)


# Pieces of English Markdown around smarty's cases; joined with nothing between, so that quotes
# land at word starts and ends, after punctuation, dashes, entities, tags and placeholders.
PIECES = [
    "'", '"', "'", '"', "''", '""', "\"'", "'\"", "--", "---", "----", "...", "....", ". . .",
    " ", " ", " ", "\n", "  \n", "\t", "-", ".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "{", "}",
    "word", "it", "s", "s ", "1", "2025", "80s", "1990s", "'80s", "rock 'n' roll", "O'Neil", "'tis", "dogs'", "x.",
    "café", "naïve", "Ünïcode", "日本語", "—", "–", "\u00a0", "&nbsp;", "&mdash;", "&ndash;", "&#8211;",
    "&#8212;", "&amp;", "&copy;", "AT&T", "\\'", '\\"', "\\\\", "\\-",
    "`it's \"code\"`", "``a ' b``", "*", "_", "**", "*it's*", "_'em_", "**\"strong\"**",
    "<span title=\"it's\">", "<span class='q'>", "</span>", "<abbr title=\"a 'b' -- c\">", "</abbr>",
    "<br>", "<!-- it's -->", "<b>", "</b>",
    "[it's](other.md)", "[\"x\"](https://example.com/a'b \"it's\")", "[a](other.md#it)", "<https://e.com/it's>",
    "![an 'image'](a.png \"t'\")", "[^1]", "[^n]",
    "{{ fact deal }}", "{{ fact day }}", "{{ cite src }}", "{{ chart it's }}",
]
# And short runs of single characters, so that the likes of " ''1" or "a.'--" come up often.
CHARACTERS = list("'\"'\" -.,s1a\n(")
_PREFIXES = ["", "", "", "## ", "### ", "- ", "1. ", "> ", "> - ", "Term\n: ", "| a | b |\n|---|---|\n| "]
_FOOTNOTES = "\n\n[^1]: A note's \"text\" -- and more...\n[^n]: 'Quoted' note."
_PIECE = st.sampled_from(PIECES) | st.text(st.sampled_from(CHARACTERS), max_size=6) | st.text(max_size=3)


@st.composite
def english_markdown(draw: st.DrawFn) -> str:
    paragraphs = draw(st.lists(st.tuples(st.sampled_from(_PREFIXES), st.lists(_PIECE, max_size=16)),
                               min_size=1, max_size=4))
    body = "\n\n".join(prefix + "".join(pieces) for prefix, pieces in paragraphs)
    return body + (_FOOTNOTES if "[^" in body else "")


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(english_markdown())
@example("He said, \"'Quoted' words in a larger quote.\" And 'tis the '80s' rock 'n' roll.")
def test_lean_smarty_renders_exactly_what_smarty_does(body: str) -> None:
    assert_same(body)


CASES = [
    "",
    "No quotes, dashes or ellipses here.",
    "'Single' and \"double\", \"'nested' sets\" and '\"the other\" way'.",
    "Don't, won't, the dogs' bowls, the 80's and the '80s, O'Neil's '90s.",
    "'.' and \"!\" at the very start; 'x' at the start.",
    "--'dash then quote', ---\"em then quote\", ----'four'.",
    "&nbsp;'after nbsp' &mdash;\"after mdash\" &#8211;'after 8211'.",
    "An ellipsis... four dots.... and . . . spaced.",
    "Escaped \\'quote\\' and \\\"double\\\" and `code's \"span\"` and ``more ' code``.",
    "<span title=\"it's\">'inside' a tag</span>'s tail, <a href='x'>a \"link\"</a>.",
    "Emphasis: *'em'* _\"em\"_ **it's** and a link [\"it's\"](other.md \"title's\").",
    "A footnote's mark[^1] and \"quoted\"[^1].\n\n[^1]: The note's text -- \"quoted\".",
    "Worth {{ fact deal }}'s worth, on {{ fact day }}. \"A cite\"{{ cite src }} and '{{ fact deal }}'.",
    "## It's a \"heading\" -- with... {#its}\n\n### 'Quoted' heading",
    "```\nit's \"fenced\" -- code...\n```\n\n    indented 'code' -- here",
    "| it's | \"cell\" |\n|---|---|\n| 'a' -- b | c... |",
    "> 'Quoted' block\n> - it's \"a list\"",
    "Term's\n: \"Definition\" -- it's...",
    "''1 and \"\"1: two opening quotes in a row, the second one kept from closing by the digit.",
    "Line one's  \nline \"two\"\nline 'three'",
    "Non-ASCII: «naïve» 'café' \"日本語\" — ‘already’ “curly”.",
    "<div markdown=\"1\">'inside' \"md_in_html\" -- yes...</div>",
    "{{ chart it's }}\n\nAfter the chart's block.",
    "*[HTML]: It's \"markup\"\n\nHTML's 'abbr'.",
]


@pytest.mark.parametrize("body", CASES)
def test_hand_picked_cases_render_the_same(body: str) -> None:
    assert_same(body)


def test_the_cases_do_change_under_smarty() -> None:
    # The comparison above is only worth something if smarty does substitute in these cases.
    changed = [body for body in CASES if "’" in _render(FAST, body)[0].html or "“" in _render(FAST, body)[0].html]
    assert len(changed) > len(CASES) * 2 // 3


def _all_smarty_patterns() -> list:
    extension = SmartyExtension(smart_angled_quotes=True)
    extension.extendMarkdown(Markdown())
    return list(extension.inlinePatterns)


ALL_SMARTY_PATTERNS = _all_smarty_patterns()     # every option on
# Every character any smarty pattern might take part in, and others.
_SMARTY_ALPHABET = st.sampled_from(list("'\"-.<>&;#ndashmbsp s0123456789\n\t\u00a0–—(\\[{\u0002\u0003x!?"))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(_SMARTY_ALPHABET, max_size=16))
def test_texts_skipped_are_ones_no_smarty_pattern_can_change(text: str) -> None:
    if not MAY_MATCH.search(text):
        assert not [p for p in ALL_SMARTY_PATTERNS if p.getCompiledRegExp().search(text)]


def test_japanese_pages_have_no_smarty_step() -> None:
    assert "smarty" not in MarkdownRenderer("ja").md.treeprocessors


def test_a_step_of_another_shape_is_left_in_place() -> None:
    class Other(Treeprocessor):
        def run(self, root) -> None:
            pass

    md = Markdown()
    other = Other(md)
    md.treeprocessors.register(other, "smarty", 6)
    use_lean_smarty(md)
    assert md.treeprocessors["smarty"] is other


# Long runs: a match right after a placeholder is looked for in a window of the text (smartquotes.py).
LONG = ["It's " * 400, "'" * 301, '"' * 300 + "x", "-" * 200 + "'", "." * 301, "'\"" * 150 + "a",
        "--'" * 120 + "s", " '80s" * 100, "&nbsp;'a&#8211;\"b" * 60, ("rock 'n' roll, \"it's\" -- the '90s... " * 60)]


@pytest.mark.parametrize("body", LONG, ids=range(len(LONG)))
def test_long_runs_of_quotes_dashes_and_dots_render_the_same(body: str) -> None:
    assert_same(body)


def test_each_pattern_searches_its_text_once_not_a_new_text_at_every_match() -> None:
    """A paragraph of n apostrophes took time in n² (10k, 20k, 40k: 0.5, 3.7, 12 s; bench/smartquotes.py
    --apostrophes): the text was rebuilt at every match, and the next search was on the new one. Each
    pattern's pass now searches the one text it was given (and windows of 65 characters), whatever n."""
    step = MarkdownRenderer("en").md.treeprocessors["smarty"]
    texts: list[str] = []          # kept, so that no two texts share an id

    def searching(search):
        def recorded(text: str, position: int = 0):
            if len(text) > 65:
                texts.append(text)
            return search(text, position)
        return recorded

    step.patterns = [(searching(search), pattern) for search, pattern in step.patterns]
    paragraph = "It's \"quoted\" -- isn't it... " * 500
    step.educate(paragraph)
    assert len({id(text) for text in texts}) <= len(step.patterns)
