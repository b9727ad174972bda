"""Other pages as a page's templates see them: place, key, language and front matter, never the text.

The navigation, the home page's list of articles, the previous and next links, the feeds'
choice of pages and the link checks' map of sources read other pages through these values.
So what a rendered page depends on, besides its own page and body, is in its context as
values the dev server's cache compares; no page's template can read another page's text,
and an edit of one page's text renders that page again, not its neighbours.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..load.model import FrontMatter, Page


@dataclass(frozen=True, slots=True)
class Listed:
    source: str
    path: str            # site path
    key: str             # translation key
    lang: str
    slug: str
    meta: FrontMatter

    @property
    def is_home(self) -> bool:
        return not self.slug


def listed(page: Page) -> Listed:
    return Listed(page.source, page.path, page.key, page.lang, page.slug, page.meta)


def main_navigation(pages: Iterable[Listed], lang: str) -> list[Listed]:
    """The site navigation of `lang`: its home page and the pages that set `order:`.

    It does not grow with the site (every page listed on every page made a 2,000-page
    site 177 MB); the home page lists all articles instead.
    """
    return [p for p in pages if p.lang == lang and (p.is_home or p.meta.order is not None)]
