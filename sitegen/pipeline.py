"""The build, start to end: load → render Markdown → render templates → check → write.

Each step returns values the next one takes; nothing touches site/ until every check
has passed, so a failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from . import charts, checks
from .blocks import BlockRenderers
from .catalogs import check_catalogs
from .config import SiteConfig, load_config
from .content import check_pairs, load_pages, pair_pages, translation_of
from .data import load_data
from .diagnostics import BuildError, Diagnostics, Location
from .feeds import render_feeds
from .l10n import Catalog, load_catalog, po_path
from .markup import MarkdownRenderer, RenderedBody, relative_md_path
from .model import Page, Site, Translation, frozen_map
from .output import OutputTree, write_site
from .pages import page_views, render_pages
from .search import render_search_pages, search_index
from .security import HEADERS_FILE, headers_file
from .shortcodes import expand_facts
from .sitemap import render_sitemap
from .static import static_files
from .status import render_status_page
from .templating import make_env
from .urls import relative_url

SITE_DIR = "site"


@dataclass(frozen=True)
class BuildResult:
    site: Site
    tree: OutputTree
    diagnostics: Diagnostics
    seconds: float
    changed: int | None            # files written, when written
    charts_rendered: int = 0       # charts drawn by vl-convert (0: every chart came from the cache)


def load_site(root: Path, diags: Diagnostics) -> Site:
    """Step 1: read config, data and content into the model (no HTML yet)."""
    config = load_config(root)
    data = load_data(root, config.languages, diags)
    pages, broken = load_pages(config, diags)
    pages = [_with_facts(page, data, diags) for page in pages]
    by_key = pair_pages(pages)
    check_pairs(by_key, config.languages, broken, diags)
    return Site(config=config, pages=tuple(pages), data=data, unreadable=broken,
                by_key=frozen_map({k: frozen_map(v) for k, v in by_key.items()}))


def _with_facts(page: Page, data, diags: Diagnostics) -> Page:
    meta = page.meta
    fields = {name: expand_facts(getattr(meta, name), page.lang, data, page.at(name), diags)
              for name in ("title", "description", "nav_title") if getattr(meta, name)}
    changed = {k: v for k, v in fields.items() if v != getattr(meta, k)}
    return replace(page, meta=replace(meta, **changed)) if changed else page


def translation_states(site: Site) -> dict[tuple[str, str], Translation]:
    return {(p.lang, p.key): translation_of(p, dict(site.by_key[p.key])) for p in site.pages}


def load_catalogs(config: SiteConfig, diags: Diagnostics) -> dict[str, Catalog]:
    catalogs = {}
    for lang in config.languages:
        try:
            catalogs[lang] = load_catalog(config.root, lang)
        except FileNotFoundError:
            diags.error(Location(po_path(config.root, lang).relative_to(config.root).as_posix()),
                        "missing message catalogue", "run: make messages")
    return catalogs


def render_bodies(site: Site, envs: dict, figures: charts.ChartFigures,
                  diags: Diagnostics) -> dict[tuple[str, str], RenderedBody]:
    """Step 2: Markdown (with shortcodes and chart figures) to HTML for every page."""
    blocks = BlockRenderers(site.data, envs, figures, charts.CHART_IDS, diags)
    by_source = {p.source: p for p in site.pages}

    def resolve(page: Page, link: str) -> Page | str | None:
        path = relative_md_path(page, link)
        return by_source.get(path) or (path if path in site.unreadable else None)

    def url_for(page: Page, target: Page) -> str:
        return relative_url(page.path, target.path)

    renderers = {lang: MarkdownRenderer(lang) for lang in site.config.languages}
    return {(p.lang, p.key): renderers[p.lang].render(p, site.data, blocks, resolve, url_for, diags)
            for p in site.pages}


def build(root: Path, strict: bool = False, write: bool = True, search: bool = True) -> BuildResult:
    """Build the site under `root`; raise BuildError (site/ untouched) on failure.

    `search=False` skips the Pagefind index (quick builds, the dev server); the search
    pages are still written and say that search is unavailable.
    """
    started = time.perf_counter()
    diags = Diagnostics()
    site = load_site(root, diags)
    catalogs = load_catalogs(site.config, diags)
    if len(catalogs) != len(site.config.languages):
        raise BuildError(diags)
    check_catalogs(root, catalogs, diags)
    envs = {lang: make_env(root, catalogs[lang], site.config.base_path, catalogs) for lang in site.config.languages}

    # Charts are drawn (or taken from .cache/charts/) as pages place them.
    gettext = {lang: catalog.translations.gettext for lang, catalog in catalogs.items()}
    figures = charts.ChartFigures(root, site.data, envs, gettext, diags)
    bodies = render_bodies(site, envs, figures, diags)
    states = translation_states(site)
    views = page_views(site, states)
    editors_env = envs[site.config.default_language]
    tree = dict(static_files(root, diags))
    tree.update(render_pages(site, views, bodies, envs, diags))
    tree.update(figures.files())          # charts/<id>.csv, .<lang>.svg, .<lang>.vg.json
    tree.update(render_search_pages(site, envs, diags))
    tree.update(render_feeds(site, bodies, envs, diags))
    tree.update(render_sitemap(site, editors_env, diags))
    tree.update(render_status_page(site, states, editors_env, diags))
    tree[HEADERS_FILE] = headers_file()

    checks.check_site(site, bodies, tree, diags)
    if diags.failed(strict):
        raise BuildError(diags)
    if search:          # Pagefind indexes the finished pages, once per build (about 2 s)
        tree.update(search_index(tree, diags))
        if diags.failed(strict):
            raise BuildError(diags)
    tree = dict(sorted(tree.items()))
    changed = write_site(tree, root / SITE_DIR) if write else None
    return BuildResult(site, tree, diags, time.perf_counter() - started, changed, figures.rendered)
