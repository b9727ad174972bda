"""The build, start to end: load → render Markdown → render templates → check → write.

Each step returns values the next one takes; nothing touches site/ until every check
has passed, so a failed build leaves the previous site exactly as it was. Each step may
take work from an earlier build out of a `BuildCache` (sitegen/cache/): the dev server
keeps one in memory, the command line keeps rendered Markdown in .cache/. A build with a
cache gives the same bytes as a build without one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from . import charts
from .cache import incremental
from .cache.buildcache import BuildCache
from .cache.memo import Memo
from .check.checks import check_page_paths, check_static_paths
from .diagnostics import BuildError, Diagnostic, Diagnostics, Location
from .fingerprint import INPUT_DIRS, engine_version, tree_digest, value_digest
from .load.config import SiteConfig, load_config
from .load.content import check_home_pages, find_sources, layout_pages, placement, read_page
from .load.data import load_data, report_fact_names
from .load.model import Page, Site, SiteData, frozen_map
from .load.potext import check_po_file
from .load.static import STATIC_DIR, static_files
from .load.textcheck import report_folders_that_are_not, report_undecodable_names
from .load.texts import check_key_number_pages
from .output.search import render_search_pages, search_index
from .output.write import OutputTree, write_site
from .parallel import map_reporting
from .render.blocks import BlockRenderers
from .render.head import render_sitemap
from .render.l10n import LOCALES_DIR, Catalog, check_catalogs, load_catalog, po_path
from .render.links import PageResolver
from .render.markup import MarkdownRenderer, RenderedBody
from .render.pages import fallbacks
from .render.security import HEADERS_FILE, headers_file
from .render.shortcodes import expand_facts, facts_named, may_name_facts
from .render.status import STATUS_JSON, render_status_page
from .render.templating import TEMPLATES_DIR, add_reports, make_env, report_include_cycles, report_undecodable_templates

SITE_DIR = "site"
_FACT_FIELDS = ("title", "description", "nav_title")     # front matter that may state a fact


@dataclass(frozen=True)
class BuildResult:
    site: Site
    tree: OutputTree
    diagnostics: Diagnostics
    changed: int | None            # files written, when written
    charts_rendered: int = 0       # charts drawn by vl-convert (0: every chart came from the cache)
    bodies: Mapping[tuple[str, str], RenderedBody] = field(default_factory=dict)


@dataclass(frozen=True)
class Frame:
    """What pages are rendered into: the catalogues and a Jinja environment per language."""

    catalogs: dict[str, Catalog]
    envs: dict[str, jinja2.Environment]
    digest: str                    # of templates/ and locales/ (block shortcodes render templates)


def load_site(root: Path, diags: Diagnostics, cache: BuildCache | None = None, workers: int = 1) -> Site:
    """Step 1: read config, data and content into the model (no HTML yet); many pages are
    read on `workers` processes."""
    memo = cache.memo if cache else Memo()
    config = load_config(root)
    folders = report_folders_that_are_not(root, INPUT_DIRS, diags)     # else every file in them 'missing'
    if not report_undecodable_names(root, INPUT_DIRS, diags) or not folders:      # the loaders could not carry them
        raise BuildError(diags)
    data = memo(("data",), None, lambda d: load_data(root, config.languages, d), diags)

    # Files by source; each is read again only after BuildCache.forget drops it (an edit).
    sources = memo(("content",), None, lambda d: {path.relative_to(root).as_posix(): path
                                                   for path in find_sources(root, config.languages, d)}, diags)

    def on_workers(todo: list[str]) -> list[tuple[Page | None, tuple[Diagnostic, ...]]]:
        return map_reporting(lambda source, d: read_page(sources[source], root, d), todo, diags, workers)

    read = memo.each(("pages",), None, sources, lambda _source, path, d: read_page(path, root, d), diags,
                     together=on_workers if workers > 1 else None)
    broken = frozenset(source for source, page in read.items() if page is None)
    pages = {source: page for source, page in read.items() if page is not None} if broken else read
    # A fact's key misspelt is one error at it, not one at each use of the name meant (which then stay quiet). The
    # uses are counted only if a page may name a fact that is none (counting them all takes ~1 s at 2,000 pages).
    unknown = memo.each(("fact names",), data, pages, lambda _source, page, _d: any(
        name not in data.facts and name not in data.invalid
        for text in _fact_texts(page) for name in may_name_facts(text)))
    uses = Counter(name for page in pages.values() for text in _fact_texts(page) for name in facts_named(text)) \
        if any(unknown.values()) or (data.key_numbers and data.key_numbers.unknown) else Counter()
    data = report_fact_names(data, uses, diags)
    pages = memo.each(("facts",), data, pages, lambda _source, page, d: _with_facts(page, data, d), diags)
    # Order and pairs depend on where pages go, not on their text: kept while only texts change.
    placements = memo.each(("placement",), None, pages, placement)
    layout = memo(("layout",), (config.languages, broken, placements),
                  lambda d: layout_pages(config, pages, broken, d), diags)
    # A page that cannot be read is its key's, as far as can be told: its error is the one to see.
    keys = (*layout.groups, *(source.split("/", 2)[-1].removesuffix(".md") for source in broken))
    memo(("key number pages",), (data.key_numbers, keys), lambda d: check_key_number_pages(data.key_numbers, keys, d),
         diags)
    # Pages by translation key and language; a group whose pages are all unchanged is the
    # object of the last build, so later steps reuse what they made of it (`Memo.each`).
    groups = memo.each(("groups",), None, {key: {lang: pages[source] for lang, source in sources.items()}
                                           for key, sources in layout.groups.items()},
                       lambda _key, group, _d: frozen_map(group))
    return Site(config=config, pages=tuple(pages[source] for source in layout.order), data=data,
                unreadable=broken, by_key=frozen_map(groups))


def _fact_texts(page: Page) -> tuple[str, ...]:
    """The texts of a page that may name facts: its body, title, description and nav_title."""
    return page.body, *(getattr(page.meta, name) or "" for name in _FACT_FIELDS)


def _with_facts(page: Page, data: SiteData, diags: Diagnostics) -> Page:
    meta = page.meta
    fields = {name: expand_facts(getattr(meta, name), page.lang, data, page.at(name), diags)
              for name in _FACT_FIELDS if "{{" in (getattr(meta, name) or "")}
    changed = {k: v for k, v in fields.items() if v != getattr(meta, k)}
    return replace(page, meta=replace(meta, **changed)) if changed else page


def load_catalogs(config: SiteConfig, diags: Diagnostics) -> dict[str, Catalog]:
    catalogs = {}
    for lang in config.languages:
        if not check_po_file(po_path(config.root, lang), config.root, diags):
            continue
        try:
            catalogs[lang] = load_catalog(config.root, lang)
        except FileNotFoundError:
            diags.error(Location(po_path(config.root, lang).relative_to(config.root).as_posix()),
                        "missing message catalogue", "run: make messages")
    return catalogs


def load_frame(config: SiteConfig, diags: Diagnostics, cache: BuildCache) -> Frame | None:
    """Catalogues (every template string must have an entry) and templates; None if a catalogue is missing."""
    def load(diags: Diagnostics) -> Frame | None:
        catalogs = load_catalogs(config, diags)
        if len(catalogs) != len(config.languages) or not report_undecodable_templates(config.root, diags):
            return None
        check_catalogs(config.root, TEMPLATES_DIR, catalogs, diags)
        envs = {lang: make_env(config.root, catalogs[lang], config.base_path, catalogs) for lang in config.languages}
        if not report_include_cycles(envs[config.default_language], diags):
            return None
        digest = tree_digest(config.root / TEMPLATES_DIR) + tree_digest(config.root / LOCALES_DIR)
        return Frame(catalogs, envs, digest)

    return cache.memo(("frame",), None, load, diags)


def load_charts(root: Path, diags: Diagnostics, cache: BuildCache) -> dict[str, charts.ChartDef]:
    """The site's chart definitions (`charts/`), read again when a file there changed."""
    digest = tree_digest(root / charts.CHARTS_DIR)
    return cache.memo(("charts",), digest, lambda d: charts.read_charts(root, d, digest), diags)


