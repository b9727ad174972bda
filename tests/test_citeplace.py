"""One placement rule for citation markers (sitegen/render/citeplace.py, docs/authoring.md)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.render.citeplace import STOPS, place_markers

M = "\x02wzxhzdk:0\x03"       # a marker, as Python-Markdown's stash placeholder


@pytest.mark.parametrize(("lang", "written", "placed"), [
    # after a full stop → before it; no space after 。 in Japanese
    ("ja", f"発表しました。{M} 大型の", f"発表しました{M}。大型の"),
    ("ja", f"発表しました。 {M}次に", f"発表しました{M}。次に"),
    ("ja", f"としています{M}。AWS", f"としています{M}。AWS"),
    ("ja", f"読点のあと、{M}続く", f"読点のあと{M}、続く"),
    ("ja", f"「引用」{M}。", f"「引用」{M}。"),
    ("ja", f"AWS {M}の発表", f"AWS{M}の発表"),
    # English: before the stop, one space after it
    ("en", f"over seven years. {M} It was", f"over seven years{M}. It was"),
    ("en", f"the actions {M}. AWS", f"the actions{M}. AWS"),
    ("en", f"in the first place, {M} and", f"in the first place{M}, and"),
    ("en", f'for everyone." {M} Matt', f'for everyone."{M} Matt'),
    ("en", f"(in brackets) {M}.", f"(in brackets){M}."),
    # a marker that starts a line or a table cell has nothing to bind to: left as written
    ("en", f"{M} first", f"{M} first"),
    ("en", f"| {M} |", f"| {M} |"),
])
def test_markers_go_after_the_words_and_before_the_punctuation(lang: str, written: str, placed: str) -> None:
    assert place_markers(written, [M], lang) == placed


def test_only_markers_move() -> None:
    other = "\x02wzxhzdk:1\x03"          # a stashed block or fact, not a marker
    assert place_markers(f"text. {other}", [M], "en") == f"text. {other}"
    assert place_markers("no markers. here", [], "ja") == "no markers. here"


def test_two_markers_in_a_row_both_bind() -> None:
    second = "\x02wzxhzdk:1\x03"
    assert place_markers(f"words. {M} {second} Next", [M, second], "en") == f"words{M}{second}. Next"


@pytest.mark.parametrize(("lang", "comma", "stop"), [("en", ",", "."), ("ja", "、", "。")])
def test_stops_between_markers_leave_no_debris(lang: str, comma: str, stop: str) -> None:
    """A stop written between two markers does not move onto the stop after the second one
    (', .', '、。'): the marker binds, the stop after it ends the phrase."""
    a, b, c = MARKERS[:3]
    space = " " if lang == "en" else ""
    assert place_markers(f"Lead {a}{comma} {b}{stop} {c} Next", [a, b, c], lang) == f"Lead{a}{b}{c}{stop}{space}Next"
    assert place_markers(f"{a}{comma} {b}{stop} {c}", [a, b, c], lang) == f"{a}{b}{c}{stop}{space}"
    # with words between the markers, each stays after its own words
    assert (place_markers(f"Text {a}{comma} more {b}{stop} Then {c}", [a, b, c], lang)
            == f"Text{a}{comma} more{b}{stop} Then{c}")


def _placed_searching_the_whole_line(line: str, markers: list[str], lang: str) -> str:
    """The rule written plainly, as it was before the search was narrowed (54af2d2):
    one pattern over the whole line, again while something moves."""
    alternatives = "|".join(re.escape(m) for m in markers)
    if not alternatives:
        return line
    pattern = re.compile(f"(?<=[^\\s|])(?P<before>{SPACE})(?P<stop>[{re.escape(STOPS)}]?)(?P<gap>{SPACE})"
                         f"(?P<marker>{alternatives})(?P<after>{SPACE})")

    def place(match: re.Match) -> str:
        stop, after = match["stop"], match["after"]
        if not stop:
            return match["marker"] + after
        if match.string[match.end():match.end() + 1] in set(STOPS):
            return match["marker"]
        return match["marker"] + stop + ("" if lang == "ja" else after or match["gap"])

    for _ in range(len(markers) + 1):
        placed = pattern.sub(place, line)
        if placed == line:
            break
        line = placed
    return line


SPACE = "[ \\t\u3000]*"
MARKERS = [f"\x02wzxhzdk:{n}\x03" for n in range(4)]
_PIECES = st.sampled_from([*MARKERS, "\x02wzxhzdk:9\x03", " ", "  ", "\t", "\u3000", "|", "\xa0", "\n",
                           *STOPS, "a", "語", "」", '"', ")", "\x02", "\x03", "wzxhzdk"])


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=30), count=st.integers(0, len(MARKERS)), lang=st.sampled_from(["ja", "en"]))
def test_placing_is_the_plain_rule_applied_to_the_whole_line(pieces: list[str], count: int, lang: str) -> None:
    line = "".join(pieces)
    assert place_markers(line, MARKERS[:count], lang) == _placed_searching_the_whole_line(line, MARKERS[:count], lang)


def _stop_pairs(text: str) -> int:
    """Stops with only spaces between them: ', .', '、。' (a marker between them does not count)."""
    return len(re.findall(f"[{re.escape(STOPS)}](?={SPACE}[{re.escape(STOPS)}])", text))


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=30), count=st.integers(0, len(MARKERS)), lang=st.sampled_from(["ja", "en"]))
def test_placing_never_puts_two_stops_together(pieces: list[str], count: int, lang: str) -> None:
    line = "".join(pieces)
    assert _stop_pairs(place_markers(line, MARKERS[:count], lang)) <= _stop_pairs(line)
