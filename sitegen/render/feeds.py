"""One Atom feed per language: `<lang>/feed.xml`.

Only pages written in that language are entries: a fallback (the original shown in place
of a missing translation) is not news in that language. A feed carries the FEED_ENTRIES
most recently changed articles, in full: what a feed reader needs, and a feed that does not
grow with the site (all 1,000 articles of a large site made a 13 MB feed per language). Dates come from front matter,
never the clock, so the same content gives the same feed; ids are tag URIs made from the
first-publication date and the translation key, so they survive a change of slug.

A feed reader shows an entry without the site's stylesheet and scripts, so a chart there is
the figure's downloadable SVG as one image (`_for_feed_readers`), not the page's two inline
drawings (wide and narrow, one of them hidden by CSS), nor the live chart's empty box and
button that only js/charts.js brings to life. Every address in an entry is absolute: many
feed readers ignore xml:base, and there '../glossary/', a chart's image or '#source-1' leads nowhere.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import jinja2
from selectolax.lexbor import LexborHTMLParser

from ..diagnostics import Diagnostics
from ..load.model import Page, Site
from .markup import RenderedBody
from .templating import render

FEED_TEMPLATE = "feed.xml"
FEED_ENTRIES = 20


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    summary: str
    url: str
    published: str       # RFC 3339
    updated: str
    content: str         # the page's HTML, escaped into the feed; every address absolute


def feed_path(lang: str) -> str:
    return f"{lang}/feed.xml"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed_entries(site: Site, lang: str, bodies: dict[tuple[str, str], RenderedBody]) -> list[FeedEntry]:
    """The entries of `lang`'s feed (the pages `feed_pages` chooses)."""
    return _entries(site, lang, feed_pages(site, lang, bodies)[0], bodies)


def _entries(site: Site, lang: str, pages: list[Page], bodies: dict[tuple[str, str], RenderedBody]) -> list[FeedEntry]:
    host = urlsplit(site.config.base_url).hostname or "localhost"
    return [FeedEntry(
        id=f"tag:{host},{page.meta.date.isoformat()}:{lang}/{page.key}",
        title=page.meta.title,
        summary=page.meta.description,
        url=site.config.absolute(page.path),
        published=_timestamp(page.meta.date),
        updated=_timestamp(page.meta.modified),
        content=_for_feed_readers(bodies[(page.lang, page.key)].html, site.config.absolute(page.path)),
    ) for page in pages]


def _for_feed_readers(html: str, url: str) -> str:
    """The body with each chart's drawings replaced by an <img> of its downloadable SVG (named
    in the figure's download link), without the parts that need the page's script (`hidden`
    until charts.js shows them), and every href and src made absolute against the page's `url`."""
    tree = LexborHTMLParser(f"<div>{html}</div>")
    root = tree.body.child
    for figure in root.css("figure.chart"):
        for node in figure.css(".chart__live, .chart__upgrade"):
            node.decompose()
        static, download = figure.css_first(".chart__static"), figure.css_first(".chart__downloads a[href$='.svg']")
        if static is None or download is None:
            continue
        title = figure.css_first(".chart__title")
        image = LexborHTMLParser("<p><img></p>").css_first("p")
        image.child.attrs["src"] = download.attributes["href"] or ""
        image.child.attrs["alt"] = title.text() if title else ""
        static.replace_with(image)
    for node in root.css("[href], [src]"):
        for name in ("href", "src"):
            address = node.attributes.get(name)
            with contextlib.suppress(ValueError):       # not a URL ('http://['): the checks report it at its line
                if address is not None and not urlsplit(address).scheme:
                    node.attrs[name] = urljoin(url, address)
    return root.inner_html


def feed_pages(site: Site, lang: str, bodies: dict[tuple[str, str], RenderedBody]) -> tuple[list[Page], Page | None]:
    """The FEED_ENTRIES articles written in `lang` (not the home page) changed last, newest
    change first, and the home page the feed describes itself with."""
    pages = [p for p in site.pages_in(lang) if not p.is_home and (p.lang, p.key) in bodies]
    pages.sort(key=lambda p: (-p.meta.modified.toordinal(), -p.meta.date.toordinal(), p.key))
    return pages[:FEED_ENTRIES], next((p for p in site.pages_in(lang) if p.is_home), None)


def render_feed(site: Site, lang: str, pages: list[Page], home: Page | None,
                bodies: dict[tuple[str, str], RenderedBody], env: jinja2.Environment,
                diags: Diagnostics) -> bytes | None:
    """The feed of the pages `feed_pages` chose."""
    entries = _entries(site, lang, pages, bodies)
    dates = [e.updated for e in entries] + ([_timestamp(home.meta.modified)] if home else [])
    context = {
        "here": feed_path(lang),
        "config": site.config,
        "feed_url": site.config.absolute(feed_path(lang)),
        "home_url": site.config.absolute(f"{lang}/"),
        "feed_id": site.config.absolute(feed_path(lang)),
        "subtitle": home.meta.description if home else "",
        # The newest content date; a site with no dated page falls back to a fixed day.
        "updated": max(dates, default="1970-01-01T00:00:00Z"),
        "entries": entries,
    }
    xml = render(env, FEED_TEMPLATE, context, diags)
    return None if xml is None else xml.encode("utf-8")
