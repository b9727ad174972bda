"""One placement for citation markers, whatever the Markdown says (docs/authoring.md, "Sources").

A marker goes right after the words it supports, before the punctuation that follows them, in
both languages: …発表しました[1]。 / …over seven years[1]. A marker written after a full stop,
comma or colon moves before it; the spaces before a marker go (it is bound to the preceding
word: the marker itself starts with a word joiner, so it never starts a line); in Japanese, so
do the spaces after a stop that moved (no space after 。). A stop that would land on the stop
after the marker goes instead: "Lead[1], [2]. Next" → "Lead[1][2]. Next", not "…[2], . Next"
(、。 likewise). After a closing quote or bracket the marker stays where it is, outside the
quotation: "…for everyone."[1] / 「…」[1]。 A marker that starts a line or a table cell has no
word to bind to and stays as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

_SPACES = " \t\u3000"
STOPS = "。、．，！？.,;:!?"
_SPACE = f"[{_SPACES}]*"
_MOVABLE = frozenset(_SPACES + STOPS)        # what a marker moves across
_STOP_SET = frozenset(STOPS)


def place_markers(line: str, markers: Iterable[str], lang: str) -> str:
    """`line` (Markdown, shortcodes already replaced) with each of `markers` (the placeholders
    the markers were stashed as) moved to its place."""
    markers = tuple(markers)
    found = [index for index in map(line.find, markers) if index >= 0]
    if not found:
        return line
    # Only the spaces and stops right before the first marker, and what follows, can change:
    # the rest of the line is left out of the search (most of a paragraph; 3x faster).
    start = min(found)
    while start > 0 and line[start - 1] in _MOVABLE:
        start -= 1
    start = max(start - 1, 0)       # the character the marker binds to stays in the search
    pattern = _pattern(markers)

    def place(match: re.Match) -> str:
        stop, after = match["stop"], match["after"]
        if not stop:
            return match["marker"] + after
        if match.string[match.end():match.end() + 1] in _STOP_SET:
            return match["marker"]      # the stop after the marker ends the phrase: the moved one would be debris
        if lang == "ja":
            return match["marker"] + stop         # 。 and 、 take no space after them
        return match["marker"] + stop + (after or match["gap"])

    # Again while something moves: a marker after another one binds to it once the first has moved.
    rest = line[start:]
    for _ in range(len(markers) + 1):
        placed = pattern.sub(place, rest)
        if placed == rest:
            break
        rest = placed
    return line[:start] + rest


@functools.lru_cache(maxsize=256)
def _pattern(markers: tuple[str, ...]) -> re.Pattern:
    """Spaces, a stop and spaces before a marker, and the spaces after it, once there is a
    word before them (not a space, not a table cell's `|`)."""
    # A match starts with a space, a stop or a marker: the lookahead rejects every other
    # position at once, before the lookbehind and the groups are tried (2x faster).
    first = re.escape(_SPACES + STOPS + "".join(sorted({marker[0] for marker in markers})))
    alternatives = "|".join(re.escape(marker) for marker in markers)
    return re.compile(f"(?=[{first}])(?<=[^\\s|])(?P<before>{_SPACE})(?P<stop>[{re.escape(STOPS)}]?)"
                      f"(?P<gap>{_SPACE})(?P<marker>{alternatives})(?P<after>{_SPACE})")
