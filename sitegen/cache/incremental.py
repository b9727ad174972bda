"""Steps 3 and 4 item by item, each item's result kept while its inputs are unchanged.

The renderers and checks make one item (a translation group's views, a page, a feed, a
page's checks) and know nothing of caching; this module maps them over the site through
the build cache's `Memo`. The dev server keeps that memo from one build to the next, so an
edit makes again only the items whose inputs changed; the command line starts with an
empty one and makes every item, through the same code. Inputs are compared by identity
first: an unchanged page is the object of the last build (`pipeline.load_site` keeps it),
and so is everything made from it here, which keeps comparing 2,000 pages to milliseconds.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..check.checks import anchored, check_anchors, check_headings, output_checker, page_sources
from ..check.stylesheets import check_stylesheet
from ..diagnostics import Diagnostics
from ..load.model import Site, Translation
from ..load.pairs import group_states
from ..output.write import OutputTree
from ..parallel import map_reporting, parallel_map
from ..render.feeds import feed_pages, feed_path, render_feed
from ..render.listing import Listed, listed
from ..render.markup import RenderedBody
from ..render.pages import PageView, chooser_and_404, group_views, page_contexts, render_page
from ..render.status import json_list, row_and_line
from ..render.templating import add_reports
from ..render.urls import output_file
from .memo import MISSING, Memo

Bodies = dict[tuple[str, str], RenderedBody]


def listing(site: Site, memo: Memo) -> tuple[Listed, ...]:
    """Every page as `Listed`, in the site's order (an unchanged page's is last build's object)."""
    made = memo.each(("listing",), None, {p.source: p for p in site.pages}, lambda _source, page, _d: listed(page))
    return tuple(made[p.source] for p in site.pages)


def translation_states(site: Site, memo: Memo) -> dict[tuple[str, str], Translation]:
    by_group = memo.each(("states",), None, site.by_key, lambda _key, group, _d: group_states(group))
    return {(lang, key): state for key, states in by_group.items() for lang, state in states.items()}


def page_views(site: Site, states: dict[tuple[str, str], Translation], memo: Memo) -> list[PageView]:
    """Every page and fallback, by path (a key's views are last build's objects if its pages are)."""
    by_group = memo.each(("views",), site.config, site.by_key, lambda _key, group, _d: group_views(site, group, states))
    # A fallback sorts after a page of the same path, so that it is the one written (as it always was).
    return sorted((view for views in by_group.values() for view in views), key=lambda v: (v.path, v.fallback))


def status_table(site: Site, states: dict[tuple[str, str], Translation], memo: Memo) -> tuple[list[dict], bytes]:
    """The status rows and status.json, a key's row made again only when its pages changed."""
    made = memo.each(("status rows",), site.config.languages, site.by_key,
                     lambda key, group, _d: row_and_line(key, group, states, site.config.languages))
    keys = sorted(made)
    return [made[key][0] for key in keys], json_list(made[key][1] for key in keys).encode("utf-8")


def render_feeds(site: Site, bodies: Bodies, listed: tuple[Listed, ...], envs: dict, diags: Diagnostics,
                 memo: Memo) -> dict[str, bytes]:
    """Each language's feed: its pages chosen again only when the listing changes, the feed
    remade only when their bodies do."""
    out: dict[str, bytes] = {}
    for lang in site.config.languages:
        chosen, home = memo(("feed pages", lang), (listed, frozenset(bodies)),
                            lambda _d, lang=lang: feed_pages(site, lang, bodies), diags)
        xml = memo(("feed", lang), (envs, site.config, listed, tuple(bodies[(p.lang, p.key)] for p in chosen)),
                   lambda d, lang=lang, chosen=chosen, home=home:
                   render_feed(site, lang, chosen, home, bodies, envs[lang], d), diags)
        if xml is not None:
            out[feed_path(lang)] = xml
    return out


