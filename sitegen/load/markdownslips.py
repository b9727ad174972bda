"""Slips in a page's Markdown that Python-Markdown builds without a word, each told at its line with what to
type: a list right under a line of text (shown as text), a heading at the title's level or skipping one, a
heading's {#id} with a space, a footnote defined twice (the first lost), a 'lang' that names no language."""

from __future__ import annotations

import re

from ..diagnostics import Diagnostics, Location
from .textcheck import BLOCK_MARK, unfenced

# A list right under a line of text ('It has three parts:' / '- compute'): GitHub and editors' previews show
# a list, Python-Markdown a paragraph with the items run into it. Two items in a row, or one under a
# line ending in a colon (a hard-wrapped sentence may start a line with '- ' or '1. ' once).
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
# A block's first line that is no paragraph's text (a heading, table, HTML, definition, footnote, code…).
_NO_TEXT = re.compile(rf"[ ]{{0,3}}(?:{BLOCK_MARK}|[#|<:]|\[\^|\*\[|\{{\{{)|[ ]{{4}}|\t")


def report_lists_in_paragraphs(body: str, path: str, first_line: int, diags: Diagnostics) -> None:
    """Warn at the first item of each list of Markdown `body` written right under a paragraph's text."""
    lines = [*body.split("\n"), ""]
    text = False            # in a paragraph: a block whose first line is text
    for index, line, outside in unfenced(lines[:-1]):
        if not outside or not line.strip():
            text = False
        elif index == 0 or not lines[index - 1].strip():
            text = not _NO_TEXT.match(line)
        elif text and _LIST_ITEM.match(line) and (lines[index - 1].rstrip().endswith((":", "："))
                                                  or _LIST_ITEM.match(lines[index + 1])):
            diags.warning(Location(path, first_line + index, len(line) - len(line.lstrip()) + 1),
                          "a list right under a line of text, with no blank line between, so it is shown as text "
                          "in the paragraph", "leave a blank line between the text and the list")
            text = False
        elif re.match(r"[ ]{0,3}[#>]", line):       # a heading or a quote ends the paragraph
            text = False


# A heading as Python-Markdown reads one: '#' at the line's start, with or without a space after it ('#1 priority'
# is a level-1 heading; '  ## x', indented, is text). The page's title is its only level-1 heading.
_HEADING = re.compile(r"(#{1,6})#*[ \t]*(?=\S)")
_SPACED_ID = re.compile(r"\{:?[ \t]*#([^\s{}]+)[ \t]+([^\s{}=.#]+(?:[ \t]+[^\s{}=.#]+)*)[ \t]*\}[ \t]*$")


def report_heading_levels(body: str, path: str, first_line: int, diags: Diagnostics) -> None:
    """Warn at each heading of Markdown `body` at level 1 (the title's), or more than one level below the
    heading before it (the title first): screen readers list the headings by level, and a gap reads as one
    missing."""
    above = 1
    for index, line, outside in unfenced(body.split("\n")):
        if (heading := _HEADING.match(line) if outside else None) is None:
            continue
        level, text = len(heading.group(1)), line[heading.end():].strip()
        if spaced := _SPACED_ID.search(line):       # '{#other deals}': the id 'other', and 'deals' an attribute
            word = "-".join(" ".join(spaced.group(1, 2)).split())
            diags.error(Location(path, first_line + index, spaced.start() + 1), f"the id in '{spaced.group()}' "
                        f"has a space, so it is '{spaced.group(1)}'", f"an id is one word: {{#{word}}}")
        if level == 1 or level > above + 1:
            meant = "#" * (2 if level == 1 else above + 1)
            said = "level 1, the page title's level" if level == 1 else \
                f"level {level} under a level-{above} heading, so level {above + 1} is skipped"
            diags.warning(Location(path, first_line + index, heading.start(1) + 1),
                          f"heading '{line.strip()}' is {said}", f"write '{meant} {text}'")
        above = level


_FOOTNOTE = re.compile(r"[ ]{0,3}\[\^([^\]\s]+)\]:")


def report_footnotes_defined_twice(body: str, path: str, first_line: int, diags: Diagnostics) -> None:
    """Error at each second definition of a footnote label in Markdown `body` (outside fenced code): the page
    shows only the last, and the first note is lost."""
    defined: dict[str, int] = {}
    for index, line, outside in unfenced(body.split("\n")) if "[^" in body else ():
        if (note := _FOOTNOTE.match(line) if outside else None) is None:
            continue
        label = note.group(1)
        if label in defined:
            free = next(str(n) for n in range(1, len(defined) + 2) if str(n) not in defined)
            diags.error(Location(path, first_line + index, line.index("[") + 1), f"footnote '[^{label}]' is "
                        f"defined twice (also at line {defined[label]}), and the page shows only this one",
                        f"give each note its own label, as [^{free}], in the text and here")
        defined.setdefault(label, first_line + index)


# A language named in the text: '{: lang=en }', '<span lang="ja">'. Its first part must be a language's code,
# which a country's often is not ('jp' is Japan; Japanese is 'ja').
_LANG = re.compile(r"(?<![\w:-])lang\s*=\s*([\"']?)([^\s\"'}>]*)\1")
_COUNTRY_NOT_LANGUAGE = {"jp": "ja", "kr": "ko", "cn": "zh", "ua": "uk", "dk": "da", "gr": "el", "cz": "cs"}


def report_language_codes(body: str, path: str, first_line: int, diags: Diagnostics) -> None:
    """Warn at each 'lang=' of Markdown `body` (outside fenced code) that names no language: screen readers
    then read the words with the page's voice, and browsers draw them with its fonts."""
    from babel.localedata import exists  # here: most pages name no language

    for index, line, outside in unfenced(body.split("\n")):
        for found in _LANG.finditer(line) if outside and "lang" in line else ():
            code = found.group(2)
            first = code.replace("_", "-").split("-")[0].lower()
            if code and ("_" in code or not exists(first) or first in _COUNTRY_NOT_LANGUAGE):
                meant = code.replace("_", "-") if exists(first) and first not in _COUNTRY_NOT_LANGUAGE else \
                    _COUNTRY_NOT_LANGUAGE.get(first)
                diags.warning(Location(path, first_line + index, found.start(2) + 1),
                              f"'{code}' is not a language code", f"did you mean '{meant}'?" if meant else
                              "write the language's code (BCP 47): ja for Japanese, en for English")
