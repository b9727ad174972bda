"""What the site says about itself to machines: each page's Open Graph, Twitter card and JSON-LD
and hreflang links; `sitemap.xml` with the same alternates, and `robots.txt` pointing at it.

Computed from the model, so every page gets the same tags from the same rules; the
template `_head_meta.html` only prints them. A fallback page (a missing translation
showing the original) describes the original, because that is its canonical URL. The sitemap
lists every page in its own language and the language chooser: never a fallback page (its
canonical is the original), the 404 page, the search pages or the editors' status page.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from ..diagnostics import Diagnostics
from ..load.config import LANGUAGE_INFO
from ..load.model import Page, Site
from .templating import render
from .typography import smart_plain

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


@dataclass(frozen=True)
class HeadMeta:
    canonical: str
    hreflang: tuple[tuple[str, str], ...]  # (hreflang, absolute URL), translations that exist + x-default
    og_type: str                          # "article", or "website" for home pages
    og_locale: str                        # ja_JP / en_US: the language of the content
    og_locale_alternates: tuple[str, ...]  # locales of translations that exist
    json_ld: Markup                       # safe to place inside <script type="application/ld+json">


def json_script(data: object) -> Markup:
    """JSON for a <script> data block: '<', '>' and '&' escaped so text can't end the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)


def head_meta(site: Site, page: Page) -> HeadMeta:
    """Tags for `page` (the content shown; for a fallback, the original)."""
    translations = [p for lang in site.config.languages
                    if lang != page.lang and (p := site.counterpart(page, lang)) is not None]
    return HeadMeta(
        canonical=site.config.absolute(page.path),
        hreflang=hreflang_links(site, page),
        og_type="website" if page.is_home else "article",
        og_locale=LANGUAGE_INFO[page.lang]["og_locale"],
        og_locale_alternates=tuple(LANGUAGE_INFO[p.lang]["og_locale"] for p in translations),
        json_ld=json_script(_linked_data(site, page, translations)),
    )


def hreflang_links(site: Site, page: Page) -> tuple[tuple[str, str], ...]:
    """Every existing version of `page`, plus x-default; nothing for a page with no translation.

    x-default is the language chooser for home pages (it lists exactly the homes) and the
    default language's version (or else the original) for other pages, so that every
    cluster is reciprocal: each URL named lists all the others.
    """
    config = site.config
    versions = [(lang, p) for lang in config.languages if (p := site.counterpart(page, lang)) is not None]
    if len(versions) < 2:
        return ()
    links = [(lang, config.absolute(p.path)) for lang, p in versions]
    if page.is_home:
        return (*links, ("x-default", config.absolute("")))
    default = dict(versions).get(config.default_language)
    if default is None:
        default = next((p for _, p in versions if p.meta.source_hash is None), versions[0][1])
    return (*links, ("x-default", config.absolute(default.path)))


def _linked_data(site: Site, page: Page, translations: list[Page]) -> dict:
    config = site.config
    title, description = smart_plain(page.meta.title, page.lang), smart_plain(page.meta.description, page.lang)
    url = config.absolute(page.path)
    publisher = {"@type": "Organization", "name": config.author[page.lang], "url": config.absolute("")}
    website = {"@type": "WebSite", "name": config.title[page.lang], "url": config.absolute(f"{page.lang}/"),
               "inLanguage": page.lang}
    if page.is_home:
        return {"@context": "https://schema.org", **website, "@id": url, "url": url,
                "description": description, "publisher": publisher}
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": title,
        "description": description,
        "inLanguage": page.lang,
        "datePublished": page.meta.date.isoformat(),
        "dateModified": page.meta.modified.isoformat(),
        "author": publisher,
        "publisher": publisher,
        "isPartOf": website,
    }
    # schema.org links a translation to its original and back.
    originals = [p for p in translations if p.meta.source_hash is None]
    if page.meta.source_hash is not None and originals:
        data["translationOfWork"] = {"@id": config.absolute(originals[0].path)}
    elif page.meta.source_hash is None and translations:
        data["workTranslation"] = [{"@id": config.absolute(p.path)} for p in translations]
    return data


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
