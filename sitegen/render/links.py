"""Links in a page's Markdown: to other pages (`deal.md`), and root-absolute (`/en/deal/`), made relative.

A link to a `.md` file becomes the URL of that page in the same language; one to a page that
does not exist is reported at its line. Each link to a page (or to an anchor of this one) is
recorded as a `PageLink`, for the anchor check.

Editors may also write URLs as the site shows them. A link that starts with '/' means the
site's root, wherever the site is published: `/en/deal/` is /explainer/en/deal/ under base_url
https://example.org/explainer/ (the base path is never written in the Markdown, so the same
text works at any base_url). Each one becomes a relative URL, so the output works at any depth
and under any sub-path (GitHub project pages), and is checked like a relative link: a link to a
page is resolved now (and its #anchor checked), any other target is checked against the output
files, at its Markdown line (`link_as_written` lets the output check find it).
"""

from __future__ import annotations

import functools
import itertools
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from markdown.treeprocessors import Treeprocessor

from ..diagnostics import Diagnostics, Location, closest
from ..load.model import Page
from ..load.pairs import counterpart, moved_pages
from .unresolved import source_place
from .urls import relative_url


class LinkTarget(NamedTuple):
    """What a body may know of a page it links to (the body cache's key covers it)."""

    key: str             # translation key
    path: str            # site path
    shows: str = ""      # a fallback's: the language of the original it shows (whose anchors count)

    @property
    def lang(self) -> str:
        return self.path.split("/", 1)[0]       # every page is under its language's folder


@dataclass(frozen=True, slots=True)
class PageLink:
    """A link from one page to another (or to itself), for the anchor check."""

    target: str          # translation key of the target page
    fragment: str
    location: Location
    lang: str = ""       # the target's language, if not the linking page's


def find_line(page: Page, needle: str) -> Location:
    """Where `needle` (a link, never a line break) first appears in the page's Markdown: outside fenced
    code (a link shown as an example is not the link), as a link's target ('](契約' rather than a heading's
    '契約'), else whole, not as the end of a longer link ('chart.png' of '/img/chart.png'), if it appears so."""
    if needle not in page.body:     # a footnote's '#fn:1' or '#fnref:1', made by the converter
        return Location(page.source, page.body_line)
    for in_code, how in itertools.product((False, True), ("target", "whole", "any")):
        line, column = source_place(page, functools.partial(_offsets, needle, how), 0, in_code)
        if column is not None:
            return Location(page.source, line, column)
    return Location(page.source, page.body_line)


_URL_CHARACTER = re.compile(r"[\w./%~-]")       # before a link, it makes the link the end of a longer one
_TARGET_START = ("](", '="', "='", "]: ", "<")   # before a link's target: Markdown's, an attribute's, a reference's


def _offsets(needle: str, how: str, line: str) -> Iterator[int]:
    """Where `needle` is in `line`: anywhere ('any'), where no URL character comes before it ('whole'), or
    where a link's target starts ('target').

    Found with str.find, not a regular expression made for each link: compiling one took ~0.1–0.2 ms,
    and a page has ~8 links (`bench/bodies.py --pairs 1000 --runs 1`, CPU a page, alternately:
    5.15, 4.94 ms with the expressions, 4.48, 4.62 ms with this)."""
    at = line.find(needle)
    while at >= 0:
        if how == "any" or (line.endswith(_TARGET_START, 0, at) if how == "target" else
                            not (at and _URL_CHARACTER.match(line, at - 1))):
            yield at
        at = line.find(needle, at + 1)


