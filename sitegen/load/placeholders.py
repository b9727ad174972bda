"""The words `python build.py new` writes for the editor to replace, and the check that none are left.

A scaffolded page builds at once (so it can be previewed), but its title, description and
body are stand-ins: each one left in a page is a warning at its line (an error under
--strict, so a page of placeholders is never published by CI).
"""

from __future__ import annotations

from ..diagnostics import Diagnostics, Location
from .model import Page

# The source_hash of a translation `new` scaffolded: no version of the original matches it.
UNTRANSLATED = "untranslated"
TITLE = {"ja": "（タイトル未定）", "en": "(Title to be written)"}
DESCRIPTION = {"ja": "（ここに説明を書きます）", "en": "(Write a one-sentence description here.)"}
BODY_TEXT = {"ja": "（本文）", "en": "(Body text.)"}
BODY = {"ja": f"## はじめに {{#intro}}\n\n{BODY_TEXT['ja']}\n",
        "en": f"## Introduction {{#intro}}\n\n{BODY_TEXT['en']}\n"}

# Every language's stand-ins are looked for in every page: a translator may leave the original's.
_FIELDS = {"title": set(TITLE.values()), "description": set(DESCRIPTION.values())}
_BODY_TEXTS = tuple(sorted(set(BODY_TEXT.values())))


def report_placeholders(page: Page, diags: Diagnostics) -> None:
    """Warn at each placeholder `new` wrote that is still in `page`."""
    for name, texts in _FIELDS.items():
        value = getattr(page.meta, name)
        if value in texts:
            diags.warning(page.at(name), f"the {name} is still the placeholder '{value}'", f"write the page's {name}")
    if not any(text in page.body for text in _BODY_TEXTS):     # the usual case: one search per text
        return
    for number, line in enumerate(page.body.split("\n")):
        for text in _BODY_TEXTS:
            column = line.find(text)
            if column >= 0:
                diags.warning(Location(page.source, page.body_line + number, column + 1),
                              f"placeholder text '{text}' is still in the page", "write the text, or delete the line")
