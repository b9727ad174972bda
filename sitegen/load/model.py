"""The site as data: frozen values that every later step reads and none changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from ..diagnostics import Location
from .config import SiteConfig

Lang = str
TranslationState = Literal["original", "translated", "stale", "untranslated", "missing", "unknown"]


@dataclass(frozen=True, slots=True)
class FrontMatter:
    title: str
    description: str
    date: dt.date
    updated: dt.date | None = None
    slug: str | None = None
    translation_key: str | None = None
    order: int | None = None
    as_of: dt.date | None = None
    source_hash: str | None = None
    nav_title: str | None = None

    @property
    def short_title(self) -> str:
        """The label for navigation and previous/next links."""
        return self.nav_title or self.title

    @property
    def modified(self) -> dt.date:
        return self.updated or self.date


@dataclass(frozen=True, slots=True)
class Page:
    lang: Lang
    source: str          # project-relative path, e.g. "content/ja/deal.md"
    key: str             # translation key: pages of one key are translations of each other
    slug: str            # "" for a language's home page
    meta: FrontMatter
    body: str            # the Markdown after the front matter
    body_line: int       # file line of the first body line (1-based)
    digest: str          # version of the text a translation is made from
    key_lines: Mapping[str, int] = field(default_factory=dict)  # front-matter key → file line

    @property
    def path(self) -> str:
        """Site path of the page, e.g. 'ja/deal/' ('ja/' for the home page)."""
        return f"{self.lang}/{self.slug}/" if self.slug else f"{self.lang}/"

    @property
    def is_home(self) -> bool:
        return not self.slug

    def at(self, key: str | None = None) -> Location:
        """Location of a front-matter key (or of the file) for diagnostics."""
        return Location(self.source, self.key_lines.get(key, 1) if key else None)


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    url: str | None
    date: str | None     # YYYY-MM-DD or YYYY-MM, as published
    lang: str | None
    location: Location
    kind: str | None = None    # primary | news | analysis (sourcecheck.KINDS)
    title_ja: str | None = None     # Japanese readers' words for `title`, where it tells the source apart


@dataclass(frozen=True)
class Fact:
    key: str
    value: float | dt.date | str      # a partial date (2026-H2, 2025-03) is kept as text
    unit: str
    qualifier: str | None
    sources: tuple[str, ...]
    note: str | None
    location: Location


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    terms: Mapping[Lang, str]
    readings: Mapping[Lang, str]
    definitions: Mapping[Lang, str]
    see: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class Column:
    name: str
    type: Literal["text", "number", "date"]
    localized: bool
    unit: str | None
    scale: float
    label: Mapping[Lang, str]
    location: Location | None = None      # its line in the dataset's description


@dataclass(frozen=True)
class Dataset:
    name: str
    csv_path: str
    csv_text: str
    title: Mapping[Lang, str]
    notes: Mapping[Lang, str]
    sources: tuple[str, ...]
    as_of: dt.date | None
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, str], ...]   # raw cells, as in the CSV
    location: Location

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True)
class ChartText:
    """A chart's editorial text from data/charts.yaml, per language."""

    id: str
    title: Mapping[Lang, str] | None        # None: the dataset's title
    takeaway: Mapping[Lang, str]            # one sentence: what the reader should see
    labels: Mapping[str, Mapping[Lang, str]]   # chart-specific strings, e.g. category names
    location: Location


@dataclass(frozen=True)
class KeyNumber:
    """One number of the row near the top of a page (data/key_numbers.yaml): a fact and its label."""

    fact: str
    label: Mapping[Lang, str]


@dataclass(frozen=True)
class KeyNumbers:
    pages: frozenset[str]                   # translation keys of the pages that show the row
    numbers: tuple[KeyNumber, ...]
    where: Location                         # the line of 'pages:'
    unknown: tuple[tuple[str, Location], ...] = ()      # facts named that no fact is (data.report_fact_names)


@dataclass(frozen=True)
class SiteData:
    sources: Mapping[str, Source]
    facts: Mapping[str, Fact]
    glossary: tuple[GlossaryEntry, ...]
    datasets: Mapping[str, Dataset]
    digest: str          # hash of every data file: caches keyed on data use it
    invalid: frozenset[str] = frozenset()   # what failed validation: fact keys, source ids, tables, chart texts
    charts: Mapping[str, ChartText] = field(default_factory=dict)   # data/charts.yaml
    key_numbers: KeyNumbers | None = None                           # data/key_numbers.yaml


@dataclass(frozen=True)
class Translation:
    """How a page stands against its counterpart in another language."""

    state: TranslationState
    original: Page | None      # the page this one was translated from, if any


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    pages: tuple[Page, ...]                              # sorted: lang, order, key
    data: SiteData
    by_key: Mapping[str, Mapping[Lang, Page]] = field(default_factory=dict)
    unreadable: frozenset[str] = frozenset()   # content files that failed to load

    def counterpart(self, page: Page, lang: Lang) -> Page | None:
        return self.by_key.get(page.key, {}).get(lang)

    def pages_in(self, lang: Lang) -> list[Page]:
        return [p for p in self.pages if p.lang == lang]


def frozen_map(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))
