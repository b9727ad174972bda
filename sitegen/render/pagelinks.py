"""Links between pages as the Markdown step records them (for the anchor check), and where a
link is in a page's Markdown. Shared by markup.py and rootlinks.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from ..diagnostics import Location
from ..load.model import Page


class LinkTarget(NamedTuple):
    """What a body may know of a page it links to (the body cache's key covers it)."""

    key: str             # translation key
    path: str            # site path

    @property
    def lang(self) -> str:
        return self.path.split("/", 1)[0]       # every page is under its language's folder


# A resolver maps (from page, link path like "deal.md" or "/en/deal/") to the target, the
# target's path if that file exists but could not be read, or None.
PageResolver = Callable[[Page, str], LinkTarget | str | None]


@dataclass(frozen=True, slots=True)
class PageLink:
    """A link from one page to another (or to itself), for the anchor check."""

    target: str          # translation key of the target page
    fragment: str
    location: Location
    lang: str = ""       # the target's language, if not the linking page's


def find_line(page: Page, needle: str, text: str) -> Location:
    """Where `needle` (a link, never a line break) first appears in `text`, the page's Markdown."""
    at = text.find(needle)
    if at < 0:
        return Location(page.source, page.body_line)
    return Location(page.source, page.body_line + text.count("\n", 0, at), at - text.rfind("\n", 0, at))
