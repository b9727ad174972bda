"""Checks on the finished output: page anchors, internal links, no foreign assets.

Working on the output (not the Markdown) catches links that templates make too.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostics, Location, did_you_mean
from .markup import RenderedBody
from .memo import Memo
from .model import Site
from .output import OutputTree
from .security import check_policy

# Attributes that load something into the page (as opposed to links a reader follows).
_ASSET_ATTRS = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("source", "src"),
                ("source", "srcset"), ("iframe", "src"), ("video", "src"), ("audio", "src"),
                ("embed", "src"), ("object", "data"), ("use", "href"), ("image", "href")}


# The start tags of HTML, as html.parser finds them (tests/test_checks_scanner.py compares the two):
# comments and the text of script and style elements are not markup; values may be quoted.
_NOT_MARKUP = re.compile(r"<(?:!--.*?(?:-->|\Z)|((script|style)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*+>).*?(?=</\2\s*>|\Z))",
                         re.S | re.I)
_START_TAG = re.compile(r"<([a-zA-Z][^\s/>\x00]*)((?:[\s/]++|[^\s/>=][^\s/>=]*+"
                        r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?+)*+)>")
_ATTRIBUTE = re.compile(r"([^\s/>=][^\s/>=]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]*))?")


class _StartTags:
    """Calls `handle_starttag(tag, attrs)` for each start tag, as HTMLParser does, ten times faster.

    HTMLParser is a state machine in Python and checking links parses every page: a page
    with 1,000 navigation links took 0.1 s, and the dev server checks each page it
    re-renders. Regular expressions (in C) find the same tags; names are lower-cased and
    values unescaped as HTMLParser does.
    """

    def feed(self, text: str) -> None:
        text = _NOT_MARKUP.sub(lambda m: "<" + m.group(1) if m.group(1) else " ", text)
        for tag in _START_TAG.finditer(text):
            attrs = [(m.group(1).lower(), _attribute_value(m.group(2))) for m in _ATTRIBUTE.finditer(tag.group(2))]
            self.handle_starttag(tag.group(1).lower(), attrs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise NotImplementedError


def _attribute_value(raw: str | None) -> str | None:
    if raw is None:
        return None
    if raw[:1] in ("'", '"') and raw[:1] == raw[-1:] and len(raw) > 1:
        raw = raw[1:-1]
    return html.unescape(raw) if "&" in raw else raw


class _Refs(_StartTags):
    def __init__(self) -> None:
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
               diags: Diagnostics, memo: Memo | None = None) -> None:
    memo = memo or Memo()
    _check_anchors(site, bodies, diags, memo)
    if not diags.errors:       # after an error, missing or doubled pages would only echo it
        _check_heading_parity(site, bodies, diags)
        _check_output_links(site, tree, diags, memo)
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


def _check_anchors(site: Site, bodies: dict[tuple[str, str], RenderedBody], diags: Diagnostics, memo: Memo) -> None:
    for (lang, key), body in sorted(bodies.items()):
        targets = memo(("anchor targets", lang, key), body,
                       lambda d, body=body: sorted({link.target for link in body.links if link.fragment}), diags)
        if targets:     # checked again only if this body, or a body it links into, changed
            inputs = (body, *[(bodies.get((lang, t)), site.by_key.get(t, {}).get(lang)) for t in targets])
            memo(("anchors", lang, key), inputs,
                 lambda d, lang=lang, body=body: _check_page_anchors(site, bodies, lang, body, d), diags)


def _check_page_anchors(site: Site, bodies: dict[tuple[str, str], RenderedBody], lang: str, body: RenderedBody,
                        diags: Diagnostics) -> None:
    for link in body.links:
        if not link.fragment:
            continue
        target = bodies.get((lang, link.target))
        if target is not None and link.fragment not in target.ids:
            page = site.by_key[link.target][lang]
            diags.warning(link.location, f"no anchor '#{link.fragment}' in {page.source}",
                          did_you_mean(link.fragment, target.ids) or "add {#" + link.fragment + "} to a heading")


def _check_output_links(site: Site, tree: OutputTree, diags: Diagnostics, memo: Memo) -> None:
    files = set(tree)
    own_host = urlsplit(site.config.base_url).netloc
    sources = {p.path + "index.html": p.source for p in site.pages}
    # A page's links need checking again only if the page or the set of files changed.
    files_token = memo.token("output files", files)
    for path in sorted(p for p in tree if p.endswith(".html")):
        source = sources.get(path, f"site/{path}")
        memo(("links", path), (tree[path], files_token, own_host, source),
             lambda d, path=path, source=source: _check_page_links(path, tree[path], files, own_host,
                                                                   Location(source), d), diags)


def _check_page_links(path: str, html: bytes, files: set[str], own_host: str, where: Location,
                      diags: Diagnostics) -> None:
    parser = _Refs()
    parser.feed(html.decode("utf-8", "replace"))
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
    target = _link_target(page, ref)
    if target is None:
        return     # base-path URLs (only the 404 page uses them) are checked by the browser tests
    if target.startswith(".."):
        diags.error(where, f"link '{ref}' points outside the site")
        return
    if target in files or f"{target}/index.html".lstrip("/") in files:
        return
    diags.error(where, f"link '{ref}' in site/{page} leads nowhere", "check the template or the link")


@functools.lru_cache(maxsize=16384)       # the dev server checks a page again after each edit of it
def _link_target(page: str, ref: str) -> str | None:
    """The site path a relative link from `page` points to; None for a base-path URL."""
    path = unquote(urlsplit(ref).path)
    if path.startswith("/"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return "" if target == "." else target