class PageResolver:
    """The pages links lead to: 'x.md' or '../en/x.md' (from the linking page's file), or '/en/deal/'
    (the page at site path en/deal/); `unreadable`: the content files that failed to load. Called
    with (from page, link path), it gives the target, the target's path if that file exists but
    could not be read, or None."""

    def __init__(self, pages: Iterable[Page], unreadable: Iterable[str],
                 fallbacks: Iterable[tuple[Page, str, str]] = ()):
        pages = tuple(pages)
        self.by_source = {page.source: LinkTarget(page.key, page.path) for page in pages}
        # A missing translation's file leads to its fallback, the original shown in that language
        # (`fallbacks`: (original, language, site path) of each, render/pages.fallbacks).
        for page, lang, path in fallbacks:
            self.by_source[counterpart(page, lang)] = LinkTarget(page.key, path, page.lang)
        self.by_path = {target.path: target for target in self.by_source.values()}
        self.failed = frozenset(unreadable)
        self.moved = moved_pages(pages)       # what else a body reads of other pages (the cache's key)
        self.by_key = {(target.lang, target.key): target.path for target in self.by_source.values()}
        self.languages = sorted({lang for lang, _key in self.by_key})
        # Read only for a hint (a body given one is never cached: its key has no titles), so retitling stays cheap.
        # A page is found by its translations' titles too: an English title linked from a Japanese page.
        self.titles: dict[str, list[tuple[str, str]]] = {}
        for page in pages:
            titles = (page.meta.title, page.meta.nav_title)
            self.titles.setdefault(page.key, []).extend((title, page.lang) for title in titles if title)

    def __call__(self, page: Page, link: str) -> LinkTarget | str | None:
        if link.startswith("/"):
            path = site_path(link)
            return self.by_path.get(path) or self.by_path.get(path + "/")
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page.source), link))
        return self.by_source.get(path) or (path if path in self.failed else None)

    def suggestion(self, page: Page, link: str) -> str:
        """The hint for a link to no page: the page it became (moved or renamed: its translation
        tells), else the page of that language with the closest name or title, else where to look."""
        here = posixpath.dirname(page.source)
        path = posixpath.normpath(posixpath.join(here, link))
        folder = "/".join(path.split("/")[:2])          # content/<lang>: never a page of another language
        if path in self.moved:
            now, witness = self.moved[path]
            lang = now.split("/")[1]
            return f"did you mean '{posixpath.relpath(now, here)}'? {now} is the {lang} version of {witness}"
        # Names compared without '.md', which every one has ('deal.md' is not 'index.md').
        near = self.meant(page, link[:-3], folder)      # '../ja/dael.md': among ja's pages
        return f"did you mean '{near[0]}'{near[2]}?" if near else f"check the file name under {folder}/"

    def meant(self, page: Page, name: str, folder: str) -> tuple[str, LinkTarget, str, bool] | None:
        """The page in `folder` (content/<lang>) that `name` most likely means, by its file name, its slug, its
        title or nav_title (or its translations'), in any capitals and punctuation ('OpenAI-AWS', 'The
        OpenAI–AWS deal'): its file (relative to `page`'s), target, how the hint names the title it was found by
        (", titled '…'", or ''), and whether the name was exact. A name the start of one, or holding all its words,
        comes first, then the closest; None if none is close."""
        here, words, lang = posixpath.dirname(page.source), _words(name), folder.split("/")[-1]
        best, score = None, 0.6
        for source, target in sorted(self.by_source.items()):
            if not source.startswith(folder + "/"):        # the language the link leads into, no other
                continue
            file = posixpath.relpath(source, here)
            titles = sorted(self.titles.get(target.key, ()), key=lambda title: title[1] != lang)
            found_by = [(file[:-3], ""), (target.path.strip("/").split("/", 1)[-1], "")] + [
                (t, f", titled '{t}'" if t_lang == lang else f", whose {t_lang} version is titled '{t}'")
                for t, t_lang in titles]
            for text, title in found_by:
                other = _words(text)
                rank = 3 if other == words else 2 if other.startswith(words + " ") or (
                    " " in words and set(words.split()) <= set(other.split())) else _similar(words, other)
                if rank > score:
                    best, score = (file, target, title, rank == 3), rank
        return best

    def may_name_a_page(self, page: Page, link: str) -> bool:
        """Whether relative `link`, a URL leading nowhere, may name a page rather than its file: its file name or
        slug ('glossary', 'Glossary/'), its title ('The OpenAI–AWS deal'), or near them (`meant` finds which); not
        a link with an extension, a query, or a path of folders, which may lead to a file of the output."""
        return not (posixpath.splitext(link)[1] or posixpath.join(posixpath.dirname(page.path), link) in self.by_path
                    or "?" in link or ("/" in link.strip("/") and not any(c.isspace() for c in link)))

    def moved_path(self, path: str) -> tuple[str, str] | None:
        """(the site path it has now, the witness) of a page that is not at site path `path`
        ('ja/deal/'), as a page of another language at that path tells: its translation is elsewhere
        (its slug changed, or its file was renamed with translation_key kept)."""
        lang, _, rest = path.partition("/")
        witnesses = (self.by_path.get(f"{other}/{rest}") for other in self.languages)
        return next(((self.by_key[(lang, t.key)], t.path) for t in witnesses if t and (lang, t.key) in self.by_key),
                    None)


