"""A speed measure for Markdown: texts with nothing inline in them skip Python-Markdown's inline step.

Python-Markdown's inline step (its `inline` tree processor) tries each registered inline
pattern on every text of a page's tree, through several method calls per pattern: ~800
texts a page, and most Japanese paragraphs hold no inline syntax at all. Just before that
step, this extension marks as an `AtomicString` (Python-Markdown's documented "leave this
text alone") each text in which no registered pattern's regular expression finds anything:
for such a text the inline step would change nothing. Just after it, the marks come off,
so the later steps (abbreviations, table of contents) see the same texts as before. Which
texts are passed over is derived from the patterns registered, never from a list of them:
another extension's pattern counts as soon as it is registered. Only public API is used
(tree processors, `AtomicString`, the pattern registry).

Measured 2026-12-06 on the bench corpus (`bench/bodies.py --pairs 1000`'s pages, rendered in one
process with and without this extension alternately, 4 times each, CPU time, medians): English
5.18 ms a page with it, 5.85 without; Japanese 3.22 and 3.68, so ~1.1 s of CPU in a clean
2,002-page build. Its own cost is in that: 0.93 ms an English page, 0.30 a Japanese one
(the step timed alone); ~90 % of the texts are plain, and for them the inline step would try
every pattern through several method calls. Tried and slower: one combined search (all the
expressions as one alternation: 1.5 ms an English page against 0.9, the engine then tries
each alternative at every position). Faster but not done: searching a pattern only when the
text holds a character its matches can start with (0.17 ms against 0.84), as those
characters can only be derived from a pattern through the regex parser's private module.
Removing it is deleting this module and its one entry in `render/markup.py`'s extension
list; the output is the same (tests/test_plaintext.py, tests/golden).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

_INLINE_STEP = 20            # the priority Python-Markdown registers its inline step at


class _Plain(AtomicString):
    """A text marked here (and only here), so the marks can be taken off again."""


class _Mark(Treeprocessor):
    def run(self, root: Element) -> None:
        # Each distinct expression once (several patterns share one, such as the link's '[').
        searches = [expression.search for expression in {p.compiled_re: None for p in self.md.inlinePatterns}]

        def plain(text: str | None) -> bool:
            return bool(text) and not isinstance(text, AtomicString) and not any(s(text) for s in searches)

        for element in root.iter():
            if plain(element.text):
                element.text = _Plain(element.text)
            if plain(element.tail):
                element.tail = _Plain(element.tail)


class _Unmark(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in root.iter():
            if isinstance(element.text, _Plain):
                element.text = str(element.text)
            if isinstance(element.tail, _Plain):
                element.tail = str(element.tail)


class PlainTextExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.treeprocessors.register(_Mark(md), "sitegen_plain_text", _INLINE_STEP + 0.5)
        md.treeprocessors.register(_Unmark(md), "sitegen_plain_text_end", _INLINE_STEP - 0.5)
