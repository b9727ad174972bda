"""The `{{ name args }}` shortcodes, as a Python-Markdown preprocessor.

Runs at priority 28 (render/markup.py registers it): after `normalize_whitespace` (30), so each line
is still the source line it came from (errors get file lines for free), and before
`fenced_code_block` (25), so fences are skipped here by hand. Block shortcodes put
their HTML in the `htmlStash`; inline ones put plain text or inline HTML in the line.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markdown.preprocessors import Preprocessor

from ..diagnostics import Diagnostics, Location, did_you_mean
from ..load.model import Page, SiteData
from ..load.textcheck import unfenced
from .citeplace import place_markers
from .l10n import format_quantity, qualify

if TYPE_CHECKING:        # blocks.py raises ShortcodeError: its type only
    from .blocks import BlockRenderers

_CODE = r"\{\{\s*([A-Za-z_-]*)((?:\s+[^\s{}]+)*)\s*\}\}"         # {{ name args }}
# With a leading backslash, a literal. The lookahead passes over every position where no match can
# start, before the groups are tried: a quarter less time on the long lines of English prose.
_SHORTCODE = re.compile(r"(?=[\\{])(\\?)" + _CODE)
_FACT_NAME = re.compile(r"\{\{\s*fact\s+([^\s{}]+)")       # where _SHORTCODE finds a fact, this does (not only there)
_CONTAINED = re.compile(r"^[\s>]*(?:(?:[-*+]|\d+[.)]|:)\s+)?")      # what a quote, a list item or a definition adds
FACT_STYLES = ("short", "bare")
FACT_USAGE = "write {{ fact key }}, {{ fact key short }} or {{ fact key bare }}"
INLINE = ("fact", "cite")       # block shortcodes: BlockRenderers.names


class ShortcodeError(Exception):
    """Raised by a block renderer for an editor mistake; becomes a diagnostic at the shortcode, or at
    `where` (a chart's module that failed: every page placing the chart says the same, printed once)."""

    def __init__(self, message: str, hint: str | None = None, where: Location | None = None):
        super().__init__(message)
        self.hint, self.where = hint, where

    def __reduce__(self) -> tuple:       # back from a worker process whole, not as its message alone
        return type(self), (str(self), self.hint, self.where)


@dataclass
class PageState:
    """What one page's conversion needs and records; reset for every page."""

    page: Page
    data: SiteData
    render_block: BlockRenderers
    diagnostics: Diagnostics
    citations: list[str] = field(default_factory=list)
    uses: dict[int, int] = field(default_factory=dict)         # source number → markers citing it so far
    markers: list[str] = field(default_factory=list)           # the stash placeholders of the markers
    facts: list[str] = field(default_factory=list)
    blocks: list[tuple[str, str]] = field(default_factory=list)   # (name, first argument)
    failed: bool = False        # a block shortcode failed (reported): the ids it would have made are unknown


class ShortcodePreprocessor(Preprocessor):
    state: PageState | None = None          # set for every page

    def run(self, lines: list[str]) -> list[str]:
        state = self.state
        assert state is not None, "set ShortcodePreprocessor.state before converting"
        out: list[str] = []
        for index, line, live in unfenced(lines):
            out.extend(self._line(line, state.page.body_line + index, state) if live else [line])
        return out

    def _line(self, line: str, number: int, state: PageState) -> list[str]:
        if "{{" not in line:            # most lines: nothing to expand or to report
            return [line]
        matches = list(_SHORTCODE.finditer(line))
        unmatched = _unclosed(line, matches)
        if unmatched is not None:
            state.diagnostics.error(Location(state.page.source, number, unmatched + 1), "'{{' is not closed by '}}'",
                                    r"write '\{{' for literal braces")
        if not matches:
            return [line]
        for match in matches:
            if not match.group(1) and match.group(2) in state.render_block.names:
                if line.strip() != match.group(0):
                    inside = _CONTAINED.sub("", line).strip() == match.group(0)     # '> {{ chart x }}', '- …'
                    self._error(state, number, match, f"'{match.group(2)}' must stand on a line of its own"
                                + (", outside a quote or list" if inside else ""),
                                "leave a blank line above and below it, with nothing before it" if inside else None)
                    return [line]
                return ["", self._block(match, number, state), ""]
        markers_before = len(state.markers)
        line = replace_matches(line, matches, lambda m: self._inline(m, number, state))
        if len(state.markers) > markers_before:     # the line has citation markers: one placement for all
            line = place_markers(line, state.markers[markers_before:], state.page.lang)
        return [line]

    def _inline(self, match: re.Match, number: int, state: PageState) -> str:
        if match.group(1):          # \{{ … }} is a literal shortcode
            return match.group(0)[1:]
        name, args = match.group(2), match.group(3).split()
        if name == "fact":
            return self._fact(match, args, number, state)
        if name == "cite":
            return self._cite(match, args, number, state)
        known = INLINE + tuple(sorted(state.render_block.names))
        self._error(state, number, match, f"unknown shortcode '{name}'",
                    did_you_mean(name, known) or "known: " + ", ".join(known))
        return match.group(0)

    def _fact(self, match: re.Match, args: list[str], number: int, state: PageState) -> str:
        if not args or not _styled(args):
            self._error(state, number, match, FACT_USAGE, _style_meant(args))
            return match.group(0)
        fact = state.data.facts.get(args[0])
        if fact is None and args[0] in state.data.invalid:
            return match.group(0)
        if fact is None:
            self._error(state, number, match, f"unknown fact '{args[0]}'",
                        did_you_mean(args[0], state.data.facts) or "add it to data/facts/")
            return match.group(0)
        style = args[1] if len(args) == 2 else "long"
        text = format_quantity(fact.value, fact.unit, state.page.lang, "short" if style == "short" else "prose")
        if style != "bare":
            text = qualify(text, fact.qualifier, state.page.lang)
        state.facts.append(fact.key)
        # '$' and '*' are ordinary text to Markdown here; escape for the HTML that follows.
        return html.escape(text, quote=False)

    def _cite(self, match: re.Match, args: list[str], number: int, state: PageState) -> str:
        if not args:
            self._error(state, number, match, "write {{ cite source-id }}")
            return match.group(0)
        links = []
        for sid in args:
            if sid not in state.data.sources and sid in state.data.invalid:
                continue
            if sid not in state.data.sources:
                self._error(state, number, match, f"unknown source '{sid}'",
                            "separate source ids with spaces, not commas" if sid.strip(",") in state.data.sources
                            else did_you_mean(sid, state.data.sources) or "add it to data/sources/")
                continue
            if sid not in state.citations:
                state.citations.append(sid)
            n = state.citations.index(sid) + 1
            state.uses[n] = state.uses.get(n, 0) + 1
            # Each use has an id, so that the source list can link back to every place it is cited.
            links.append(f'<a href="#source-{n}" id="cite-{n}-{state.uses[n]}">{n}</a>')
        if not links:
            return match.group(0)
        # Stashed, as block shortcodes are: raw HTML in the text would be parsed again by
        # the HTML block preprocessor and the inline `html` pattern, on every page. A word
        # joiner (U+2060) first: no line break between the marker and the word before it.
        marker = self.md.htmlStash.store(
            f'<sup class="cite" data-search-ignore>\u2060[{", ".join(links)}]</sup>')
        state.markers.append(marker)
        return marker

    def _block(self, match: re.Match, number: int, state: PageState) -> str:
        name, args = match.group(2), match.group(3).split()
        try:
            markup = state.render_block(name, args, state.page.lang, state.page.path)
        except ShortcodeError as exc:
            if exc.where:
                state.diagnostics.error(exc.where, str(exc), exc.hint)
            else:
                self._error(state, number, match, str(exc), exc.hint)
            state.failed = True
            return ""
        state.blocks.append((name, args[0] if args else ""))
        return self.md.htmlStash.store(markup)

    @staticmethod
    def _error(state: PageState, number: int, match: re.Match, message: str, hint: str | None = None) -> None:
        state.diagnostics.error(Location(state.page.source, number, match.start() + 1), message, hint)


def expand_facts(text: str, lang: str, data: SiteData, where: Location, diags: Diagnostics) -> str:
    """Expand `{{ fact key }}` in front-matter text (titles state numbers too), reporting what the
    body's shortcodes would: a '{{' left open, a style that is not one."""
    if "{{" not in text:
        return text
    matches = list(_SHORTCODE.finditer(text))
    if _unclosed(text, matches) is not None:
        diags.error(where, "'{{' is not closed by '}}'", r"write '\{{' for literal braces")

    def replace(match: re.Match) -> str:
        name, args = match.group(2), match.group(3).split()
        if match.group(1):
            return match.group(0)[1:]
        if name == "fact" and not _styled(args):
            diags.error(where, f"{FACT_USAGE}, not '{match.group(0)}'", _style_meant(args))
            return match.group(0)
        fact = data.facts.get(args[0]) if name == "fact" and args else None
        if fact is None:
            if not (args and args[0] in data.invalid):
                known = did_you_mean(args[0], data.facts) if name == "fact" and args else None
                diags.error(where, f"front matter can only use {{{{ fact key }}}} with a known fact, "
                            f"not '{match.group(0)}'", known or ("add the fact to data/facts/" if name == "fact" else
                                                                 f"put {{{{ {name} … }}}} in the page's text instead"))
            return match.group(0)
        text = format_quantity(fact.value, fact.unit, lang, "short" if "short" in args[1:] else "long")
        return text if "bare" in args[1:] else qualify(text, fact.qualifier, lang)

    return replace_matches(text, matches, replace)


def _styled(args: list[str]) -> bool:
    """A fact's arguments name at most one style, and a known one (the body and front matter alike)."""
    return len(args) <= 2 and (len(args) < 2 or args[1] in FACT_STYLES)


def _style_meant(args: list[str]) -> str | None:
    """The style a misspelt one meant: 'shrot', 'Short', or a named argument ('format=short', 'fromat=shrot')."""
    return did_you_mean(args[1].rpartition("=")[2], FACT_STYLES) if len(args) == 2 else None


def replace_matches(line: str, matches: list[re.Match], replace: Callable[[re.Match], str]) -> str:
    """`line` with each of `matches` (in order, not overlapping) replaced: `_SHORTCODE.sub(replace, line)`
    when they are `_SHORTCODE`'s matches, without searching the line a second time (~0.2 ms an English page)."""
    pieces, end = [], 0
    for match in matches:
        pieces += [line[end:match.start()], replace(match)]
        end = match.end()
    return "".join(pieces) + line[end:]


@functools.lru_cache(maxsize=8192)      # asked for every page on every build (the dev server's too)
def charts_placed(text: str) -> tuple[str, ...]:
    """The chart ids the `{{ chart id }}` lines of a page's Markdown name, found as the preprocessor finds them."""
    if "chart" not in text:     # most pages: no line to look at (0.29 → 0.03 s over the 2,002 bench pages)
        return ()
    return tuple(sorted({args[0] for line, match, args in _named(text, "chart") if line.strip() == match.group(0)}))


@functools.lru_cache(maxsize=8192)
def facts_named(text: str) -> tuple[str, ...]:
    """The key each `{{ fact key }}` of a page's Markdown (or title) names, found as the preprocessor finds them."""
    return tuple(args[0] for _line, _match, args in _named(text, "fact")) if "fact" in text else ()


def may_name_facts(text: str) -> frozenset[str]:
    """Every key `facts_named` gives and maybe more (in code, escaped), 16 times faster (0.06 s at 2,000 pages)."""
    return frozenset(_FACT_NAME.findall(text)) if "fact" in text else frozenset()


def _named(text: str, name: str) -> Iterator[tuple[str, re.Match, list[str]]]:
    """Each `{{ name args }}` with arguments outside fenced code (not a literal `\\{{`): its line, match and args."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")   # as Markdown splits them
    for _, line, live in unfenced(lines):
        for match in _SHORTCODE.finditer(line) if live and "{{" in line else ():
            if not match.group(1) and match.group(2) == name and (args := match.group(3).split()):
                yield line, match, args


def _unclosed(line: str, matches: list[re.Match]) -> int | None:
    """Column of a '{{' that no shortcode match covers, if any."""
    # Each match holds one '{{' (arguments have no braces): if there are as many, all are
    # covered. Not with '{{{', where the match may start at the second brace.
    if line.count("{{") == len(matches) and "{{{" not in line:
        return None
    # One pass over both, in order (matches do not overlap): a search of every match for each
    # '{{' took 159 s for 40,000 shortcodes and one stray '{{' on a line.
    covered = iter(matches)
    match = next(covered, None)
    for found in re.finditer(r"\{\{", line):
        while match is not None and match.end() <= found.start():
            match = next(covered, None)
        if match is None or found.start() < match.start():
            return found.start()
    return None
