"""Checks on the finished output: page anchors, internal links, no foreign assets, the CSP, no
page in the place of a file the build makes itself.

Working on the output (not the Markdown) catches links that templates make too. Each
HTML page is parsed once, as a browser parses it (sitegen/check/pagescan.py), for its
links, assets and what the Content-Security-Policy would block. Each check takes one page
(or translation group); sitegen/cache/incremental.py runs them over the site.
"""

from __future__ import annotations

import functools
import posixpath
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from urllib.parse import SplitResult, unquote, urlsplit

from ..diagnostics import Diagnostic, Diagnostics, Location, closest, did_you_mean
from ..load.model import Page, Site
from ..load.texts import invalid_glossary_entry
from ..output.search import INDEX_DIR
from ..render.links import find_line, link_as_written
from ..render.listing import Listed
from ..render.markup import RenderedBody
from ..render.pages import CHOOSER_AND_404, PageView, fallback_sources
from ..render.urls import output_file
from .pagescan import PageScan, scan_page


def check_headings(key: str, group: Mapping[str, Page], bodies: dict[tuple[str, str], RenderedBody],
                   diags: Diagnostics) -> None:
    """Translations share heading ids, so the language switch can keep the reader's place."""
    pages = [p for _, p in sorted(group.items()) if (p.lang, key) in bodies]
    for page in pages:
        if page.meta.source_hash is None:
            continue            # compare each translation with its original
        original = next((p for p in pages if p.lang != page.lang and p.meta.source_hash is None), None)
        if original is None:
            continue
        ours = [e.id for e in bodies[(page.lang, key)].toc]
        theirs = [e.id for e in bodies[(original.lang, key)].toc]
        missing = [i for i in theirs if i not in ours]
        if missing:
            # Where the original writes the first missing id, if it writes it ('{#others}'; not a generated one).
            at = next((original.body_line + n for n, line in enumerate(original.body.split("\n"))
                       if f"{{#{missing[0]}" in line), None)
            diags.warning(page.at(), f"headings differ from {original.source}: no #{', #'.join(missing)} here",
                          "give translated headings the same {#id} as the original's" + (
                              f": {original.source}:{at} has {{#{missing[0]}}}" if at else ""))


def check_anchors(site: Site, bodies: dict[tuple[str, str], RenderedBody], lang: str, body: RenderedBody,
                  diags: Diagnostics) -> None:
    """A page's links to #fragments of other pages."""
    for link in body.links:
        if not link.fragment:
            continue
        target = bodies.get((link.lang or lang, link.target))
        # Not judged: a target whose block shortcode failed, or a glossary entry that cannot be read (each reported).
        if target is not None and link.fragment not in target.ids and not target.incomplete \
                and not {invalid_glossary_entry(link.fragment), invalid_glossary_entry("*")} & site.data.invalid:
            page = site.by_key[link.target][link.lang or lang]
            diags.warning(link.location, f"no anchor '#{link.fragment}' in {page.source}",
                          did_you_mean(link.fragment, target.ids) or "add {#" + link.fragment + "} to a heading")


def anchored(lang: str, body: RenderedBody) -> set[tuple[str, str]]:
    """The bodies whose ids `check_anchors` reads for this one: those it links to a #fragment of."""
    return {(link.lang or lang, link.target) for link in body.links if link.fragment}


def page_sources(site: Site, listed: tuple[Listed, ...]) -> dict[str, str]:
    """Site file → the Markdown file it is made from (where its problems are reported)."""
    return {**fallback_sources(site), **{p.path + "index.html": p.source for p in listed}}


