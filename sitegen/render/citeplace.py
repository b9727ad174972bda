"""One placement for citation markers, whatever the Markdown says (docs/authoring.md, "Sources").

A marker goes right after the words it supports, before the punctuation that follows them, in
both languages: …発表しました[1]。 / …over seven years[1]. A marker written after a full stop,
comma or colon moves before it; the spaces before a marker go (it is bound to the preceding
word: the marker itself starts with a word joiner, so it never starts a line); in Japanese, so
do the spaces after a stop that moved (no space after 。). After a closing quote or bracket the
marker stays where it is, outside the quotation: "…for everyone."[1] / 「…」[1]。 A marker that
starts a line or a table cell has no word to bind to and stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPACE = "[ \\t\u3000]*"
STOPS = "。、．，！？.,;:!?"


def place_markers(line: str, markers: Iterable[str], lang: str) -> str:
    """`line` (Markdown, shortcodes already replaced) with each of `markers` (the placeholders
    the markers were stashed as) moved to its place."""
    markers = list(markers)
    alternatives = "|".join(re.escape(m) for m in markers)
    if not alternatives:
        return line
    pattern = re.compile(f"(?<=[^\\s|])(?P<before>{_SPACE})(?P<stop>[{re.escape(STOPS)}]?)(?P<gap>{_SPACE})"
                         f"(?P<marker>{alternatives})(?P<after>{_SPACE})")

    def place(match: re.Match) -> str:
        stop, after = match["stop"], match["after"]
        if not stop:
            return match["marker"] + after
        if lang == "ja":
            return match["marker"] + stop         # 。 and 、 take no space after them
        return match["marker"] + stop + (after or match["gap"])

    # Again while something moves: a marker after another one binds to it once the first has moved.
    for _ in range(len(markers) + 1):
        placed = pattern.sub(place, line)
        if placed == line:
            break
        line = placed
    return line
