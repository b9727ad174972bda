"""Turn the model and rendered bodies into HTML files: pages, fallbacks, chooser, 404."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import jinja2

from ..diagnostics import Diagnostic, Diagnostics
from ..load.config import LANGUAGE_INFO
from ..load.model import Page, Site, Translation
from ..memo import MISSING, Memo
from ..parallel import parallel_map
from .head import head_meta
from .keynumbers import key_numbers_for
from .listing import listing, main_navigation
from .markup import RenderedBody
from .templating import add_reports, render, safe
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


def page_views(site: Site, states: dict[tuple[str, str], Translation], memo: Memo | None = None) -> list[PageView]:
    """Every page, plus a clearly marked fallback for each missing translation, by path.

    Made per translation key: with the dev server's `memo`, a key whose pages did not change
    keeps its views (the same objects, which `render_pages` compares by identity).
    """
    by_group = (memo or Memo()).each(("views",), site.config, site.by_key,
                                     lambda _key, group, _d: _group_views(site, group, states))
    # A fallback sorts after a page of the same path, so that it is the one written (as it always was).
    return sorted((view for views in by_group.values() for view in views), key=lambda v: (v.path, v.fallback))


def _group_views(site: Site, group: Mapping[str, Page], states: dict[tuple[str, str], Translation]) -> list[PageView]:
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


def fallback_sources(site: Site) -> dict[str, str]:
    """Each fallback's site file → its original's Markdown file (where the output checks report
    a problem of the fallback, at its line, rather than at the site file alone)."""
    return {path + "index.html": page.source
            for group in site.by_key.values() for page, _lang, path in _fallbacks(site, group)}


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


CHOOSER_AND_404 = ("index.html", "404.html")     # rendered by render_pages besides the page views


def render_pages(site: Site, views: list[PageView], bodies: dict[tuple[str, str], RenderedBody],
                 envs: dict[str, jinja2.Environment], diags: Diagnostics, memo: Memo | None = None,
                 workers: int = 1) -> dict[str, bytes]:
    """Render every page view, the language chooser and the 404 page.

    A template reads its context and nothing else (`site` is not in it; other pages are
    `Listed` values, without their text). With the dev server's `memo`, a page whose
    context equals the one it was last rendered from, in the same environments, is not
    rendered again. The pages to render are rendered on `workers` processes if there are many.
    """
    memo = memo or Memo()
    out: dict[str, bytes] = {}
    listed = listing(site, memo)
    by_lang = {lang: [p for p in listed if p.lang == lang] for lang in site.config.languages}
    nav = {lang: main_navigation(pages) for lang, pages in by_lang.items()}
    articles = {lang: [p for p in pages if not p.is_home] for lang, pages in by_lang.items()}
    # Positions by source: list.index() per page made rendering quadratic (seconds at 2,000 pages).
    positions = {lang: {p.source: i for i, p in enumerate(pages)} for lang, pages in articles.items()}
    # A context is made from its view and body and from these, which every page shares:
    # compared once per build, so that a view whose page, body and translation are the
    # objects of the last build is known to have the same context without making it
    # (making 2,000 contexts to compare them took 90 ms of every dev-server rebuild).
    shared = (envs, site.config, site.data, listed)
    last = memo.value(("pages shared",))
    quick: dict[str, tuple] = last[1] if isinstance(last, tuple) and last[0] == shared else {}
    memo.store(("pages shared",), None, (shared, quick), ())

    def page_context(view: PageView, body: RenderedBody) -> tuple[str, dict]:
        index = -1 if view.fallback else positions[view.lang].get(view.page.source, -1)
        in_lang = articles[view.lang]
        home = view.page.is_home
        context = {
            "here": view.path,
            "view": view,
            "page": view.page,
            "rendered": body,           # and "body", the HTML, added when rendering (see _render)
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

    # First what the memo has, then the rest, together (on several processes if many).
    to_render: list[tuple[PageView, str, dict, tuple, tuple]] = []
    for view in views:
        body = bodies.get((view.page.lang, view.page.key))
        if body is None:
            continue
        inputs = (view.page, body, view.translation, view.fallback)
        kept = quick.get(view.path)
        if kept is not None and all(a is b for a, b in zip(kept[0], inputs, strict=True)):
            html = kept[1]
            diags.extend(kept[2])
        else:
            template, context = page_context(view, body)
            signature = (template, envs, tuple(context.items()))
            start = len(diags.items)
            html = memo.lookup(("view", view.path), signature, diags)
            if html is MISSING:
                to_render.append((view, template, context, signature, inputs))
                continue
            quick[view.path] = (inputs, html, tuple(diags.items[start:]))
        if html is not None:
            out[output_file(view.path)] = html

    def render_one(job: tuple[PageView, str, dict, tuple, tuple]) -> tuple[bytes | None, tuple[Diagnostic, ...]]:
        view, template, context = job[:3]
        start = len(diags.items)
        html = _render(envs[view.lang], template, context, diags, view.page.source)
        return html, diags.take_since(start)

    for job, (html, reported) in zip(to_render, parallel_map(render_one, to_render, workers), strict=True):
        view, _, _, signature, inputs = job
        add_reports(diags, reported)
        memo.store(("view", view.path), signature, html, reported)
        if not any(d.level == "error" for d in reported):
            quick[view.path] = (inputs, html, reported)
        if html is not None:
            out[output_file(view.path)] = html
    lang = site.config.default_language
    for name in CHOOSER_AND_404:
        context = {"here": name if name == "404.html" else "", "config": site.config,
                   "homes": {lang_: site.config.absolute(f"{lang_}/") for lang_ in site.config.languages},
                   "canonical": site.config.absolute(""),
                   "og_locales": [LANGUAGE_INFO[code]["og_locale"] for code in site.config.languages],
                   # the 404 page offers each language's main sections; the chooser, each home's description
                   "sections": {code: [(p.path, None if p.is_home else p.meta.short_title) for p in pages]
                                for code, pages in nav.items()},
                   "descriptions": {code: next((p.meta.description for p in pages if p.is_home), None)
                                    for code, pages in nav.items()}}
        html = memo(("view", name), (name, envs, tuple(context.items())),
                    lambda d, n=name, c=context, lang=lang: _render(envs[lang], n, c, d), diags)
        if html is not None:
            out[name] = html
    return out


def _uses(ids: frozenset[str], number: int) -> int:
    """How many markers cite source `number`: they have the ids cite-<number>-1, -2, … (shortcodes.py)."""
    count = 0
    while f"cite-{number}-{count + 1}" in ids:
        count += 1
    return count


def _render(env: jinja2.Environment, name: str, context: dict, diags: Diagnostics,
            source: str | None = None) -> bytes | None:
    if "rendered" in context:   # made here, not in the context: its signature has `rendered` already
        context = {**context, "body": safe(context["rendered"].html)}
    html = render(env, name, context, diags, source=source)
    return None if html is None else html.encode("utf-8")
