"""The search index of one language: every page whose text holds a term is found, exactly.

Pagefind (used until issue 17) finds words: it cut Japanese into words with one segmenter
when indexing and another when searching (Pagefind issue #1237), so アルトマン or ＡＷＳ missed
most pages, and no word index finds "orth" in "north". This index finds substrings: a page
is a result for a term if its folded text (searchkeys.fold) holds the term, and only then.

- **chars** mode (Japanese, and other languages written without spaces): every character,
  pair and triple of characters of the text is a key. One or two characters: the sections
  holding them, with counts. Three: their positions too. A longer term is looked up as the
  triples at offsets 0, 3, 6… and its last one, and found where they lie at those offsets
  from each other (every character covered: exact).
- **words** mode (English…): a term without spaces lies inside one space-delimited token,
  so the tokens are what is indexed. Key `t` + each triple of characters of a token lists
  the tokens holding it with their sections; the script keeps the tokens that hold the
  term, or whose stem is the term's (Porter), and merges their sections. One or two
  characters: key `s` + the characters, the sections holding them (one: only a character
  from U+2E80 on, a Japanese word of one character, 円 or 株, as English pages quote them);
  key `w` + two characters, the sections holding them as a word (US, not the us of thus),
  which the script ranks first.

Keys are spread over shards by a hash (searchkeys.shard_of), so that a query fetches a few
small files: at 1,000 pages a language about 16 KB each, compressed (deflate). The page
texts, for excerpts, are one file per page, fetched only for the results shown; the
manifest holds the number of sections of each page (a section id is its place in the
language's pages and sections, in order). Section 0 of a page is its top, whose heading
is its title. Ids, keys and files come out sorted: the same pages give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator
from operator import add

from .searchkeys import (
    MAX_POSITION,
    RUN,
    WHITESPACE,
    fold,
    fold_table,
    position_posting,
    section_posting,
    shard_file,
    shard_of,
    token_entry,
)
from .searchtext import SearchDoc

# Languages written without spaces between words: indexed by characters.
CHARS_LANGUAGES = frozenset({"ja", "zh", "th", "lo", "km", "my"})
SHARD_TARGET = 48 * 1024          # bytes of postings per shard before compression (~16 KB after)
MAX_SHARDS = 4096
FORMAT = 1
_SPACE = re.compile(f"[{WHITESPACE}]")
_CJK = re.compile(r"[^\W_\u0000-\u2e7f]")     # a letter or digit from U+2E80 on (kanji, kana, hangul)
_AROUND = re.compile(r"^[\W_]+|[\W_]+$")         # what is around a word in a token: "(us)," is us


def mode_of(lang: str) -> str:
    return "chars" if lang.split("-")[0] in CHARS_LANGUAGES else "words"


def index_files(lang: str, docs: list[SearchDoc], prefix: str) -> dict[str, bytes]:
    """The files of one language's index, as `prefix` + name → bytes: its manifest, shards
    and one text file per page. `docs` are that language's pages."""
    docs = sorted(docs, key=lambda doc: doc.path)
    mode = mode_of(lang)
    texts = list(_section_texts(docs))
    records = dict(_chars_keys(texts) if mode == "chars" else _words_keys(texts))
    shards = _shard_count(sum(len(key) + len(payload) for key, payload in records.items()))
    grouped: list[list[tuple[str, bytes]]] = [[] for _ in range(shards)]
    for key, payload in records.items():
        grouped[shard_of(key, shards)].append((key, payload))
    files = {f"{prefix}s/{n:03x}.bin": _deflate(shard_file(group)) for n, group in enumerate(grouped)}
    for n, doc in enumerate(docs):
        files[f"{prefix}d/{n}.bin"] = _deflate(_json({
            "path": doc.path, "title": doc.title,
            "sections": [[s.anchor, s.heading, s.text] for s in doc.sections]}))
    generation = hashlib.sha256()
    for path in sorted(files):
        generation.update(path.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    files[f"{prefix}manifest.bin"] = _deflate(_json({
        "format": FORMAT, "lang": lang, "mode": mode, "shards": shards, "generation": generation.hexdigest()[:16],
        "pages": [len(doc.sections) for doc in docs], "fold": fold_table()}))
    return files


def _section_texts(docs: list[SearchDoc]) -> Iterator[tuple[str, int]]:
    """Each section's folded text (heading, a line end, text) and its heading's length, by
    section id. A section too long for uint16 positions is cut (it never is in practice)."""
    for doc in docs:
        for section in doc.sections:
            heading = fold(section.heading)
            yield (heading + "\n" + fold(section.text))[:MAX_POSITION], len(heading)


def _chars_keys(texts: list[tuple[str, int]]) -> Iterator[tuple[str, bytes]]:
    """Keys `b` + a character or a pair (section postings: 円, 株 are words) and `p` + a triple (positions).

    Kept as typed arrays while collected (~3 bytes a number): a list of Python ints for
    every (triple, section) of 1,000 Japanese pages took ~150 MB."""
    pairs = _Postings()
    triples: dict[str, tuple[array, array, array, array]] = defaultdict(
        lambda: (array("I"), array("I"), array("I"), array("H")))
    for section, (text, heading_length) in enumerate(texts):
        heading = text[:heading_length]
        counts = Counter(text)
        counts.update(map(add, text, text[1:]))      # in C, where Counter's + loops in Python
        pairs.add(section, counts, {*heading, *map(add, heading, heading[1:])})
        positions: dict[str, list[int]] = defaultdict(list)
        for offset, triple in enumerate(map(add, map(add, text, text[1:]), text[2:])):
            positions[triple].append(offset)
        for triple, found in positions.items():
            entries = triples[triple]
            entries[0].append(section)
            entries[1].append(len(found))
            entries[2].append(bisect_left(found, heading_length))
            entries[3].extend(found)
    for pair, posting in pairs.encoded():
        if not _SPACE.search(pair):
            yield "b" + pair, posting
    for triple, (sections, counts, in_heading, positions) in triples.items():
        if not _SPACE.search(triple):
            yield "p" + triple, position_posting(sections, counts, in_heading, positions)


class _Postings:
    """Key → the sections holding it (ascending), how often, and where it is in the heading."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[array, array]] = defaultdict(lambda: (array("I"), array("I")))  # sections, counts
        self.in_heading: dict[str, list[int]] = defaultdict(list)

    def add(self, section: int, counts: Counter, in_heading: set[str]) -> None:
        for key, count in counts.items():
            numbers = self.found[key]
            numbers[0].append(section)
            numbers[1].append(count)
        for key in in_heading:
            self.in_heading[key].append(section)

    def encoded(self) -> Iterator[tuple[str, bytes]]:
        for key, (sections, counts) in self.found.items():
            yield key, section_posting(sections, counts, self.in_heading.get(key, ()))


def _words_keys(texts: list[tuple[str, int]]) -> Iterator[tuple[str, bytes]]:
    """Keys `t` + a triple (token entries) and `s` + a pair of characters or a CJK one (section postings)."""
    tokens = _Postings()
    for section, (text, heading_length) in enumerate(texts):
        tokens.add(section, Counter(RUN.findall(text)), set(RUN.findall(text, 0, heading_length)))
    by_triple: dict[str, list[str]] = defaultdict(list)
    by_pair: dict[str, list[str]] = defaultdict(list)
    by_word: dict[str, list[str]] = defaultdict(list)
    for token in sorted(tokens.found):
        if len(word := _AROUND.sub("", token)) == 2:
            by_word[word].append(token)
        for triple in set(map(add, map(add, token, token[1:]), token[2:])):
            by_triple[triple].append(token)
        for pair in set(map(add, token, token[1:])) | {char for char in token if _CJK.match(char)}:
            by_pair[pair].append(token)
    postings = dict(tokens.encoded())
    for triple, holding in by_triple.items():
        yield "t" + triple, token_entry([(token, postings[token]) for token in holding])
    for prefix, grouped in (("s", by_pair), ("w", by_word)):
        for pair, holding in grouped.items():
            sections = sorted(set().union(*(tokens.found[token][0] for token in holding)))
            heading = set().union(*(tokens.in_heading.get(token, ()) for token in holding))
            yield prefix + pair, section_posting(sections, None, heading)


def _shard_count(size: int) -> int:
    shards = 1
    while shards < MAX_SHARDS and size / shards > SHARD_TARGET:
        shards *= 2
    return shards


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _deflate(data: bytes) -> bytes:
    """zlib's format: the browser's DecompressionStream('deflate') reads it."""
    return zlib.compress(data, 6)
