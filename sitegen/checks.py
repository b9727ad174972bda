"""Checks on the finished output: page anchors, internal links, no foreign assets.

Working on the output (not the Markdown) catches links that templates make too.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostics, Location, did_you_mean
from .markup import RenderedBody
from .model import Site
from .output import OutputTree
from .security import check_policy

# Attributes that load something into the page (as opposed to links a reader follows).
_ASSET_ATTRS = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("source", "src"),
                ("source", "srcset"), ("iframe", "src"), ("video", "src"), ("audio", "src"),
                ("embed", "src"), ("object", "data"), ("use", "href"), ("image", "href")}


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.assets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "link" and (values.get("rel") or "") in ("canonical", "alternate"):
            return              # absolute by design: these name the public URL
        for name, value in attrs:
            if not value:
                continue
            if (tag, name) in _ASSET_ATTRS:
                self.assets.append(value)
            elif name == "href":
                self.links.append(value)


def check_site(site: Site, bodies: dict[tuple[str, str], RenderedBody], tree: OutputTree,
               diags: Diagnostics) -> None:
    _check_anchors(site, bodies, diags)
    if not diags.errors:       # after an error, missing or doubled pages would only echo it
        _check_heading_parity(site, bodies, diags)
        _check_output_links(site, tree, diags)
        check_policy(tree, {p.path + "index.html": p.source for p in site.pages}, diags)


def _check_heading_parity(site: Site, bodies: dict[tuple[str, str], RenderedBody], diags: Diagnostics) -> None:
    """Translations share heading ids, so the language switch can keep the reader's place."""
    for key, group in sorted(site.by_key.items()):
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
                diags.warning(page.at(), f"headings differ from {original.source}: no #{', #'.join(missing)} here",
                              "give translated headings the same {#id} as the original's")


def _check_anchors(site: Site, bodies: dict[tuple[str, str], RenderedBody], diags: Diagnostics) -> None:
    for (lang, _key), body in sorted(bodies.items()):
        for link in body.links:
            if not link.fragment:
                continue
            target = bodies.get((lang, link.target))
            if target is not None and link.fragment not in target.ids:
                page = site.by_key[link.target][lang]
                diags.warning(link.location, f"no anchor '#{link.fragment}' in {page.source}",
                              did_you_mean(link.fragment, target.ids) or "add {#" + link.fragment + "} to a heading")


def _check_output_links(site: Site, tree: OutputTree, diags: Diagnostics) -> None:
    files = set(tree)
    own_host = urlsplit(site.config.base_url).netloc
    sources = {p.path + "index.html": p.source for p in site.pages}
    for path in sorted(p for p in tree if p.endswith(".html")):
        parser = _Refs()
        parser.feed(tree[path].decode("utf-8", "replace"))
        where = Location(sources.get(path, f"site/{path}"))
        for url in parser.assets:
            for candidate in url.split(","):
                ref = candidate.strip().split(" ")[0]
                parts = urlsplit(ref)
                if parts.scheme in ("http", "https") or ref.startswith("//"):
                    if parts.netloc != own_host:
                        diags.error(where, f"loads '{ref}' from another host",
                                    "vendor the file into static/ and link it locally")
                elif not parts.scheme:
                    _check_internal(path, ref, files, where, diags)
        for ref in parser.links:
            parts = urlsplit(ref)
            # Unresolved '.md' links were reported with their Markdown line already.
            if not parts.scheme and not ref.startswith("//") and parts.path and not parts.path.endswith(".md"):
                _check_internal(path, ref, files, where, diags)


def _check_internal(page: str, ref: str, files: set[str], where: Location, diags: Diagnostics) -> None:
    path = unquote(urlsplit(ref).path)
    if path.startswith("/"):
        return     # base-path URLs (only the 404 page uses them) are checked by the browser tests
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target.startswith(".."):
        diags.error(where, f"link '{ref}' points outside the site")
        return
    target = "" if target == "." else target
    if target in files or f"{target}/index.html".lstrip("/") in files:
        return
    diags.error(where, f"link '{ref}' in site/{page} leads nowhere", "check the template or the link")
