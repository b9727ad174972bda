"""Limits on what an editor's text may hold, checked before any parser sees it.

Control characters (a NUL pasted from a PDF) end up in feed.xml, which XML forbids; the
Markdown converter recurses once per level of nesting (a list 400 levels deep exhausted
Python's stack, 2,000 levels hung the build). Both are refused here, at their line. And a
file is one before it is read (`file_to_read`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..diagnostics import Diagnostics, Location, relpath
from ..fingerprint import CONFINED_DIRS, files_under

# Characters XML 1.0 does not allow (feeds and sitemaps are XML): the C0 controls other than
# tab, line feed and carriage return, and U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_REPORTED = 10             # per file: a binary file pasted as text would give thousands

# Levels of nesting (lists, quotes, indented blocks) a page may use. The site's pages use at
# most 2; Python-Markdown converts 16 levels in milliseconds, and fails near 400.
MAX_NESTING = 16
_INDENT = 4                   # columns per level, as Python-Markdown counts them
# Python-Markdown's link pattern scans ahead from every '[' of a paragraph: 2,000 of them took
# 1 s, 20,000 (unclosed) over two minutes. A paragraph of the site has a few dozen at most.
MAX_BRACKETS = 500
_FENCE = re.compile(r"^\s*(```+|~~~+)")
_QUOTES = re.compile(r"^[ \t]*(?:>[ \t]*)+")


def file_to_read(path: Path, root: Path, diags: Diagnostics) -> bool:
    """Whether there is a file to read at `path`: False if nothing is there; False, reported, if
    something else is (a named pipe, whose reading waits for ever; a folder; a link to nothing,
    which read as a file left out: the glossary, or a catalogue, gone without a word)."""
    if path.is_file():
        return True
    if os.path.lexists(path):
        dangling = path.is_symlink() and not path.exists()
        diags.error(Location(relpath(path, root)), not_a_file(path),
                    "restore the file it links to, or put the file itself here" if dangling
                    else "remove it, or replace it with the file")
    return False


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def not_a_file(path: Path) -> str:
    """What stands at `path` in the place of a file, said so: 'is a named pipe, not a regular file'."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:        # ln -s x.md x.md, or two links to each other
            return f"is a link to {path.readlink()}, which leads round to itself, never to a file"
        if path.is_symlink():
            return f"is a link to {path.readlink()}, where there is no file"
        return "was removed while the build read it"
    kind = next((name for test, name in _KINDS if test(mode)), "something else")
    return "is a folder, not a file" if kind == "a folder" else f"is {kind}, not a regular file"


# How Python keeps the bytes of a file name that are not UTF-8 (surrogateescape, PEP 383).
_UNDECODED = re.compile("[\udc80-\udcff]")


def report_folders_that_are_not(root: Path, folders: Iterable[str], diags: Diagnostics) -> bool:
    """Each input folder something else stands in place of (a file, from a botched merge): data/ a file
    gave 1,144 'unknown fact' errors, none naming data. True if there is none."""
    clean = True
    for folder in folders:
        path = root / folder
        if os.path.lexists(path) and not path.is_dir():
            # 'a named pipe', 'a link to nowhere': what not_a_file says it is, without its ending
            what = "a file" if path.is_file() else not_a_file(path).removeprefix("is ").partition(",")[0]
            diags.error(Location(folder), f"is {what}, where the build reads the folder {folder}/",
                        f"move it away, then restore the folder: git checkout -- {folder}")
            clean = False
    return clean


def report_undecodable_names(root: Path, folders: Iterable[str], diags: Diagnostics) -> bool:
    """Each file under `folders` whose name is not UTF-8 (a zip made on Japanese Windows keeps names
    in Shift_JIS): no URL, feed or message can carry it. True if there is none."""
    clean = True
    for folder in folders:
        for rel in files_under(root / folder, root if folder in CONFINED_DIRS else None):
            if _UNDECODED.search(rel):
                raw = os.fsencode(rel)
                shift_jis = _as_shift_jis(raw.rsplit(b"/", 1)[-1])
                diags.error(Location(f"{folder}/{raw.decode('utf-8', 'backslashreplace')}"), "file name is not UTF-8",
                            f"rename it: read as Shift_JIS (a zip from Japanese Windows), it is '{shift_jis}'"
                            if shift_jis else "rename it")
                clean = False
    return clean


