"""Read content/<lang>/*.md into validated `Page` values and lay them out (pairs.py pairs translations).

This module never renders HTML; it only turns files into the model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostics, Location, relpath
from ..fingerprint import walk
from .config import SiteConfig
from .fullwidth import report_full_width_markup
from .markdownslips import (
    report_footnotes_defined_twice,
    report_heading_levels,
    report_language_codes,
    report_lists_in_paragraphs,
)
from .model import FrontMatter, Page, Site
from .pairs import CONTENT_DIR, check_pairs
from .placeholders import report_placeholders
from .schema import Field, check_mapping, today
from .static import skipped
from .textcheck import (
    decode_utf8,
    not_a_file,
    report_control_characters,
    report_deep_nesting,
    report_lone_carriage_return,
    report_unclosed_tags,
)
from .yamltext import parse_yaml

PAGE_SUFFIX = ".md"          # the files of content/ read as pages (the dev server watches these)

FRONT_MATTER = {
    "title": Field("text", required=True, help="the page title"),
    "description": Field("text", required=True, help="one or two sentences for search results and previews"),
    "date": Field("date", required=True, help="first published, YYYY-MM-DD"),
    "updated": Field("date", help="last meaningful change, YYYY-MM-DD"),
    "slug": Field("text", help="the URL part, lowercase letters, digits and '-'"),
    "translation_key": Field("text", help="pairs translations whose file names differ"),
    "order": Field("int", help="position in navigation, a whole number"),
    "as_of": Field("date", help="date the figures were checked, YYYY-MM-DD"),
    "source_hash": Field("text", help="written by 'python build.py stamp'"),
    "nav_title": Field("text", help="a short label for the navigation"),
}

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*")
_FENCE = "---"
_FENCE_LIKE = re.compile(r"[-\u2010-\u2015\u2212\u30fc\uff0d\uff70]{3}")    # '---', or as an input method types it


def page_digest(title: str, description: str, body: str) -> str:
    """Version of a page's text; translations record it to detect staleness."""
    text = "\n".join([title, description, body.strip()]).replace("\r\n", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def find_sources(root: Path, languages: Iterable[str], diags: Diagnostics) -> list[Path]:
    """Every Markdown file under content/<lang>/, sorted, warning about strays."""
    content = root / CONTENT_DIR
    found: list[Path] = []
    if not content.is_dir():
        diags.error(Location(CONTENT_DIR), "no content folder", "create content/ja/ and content/en/")
        return found
    langs = set(languages)
    # os.walk and strings, not rglob + relpath: a stat and a resolve() per file took 0.3 s at 2,000 pages.
    for rel in sorted(_content_files(content), key=lambda rel: rel.split("/")):
        where = Location(f"{CONTENT_DIR}/{rel}")
        if rel.split("/", 1)[0] not in langs:
            diags.warning(where, "file is outside the language folders and is ignored",
                          "move it to " + " or ".join(f"content/{lang}/" for lang in sorted(langs)))
        elif not rel.endswith(PAGE_SUFFIX):
            stem, _, suffix = rel.rpartition(".")
            if stem and suffix.lower() in ("md", "markdown", "mdown", "mkd"):     # a page, but not read as one
                diags.warning(where, "a page's name must end in '.md' (lowercase); ignored",
                              f"rename it to {CONTENT_DIR}/{stem}.md")
            else:
                diags.warning(where, "not a Markdown file; ignored", "put images and downloads in static/")
        elif not (content / rel).is_file():        # a named pipe, say: reading it would wait for ever
            diags.warning(where, f"{not_a_file(content / rel)}; ignored",
                          "replace it with a Markdown file, or remove it")
        else:
            found.append(content / rel)
    return found


def _content_files(content: Path) -> Iterator[str]:
    """Paths (posix, relative to `content`) of files under it, skipping hidden files and folders and
    editors' leftovers (a backup deal.md~ was 'not a Markdown file' in every build, and in the dev server's log)."""
    start = len(str(content)) + 1
    for folder, dirs, files in walk(str(content)):     # into linked folders, as files_under hashes them
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        prefix = folder[start:].replace(os.sep, "/") + "/" if len(folder) >= start else ""
        yield from (prefix + name for name in files if not skipped(name))


def read_page(path: Path, root: Path, diags: Diagnostics) -> Page | None:
    """Read one Markdown file; None (with diagnostics) if it cannot become a page."""
    return parse_page(path.read_bytes(), relpath(path, root), diags)


def parse_page(data: bytes, source: str, diags: Diagnostics) -> Page | None:
    """A page from the bytes of file `source` (as now, or from git history); None if it cannot become one."""
    text = decode_utf8(data, source, diags)
    if text is None:
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not report_lone_carriage_return(text, source, diags):     # Markdown's line end, but not the front matter's
        return None
    if not report_control_characters(text, source, 1, diags):
        return None
    report_full_width_markup(text, source, diags)
    lines = text.split("\n")
    # A fence of 'ーーー' or '－－－' (typed with a Japanese input method on) is no fence: said so at its line.
    end = next((i for i in range(1, len(lines)) if _FENCE_LIKE.fullmatch(lines[i].strip())), None)
    for index in (0, end):
        typed = lines[index].strip() if index is not None else _FENCE
        if typed != _FENCE and _FENCE_LIKE.fullmatch(typed):
            diags.error(Location(source, index + 1, 1), f"the front matter's '---' line is typed '{typed}'",
                        "type three half-width hyphens '---', with the input method off")
            return None
    if not text.strip():        # a file made for later, or emptied by a failed save
        diags.error(Location(source, 1, 1), "the file is empty", "write a '---' line, the keys title, description "
                    "and date, another '---' line and the text, or delete the file; python build.py new writes a "
                    "page to fill")
        return None
    if lines[0].strip() != _FENCE:
        diags.error(Location(source, 1, 1), "no front matter",
                    "start the file with a '---' line, the keys title, description and date, and another '---' line")
        return None
    if end is None:
        diags.error(Location(source, 1, 1), "front matter is not closed", "add a '---' line after the last key")
        return None

    doc = parse_yaml("\n".join(lines[1:end]), source, 2, diags)
    if doc is None:
        return None
    if doc.value is None:
        diags.error(Location(source, 2), "front matter is empty", "add title, description and date")
        return None
    fields = check_mapping(doc, (), FRONT_MATTER, "front matter", diags)
    if fields is None:
        return None
    meta = FrontMatter(**fields)
    key_lines = {str(k[0]): line for k, line in doc.lines.items() if len(k) == 1}
    if meta.updated and meta.updated < meta.date:       # a typo of the year, say: the feeds sort by it
        diags.error(Location(source, key_lines["updated"]),
                    f"'updated' ({meta.updated}) is before 'date' ({meta.date})",
                    "'updated' is the last meaningful change: the same day as 'date' or later")
        return None
    # No page is published ahead of its day; two days' leeway, for the time zones of the editor's and CI's clocks.
    if (latest := meta.updated or meta.date) > (now := today()) + dt.timedelta(days=2):
        key = "updated" if meta.updated else "date"
        # Nix shells set SOURCE_DATE_EPOCH to 1980 for every build: every page was "in the future", unexplained;
        # its day is then no date to write.
        clock, fix = ((", from SOURCE_DATE_EPOCH", "write the day it was; or set SOURCE_DATE_EPOCH to the last "
                       "commit's time (git log -1 --format=%ct), or unset it") if os.environ.get("SOURCE_DATE_EPOCH")
                      else ("", f"write {key}: {now} or the day it was"))
        diags.warning(Location(source, key_lines[key]), f"'{key}' ({latest}) is in the future (today is {now}{clock})",
                      f"a typo? the feed and the page would say it {'changed' if meta.updated else 'was published'} "
                      f"then: {fix}")

    lang = Path(source).parts[1]
    stem = Path(source).relative_to(Path(CONTENT_DIR) / lang).with_suffix("").as_posix()
    slug = ("" if stem == "index" else stem) if meta.slug is None else meta.slug
    if meta.slug is None and slug and not SLUG.fullmatch(slug):
        diags.error(Location(source), f"file name '{stem}' is not a valid URL part",
                    "rename the file with lowercase letters, digits and '-', e.g. energy-use.md, or set 'slug:'")
        return None
    if meta.slug is not None and not SLUG.fullmatch(slug):
        escapes = ".." in meta.slug or meta.slug.startswith("/") or "\\" in meta.slug
        message = (f"slug '{meta.slug}' would write outside site/" if escapes
                   else f"slug '{meta.slug}' is not a valid URL part")
        diags.error(Location(source, key_lines.get("slug")), message,
                    "use lowercase letters, digits and '-', e.g. slug: openai-aws-deal")
        return None
    body = "\n".join(lines[end + 1:])
    if not body.strip():        # published as a title over nothing
        diags.warning(Location(source, end + 1), "the page has no text, only front matter",
                      "write the page's text on the lines after this '---'")
    report_lists_in_paragraphs(body, source, end + 2, diags)
    report_heading_levels(body, source, end + 2, diags)
    report_footnotes_defined_twice(body, source, end + 2, diags)
    report_language_codes(body, source, end + 2, diags)
    if not report_deep_nesting(body, source, end + 2, diags) or not report_unclosed_tags(body, source, end + 2, diags):
        return None
    page = Page(lang=lang, source=source, key=meta.translation_key or stem, slug=slug, meta=meta, body=body,
                body_line=end + 2, digest=page_digest(meta.title, meta.description, body), key_lines=key_lines)
    report_placeholders(page, diags)
    return page


@dataclass(frozen=True)
class Layout:
    """Where the pages go, by source: site order and translation groups. It holds no page
    objects, so it stays valid while pages change only their text (`placement`)."""

    order: tuple[str, ...]                          # sources in site order
    groups: dict[str, dict[str, str]]               # translation key → language → source


def placement(source: str, page: Page, diags: Diagnostics | None = None) -> tuple:
    """What `layout_pages` reads of a page (the front matter's lines locate its reports)."""
    return (page.lang, page.key, page.slug, page.meta, page.key_lines)


def layout_pages(config: SiteConfig, pages: Mapping[str, Page], broken: frozenset[str], diags: Diagnostics) -> Layout:
    """Order the pages (language, `order`, key) and pair them, reporting URLs and keys claimed twice,
    and pairs that are incomplete or unclear."""
    for name, claim in (("slug", lambda page: f"URL /{page.path}"),
                        ("translation_key", lambda page: f"translation key '{page.key}'")):
        seen: dict[tuple[str, str], Page] = {}
        for page in pages.values():
            what = claim(page)
            first = seen.setdefault((page.lang, what), page)
            if first is not page:       # at the page that sets the key, if one of them does not
                claimer = first if name in first.key_lines and name not in page.key_lines else page
                diags.error(claimer.at(name), f"{what} is claimed by two pages: {first.source} and {page.source}",
                            f"give one of them a different {name}")
    ordered = sorted(pages.values(), key=lambda page: (config.languages.index(page.lang),
                     10**6 if page.meta.order is None else page.meta.order, page.key))
    by_key: dict[str, dict[str, Page]] = {}
    for page in ordered:
        by_key.setdefault(page.key, {}).setdefault(page.lang, page)
    check_pairs(by_key, config.languages, broken, diags)
    return Layout(tuple(p.source for p in ordered),
                  {key: {lang: p.source for lang, p in group.items()} for key, group in by_key.items()})


def check_home_pages(site: Site, diags: Diagnostics) -> None:
    """Each language has its home page, or an original's fallback there: every page, the language
    chooser and the search page link to it. Deleted, it was a link error at every page that links
    to it, each blaming the templates. (The build's, not `status`'s: the pairs are known without it.)"""
    homes = {page.lang: page for page in site.pages if not page.slug}
    fallback = site.config.fallback_pages and any(page.meta.source_hash is None for page in homes.values())
    for lang in (lang for lang in site.config.languages if lang not in homes and not fallback):
        source = f"{CONTENT_DIR}/{lang}/index.md"
        if source not in site.unreadable:        # one that cannot be read has its own error
            diags.error(Location(source), f"the {lang} home page is missing, and every {lang} page links to it",
                        f"restore {source}, or write it")