def render_pages(site: Site, views: list[PageView], bodies: Bodies, listed: tuple[Listed, ...], envs: dict,
                 diags: Diagnostics, memo: Memo, workers: int = 1) -> dict[str, bytes]:
    """Every page view, the language chooser and the 404 page; a page is rendered again only
    if its context is not the one it was last rendered from (in the same environments). The
    pages to render are rendered together, on `workers` processes if there are many.

    Speed measure: a context is made from its view and body and from inputs every page
    shares, compared once per build; a view whose page, body and translation are the objects
    of the last build keeps its HTML without its context being made (making 2,000 contexts
    to compare them took 90 ms of every dev-server rebuild).
    """
    quick: dict[str, tuple] = memo(("pages shared",), (envs, site.config, site.data, listed), lambda _d: {}, diags)
    context_of = page_contexts(site, listed)
    out: dict[str, bytes] = {}
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
            template, context = context_of(view, body)
            signature = (template, envs, tuple(context.items()))
            start = len(diags.items)
            html = memo.lookup(("view", view.path), signature, diags)
            if html is MISSING:
                to_render.append((view, template, context, signature, inputs))
                continue
            quick[view.path] = (inputs, html, tuple(diags.items[start:]))
        if html is not None:
            out[output_file(view.path)] = html

    def render_one(job: tuple[PageView, str, dict, tuple, tuple], diags: Diagnostics) -> bytes | None:
        view, template, context = job[:3]
        return render_page(envs[view.lang], template, context, diags, view.page.source)

    for job, (html, reported) in zip(to_render, map_reporting(render_one, to_render, diags, workers), strict=True):
        view, _, _, signature, inputs = job
        add_reports(diags, reported)
        memo.store(("view", view.path), signature, html, reported)
        if not any(d.level == "error" for d in reported):
            quick[view.path] = (inputs, html, reported)
        if html is not None:
            out[output_file(view.path)] = html
    env = envs[site.config.default_language]
    for name, context in chooser_and_404(site, listed).items():
        html = memo(("view", name), (name, envs, tuple(context.items())),
                    lambda d, n=name, c=context: render_page(env, n, c, d), diags)
        if html is not None:
            out[name] = html
    return out


def check_site(site: Site, bodies: Bodies, tree: OutputTree, listed: tuple[Listed, ...], diags: Diagnostics,
               memo: Memo, workers: int = 1) -> None:
    """Step 4's checks (sitegen/check/). A body's anchors are checked again when it or a body it
    links into changed; a key's headings when its pages or bodies did; an output page or
    stylesheet when it, the page it is made from or the set of output files did."""
    memo.each(("anchors",), None, bodies, lambda k, body, d: check_anchors(site, bodies, k[0], body, d), diags,
              reads=lambda k, body: anchored(k[0], body))
    if diags.errors:       # after an error, missing or doubled pages would only echo it
        return
    groups = {key: (group, *[bodies.get((lang, key)) for lang in group]) for key, group in site.by_key.items()}
    memo.each(("heading parity",), None, groups, lambda key, item, d: check_headings(key, item[0], bodies, d), diags)
    files = set(tree)
    sources = memo(("page sources",), listed, lambda _d: page_sources(site, listed), Diagnostics())
    check = output_checker(site, files, sources)
    made_from = {p.path + "index.html": p for p in site.pages}
    pages = {path: (html, made_from.get(path)) for path, html in tree.items() if path.endswith(".html")}
    reports = memo.each(("checks",), (files, site.config.base_url, sources), pages,
                        lambda path, item, _d: check(path, item[0]), diags,
                        together=lambda paths: [(found, ()) for found in
                                                parallel_map(lambda path: check(path, tree[path]), paths, workers)])
    reported = {}        # each problem once: a template's missing file is found from every page
    for path in sorted(path for path, found in reports.items() if found):
        reported.update(dict.fromkeys(reports[path]))
    diags.extend(reported)
    own_host = urlsplit(site.config.base_url).netloc
    memo.each(("stylesheets",), (files, own_host), {path: css for path, css in tree.items() if path.endswith(".css")},
              lambda path, css, d: check_stylesheet(path, css, files, own_host, d), diags)