def output_checker(site: Site, files: set[str],
                   sources: dict[str, str]) -> Callable[[str, bytes], tuple[Diagnostic, ...]]:
    """(site file, HTML) → what the checks of one output page report: links and assets
    that lead nowhere or to another host, and what the Content-Security-Policy blocks.
    `files`: every file of the output; `sources`: `page_sources`."""
    own_host = urlsplit(site.config.base_url).netloc
    own_file = {page.source: page.path + "index.html" for page in site.pages}
    by_source = {page.source: page for page in site.pages}

    def check(path: str, html: bytes) -> tuple[Diagnostic, ...]:
        found = Diagnostics()
        source = sources.get(path)
        page = by_source.get(source) if source else None

        def written(file: str) -> Callable[[str], str]:
            """`ref` as the page's Markdown has it: a root-absolute link was made relative ('/img/x.png')."""
            return lambda ref: link_as_written(page.body, file, ref) if page else ref

        def where(file: str) -> Callable[[str], Location]:
            def located(ref: str) -> Location:
                """Where a problem with `ref` is reported: its line in the Markdown, if it is there."""
                if source is None:
                    return Location(f"site/{file}")
                if page is None:
                    return Location(source)
                ref = written(file)(ref)
                return find_line(page, ref) if ref in page.body else Location(source)
            return located

        text = html.decode("utf-8", "replace")
        _check_page(path, text, files, own_host, source, where(path), found, written(path))
        original = own_file.get(source or "", path)
        if found.items and original != path:
            # A fallback shows its original's body: a place in the Markdown that is a problem there too
            # is reported once, by the original's page (a missing image was reported once per language).
            theirs = Diagnostics()
            _check_page(original, text, files, own_host, source, where(original), theirs, written(original))
            said = {d.location for d in theirs.items if d.location.line is not None}
            named = f"site/{path} (this page's {path.split('/')[0]} fallback)"      # not a file the editor wrote
            return tuple(replace(d, message=d.message.replace(f"site/{path}", named))
                         for d in found.items if d.location not in said)
        return tuple(found.items)

    return check


def _check_page(path: str, html: str, files: set[str], own_host: str, source: str | None,
                where: Callable[[str], Location], diags: Diagnostics, shown: Callable[[str], str] = str) -> None:
    scan = scan_page(html)
    for url in scan.assets:
        for candidate in url.split(","):
            ref = candidate.strip().split(" ")[0]
            if (parts := _parsed(ref, where, diags)) is None:
                continue
            if parts.scheme in ("http", "https") or ref.startswith("//"):
                if parts.netloc != own_host:
                    diags.error(where(ref), f"loads '{ref}' from another host",
                                "vendor the file into static/ and link it locally")
            elif not parts.scheme:
                _check_internal(path, ref, files, where, diags, shown)
    for ref in scan.links:
        if (parts := _parsed(ref, where, diags)) is None:
            continue
        # Unresolved '.md' links were reported with their Markdown line already.
        if not parts.scheme and not ref.startswith("//") and parts.path and not parts.path.endswith(".md"):
            _check_internal(path, ref, files, where, diags, shown)
    _report_policy(path, html, scan, where if source else None, diags)


def _parsed(ref: str, where: Callable[[str], Location], diags: Diagnostics) -> SplitResult | None:
    """The parts of a link or asset URL; None, reported, if it is not a URL ('http://[' raised ValueError)."""
    try:
        return urlsplit(ref)
    except ValueError:
        diags.error(where(ref), f"'{ref}' is not a valid URL", "square brackets belong only around an IPv6 address")
        return None


def _report_policy(path: str, html: str, scan: PageScan, locate: Callable[[str], Location] | None,
                   diags: Diagnostics) -> None:
    """What the Content-Security-Policy would block on the page at site path `path`: for a
    page made from Markdown, where `locate` finds the offending text in it; else at the
    first line of the HTML that shows it."""
    for what, text in scan.blocked:
        where = locate(text) if locate else _html_line(path, html, text)
        diags.error(where, f"{what} in site/{path} is blocked by the Content-Security-Policy",
                    "remove it: every link of the site is relative to its page" if text == "<base" else
                    "move styles to static/css/site.css and scripts to static/js/")
    if not scan.has_policy_meta:
        diags.error(Location(f"site/{path}"), "page has no Content-Security-Policy meta tag",
                    "extend base.html or include _head_common.html")


def _html_line(path: str, html: str, text: str) -> Location:
    at = html.lower().find(text.lower())
    return Location(f"site/{path}", html.count("\n", 0, at) + 1 if at >= 0 else None)


