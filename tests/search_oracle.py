"""What the search tests compare the index with, made independently of sitegen/search*.py.

`indexed_text` reads a built page with html.parser (the index reads it with regular
expressions) by the rules the search page promises: the `data-search-body` element, less
`data-search-ignore` elements, footnote markers, SVG, scripts, buttons and ruby readings;
a block element ends a line; sections start at headings with an id (h2–h6) and at glossary
terms with an id (dt). `holds` says whether a page holds a query the way a reader means it:
every whitespace-separated term of the folded query is a substring of the page's folded text
(whose lines never join into one term): NFKC-normalized, case-folded, katakana as hiragana,
typographic quotes as typed, hyphens and middle dots left out, digit-group commas too, and the
full stops of U.S. (`fold`).
`decode` reads the index's binary formats (as static/js/search/codec.js does).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser

SKIP = {"svg", "math", "script", "style", "template", "noscript", "button", "select", "textarea", "rt", "rp",
        "canvas", "iframe", "object"}
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark",
          "q", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class OracleSection:
    anchor: str
    heading: str
    text: str


@dataclass
class OraclePage:
    path: str
    lang: str
    title: str
    sections: list[OracleSection]

    def full_text(self) -> str:
        return "\n".join(f"{s.heading}\n{s.text}" for s in self.sections)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.stack: list[str] = []         # open elements inside the body
        self.in_body = False
        self.skip_depth = 0                # >0 while inside a skipped element
        self.title = ""
        self.heading_tag = ""
        self.buffer: list[str] = []
        self.heading: list[str] = []
        self.sections: list[OracleSection] = [OracleSection("", "", "")]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        if not self.in_body:
            if "data-search-body" in found:
                self.in_body, self.stack = True, [tag]
            return
        if tag not in VOID:
            self.stack.append(tag)
        classes = (found.get("class") or "").split()
        if self.skip_depth:
            if tag not in VOID:
                self.skip_depth += 1
            return
        if tag in SKIP or "data-search-ignore" in found or {"footnote-ref", "footnote-backref"} & set(classes):
            if tag not in VOID:
                self.skip_depth = 1
            return
        if tag not in INLINE:
            self._write("\n")
        if not self.heading_tag and (tag == "h1" or (tag in {"h2", "h3", "h4", "h5", "h6", "dt"} and found.get("id"))):
            self.heading_tag = tag
            self.heading = []
            if tag != "h1":
                self._close_section()
                self.sections.append(OracleSection(found["id"] or "", "", ""))

    def handle_endtag(self, tag: str) -> None:
        if not self.in_body or tag in VOID:
            return
        while self.stack and self.stack[-1] != tag:       # implied end tags (<p> in <li>…)
            self._pop()
        if self.stack:
            self._pop()
        if tag not in INLINE and not self.skip_depth:
            self._write("\n")
        if tag == self.heading_tag and not self.skip_depth:
            text = " ".join("".join(self.heading).split())
            if tag == "h1":
                self.title = self.title or text
            else:
                self.sections[-1].heading = text
            self.heading_tag = ""
        if not self.stack:
            self._close_section()
            self.in_body = False

    def _pop(self) -> None:
        self.stack.pop()
        if self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_body and not self.skip_depth:
            self._write(data)

    def _write(self, text: str) -> None:
        (self.heading if self.heading_tag else self.buffer).append(text)

    def _close_section(self) -> None:
        lines = ("".join(self.buffer)).split("\n")
        self.sections[-1].text = "\n".join(" ".join(line.split()) for line in lines if line.split())
        self.buffer = []


def indexed_text(path: str, html: str) -> OraclePage | None:
    """The searchable part of a built page, or None if it has none."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    if reader.sections == [OracleSection("", "", "")] and not reader.title:
        return None
    sections = reader.sections
    sections[0].heading = reader.title
    if not sections[0].text and len(sections) > 1 and not sections[0].anchor:
        pass                                       # a page whose text starts with a heading
    return OraclePage(path.removesuffix("index.html"), reader.lang, reader.title, sections)


# A reader types ' and " for the page's ’ and ”, and puts quotes or brackets around words.
TYPED = str.maketrans("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f", "''''\"\"\"\"")
AROUND = "".join(c for c in map(chr, range(0x110000)) if unicodedata.category(c) in ("Ps", "Pe", "Pi", "Pf")) + "\"'"
# ...and ends sentences and lists with punctuation (What is agentic AI?, AWSとは？, Microsoft, AWS), where
# Japanese commas and full stops part words as spaces do (OpenAI、AWS).
AROUND += ".,;:!?、。"


