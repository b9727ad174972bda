"""What each HTML page is made from: page views (fallbacks too), their template contexts, the chooser and 404 page."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from ..diagnostics import Diagnostics
from ..load.config import LANGUAGE_INFO
from ..load.model import Fact, KeyNumbers, Page, Site, Translation
from .head import head_meta
from .l10n import format_quantity, format_year_end, is_year_end, qualify
from .listing import Listed, main_navigation
from .markup import RenderedBody
from .templating import render


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


def group_views(site: Site, group: Mapping[str, Page], states: dict[tuple[str, str], Translation]) -> list[PageView]:
    """A translation group's pages, plus a clearly marked fallback for each missing translation."""
    views = [PageView(p, p.lang, p.path, states[(p.lang, p.key)]) for p in group.values()]
    views += [PageView(page, lang, path, Translation("missing", page), fallback=True)
              for page, lang, path in _fallbacks(site, group)]
    return views


def _fallbacks(site: Site, group: Mapping[str, Page]) -> Iterator[tuple[Page, str, str]]:
    """(original, language, path) of each fallback the group of translations needs."""
    if site.config.fallback_pages:
        for page in group.values():
            for lang in site.config.languages:
                if lang not in group and page.meta.source_hash is None:
                    yield page, lang, f"{lang}/{page.slug}/" if page.slug else f"{lang}/"


def fallbacks(site: Site) -> Iterator[tuple[Page, str, str]]:
    """(original, language, site path) of every fallback the site has."""
    for group in site.by_key.values():
        yield from _fallbacks(site, group)


def fallback_sources(site: Site) -> dict[str, str]:
    """Each fallback's site file → its original's Markdown file (where the output checks report
    a problem of the fallback, at its line, rather than at the site file alone)."""
    return {path + "index.html": page.source for page, _lang, path in fallbacks(site)}


def alternates(site: Site, view: PageView) -> list[Alternate]:
    out = []
    # Only an original gets fallbacks: a translation whose original is gone (renamed in one
    # language) links to the home page there, not to a fallback nobody writes.
    fallbacks = {lang: path for _page, lang, path in _fallbacks(site, site.by_key.get(view.page.key, {}))}
    for lang in site.config.languages:
        target = site.counterpart(view.page, lang)
        name = LANGUAGE_INFO[lang]["name"]
        if target is not None:
            out.append(Alternate(lang, name, target.path, True, False))
        elif lang in fallbacks:
            out.append(Alternate(lang, name, fallbacks[lang], False, True))
        else:
            out.append(Alternate(lang, name, f"{lang}/", False, False))
    return out


def page_contexts(site: Site, listed: tuple[Listed, ...]) -> Callable[[PageView, RenderedBody], tuple[str, dict]]:
    """(view, body) → the template and context of that page.

    A template reads its context and nothing else (`site` is not in it; other pages are
    `Listed` values, without their text), so a page whose context is unchanged renders the same.
    """
    nav = {lang: main_navigation(listed, lang) for lang in site.config.languages}
    articles = {lang: [p for p in listed if p.lang == lang and not p.is_home] for lang in site.config.languages}
    # Positions by source: list.index() per page made rendering quadratic (seconds at 2,000 pages).
    positions = {lang: {p.source: i for i, p in enumerate(pages)} for lang, pages in articles.items()}

    def page_context(view: PageView, body: RenderedBody) -> tuple[str, dict]:
        index = -1 if view.fallback else positions[view.lang].get(view.page.source, -1)
        in_lang = articles[view.lang]
        home = view.page.is_home
        context = {
            "here": view.path,
            "view": view,
            "page": view.page,
            "rendered": body,           # and "body", the HTML, added when rendering (see render_page)
            "config": site.config,
            "nav": nav[view.lang],
            "articles": in_lang if home else None,
            "alternates": alternates(site, view),
            "citations": [site.data.sources[s] for s in body.citations],
            "citation_uses": [_uses(body.ids, n) for n in range(1, len(body.citations) + 1)],
            "prev_page": in_lang[index - 1] if index > 0 else None,
            "next_page": in_lang[index + 1] if 0 <= index < len(in_lang) - 1 else None,
            "canonical": site.config.absolute(view.page.path),
            "head": head_meta(site, view.page),
            "key_numbers": key_numbers_for(site.data.key_numbers, site.data.facts, view.page.key, view.page.lang),
        }
        return "home.html" if home else "article.html", context

    return page_context


CHOOSER_AND_404 = ("index.html", "404.html")     # rendered besides the page views


def chooser_and_404(site: Site, listed: tuple[Listed, ...]) -> dict[str, dict]:
    """The contexts of the language chooser (index.html) and the 404 page, by file."""
    nav = {lang: main_navigation(listed, lang) for lang in site.config.languages}
    return {name: {"here": name if name == "404.html" else "", "config": site.config,
                   "homes": {lang: site.config.absolute(f"{lang}/") for lang in site.config.languages},
                   "canonical": site.config.absolute(""),
                   "og_locales": [LANGUAGE_INFO[code]["og_locale"] for code in site.config.languages],
                   # the 404 page offers each language's main sections; the chooser, each home's description
                   "sections": {code: [(p.path, None if p.is_home else p.meta.short_title) for p in pages]
                                for code, pages in nav.items()},
                   "descriptions": {code: next((p.meta.description for p in pages if p.is_home), None)
                                    for code, pages in nav.items()}}
            for name in CHOOSER_AND_404}


def key_numbers_for(key_numbers: KeyNumbers | None, facts: Mapping[str, Fact], page_key: str,
                    lang: str) -> list[tuple[str, str]]:
    """The row of key numbers under a page's lede (data/key_numbers.yaml), as (number, label) pairs
    in `lang`, each fact as `{{ fact key }}` writes it; empty for pages that show no row."""
    if key_numbers is None or page_key not in key_numbers.pages:
        return []
    out = []
    for number in key_numbers.numbers:
        fact = facts[number.fact]
        # A target for December 31st reads as the end of that year (2026年末 / end of 2026).
        text = (format_year_end(fact.value.year, lang) if fact.unit == "date" and is_year_end(fact.value)
                else format_quantity(fact.value, fact.unit, lang))
        text = qualify(text, fact.qualifier, lang)
        out.append((text, number.label[lang]))
    return out


def _uses(ids: frozenset[str], number: int) -> int:
    """How many markers cite source `number`: they have the ids cite-<number>-1, -2, … (shortcodes.py)."""
    count = 0
    while f"cite-{number}-{count + 1}" in ids:
        count += 1
    return count


def render_page(env: jinja2.Environment, name: str, context: dict, diags: Diagnostics,
                source: str | None = None) -> bytes | None:
    if "rendered" in context:   # made here, not in the context: its signature has `rendered` already
        context = {**context, "body": Markup(context["rendered"].html)}   # the engine's HTML
    html = render(env, name, context, diags, source=source)
    return None if html is None else html.encode("utf-8")
