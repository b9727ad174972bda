"""Turn the model and rendered bodies into HTML files: pages, fallbacks, chooser, 404."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from .config import LANGUAGE_INFO
from .diagnostics import Diagnostics
from .head import head_meta
from .markup import RenderedBody
from .model import Page, Site, Translation
from .templating import render, safe
from .urls import output_file


@dataclass(frozen=True)
class Alternate:
    lang: str
    name: str
    path: str            # site path of the page in that language
    exists: bool         # False: the other language has no version of this page at all
    fallback: bool       # True: that version is the original shown untranslated


@dataclass(frozen=True)
class PageView:
    """One HTML page to write: a page in its own language, or a fallback."""

    page: Page
    lang: str            # language of the chrome (navigation, notices)
    path: str
    translation: Translation
    fallback: bool = False

    @property
    def original(self) -> Page:
        return self.page


def page_views(site: Site, states: dict[tuple[str, str], Translation]) -> list[PageView]:
    """Every page, plus a clearly marked fallback for each missing translation."""
    views = [PageView(p, p.lang, p.path, states[(p.lang, p.key)]) for p in site.pages]
    if site.config.fallback_pages:
        for page in site.pages:
            for lang in site.config.languages:
                if site.counterpart(page, lang) is None and page.meta.source_hash is None:
                    path = f"{lang}/{page.slug}/" if page.slug else f"{lang}/"
                    views.append(PageView(page, lang, path, Translation("missing", page), fallback=True))
    return sorted(views, key=lambda v: v.path)


def alternates(site: Site, view: PageView) -> list[Alternate]:
    out = []
    for lang in site.config.languages:
        target = site.counterpart(view.page, lang)
        name = LANGUAGE_INFO[lang]["name"]
        if target is not None:
            out.append(Alternate(lang, name, target.path, True, False))
        elif site.config.fallback_pages:
            slug = view.page.slug
            out.append(Alternate(lang, name, f"{lang}/{slug}/" if slug else f"{lang}/", False, True))
        else:
            out.append(Alternate(lang, name, f"{lang}/", False, False))
    return out


def render_pages(site: Site, views: list[PageView], bodies: dict[tuple[str, str], RenderedBody],
                 envs: dict[str, jinja2.Environment], diags: Diagnostics) -> dict[str, bytes]:
    """Render every page view, the language chooser and the 404 page."""
    out: dict[str, bytes] = {}
    nav = {lang: list(site.pages_in(lang)) for lang in site.config.languages}
    for view in views:
        body = bodies.get((view.page.lang, view.page.key))
        if body is None:
            continue
        articles = [p for p in nav[view.lang] if not p.is_home]
        if view.fallback:
            prev_page = next_page = None
        else:
            index = articles.index(view.page) if view.page in articles else -1
            prev_page = articles[index - 1] if index > 0 else None
            next_page = articles[index + 1] if 0 <= index < len(articles) - 1 else None
        context = {
            "here": view.path,
            "view": view,
            "page": view.page,
            "body": safe(body.html),
            "rendered": body,
            "site": site,
            "config": site.config,
            "nav": nav[view.lang],
            "alternates": alternates(site, view),
            "citations": [site.data.sources[s] for s in body.citations],
            "prev_page": prev_page,
            "next_page": next_page,
            "canonical": site.config.absolute(view.page.path),
            "head": head_meta(site, view.page),
        }
        template = "home.html" if view.page.is_home else "article.html"
        html = render(envs[view.lang], template, context, diags, source=view.page.source)
        if html is not None:
            out[output_file(view.path)] = html.encode("utf-8")
    for name, lang in (("index.html", site.config.default_language), ("404.html", site.config.default_language)):
        context = {"here": name if name == "404.html" else "", "site": site, "config": site.config,
                   "homes": {lang_: site.config.absolute(f"{lang_}/") for lang_ in site.config.languages},
                   "canonical": site.config.absolute(""),
                   "og_locales": [LANGUAGE_INFO[code]["og_locale"] for code in site.config.languages]}
        html = render(envs[lang], name, context, diags)
        if html is not None:
            out[name] = html.encode("utf-8")
    return out
