"""Markdown typed with a Japanese input method left on: full-width braces in a shortcode or an attribute list,
brackets in a link, '＃' in a heading, '｜' or '－' in a table's rule, and a list item or quote typed
'－ ', '・ ' or '＞ '. Each is shown as text; each is named at its place with the half-width form to type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostics, Location
from .textcheck import BLOCK_MARK, unfenced

# Braces typed with a Japanese input method were published as written, without a word: a shortcode
# '｛｛ fact x ｝｝', a heading's '｛#id｝' or '{#id｝'. A shortcode, an attribute list ending a line, or
# two braces in a row, with a full-width brace (or '＃') among them.
_FULL_WIDTH_MARKUP = re.compile(r"[｛{]{2}[^{}｛｝\n]*[｝}]{2}|[｛{][#＃.:][^{}｛｝\n]*[}｝][ \t]*$|[｛{]{2}|[｝}]{2}")
_HALF_WIDTH = str.maketrans("｛｝＃", "{}#")


# A link or an image typed with an input method's brackets ('[契約の解説]（deal.md）'), to a page or an
# address: its '!', its words and its target.
_FULL_WIDTH_LINK = re.compile(r"([!！]?)[\[［]([^\]］\n]+)[\]］][(（]((?:https?://|/|#|[\w./-]+\.md\b)[^\s)）]*)[)）]")


# A heading typed with '＃' ('＃＃ 見出し'), and a table's separator row with '｜' or '－' ('｜ --- ｜ --- ｜'):
# each shown as text. The half-width form of each, by the characters an input method types for them.
_FULL_WIDTH_BLOCK = re.compile(r"[ ]{0,3}[#＃]{1,6}[ \u3000](?=\S)|[ ]{0,3}[|｜]?(?:[ \u3000]*[:：]?[-－ー]{3,}[:：]?"
                               r"[ \u3000]*[|｜])+(?:[ \u3000]*[:：]?[-－ー]{3,}[:：]?[ \u3000]*)?$")
_HALF_WIDTH_BLOCK = str.maketrans("＃｜－ー：\u3000", "#|--: ")


# A list or a quote typed with the input method on ('－ 項目', 'ー　項目', '-　項目', '・ 項目', '＞ 引用'): shown as
# text, its lines run together. No line of the site's Japanese prose starts so, but a hard-wrapped one
# could ('…コンピュ' / 'ー …'): a line counts where a paragraph starts, or in a run of two or more; a
# '・' (a bullet some write on purpose) only in a run, where the lines would run together.
_FULL_WIDTH_ITEM = re.compile(r"[ ]{0,3}(?:[-－ー][ \u3000]+|・[ \u3000]*|[>＞]+[ \u3000]*)(?=\S)")
_HALF_WIDTH_MARK = re.compile(r"[ ]{0,3}(?:-[ \t]|>)")         # a list item or quote as Markdown reads one
_PARAGRAPH_BREAK = re.compile(rf"\s*$|[ ]{{0,3}}(?:{BLOCK_MARK}|#{{1,6}}[ \t])")     # no paragraph runs on past it


def _full_width_items(lines: list[str]) -> Iterator[tuple[int, str, str]]:
    """Each line of a list or quote typed with the input method on: its index, 'list item' or 'quote', the
    line typed half-width."""
    items = [(index, item) for index, line, outside in unfenced(lines)
             if outside and (item := _FULL_WIDTH_ITEM.match(line)) and not _HALF_WIDTH_MARK.match(line)]
    indexes = {index for index, _ in items}
    for index, item in items:
        marker = item.group().strip(" \u3000")
        if {index - 1, index + 1} & indexes or (marker != "・" and _PARAGRAPH_BREAK.match(lines[index - 1])):
            quote = marker[0] in ">＞"
            yield index, "quote" if quote else "list item", f"{'>' * len(marker) if quote else '-'} " \
                f"{lines[index][item.end():]}"


def report_full_width_markup(text: str, path: str, diags: Diagnostics) -> None:
    """Report each shortcode or attribute list of a page's `text` typed with full-width braces, each
    link typed with full-width brackets, each heading or table typed with '＃' or '｜', and each list
    or quote typed '－ ', '・ ' or '＞ ' (a warning), outside fenced code."""
    if not any(mark in text for mark in "｛｝（［＃｜－ー・＞\u3000"):          # English pages
        return
    lines = text.split("\n")
    for index, what, meant in _full_width_items(lines):
        diags.warning(Location(path, index + 1, len(lines[index]) - len(lines[index].lstrip(" ")) + 1),
                      f"a {what} typed with the input method on, so it is shown as text: '{lines[index].strip()}'",
                      f"type it half-width: {meant}")
    for index, line, outside in unfenced(lines):
        block = _FULL_WIDTH_BLOCK.match(line) if outside else None
        if block and block.group() != (typed := block.group().translate(_HALF_WIDTH_BLOCK)):
            what, meant = "a heading" if "#" in typed else "a table's separator row", typed + line[block.end():]
            diags.error(Location(path, index + 1, block.start() + 1), f"{what} typed with full-width characters, so "
                        f"it is shown as text: '{line.strip()}'", f"type it half-width: {meant.strip()}")
        for found in _FULL_WIDTH_MARKUP.finditer(line) if outside else ():
            typed = found.group().strip()
            if typed != typed.translate(_HALF_WIDTH):
                diags.error(Location(path, index + 1, found.start() + 1), f"'{typed}' is typed with full-width "
                            "braces, so it is shown as written", f"type it half-width: {typed.translate(_HALF_WIDTH)}")
        for found in _FULL_WIDTH_LINK.finditer(line) if outside else ():
            bang, words, target = found.groups()
            meant = f"{'!' if bang else ''}[{words}]({target})"
            if found.group() != meant:
                diags.error(Location(path, index + 1, found.start() + 1), f"link '{found.group()}' is typed with "
                            "full-width brackets, so it is shown as written", f"type it half-width: {meant}")