def _words(text: str) -> list[str]:
    return [word for part in text.split() for word in re.split("[、。]+", part)]


# An input method gives hiragana or katakana as the reader likes (くらうど, クラウド): a katakana
# character is the hiragana of the same name; the small ka and ke of counters (18ヶ月, 18カ月,
# 18か月) are all か. A Windows IME writes 1～3月 (a full-width tilde, a tilde under NFKC) for the
# page's 1〜3月 (a wave dash). Writers join words with a hyphen or a middle dot, or not
# (multi-cloud, multicloud; サム・アルトマン), and a keyboard's hyphen stands for an en dash
# (2023–2025): these are left out.
JOINERS = {unicodedata.lookup(name) for name in ("HYPHEN-MINUS", "SOFT HYPHEN", "HYPHEN", "NON-BREAKING HYPHEN",
                                                  "FIGURE DASH", "EN DASH", "MINUS SIGN", "KATAKANA MIDDLE DOT")}
# A Japanese input method types the hyphen key as a minus sign (macOS), or after a Latin letter or
# digit as the long vowel mark ー (gptーoss for gpt-oss): that mark is a hyphen too.
LONG_VOWEL = unicodedata.lookup("KATAKANA-HIRAGANA PROLONGED SOUND MARK")
SAME = {unicodedata.lookup(f"{script} LETTER SMALL {kana}"): unicodedata.lookup("HIRAGANA LETTER KA")
        for script in ("KATAKANA", "HIRAGANA") for kana in ("KA", "KE")} | {
        unicodedata.lookup("WAVE DASH"): unicodedata.lookup("TILDE")}


def _as_typed(char: str) -> str:
    if char in JOINERS:
        return ""
    if char in SAME:
        return SAME[char]
    name = unicodedata.name(char, "")
    if not name.startswith("KATAKANA "):
        return char
    try:
        return unicodedata.lookup("HIRAGANA " + name.removeprefix("KATAKANA "))
    except KeyError:
        return char


# Numbers are written with digit-group commas or without (1,000億ドル, 1000億ドル; ３８，０００): a
# comma with a digit before it and a group of exactly three after it is left out ("1, 2" is a list).
DIGITS = "0123456789"


def _digit_group(text: str, at: int) -> bool:
    group = text[at + 1:at + 5]
    return (text[at] == "," and at > 0 and text[at - 1] in DIGITS and len(group) >= 3
            and all(c in DIGITS for c in group[:3]) and (len(group) == 3 or group[3] not in DIGITS))


# An abbreviation of single letters is written with full stops or without (U.S., US; A.I.; U.S.-based):
# letters each followed by a full stop (the last may lack it), none after a digit or a full stop, none
# but the first with a letter or digit right after it (x.ai is no abbreviation): its full stops are
# left out.
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _abbreviation_stops(text: str) -> set[int]:
    stops: set[int] = set()
    at = 0
    while at < len(text):
        end = at
        if text[at] in LETTERS and (at == 0 or text[at - 1] not in DIGITS + "."):
            while (text[end + 1:end + 2] == "." and text[end + 2:end + 3] and text[end + 2] in LETTERS
                   and text[end + 3:end + 4] not in tuple(DIGITS + LETTERS)):
                end += 2
        if end > at:
            stops.update(range(at + 1, end, 2))
            if text[end + 1:end + 2] == ".":
                stops.add(end + 1)
                end += 1
            at = end + 1
        else:
            at += 1
    return stops


def fold(text: str) -> str:
    out = ""
    for char in map(_as_typed, unicodedata.normalize("NFKC", text).casefold().translate(TYPED)):
        if not (char == LONG_VOWEL and out and out[-1] in DIGITS + "abcdefghijklmnopqrstuvwxyz"):
            out += char
    stops = _abbreviation_stops(out) if "." in out else set()
    out = "".join(char for at, char in enumerate(out) if at not in stops)
    return "".join(char for at, char in enumerate(out) if not _digit_group(out, at))


# A phrase typed in double quotes or Japanese brackets ("cloud deal", 「AWSとの契約」) is one term: its
# words with one space between them, found where one line of a page's text holds them so.
QUOTES = "\"\u201c\u201d\u201e\u201f"
PHRASE = re.compile(f"[{QUOTES}]([^{QUOTES}]+)[{QUOTES}]|「([^「」]+)」|『([^『』]+)』")


