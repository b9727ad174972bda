"""A page may not take the place of a file the build makes itself.

`slug: search` once replaced the search page without a word (the build said "no
problems"); a static file at a page's address would do the same. The files a page may not
have are whatever else this build writes (static files, chart downloads, search pages,
feeds, sitemap, status, _headers, the chooser and the 404 page), and the search index's folder.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Diagnostics
from ..output.search import INDEX_DIR
from ..render.pages import CHOOSER_AND_404, PageView
from ..render.urls import output_file


def check_page_paths(views: Iterable[PageView], generated: Iterable[str], diags: Diagnostics) -> None:
    """Report every page whose file is also one the build makes (`generated`: site paths of the other files)."""
    taken = set(generated) | set(CHOOSER_AND_404)
    folders = (f"{INDEX_DIR}/",)          # the search index, made after the pages
    for view in views:
        file = output_file(view.path)
        if file in taken or file.startswith(folders):
            page = view.page
            where = page.at("slug") if page.meta.slug is not None else page.at()
            what = f"URL /{view.path}" + (f" (this page's {view.lang} fallback)" if view.fallback else "")
            diags.error(where, f"{what} would replace {file}, which the build makes itself",
                        "give the page another slug, or move the file in static/ that is published there")