def _as_shift_jis(name: bytes) -> str | None:
    """`name` read as Windows' Shift_JIS, if it reads as text (no private-use or control characters)."""
    try:
        text = name.decode("cp932")
    except UnicodeDecodeError:
        return None
    return text if all(unicodedata.category(c) not in ("Co", "Cc", "Cn") for c in text) else None


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")       # how a UTF-16 file starts: Windows Notepad's "Unicode"


def decode_utf8(data: bytes, path: str, diags: Diagnostics) -> str | None:
    """The text of file `path`; None, reported at the line and column of the first bad byte, if it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if data.startswith(UTF16_BOMS):
            diags.error(Location(path, 1, 1), "the file is UTF-16, not UTF-8", "save it as UTF-8")
            return None
        line, first, end = data.count(b"\n", 0, exc.start) + 1, data.rfind(b"\n", 0, exc.start) + 1, \
            data.find(b"\n", exc.start)
        column = len(data[first:exc.start].decode("utf-8")) + 1     # in characters
        read = _read_as(data, first, end if end >= 0 else len(data))
        diags.error(Location(path, line, column), f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
                    # Japanese Excel's 'CSV' is Shift_JIS: its own UTF-8 choice has another name.
                    (f"the line reads as {read[0]}: '{read[1]}'; reopen the file as {read[0]} in your editor, then "
                     "save it as UTF-8" if read else "save the file as UTF-8")
                    + ("; in Excel, Save As 'CSV UTF-8'" if path.endswith(".csv") else ""))
        return None


# What Windows and older Japanese editors save. A file is taken for Japanese where it reads as text with
# kana in it (Latin-1's 'Ré' reads as a kanji in Shift_JIS, never as kana), else for Windows-1252.
_LEGACY = (("EUC-JP", "euc_jp"), ("Shift_JIS", "cp932"), ("Windows-1252", "cp1252"))
_KANA = re.compile("[\u3041-\u30ff]")


def _read_as(data: bytes, start: int, end: int) -> tuple[str, str] | None:
    """(the encoding, the text of data[start:end], its line) that `data`, not UTF-8, reads as, if one of
    _LEGACY reads it as text; None if it is mostly UTF-8 (a character cut, not another encoding)."""
    read = data.decode("utf-8", "replace")
    if sum(c > "\x7f" for c in read) > 2 * read.count("\ufffd"):
        return None
    for name, codec in _LEGACY:
        with contextlib.suppress(UnicodeDecodeError):
            if codec == "cp1252" or _KANA.search(data.decode(codec)):
                text = data[start:end].decode(codec).strip()
                return (name, text if len(text) <= 40 else text[:39] + "…") if text.isprintable() else None
    return None


# What an escape in a quoted value can make that the file itself cannot hold: the characters
# above, and half a surrogate pair (YAML's "\ud800", which UTF-8 cannot even write).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def report_lone_carriage_return(text: str, path: str, diags: Diagnostics) -> bool:
    """A line ended by CR alone (old Mac OS, Excel's "CSV (Macintosh)"), CRLFs made LFs: True if none."""
    if "\r" not in text:
        return True
    diags.error(Location(path, text.count("\n", 0, text.index("\r")) + 1),
                "a line ends with a carriage return alone (CR, as old Mac OS saved text)",
                "save the file with LF line endings (the line-ending setting of your editor)")
    return False


def unwritable_characters(value: str) -> str:
    """The characters of a parsed value (after escapes) that XML or UTF-8 cannot carry, as 'U+0000, U+D800'
    (each once); '' if there is none."""
    return ", ".join(dict.fromkeys(f"U+{ord(char):04X}" for char in _UNWRITABLE.findall(value)))


def report_control_characters(text: str, path: str, first_line: int, diags: Diagnostics) -> bool:
    """Report each control character of `text` (which starts at `first_line` of `path`); True if there is none."""
    if _CONTROL.search(text) is None:       # nearly always: one search, no line counting
        return True
    found = [(number, match.start() + 1, match.group())
             for number, line in enumerate(text.split("\n"), start=first_line) for match in _CONTROL.finditer(line)]
    for line, column, char in found[:MAX_REPORTED]:
        diags.error(Location(path, line, column), f"control character U+{ord(char):04X}",
                    "remove it: a NUL or a stray control code, from a copy and paste?")
    if len(found) > MAX_REPORTED:
        diags.error(Location(path), f"{len(found) - MAX_REPORTED} more control characters", "is it a text file?")
    return not found


def report_deep_nesting(body: str, path: str, first_line: int, diags: Diagnostics) -> bool:
    """Report the first line of Markdown `body` nested deeper than MAX_NESTING levels, and the first
    paragraph with more than MAX_BRACKETS '['; True if there is neither."""
    fence: str | None = None
    brackets, paragraph = 0, 0           # '[' in the paragraph so far, and its first line
    for index, line in enumerate(body.split("\n")):
        if not line.strip():
            brackets, paragraph = 0, index + 1
        elif "[" in line and not fence:
            brackets += line.count("[") - line.count("\\[")
            if brackets > MAX_BRACKETS:
                diags.error(Location(path, first_line + paragraph), f"more than {MAX_BRACKETS} '[' in one paragraph",
                            "split the paragraph, or write \\[ for a literal bracket")
                return False
        marker = _FENCE.match(line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        depth = _depth(line)
        if depth > MAX_NESTING:
            diags.error(Location(path, first_line + index), f"nested {depth} levels deep (lists, quotes or "
                        f"indented blocks); the limit is {MAX_NESTING}",
                        "flatten the structure: split the list, or use headings")
            return False
    return True


def unfenced(lines: list[str]) -> Iterator[tuple[int, str, bool]]:
    """Each line with its index, and whether it is outside fenced code (where shortcodes and markup count)."""
    fence: str | None = None
    for index, line in enumerate(lines):
        marker = _FENCE.match(line)
        yield index, line, fence is None and marker is None
        if fence and marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
            fence = None            # the closing fence: as long as the opening one, or longer
        elif marker and not fence:
            fence = marker.group(1)


BLOCK_MARK = r"[-*+][ \t]|\d{1,9}[.)][ \t]|>|-{3,}\s*$"        # a list item, a quote or a rule starts here


# Python's html.parser (Python-Markdown reads a page's raw HTML with it) scans from each '<' that
# starts a tag to the '>' that ends it; with no '>' after it, to the end of the page, once for
# every such '<' (paragraphs make no difference): 10,000 lines of '<a ' took 28 s, 100 of them
# before 1 MB of text 50 s. The budget is about a second of that scanning here: characters from
# each unclosed '<' to the end of the page. (Unclosed '<![CDATA[' are quadratic within a
# paragraph only, which MAX_BRACKETS keeps short.)
_TAG_OPEN = re.compile(r"<[A-Za-z]")
TAG_SCAN_BUDGET = 20_000_000


def report_unclosed_tags(body: str, path: str, first_line: int, diags: Diagnostics) -> bool:
    """Report Markdown `body` if the '<' tags that no '>' closes would take the HTML parser more
    than its budget to read; True if not (nearly always: there is a '>' after every '<')."""
    after = body.rfind(">") + 1             # a '<' after the last '>' is never closed
    starts = [match.start() for match in _TAG_OPEN.finditer(body, after)]
    if sum(len(body) - start for start in starts) <= TAG_SCAN_BUDGET:
        return True
    diags.error(Location(path, first_line + body.count("\n", 0, starts[0])),
                f"{len(starts)} '<' open tags that no '>' closes, from here on (each makes the HTML reader "
                "scan to the end of the page)", "write &lt; for a literal '<', or close the tags")
    return False


def _depth(line: str) -> int:
    """Levels of nesting a line opens: its quote markers, and its indentation in steps of four columns."""
    quotes = _QUOTES.match(line)
    markers = quotes.group().count(">") if quotes else 0
    rest = line[quotes.end():] if quotes else line
    stripped = rest.lstrip(" \t")
    if not stripped:
        return markers
    indent = len(rest[:len(rest) - len(stripped)].expandtabs(_INDENT))
    return markers + -(-indent // _INDENT)
