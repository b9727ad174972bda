"""A speed measure for English typography: smarty's own patterns, applied by a lean tree processor.

Python-Markdown's `smarty` extension runs its ~18 substitution patterns through a second
copy of the general inline step (an `InlineProcessor`): for every text and tail of the page
it calls each pattern's regular expression in turn, through several method calls, and most
of those expressions begin with a look-behind, which `re` tries at every position of the
text. On the bench corpus that is ~30 µs a text for texts in which nothing matches.

`use_lean_smarty` puts `LeanSmarty` in the place of that step (same name, same priority).
It applies the very patterns smarty registered (taken from its processor at run time,
never copied) with the same semantics, and first skips, with one cheap search, every text
that holds none of the characters any smarty pattern consumes. Only public API is used:
the tree processor registry, the patterns' `getCompiledRegExp` and `handleMatch`, and
`markdown.util`'s placeholder constants.

Measured with `python bench/smartquotes.py --pairs 1000` and `--real --rounds 21` (each English
page rendered with this step and with smarty's own in turn, in one process; medians, twice
each, on the shared 2-core machine at load ~5): on the 2,002-page corpus, whose texts hold no
quote, dash or ellipsis, smarty's step takes 7.5 -> 0.38 and 6.2 -> 0.29 ms an English page,
the whole English page 19.8 -> 12.8 and 16.1 -> 10.2 ms; on the real site, where most English
texts have an apostrophe, the step takes 9.8 -> 2.1 and 7.7 -> 2.0 ms. Against a worktree of
main without this module, alternately A B A B, each Markdown step timed: 8.7-9.5 -> 0.28-0.45 ms.

Removing it is deleting this module and its one call in `render/typography.py`; the output
is the same (tests/test_smartquotes.py compares the two on generated Markdown).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions.smarty import SubstituteTextPattern
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import INLINE_PLACEHOLDER, INLINE_PLACEHOLDER_RE, AtomicString

_SMARTY = "smarty"
_SMARTY_PRIORITY = 6        # where SmartyExtension registers its step (its documented priority)

# Every smarty pattern consumes a quote, two or three hyphens, three dots or an angled quote's
# << >>: a text holding none of these is left as it is (tests check this against each pattern).
MAY_MATCH = re.compile(r"""['"]|--|\.\.\.|<<|>>""")
_PLACEHOLDER_END = (INLINE_PLACEHOLDER % "0000")[-1]     # what a look-behind sees right after a placeholder
_WINDOW = 64


class LeanSmarty(Treeprocessor):
    """smarty's substitutions on every text and tail below the root, without the inline machinery."""

    def __init__(self, md: Markdown, patterns: list[SubstituteTextPattern]):
        super().__init__(md)
        self.patterns = [(pattern.getCompiledRegExp().search, pattern) for pattern in patterns]

    def run(self, root: Element) -> None:
        # Like smarty's InlineProcessor: every element below the root (not the root itself);
        # AtomicStrings (code, prettified <pre>) are left alone.
        for element in root.iter():
            if element is root:
                continue
            text, tail = element.text, element.tail
            if text and not isinstance(text, AtomicString) and MAY_MATCH.search(text):
                element.text = self.educate(text)
            if tail and not isinstance(tail, AtomicString) and MAY_MATCH.search(tail):
                element.tail = self.educate(tail)

    def educate(self, text: str) -> str:
        """Apply the patterns in order as the inline step does: each one's matches from left to
        right, each match replaced by an inline placeholder, which is what later matches and
        later patterns see there (smarty's look-behinds exclude its \\x02 and \\x03 for this);
        then the placeholders give way to their replacements.

        Each pattern's pass is one walk over its text, the pieces joined once: rebuilding the
        text at every match made a paragraph of n apostrophes take time in n² (10k, 20k, 40k: 0.5,
        3.7, 12 s). A match right after a placeholder is sought where its look-behind sees the
        placeholder's last character, in a short window ('\\x03' and what follows: no pattern
        matches or looks ahead more than a dozen characters); any later match sees only the text."""
        replacements: list[str] = []
        for search, pattern in self.patterns:
            pieces, done, position, after_placeholder = [], 0, 0, False
            while True:
                match, found_in, offset = None, text, 0
                if after_placeholder:
                    window = _PLACEHOLDER_END + text[position:position + _WINDOW]
                    match = search(window, 1)
                    if match and match.start() == 1:
                        found_in, offset = window, position - 1
                    else:
                        match = search(text, position + 1)
                else:
                    match = search(text, position)
                if not match:
                    break
                # handleMatch stores each typographic character in md.htmlStash, as smarty does.
                replacement, start, end = pattern.handleMatch(match, found_in)
                pieces += [text[done:start + offset], INLINE_PLACEHOLDER % f"{len(replacements):04d}"]
                replacements.append(replacement)
                done = position = end + offset
                after_placeholder = True
            if pieces:
                text = "".join(pieces) + text[done:]
        if not replacements:
            return text
        return INLINE_PLACEHOLDER_RE.sub(lambda found: replacements[int(found[1])], text)


def use_lean_smarty(md: Markdown) -> None:
    """Replace the step SmartyExtension registered on `md` by `LeanSmarty` over its patterns.

    Leaves smarty's own step in place if it is not there or not of the shape this module
    knows (plain text substitutions without ancestor rules), as a later Python-Markdown might make it.
    """
    if _SMARTY not in md.treeprocessors:
        return
    step = md.treeprocessors[_SMARTY]
    patterns = list(getattr(step, "inlinePatterns", ()))
    known = type(step) is InlineProcessor and all(
        type(pattern) is SubstituteTextPattern and not pattern.ANCESTOR_EXCLUDES for pattern in patterns)
    if known:
        md.treeprocessors.register(LeanSmarty(md, patterns), _SMARTY, _SMARTY_PRIORITY)