def render_bodies(site: Site, frame: Frame, figures: charts.ChartFigures,
                  diags: Diagnostics, cache: BuildCache, workers: int = 1) -> dict[tuple[str, str], RenderedBody]:
    """Step 2: Markdown (with shortcodes and charts) to HTML for every page; unchanged ones come from the cache.

    The pages the cache does not have are rendered on `workers` processes if there are
    many (sitegen/parallel.py); their charts are drawn before, here, once per language.
    """
    blocks = BlockRenderers(site.data, frame.envs, figures, frozenset(figures.charts), diags)
    resolve = PageResolver(site.pages, site.unreadable, fallbacks(site))

    def render_one(page: Page, diags: Diagnostics) -> RenderedBody:
        # Made on first use (a cached build needs none) and kept: the dev server's next build
        # reuses it (each page resets it), instead of loading ten extensions again.
        renderer = cache.memo(("markdown", page.lang), None, lambda d: MarkdownRenderer(page.lang), diags)
        return renderer.render(page, site.data, blocks, resolve, diags)

    # Everything a body reads besides its own page: the cache's key (sitegen/cache/bodies.py).
    world = value_digest(engine_version(), site.config, site.data.digest, sorted(site.data.invalid), frame.digest,
                         sorted(site.unreadable), [(p.source, p.key, p.path) for p in site.pages],
                         sorted(resolve.moved.items()), figures.charts)
    bodies = {(p.lang, p.key): cache.bodies.cached(p, world, diags) for p in site.pages}
    missing = [p for p in site.pages if bodies[(p.lang, p.key)] is None]
    # Charts first, for every page: page workers find them drawn, and bodies reused from the
    # cache (which never call the chart renderer) still get their charts' files in the tree.
    figures.ensure_files(site.pages, workers)
    for page, (body, reported) in zip(missing, map_reporting(render_one, missing, diags, workers), strict=True):
        add_reports(diags, reported)        # in page order, whichever process rendered it
        bodies[(page.lang, page.key)] = cache.bodies.store(page, world, body, reported)
    cache.bodies.save()
    return bodies


