"""`sitemap.xml` with hreflang alternates, and `robots.txt` pointing at it.

Lists every page in its own language and the language chooser; never a fallback page (its
canonical is the original), the 404 page, the search pages or the editors' status page.
The alternates are the same ones the pages' heads carry (`head.hreflang_links`).
"""

from __future__ import annotations

import datetime as dt

import jinja2

from ..diagnostics import Diagnostics
from ..load.model import Site
from .head import hreflang_links
from .templating import render

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


def sitemap_urls(site: Site) -> list[dict]:
    """One entry per indexable URL: loc, lastmod and its alternates."""
    config = site.config
    homes = [p for p in site.pages if p.is_home]
    urls = [{
        "loc": config.absolute(""),
        "lastmod": max((p.meta.modified for p in homes), default=dt.date(1970, 1, 1)),
        "alternates": [(p.lang, config.absolute(p.path)) for p in homes] + [("x-default", config.absolute(""))],
    }]
    for page in site.pages:
        urls.append({"loc": config.absolute(page.path), "lastmod": page.meta.modified,
                     "alternates": list(hreflang_links(site, page))})
    return urls


def render_sitemap(site: Site, env: jinja2.Environment, diags: Diagnostics) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    xml = render(env, SITEMAP, {"here": SITEMAP, "urls": sitemap_urls(site)}, diags)
    if xml is not None:
        out[SITEMAP] = xml.encode("utf-8")
    # Crawlers read robots.txt only at a host's root: under a sub-path, add this Sitemap
    # line to the host's own robots.txt (see README, Publishing).
    out[ROBOTS] = f"User-agent: *\nAllow: /\n\nSitemap: {site.config.absolute(SITEMAP)}\n".encode()
    return out