def _words(name: str) -> str:
    """A name as compared: NFKC, case folded, each run of characters but letters and digits one space."""
    return " ".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", name).casefold()))


def _similar(one: str, other: str) -> float:
    import difflib  # here: only a link to no page needs it

    return difflib.SequenceMatcher(None, one, other).ratio()


def site_path(link: str) -> str:
    """The site path of a root-absolute link: '/en/deal/' → 'en/deal/', '/en/deal/index.html' → 'en/deal/'."""
    path = unquote(urlsplit(link).path)
    rel = posixpath.normpath(path).lstrip("/") if path.strip("/") else ""
    rel = rel + "/" if path.endswith("/") and rel else rel
    return rel[:-len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel


def link_as_written(text: str, page_file: str, ref: str) -> str:
    """The form in which a page's Markdown `text` has link `ref` (relative, as written to the
    output file `page_file`): the root-absolute link it was made from, or `ref` itself. The rooted
    form first: 'dela/' (of '/ja/dela/') is in the text too, as the end of it."""
    try:
        path = urlsplit(ref).path
    except ValueError:          # not a URL ('http://['): only ever as written
        return ref
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), path))
    rooted = "/" + ("" if target == "." else target) + ("/" if ref.endswith("/") and target != "." else "")
    whole = re.compile(rf"(?<!{_URL_CHARACTER.pattern}){re.escape(rooted)}")     # not the end of '../../img/x.png'
    if rooted != "/" and whole.search(text) and ref not in whole.sub("", text):
        return rooted
    return ref if ref in text or rooted not in text else rooted


@dataclass
class LinkState:
    """What the links step needs of the page being converted, and the links it records; new for every page."""

    page: Page
    resolve: PageResolver
    diagnostics: Diagnostics
    links: list[PageLink] = field(default_factory=list)
    read_titles: bool = False       # a link was compared with pages' titles: the body is not cached (its key has none)


# href/src attributes in raw HTML whose value starts with a single '/'.
_RAW_ATTRIBUTE = re.compile(r"""(\b(?:href|src)\s*=\s*)(["'])(/(?!/)[^"']*)\2""", re.I)
_ATTRIBUTES = {"a": "href", "img": "src"}
# A scheme ('https:'), or the root; 'Timeline: the deals.md' is a page's title, not a scheme (URLs have no spaces).
_NOT_RELATIVE = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\s)|^/", re.I)


_SCHEMES = ("http", "https", "mailto", "tel")     # the schemes a misspelt one is told apart from