def _phrases(query: str) -> tuple[list[str], str]:
    """The phrases in quotes (folded terms), and the query without them."""
    found: list[str] = []
    def take(match: re.Match) -> str:
        phrase = " ".join(fold(next(text for text in match.groups() if text is not None)).split()).strip(AROUND)
        found.extend([phrase] if phrase and phrase not in found else [])
        return " "
    rest = PHRASE.sub(take, unicodedata.normalize("NFKC", query))
    return found, rest


def terms(query: str, lang: str = "") -> list[str]:
    """The terms of at least two characters; of one in Japanese, and in English one of the CJK letters
    and digits, from U+2E80 (円, 株 are words; the a of "a deal" is not), except a hiragana one beside
    other terms (AWS と 契約: a particle). A phrase in quotes is a term (with spaces, if of words)."""
    phrases, query = _phrases(query)
    found = phrases + [term for term in (word.strip(AROUND) for word in _words(fold(query)))
                       if term and term not in phrases]
    def word(term: str) -> bool:
        return len(term) >= 2 or lang == "ja" or (ord(term) >= 0x2E80 and term.isalnum())
    def particle(term: str) -> bool:
        return len(term) == 1 and unicodedata.name(term, "").startswith("HIRAGANA")
    found = [term for term in found if word(term)]
    words = [term for term in found if not particle(term)]
    return words or found


def holds(page: OraclePage, query: str) -> bool:
    lines = _folded_lines(page.full_text())
    return all(any(term in line for line in (_spaced_lines(page.full_text()) if " " in term else lines))
               for term in terms(query, page.lang))


@functools.lru_cache(maxsize=4096)
def _spaced_lines(text: str) -> tuple[str, ...]:
    """A page's folded lines, each with one space for any whitespace (what a phrase is looked for in)."""
    return tuple(" ".join(line.split()) for line in fold(text).split("\n"))


@functools.lru_cache(maxsize=4096)
def _folded_lines(text: str) -> tuple[str, ...]:
    """A page's folded text, split: folded once per page, not once per query (fold is a Python loop over
    every character; the tests ask each page about many queries)."""
    return tuple(fold(text).split())


# A Japanese phrase's parts (what a reader means by AWSの契約 where a page writes AWSとの契約): runs of
# one script, kanji and hiragana together (結んだ契約), Latin letters with digits (gpt4o), a number
# with the kanji and katakana after it (380億ドル), split at every other change of script and at
# the particles, which are left out. Used only where a term has two parts or more.
PARTICLES = {"の", "と", "との", "は", "が", "を", "に", "へ", "で", "や", "も", "か", "から", "まで", "より", "には",
             "では", "とは", "での", "への", "からの", "までの", "にも", "でも", "とも", "など", "について", "における",
             "による", "として"}
TOGETHER = {("han", "kana"), ("kana", "han"), ("digit", "han"), ("digit", "kata"), ("latin", "digit"),
            ("digit", "latin")}


def _script(char: str, before: str | None) -> str:
    name = unicodedata.name(char, "")
    if char == LONG_VOWEL and before:
        return before
    if char.isdigit() and char.isascii():
        return "digit"
    if ("IDEOGRAPH" in name and name.startswith("CJK")) or name.startswith("IDEOGRAPHIC ITERATION") or char == "〆":
        return "han"
    return "kana" if name.startswith("HIRAGANA") else "kata" if name.startswith("KATAKANA") else "latin"


def parts(word: str, alone: bool = False, typed: bool = False) -> list[str]:
    """The parts of `word`, folded (as typed, NFKC, if `typed`)."""
    runs: list[list[str]] = []          # [script, text]
    for char in unicodedata.normalize("NFKC", word):
        script = _script(char, runs[-1][0] if runs else None)
        if runs and runs[-1][0] == script:
            runs[-1][1] += char
        else:
            runs.append([script, char])
    out: list[str] = []
    before, number = None, False
    for script, text in runs:
        if script == "kana" and text in PARTICLES:
            before = None
            continue
        if before and ((before, script) in TOGETHER or (number and script in ("han", "kata", "digit"))):
            out[-1] += text
        else:
            out.append(text)
            number = script == "digit"
        before = script
    found = [part if typed else fold(part) for part in out if len(fold(part)) >= 2]
    return found if len(found) >= 2 or alone else []