def build(root: Path, strict: bool = False, write: bool = True, cache: BuildCache | None = None,
          search: bool = True, workers: int = 1) -> BuildResult:
    """Build the site under `root`; raise BuildError (site/ untouched) on failure.

    `cache` holds earlier builds' work (the dev server's, or .cache/ for the command
    line); without one, everything is built from scratch. `search=False` skips the
    search index (quick builds, the dev server); the search pages are still written
    and say that search is unavailable. `workers` > 1 renders and checks the pages of a
    large build on that many processes (the same bytes as with 1; sitegen/parallel.py).
    The result's `tree` is the complete output, search index included.
    """
    cache = cache or BuildCache()
    diags = Diagnostics()
    site = load_site(root, diags, cache, workers)
    check_home_pages(site, diags)
    frame = load_frame(site.config, diags, cache)
    if frame is None:
        raise BuildError(diags)

    memo = cache.memo           # each step's work kept for the next build
    gettext = {lang: catalog.translations.gettext for lang, catalog in frame.catalogs.items()}
    figures = charts.ChartFigures(root, site.data, load_charts(root, diags, cache), frame.envs, gettext, diags,
                                  drawings=cache.reuse, kept=memo(("finished charts",), None, lambda _d: {}, diags))
    bodies = render_bodies(site, frame, figures, diags, cache, workers)
    listed = incremental.listing(site, memo)
    states = incremental.translation_states(site, memo)
    views = incremental.page_views(site, states, memo)
    editors_env = frame.envs[site.config.default_language]
    static = memo((STATIC_DIR,), None, lambda d: static_files(root, d), diags)
    tree = dict(static)
    tree.update(figures.files())          # charts/<id>.csv, .<lang>.svg, .<lang>.vg.json
    # Site-wide files read the listing (render/listing.py), not the pages' texts: the dev server
    # remakes them only when a page is added, moved or retitled (at 2,000 pages ~0.2 s together).
    page_list = (frame.envs, site.config, listed)
    tree.update(memo(("search pages",), page_list, lambda d: render_search_pages(site, listed, frame.envs, d), diags))
    tree.update(incremental.render_feeds(site, bodies, listed, frame.envs, diags, memo))
    tree.update(memo(("sitemap",), page_list, lambda d: render_sitemap(site, editors_env, d), diags))
    status, status_json = incremental.status_table(site, states, memo)
    tree.update(memo(("status page",), (page_list, states),
                     lambda d: render_status_page(site, status, editors_env, d), diags))
    tree[STATUS_JSON] = status_json
    tree[HEADERS_FILE] = headers_file()
    check_static_paths(static, tree, diags)
    check_page_paths(views, tree, diags)

    tree.update(incremental.render_pages(site, views, bodies, listed, frame.envs, diags, memo, workers))

    incremental.check_site(site, bodies, tree, listed, diags, memo, workers)
    if diags.failed(strict):
        raise BuildError(diags)

    # Step 5: the search index of the finished pages (once per build), then site/ replaced by the tree if asked.
    if search:
        tree.update(search_index(tree, workers))
    tree = dict(sorted(tree.items()))
    changed = write_site(tree, root / SITE_DIR) if write else None
    return BuildResult(site, tree, diags, changed, figures.rendered, bodies)