def _address_slip(href: str) -> tuple[str, str] | None:
    """What is wrong with a link's address, and what to write: none ('[GPU]()'), a web address without its
    'https://' ('www.x.org', 'https//x.org'), or a scheme misspelt ('htps://'); None if nothing is."""
    scheme, colon, _rest = href.partition(":")
    if not href:
        return "a link with no address", "write the page's file, as (deal.md), or a URL in the parentheses"
    if href.startswith(("www.", "http//", "https//")):
        return f"link '{href}' is no web address", f"write it whole: https://{href.split('//')[-1]}"
    near = closest(scheme, _SCHEMES) if colon and scheme.isalpha() else None
    if near and scheme.lower() not in _SCHEMES:
        return f"link '{href}' starts with '{scheme}:', which browsers do not open", f"did you mean '{near}:'?"
    return None


class PageLinks(Treeprocessor):
    state: LinkState          # set for every page

    def run(self, root: Element) -> None:
        for element in root.iter():
            attribute = _ATTRIBUTES.get(element.tag)
            value = element.get(attribute, "") if attribute else ""
            if value.startswith("/") and not value.startswith("//"):
                element.set(attribute, self.rewrite(value, follow=element.tag == "a"))
            elif element.tag == "a" and value and not _NOT_RELATIVE.match(value):
                self.page_link(element, value)
            if element.tag == "a" and (slip := _address_slip(value)):
                self.state.diagnostics.error(find_line(self.state.page, value or "]()"), *slip)
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str) and "/" in block:
                stash[index] = _RAW_ATTRIBUTE.sub(lambda m: m.group(1) + m.group(2)
                                                  + self.rewrite(m.group(3), follow=True) + m.group(2), block)

    def page_link(self, element: Element, href: str) -> None:
        """A relative link: to a `.md` file, rewritten to its page's URL; to '#x', recorded."""
        state, page = self.state, self.state.page
        path, _, fragment = href.partition("#")
        location = find_line(page, href)
        if not path:
            state.links.append(PageLink(page.key, fragment, location))
            return
        if not path.endswith(".md"):
            if not state.resolve.may_name_a_page(page, path):
                return
            # Compared with the pages' titles, which the body cache's key lacks: a page retitled so may be meant.
            state.read_titles = True
            if named := state.resolve.meant(page, path.strip("/"), f"content/{page.lang}"):    # 'glossary', 'Glossary/'
                file, target, title, exact = named
                titled = "" if exact else title
                state.diagnostics.error(location, f"link '{href}' " + ("names a page, not its file" if exact else
                                                                       "leads to no page"),
                                        f"link a page by its file: did you mean '{file}'{titled}?")
                element.set("href", relative_url(page.path, target.path))
            return
        target = state.resolve(page, path)
        if isinstance(target, str):
            return          # the target failed to load; that error is reported already
        if target is None:
            state.read_titles = True
            state.diagnostics.warning(location, f"link to a page that does not exist: '{path}'",
                                      state.resolve.suggestion(page, path))
            return
        other = target.shows or (target.lang if target.lang != page.lang else "")
        state.links.append(PageLink(target.key, fragment, location, other))
        element.set("href", relative_url(page.path, target.path) + (f"#{fragment}" if fragment else ""))

    def rewrite(self, link: str, follow: bool) -> str:
        """The relative URL for root-absolute `link`; a page it names is recorded for the anchor check."""
        state, page = self.state, self.state.page
        parts = urlsplit(link)
        suffix = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        target = state.resolve(page, parts.path) if follow else None
        if isinstance(target, LinkTarget):
            other = target.shows or (target.lang if target.lang != page.lang else "")
            state.links.append(PageLink(target.key, parts.fragment, find_line(page, link), other))
            return relative_url(page.path, target.path) + suffix
        if follow and (moved := state.resolve.moved_path(site_path(parts.path))):
            # Said here, with the page it meant (the output check would blame 'deal/' on the templates).
            state.diagnostics.error(find_line(page, link), f"link to a page that does not exist: '{parts.path}'",
                                    f"did you mean '/{moved[0]}'? it is the {moved[0].split('/')[0]} version of "
                                    f"/{moved[1]}")
            return relative_url(page.path, moved[0]) + suffix
        # Not a page: made relative, and the output check finds whether the file exists.
        return relative_url(page.path, site_path(parts.path)) + suffix

