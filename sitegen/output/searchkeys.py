"""Search postings: which sections hold a piece of text, in the index's binary encoding.

Everything is matched after `fold` (NFKC, then case folding: ＡＷＳ, AWS and aws are one
text; Amazon’s is Amazon's; クラウド is くらうど; multi-cloud is multicloud; 1,000 is 1000; U.S. is us), and a search
term never holds whitespace (the query is split at it), so nothing here ever spans whitespace.
static/js/search/ reads what is written here; the formats:

- a *section posting*: varint n; if n > 0, the first section id (varint), a byte saying
  how the other n - 1 are written as gaps to the one before (0: a byte each, 1: varints),
  the gaps; n bytes of counts (how often, at most 255); varint m and the m ids (as gaps,
  varints) of the sections among them where it is in the heading (or the title).
- a *position posting* (chars mode, three characters): varint n; the n section ids as in a
  section posting; the number of positions in each section, then how many of those are in
  the heading (its first ones), each as a byte saying how they are written (0: a byte
  each, 1: varints) and the n numbers; then all positions, section by section, ascending,
  as little-endian uint16 (offsets in the section's folded text).
- a *token entry* (words mode): varint n; per token: varint byte length, its UTF-8 bytes,
  its section posting.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import sub

# One definition of whitespace on both sides (JavaScript's \s and Python's differ a little).
WHITESPACE = "\t\n\x0b\x0c\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
RUN = re.compile(f"[^{WHITESPACE}]+")
MAX_POSITION = 0xFFFF        # positions are uint16: longer sections are cut (see searchindex)


# What a reader types for what the page prints, character by character, after NFKC and case
# folding: the keyboard's quotes for typographic ones (Amazon's for Amazon’s, "deal" for “deal”);
# hiragana for katakana, so that くらうど finds クラウド and the reverse (an IME gives either), and
# か for the small ヶ of 18ヶ月 (an IME's choice; the site writes 18カ月); the wave dash of 1〜3月
# as the tilde that the ～ of a Windows IME becomes under NFKC; nothing for a hyphen or a katakana
# middle dot, which writers put in or leave out (multi-cloud, multicloud, Multi‐Cloud; サム・アルトマン,
# サムアルトマン), and the en dash a keyboard types as one, and the minus sign a Japanese input
# method gives for the hyphen key (gpt−oss for gpt-oss; the full-width － is - under NFKC).
FOLD = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b", "'"), **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
    **{chr(code): chr(code - 0x60) for code in [*range(0x30A1, 0x30F7), 0x30FD, 0x30FE]},
    **dict.fromkeys("ヵヶゕゖ", "か"), "〜": "~",
    **dict.fromkeys("-\u00ad\u2010\u2011\u2012\u2013\u2212\u30fb")})
# The long vowel mark that a Japanese input method gives for the hyphen key after a Latin letter
# or digit (gptーoss for gpt-oss): a hyphen too. (After kana it is a long vowel: データ.)
TYPED_HYPHEN = re.compile("(?<=[0-9a-z])ー+")
# A digit-group comma (1,000億ドル, 38,000, １，０００) is left out, as pages and readers write
# numbers with it or without: a comma between a digit and exactly three more (never "1, 2").
DIGIT_GROUP = re.compile("(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
# The full stops of an abbreviation of single letters (U.S., A.I., U.S.-based, Ｕ．Ｓ．) are left
# out, as readers and pages write it with them or without (US, AI): letters each followed by a
# full stop (the last one's optional), the first after no digit or full stop (3.a.b is not one),
# the others with no letter or digit after them (x.ai, node.js are not); after a hyphen left out
# too (non-U.S. is nonus).
ACRONYM = re.compile(r"(?<![0-9.])[a-z](?:\.[a-z](?![0-9a-z]))+\.?")


def fold(text: str) -> str:
    """NFKC, case folding, then FOLD, TYPED_HYPHEN, ACRONYM and DIGIT_GROUP: what index and query are matched as."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(FOLD)
    folded = TYPED_HYPHEN.sub("", folded) if "ー" in folded else folded
    folded = ACRONYM.sub(lambda found: found.group().replace(".", ""), folded) if "." in folded else folded
    return DIGIT_GROUP.sub("", folded) if "," in folded else folded


@functools.cache
def fold_table() -> dict[str, str]:
    """Characters whose fold is not their lower case (ß → ss, ’ → ', ク → く, - → ''): the
    search script folds a character of the NFKC-normalized query as this table (sent in the
    manifest, so that script and index always agree) says, else as its lower case. (No
    character past U+1FFFF has case.)"""
    chars = (chr(code) for code in range(0x20000) if not 0xD800 <= code < 0xE000)
    return {char: folded for char in chars if char.lower() != (folded := char.casefold().translate(FOLD))}


def varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _gaps(ids: Sequence[int]) -> bytes:
    """Ascending ids: the first as a varint, then the gaps to the next ones as `_numbers`
    (one byte each when all fit: the common, dense case, done in C)."""
    return varint(ids[0]) + _numbers(map(sub, ids[1:], ids[:-1])) if ids else b""


def section_posting(sections: Sequence[int], counts: Sequence[int] | None, in_heading: Iterable[int]) -> bytes:
    """Sections (ascending), how often in each (None: once), and those where it is in the heading."""
    heading = sorted(in_heading)
    heading_gaps = [heading[0], *map(sub, heading[1:], heading[:-1])] if heading else []
    count_bytes = bytes(map(min, counts, repeat(255))) if counts is not None else b"\x01" * len(sections)
    return b"".join((varint(len(sections)), _gaps(sections), count_bytes, varint(len(heading)),
                     *map(varint, heading_gaps)))


def position_posting(sections: Sequence[int], counts: Sequence[int], in_heading: Sequence[int],
                     positions: array) -> bytes:
    """Sections (ascending), how many positions in each and how many of those in the heading,
    and all the positions, section by section (each section's ascending)."""
    packed = array("H", positions)
    if sys.byteorder == "big":         # the format is little-endian
        packed.byteswap()
    return b"".join((varint(len(sections)), _gaps(sections), _numbers(counts), _numbers(in_heading),
                     packed.tobytes()))


def _numbers(numbers: Iterable[int]) -> bytes:
    """Small numbers: a byte saying how they are written (0: a byte each, 1: varints), then them."""
    numbers = list(numbers)          # (bytes() of an array would be its raw memory)
    if not numbers or max(numbers) < 0x100:
        return b"\x00" + bytes(numbers)
    return b"\x01" + b"".join(map(varint, numbers))


def token_entry(tokens: list[tuple[str, bytes]]) -> bytes:
    """Tokens (sorted) with their section postings."""
    out = [varint(len(tokens))]
    for token, posting in tokens:
        raw = token.encode("utf-8")
        out.append(varint(len(raw)) + raw + posting)
    return b"".join(out)


def shard_of(key: str, shards: int) -> int:
    """CRC-32 of the key's UTF-8 bytes, modulo the number of shards (a power of two)."""
    return zlib.crc32(key.encode("utf-8")) & (shards - 1)


def shard_file(records: list[tuple[str, bytes]]) -> bytes:
    """A shard: (varint key length, UTF-8 key, varint payload length, payload) per key, by key."""
    out = []
    for key, payload in sorted(records):
        raw = key.encode("utf-8")
        out.append(varint(len(raw)) + raw + varint(len(payload)))
        out.append(payload)
    return b"".join(out)