def _check_internal(page: str, ref: str, files: set[str], where: Callable[[str], Location],
                    diags: Diagnostics, shown: Callable[[str], str] = str) -> None:
    """`ref` on output page `page`: a file of the output; said as `shown` writes it (as in the Markdown)."""
    target = _link_target(page, ref)
    if target is None:
        return     # base-path URLs (only the 404 page uses them) are checked by the browser tests
    if target.startswith(".."):
        diags.error(where(ref), f"link '{shown(ref)}' points outside the site")
        return
    if target in files or f"{target}/index.html".lstrip("/") in files:
        return
    # A file (an image, a download) comes from static/: say where the build looked for it.
    hint = f"there is no static/{target}: add the file or fix the link" if posixpath.splitext(target)[1] else None
    near = _written_otherwise(target, files) if hint else None
    if near:
        how = ("in other capitals" if unicodedata.normalize("NFC", near) != unicodedata.normalize("NFC", target) else
               "in another Unicode form (macOS may save a name's dakuten and accents as separate characters)")
        hint = f"static/{near} is that name {how}: rename the file or fix the link so that they match exactly"
    elif hint and (meant := closest(posixpath.basename(target), [
            posixpath.basename(file) for file in files if posixpath.dirname(file) == posixpath.dirname(target)
            and posixpath.splitext(file)[1] == posixpath.splitext(target)[1]])):       # renamed, or misspelt
        written = shown(ref)
        hint = f"there is no static/{target}; static/{posixpath.join(posixpath.dirname(target), meant)} is there: " \
               f"did you mean '{written[:written.rfind('/') + 1]}{meant}'?"
    place = where(ref)
    if hint and place.line is None:
        # A file the page's Markdown does not name: the templates link it, from every page made
        # with them. Reported at the missing file, in the same words from each page, so once
        # (check_site), not once a page at Markdown files that do not hold the link.
        diags.error(Location(f"static/{target}"), "is missing, and the templates link it from the pages",
                    hint if near else f"add static/{target}, or fix the link in templates/")
        return
    diags.error(place, f"link '{shown(ref)}' in site/{page} leads nowhere",
                hint or ("check the template or the link" if not place.line else "check the link"
                         + ("" if shown(ref).startswith("/") else "; a page is linked by its file: [text](deal.md)")))


def _written_otherwise(target: str, files: set[str]) -> str | None:
    """The file whose name is `target` in other capitals or another Unicode normal form: the editor
    sees the file, a web server two different names."""
    folded = unicodedata.normalize("NFC", target).casefold()
    return next((file for file in sorted(files) if unicodedata.normalize("NFC", file).casefold() == folded), None)


@functools.lru_cache(maxsize=16384)       # the dev server checks a page again after each edit of it
def _link_target(page: str, ref: str) -> str | None:
    """The site path a relative link from `page` points to; None for a base-path URL."""
    path = unquote(urlsplit(ref).path)
    if path.startswith("/"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return "" if target == "." else target


def check_static_paths(static: Mapping[str, bytes], tree: Mapping[str, bytes], diags: Diagnostics) -> None:
    """Report each file of static/ that a file the build makes replaces in `tree` (where the made one
    went in last): a static/robots.txt or _headers was dropped without a word. The language chooser,
    the 404 page and the search index's folder are the build's too (made later); a page's own file,
    check_page_paths reports at the page."""
    for path, data in static.items():
        if tree[path] is not data or path in CHOOSER_AND_404 or path.startswith(f"{INDEX_DIR}/"):
            diags.error(Location(f"static/{path}"), f"is published as {path}, which the build makes itself",
                        "remove it, or give it another name: the build's own file takes its place")


def check_page_paths(views: Iterable[PageView], generated: Iterable[str], diags: Diagnostics) -> None:
    """Report every page whose file is also one the build makes (`generated`: site paths of the other files).

    `slug: search` once replaced the search page without a word (the build said "no problems");
    a static file at a page's address would do the same. The files a page may not have are
    whatever else this build writes (static files, chart downloads, search pages, feeds, sitemap,
    status, _headers, the chooser and the 404 page), and the search index's folder.
    """
    taken = set(generated) | set(CHOOSER_AND_404)
    for view in views:
        file = output_file(view.path)
        if file in taken or file.startswith(f"{INDEX_DIR}/"):      # the search index is made after the pages
            page = view.page
            where = page.at("slug") if page.meta.slug is not None else page.at()
            what = f"URL /{view.path}" + (f" (this page's {view.lang} fallback)" if view.fallback else "")
            diags.error(where, f"{what} would replace {file}, which the build makes itself",
                        "give the page another slug, or move the file in static/ that is published there")
