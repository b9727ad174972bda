"""The speed measure in sitegen/render/plaintext.py changes nothing in Python-Markdown's output."""

from __future__ import annotations

import pytest
from markdown import Markdown
from markdown.inlinepatterns import SimpleTagInlineProcessor

from sitegen.render.plaintext import PlainTextExtension

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
    "- plain item\n- *em* item\n\n> plain quote\n\n    code *kept*",
]


def _md(plain: bool) -> Markdown:
    return Markdown(extensions=EXTENSIONS + ([PlainTextExtension()] if plain else []), output_format="html")


@pytest.mark.parametrize("text", SNIPPETS)
def test_skipping_plain_texts_renders_exactly_what_markdown_does(text: str) -> None:
    assert _md(plain=True).convert(text) == _md(plain=False).convert(text)


def test_a_pattern_registered_later_is_seen_without_being_listed() -> None:
    # Which texts are plain follows the registry: ~~ matches nothing built in, yet it is not skipped.
    md = _md(plain=True)
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "del", 5)
    assert md.convert("a ~~b~~ c") == "<p>a <del>b</del> c</p>"


def test_texts_come_out_as_plain_str() -> None:
    # The marks come off after the inline step: later steps and the serializer see str, not AtomicString.
    from markdown.treeprocessors import Treeprocessor
    from markdown.util import AtomicString

    seen: list[bool] = []

    class Spy(Treeprocessor):
        def run(self, root) -> None:
            seen.extend(isinstance(e.text, AtomicString) for e in root.iter() if e.text)

    md = _md(plain=True)
    md.treeprocessors.register(Spy(md), "spy", 1)
    md.convert("日本語だけの段落です。\n\nAnother plain paragraph.")
    assert seen and not any(seen)
