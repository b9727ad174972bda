"""A block of HTML in the Markdown that is never closed, reported at its opening tag.

Python-Markdown reads a line that starts with a block-level tag (`<div>`, `<aside>`, `<p>`…) as
HTML up to that tag's end; with no end, the rest of the page went with it and nobody was told: after
a plain `<div>`, the page was published with its Markdown as written ('## ' and '**' on the page);
after a callout's `<div class="callout" markdown="1">` without its `</div>`, every later section sat
inside the callout's box. This is md_in_html's own `html_block` step (the same output), noting
where the outermost block opens.
"""

from __future__ import annotations

import re

from markdown.extensions.md_in_html import HtmlBlockPreprocessor, HTMLExtractorExtra

from ..diagnostics import Location
from .shortcodes import PageState
from .unresolved import source_place

_CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)")     # `<!--` in a sample of code is no comment


class _Extractor(HTMLExtractorExtra):
    """md_in_html's extractor, noting the outermost block it is in: (tag, start tag as written, line)."""

    opened = ("", "", 0)
    open_comment = 0        # the line of the first '<!--' never closed (its text is published)

    def parse_comment(self, i: int, report: bool = True) -> int:      # html.parser's API
        end = super().parse_comment(i, report)
        if end == i + 1 and not self.open_comment and not self._in_code(i):
            self.open_comment = self.getpos()[0]
        return end

    def _in_code(self, i: int) -> bool:
        start = self.rawdata.rfind("\n", 0, i) + 1
        line = self.rawdata[start:].split("\n", 1)[0]
        return any(span.start() < i - start < span.end() for span in _CODE_SPAN.finditer(line))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:     # html.parser's API
        outside = not (self.inraw or self.mdstack)
        super().handle_starttag(tag, attrs)
        if outside and (self.inraw or self.mdstack):
            self.opened = (tag, self.get_starttag_text() or f"<{tag}>", self.getpos()[0])


class UnclosedBlocks(HtmlBlockPreprocessor):
    state: PageState | None = None          # set for every page

    def run(self, lines: list[str]) -> list[str]:
        parser = _Extractor(self.md)
        parser.feed("\n".join(lines))
        if (parser.inraw or parser.mdstack) and self.state:      # still inside a block at the end
            tag, start, line = parser.opened
            # Lines here are the source's, but for fenced code blocks (one line each by now).
            seen = sum(text.count(start) for text in lines[:line - 1])
            self.state.diagnostics.error(
                Location(self.state.page.source, source_place(self.state.page, re.escape(start), seen)[0]),
                f"'{start}' is never closed, so the rest of the page goes into it (shown as written, "
                "or inside its box)", f"add </{tag}> on a line of its own where the block ends")
        if parser.open_comment and self.state:
            seen = sum(text.count("<!--") for text in lines[:parser.open_comment - 1])
            self.state.diagnostics.error(
                Location(self.state.page.source, *source_place(self.state.page, "<!--", seen)),
                "'<!--' is never closed, so the comment is published as text", "end the comment with -->")
        parser.close()
        return "".join(parser.cleandoc).split("\n")