def term_parts(query: str) -> dict[str, list[str]]:
    """Each term of the query (as `terms` gives them) → its parts (none where it has fewer than two),
    or its one part less particles (スターゲートとは, a question: スターゲート)."""
    out: dict[str, list[str]] = {}
    for phrase in _phrases(query)[0]:
        out[phrase] = []                # as typed only
    for word in _words(_phrases(query)[1]):
        term = fold(word.strip(AROUND)).strip(AROUND)
        if term in terms(query, "ja"):
            found = parts(word.strip(AROUND), alone=True)
            out.setdefault(term, found if len(found) >= 2 or found[:1] != [term] else [])
    return out


def loosely_holds(page: OraclePage, query: str) -> bool:
    """In Japanese: every term is in the page, or some section of it holds each of the term's parts."""
    sections = [fold(f"{s.heading}\n{s.text}") for s in page.sections]
    return all(any(term in line for line in (_spaced_lines if " " in term else _folded_lines)(page.full_text()))
               or (found and any(all(part in text for part in found) for text in sections))
               for term, found in term_parts(query).items())


def as_words(text: str, query: str, lang: str) -> bool:
    """Whether `text` holds each English term of two letters or digits as a word of its own (US in "US
    time", "(US)", not the us of thus): the search shows such pages first. Other terms: True."""
    words = {word.strip("".join(c for c in set(word) if not c.isalnum())) for word in fold(text).split()}
    return all(term in words for term in terms(query, lang) if lang != "ja" and len(term) == 2 and term.isalnum())


def field_of(page: OraclePage, query: str) -> int:
    """0: every term is in the title; 1: each is in the title or a heading; 2: otherwise."""
    def in_(text: str) -> bool:
        return all(term in fold(text) for term in terms(query, page.lang))
    if in_(page.title):
        return 0
    if all(any(term in fold(s.heading) for s in page.sections) for term in terms(query, page.lang)):
        return 1
    return 2


# --- the index's formats ------------------------------------------------------------------

class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def varint(self) -> int:
        value = shift = 0
        while True:
            byte = self.data[self.pos]
            self.pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7

    def take(self, n: int) -> bytes:
        self.pos += n
        return self.data[self.pos - n:self.pos]

    def numbers(self, n: int) -> list[int]:
        mode = self.take(1)[0]
        return list(self.take(n)) if mode == 0 else [self.varint() for _ in range(n)]

    def ids(self, n: int) -> list[int]:
        if not n:
            return []
        ids = [self.varint()]
        for gap in self.numbers(n - 1):
            ids.append(ids[-1] + gap)
        return ids


def inflate(data: bytes) -> bytes:
    return zlib.decompress(data)


def manifest(files: dict[str, bytes], lang: str) -> dict:
    return json.loads(inflate(files[f"search/{lang}/manifest.bin"]))


def shard_records(data: bytes) -> dict[str, bytes]:
    reader, out = _Bytes(inflate(data)), {}
    while reader.pos < len(reader.data):
        key = reader.take(reader.varint()).decode("utf-8")
        out[key] = reader.take(reader.varint())
    return out


def section_posting(reader: _Bytes) -> dict[int, tuple[int, bool]]:
    n = reader.varint()
    sections = reader.ids(n)
    counts = reader.take(n)
    heading, at = set(), 0
    for i in range(reader.varint()):
        at = reader.varint() if i == 0 else at + reader.varint()
        heading.add(at)
    return {s: (c, s in heading) for s, c in zip(sections, counts, strict=True)}


def position_posting(data: bytes) -> dict[int, list[int]]:
    reader = _Bytes(data)
    n = reader.varint()
    sections = reader.ids(n)
    counts = reader.numbers(n)
    reader.numbers(n)
    out = {}
    for section, count in zip(sections, counts, strict=True):
        raw = reader.take(2 * count)
        out[section] = [int.from_bytes(raw[i:i + 2], "little") for i in range(0, len(raw), 2)]
    return out


def token_entry(data: bytes) -> dict[str, dict[int, tuple[int, bool]]]:
    reader = _Bytes(data)
    out = {}
    for _ in range(reader.varint()):
        token = reader.take(reader.varint()).decode("utf-8")
        out[token] = section_posting(reader)
    return out


def all_records(files: dict[str, bytes], lang: str) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for path, data in files.items():
        if path.startswith(f"search/{lang}/s/"):
            out.update(shard_records(data))
    return out


def section_posting_of(data: bytes) -> dict[int, tuple[int, bool]]:
    return section_posting(_Bytes(data))


WORD = re.compile(r"\S+")
