"""Root-absolute links in Markdown (`[the deal](/en/deal/)`, `<a href="/css/x.css">`), made relative.

Editors write URLs as the site shows them. A link that starts with '/' means the site's root,
wherever the site is published: `/en/deal/` is /explainer/en/deal/ under base_url
https://example.org/explainer/ (the base path is never written in the Markdown, so the same
text works at any base_url). Each one becomes a relative URL, so the output works at any depth
and under any sub-path (GitHub project pages), and is checked like a relative link: a link to a
page is resolved now (and its #anchor checked), any other target is checked against the output
files, at its Markdown line (`link_as_written` lets the output check find it).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ..load.model import Page
from .pagelinks import LinkTarget, PageLink, PageResolver, find_line
from .urls import relative_url

if TYPE_CHECKING:        # markup.py registers this extension: its state's type only
    from .markup import _LinkState

# href/src attributes in raw HTML whose value starts with a single '/'.
_RAW_ATTRIBUTE = re.compile(r"""(\b(?:href|src)\s*=\s*)(["'])(/(?!/)[^"']*)\2""", re.I)
_ATTRIBUTES = {"a": "href", "img": "src"}


def root_link_resolver(resolve: PageResolver, pages: Iterable[Page]) -> PageResolver:
    """`resolve`, extended to root-absolute links: '/en/deal/' → the page at site path en/deal/."""
    by_path = {page.path: LinkTarget(page.key, page.path) for page in pages}

    def resolving(page: Page, link: str) -> LinkTarget | str | None:
        if not link.startswith("/"):
            return resolve(page, link)
        path = site_path(link)
        return by_path.get(path) or by_path.get(path + "/")

    return resolving


def site_path(link: str) -> str:
    """The site path of a root-absolute link: '/en/deal/' → 'en/deal/', '/en/deal/index.html' → 'en/deal/'."""
    path = unquote(urlsplit(link).path)
    rel = posixpath.normpath(path).lstrip("/") if path.strip("/") else ""
    rel = rel + "/" if path.endswith("/") and rel else rel
    return rel[:-len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel


def link_as_written(text: str, page_file: str, ref: str) -> str:
    """The form in which a page's Markdown `text` has link `ref` (relative, as written to the
    output file `page_file`): `ref` itself, or the root-absolute link it was made from."""
    if ref in text:
        return ref
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), urlsplit(ref).path))
    rooted = "/" + ("" if target == "." else target)
    return rooted + ("/" if ref.endswith("/") and target != "." else "") if rooted in text else ref


class _RootLinks(Treeprocessor):
    """After the page links step (sitegen_links, which leaves root-absolute links alone)."""

    def __init__(self, md: Markdown, state: _LinkState):
        super().__init__(md)
        self.state = state

    def run(self, root: Element) -> None:
        for element in root.iter():
            attribute = _ATTRIBUTES.get(element.tag)
            value = element.get(attribute, "") if attribute else ""
            if value.startswith("/") and not value.startswith("//"):
                element.set(attribute, self.rewrite(value, follow=element.tag == "a"))
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str) and "/" in block:
                stash[index] = _RAW_ATTRIBUTE.sub(lambda m: m.group(1) + m.group(2)
                                                  + self.rewrite(m.group(3), follow=True) + m.group(2), block)

    def rewrite(self, link: str, follow: bool) -> str:
        """The relative URL for `link`; a page it names is recorded for the anchor check."""
        state, page = self.state, self.state.page
        parts = urlsplit(link)
        suffix = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        target = state.resolve(page, parts.path) if follow else None
        if isinstance(target, LinkTarget):
            other = target.lang if target.lang != page.lang else ""
            state.links.append(PageLink(target.key, parts.fragment, find_line(page, link, state.text), other))
            return state.url_for(page, target) + suffix
        # Not a page: made relative, and the output check finds whether the file exists.
        return relative_url(page.path, site_path(parts.path)) + suffix


class RootLinksExtension(Extension):
    def __init__(self, state: _LinkState):
        self.state = state
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.treeprocessors.register(_RootLinks(md, self.state), "sitegen_root_links", 14)
