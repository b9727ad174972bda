"""Each id once in a page's body: a link to a duplicated anchor lands on the first one only,
and the checker of the HTML calls the page invalid.

Python-Markdown makes the ids of headings unique by itself (`a`, `a_1`); ids written by
hand (`## Title {#x}`, `<div id="x">`) are taken as they are, so two of them can clash.
"""

from __future__ import annotations

import re
from collections import Counter

from ..diagnostics import Diagnostics, Location
from ..load.model import Page


def report_duplicate_ids(page: Page, ids: list[str], text: str, diags: Diagnostics) -> None:
    """Report each id that occurs more than once in the body, at the Markdown line of its second use."""
    for name, count in Counter(ids).items():
        if count > 1:
            diags.error(_second_use(page, name, text), f"id '{name}' is used {count} times on this page",
                        "give each heading or element its own id")


def _second_use(page: Page, name: str, text: str) -> Location:
    uses = list(re.finditer(rf"(?:#|\bid=[\"']?){re.escape(name)}(?=[\s}}\"'>]|$)", text, re.MULTILINE))
    if len(uses) < 2:
        return Location(page.source, page.body_line)
    at = uses[1].start()
    return Location(page.source, page.body_line + text.count("\n", 0, at))
