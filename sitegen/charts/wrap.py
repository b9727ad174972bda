"""Break text into lines of about `width` ems for SVG text, which never wraps by itself.

A rough measure (CJK characters 1 em, others 0.55 em) is enough: lines only need to
stay inside the chart. Japanese breaks between any two characters except before closing
punctuation or after opening brackets; other text breaks at spaces. A bracketed group moves
to the next line whole ('NVIDIA DGX B200' / '(Intel CPU server)'), unless it holds spaces
and that would leave the line under half full: a long English aside in a download's note
left 'The deals differ in kind' alone on a line.
"""

from __future__ import annotations

import re
import unicodedata

_NO_START = set("、。，．・：；？！）」』】〕〉》ー〜…%％ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_NO_END = set("（「『【〔〈《")
_PAIRS = {"（": "）", "(": ")", "「": "」", "『": "』", "【": "】"}


def _em(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.55


def wrap(text: str, width: float) -> list[str]:
    """Lines of at most about `width` ems (a single long word may exceed it)."""
    lines: list[str] = []
    line, used = "", 0.0
    tokens, index = _tokens(text, width), 0
    while index < len(tokens):
        token, index = tokens[index], index + 1
        size = width_em(token)
        if line and used + size > width and not (token[0] in _NO_START or line[-1] in _NO_END):
            if used < width / 2 and " " in token.strip():       # an aside of several words: break inside it
                tokens[index:index] = _tokens(token, 0)
                continue
            lines.append(line.rstrip())
            line, used = token.lstrip(), width_em(token.lstrip())
        else:
            line, used = line + token, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _kind(char: str) -> str:
    if "\u30a0" <= char <= "\u30ff":
        return "katakana"          # a katakana word (エージェント) stays on one line
    return "wide" if _em(char) == 1.0 else "space" if char == " " else "latin"


def _tokens(text: str, width: float) -> list[str]:
    """Units that stay together: a Latin word with its leading space, a katakana word, one other CJK
    character; a bracketed group that fits on a line ('（2028年まで）'), or else an opening
    bracket with what follows it."""
    tokens: list[str] = []
    previous = ""
    for char in text:
        kind = _kind(char)
        joins = (kind == "latin" and previous in ("latin", "space")) or (kind == previous == "katakana")
        if tokens and (joins or tokens[-1][-1] in _NO_END):
            tokens[-1] += char
        else:
            tokens.append(char)
        previous = kind
    return _groups(tokens, width)


def _groups(tokens: list[str], width: float) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        opening = token.lstrip()[:1]
        if opening in _PAIRS:
            end = next((j for j in range(index, len(tokens)) if _PAIRS[opening] in tokens[j]), None)
            if end is not None and width_em("".join(tokens[index:end + 1])) <= width:
                out.append("".join(tokens[index:end + 1]))
                index = end + 1
                continue
        out.append(token)
        index += 1
    return out


def width_em(text: str) -> float:
    """The rough width of one line of text, in ems."""
    return sum(_em(c) for c in text)


_CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])|(?<=[。、！？）」])\\s+")


def join_cjk(text: str) -> str:
    """Drop the space YAML's folded lines (`>-`) leave between two Japanese characters."""
    return _CJK_GAP.sub("", text)
