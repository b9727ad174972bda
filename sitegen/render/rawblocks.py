"""A block of HTML in the Markdown that is never closed, reported at its opening tag.

Python-Markdown reads a line that starts with a block-level tag (`<div>`, `<aside>`, `<p>`…) as
HTML up to that tag's end; with no end, the rest of the page went with it and nobody was told: after
a plain `<div>`, the page was published with its Markdown as written ('## ' and '**' on the page);
after a callout's `<div class="callout" markdown="1">` without its `</div>`, every later section sat
inside the callout's box. This is md_in_html's own `html_block` step (the same output), noting
where the outermost block opens.
"""

from __future__ import annotations

from markdown.extensions.md_in_html import HtmlBlockPreprocessor, HTMLExtractorExtra

from ..diagnostics import Location
from .shortcodes import PageState, unfenced


class _Extractor(HTMLExtractorExtra):
    """md_in_html's extractor, noting the outermost block it is in: (tag, start tag as written, line)."""

    opened = ("", "", 0)

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]  (html.parser's API)
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
                Location(self.state.page.source, self._source_line(start, seen)),
                f"'{start}' is never closed, so the rest of the page goes into it (shown as written, "
                "or inside its box)", f"add </{tag}> on a line of its own where the block ends")
        parser.close()
        return "".join(parser.cleandoc).split("\n")

    def _source_line(self, start: str, seen: int) -> int:
        """The file line of the start tag that follows `seen` others like it, outside fenced code."""
        page = self.state.page
        for index, text, live in unfenced(page.body.split("\n")):
            if live and start in text:
                if seen < text.count(start):
                    return page.body_line + index
                seen -= text.count(start)
        return page.body_line
