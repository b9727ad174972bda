"""The inline step's shortcuts (sitegen/render/markup.py, _QuickInline) change nothing in the output."""

from __future__ import annotations

import pytest
from markdown import Markdown

from sitegen.render.markup import MarkdownRenderer, use_quick_inline

EXTENSIONS = ["fenced_code", "tables", "footnotes", "attr_list", "md_in_html", "def_list", "abbr", "sane_lists", "toc"]

SNIPPETS = [
    "日本語だけの段落です。記号はありません。",
    "Code `a*b` and ``x ` y`` and \\`not code\\` and \\\\`code after a backslash`.",
    "Escapes: \\*not em\\*, \\[not a link\\], \\_x\\_, a \\\\ backslash.",
    "*em* _em_ **strong** __strong__ ***both*** snake_case_word 2*3*4",
    "[link](https://example.com) [ref][r] [short] ![img](a.png) ![ref img][r] ![short img]\n\n[r]: /x\n[short]: /y",
    "<https://example.com/a?b=c> <someone@example.com> <span class=\"x\">inline html</span> <!-- note -->",
    "Entities: &amp; &#169; &#x00A9; &copy; AT&T & more",
    "A line break  \nafter two spaces, and none  here.",
    "A footnote[^1] and another[^n].\n\n[^1]: First.\n[^n]: Second with *em*.",
    "## A heading {#custom}\n\nText with `code` {: .cls }",
    "| a | b |\n|---|---|\n| *x* | `y` |",
    "Term\n: Definition with [link](z)\n\n*[HTML]: Hyper Text\n\nHTML here.",
    "<div markdown=\"1\">*inside*</div>",
]


def _md(quick: bool) -> Markdown:
    md = Markdown(extensions=EXTENSIONS, output_format="html")
    if quick:
        use_quick_inline(md)
    return md


@pytest.mark.parametrize("text", SNIPPETS)
def test_quick_inline_renders_exactly_what_markdown_does(text: str) -> None:
    assert _md(quick=True).convert(text) == _md(quick=False).convert(text)


def test_every_inline_pattern_of_the_site_is_known_to_the_prefilter() -> None:
    # None would mean a pattern it does not know (an upgrade, a new extension): correct, but slow.
    inline = MarkdownRenderer("ja").md.treeprocessors["inline"]
    assert inline.prefilter is not None
    assert inline.prefilter.search("plain text") is None
    assert all(inline.prefilter.search(t) for t in ("a*b", "[x", "<a", "&amp;", "`c", "\\*", "!x", "a  \nb", "_"))


def test_an_unknown_pattern_turns_the_prefilter_off() -> None:
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    md = Markdown(extensions=EXTENSIONS)
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "del", 5)
    use_quick_inline(md)
    assert md.treeprocessors["inline"].prefilter is None
    assert md.convert("a ~~b~~ c") == "<p>a <del>b</del> c</p>"
