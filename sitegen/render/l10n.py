"""Everything Babel does for the site: catalogues (and their check against the templates), dates,
numbers, money, in one place.

Babel's compact formats cannot write Japanese newspaper style (380億ドル: CLDR gives
$380億) and round half to even (2.5億 → 2億), so compact numbers are scaled and rounded
half-up here and only the digits are formatted by Babel.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton
from babel.messages.catalog import Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from ..diagnostics import Diagnostics, Location

LOCALES_DIR = "locales"
DOMAIN = "messages"
CATALOGUE_SUFFIX = ".po"     # the files of locales/ read (the dev server watches these)
# As in babel.cfg, hidden files ignored first: Emacs's lock .#x.html links to nowhere while x.html has unsaved edits.
_METHOD_MAP = [("**/.*", "ignore"), ("**.html", "jinja2"), ("**.xml", "jinja2")]
_OPTIONS = {"**.html": {"trimmed": "true"}, "**.xml": {"trimmed": "true"}}

# Myriad grouping for Japanese, short scale for English: (size, ja suffix, en long, en short)
_SCALES = [
    (Decimal(10) ** 12, "兆", " trillion", "T"),
    (Decimal(10) ** 9, None, " billion", "B"),
    (Decimal(10) ** 8, "億", None, None),
    (Decimal(10) ** 6, None, " million", "M"),
    (Decimal(10) ** 4, "万", None, None),
]

_QUALIFIERS = {
    "ja": {"approx": "約{}", "over": "{}超", "up_to": "最大{}", "at_least": "{}以上"},
    "en": {"approx": "about {}", "over": "more than {}", "up_to": "up to {}", "at_least": "at least {}"},
}
_HALVES = {"ja": {"H1": "{}年前半", "H2": "{}年後半"},     # as the prose says, not the fiscal 上半期/下半期
           "en": {"H1": "first half of {}", "H2": "second half of {}"}}
# A figure for a whole year placed at its last month or day (short: chart axes).
_YEAR_END = {"ja": ("{}年末", "{}年末"), "en": ("end of {}", "End {}")}


def round_half_up(value: float | Decimal, digits: int) -> Decimal:
    """Round to `digits` decimals, halves away from zero (what readers expect)."""
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def _digits(value: Decimal, lang: str, grouping: bool = True) -> str:
    return format_decimal(value, format="#,##0.###" if grouping else "0.###", locale=lang)


def compact(value: float, lang: str, style: str = "long", fraction_digits: int = 1) -> str:
    """38e9 → '380億' (ja) / '38 billion' or '38B' (en); small numbers stay grouped."""
    number = Decimal(str(value))
    magnitude = abs(number)
    for size, ja, en_long, en_short in _SCALES:
        suffix = ja if lang == "ja" else (en_long if style == "long" else en_short)
        if suffix and magnitude >= size:
            scaled = round_half_up(number / size, fraction_digits)
            # Japanese writes 3000億 without a separator inside a myriad group.
            return _digits(scaled, lang, grouping=lang != "ja") + suffix
    return _digits(round_half_up(number, fraction_digits), lang)


def format_money(value: float, currency: str, lang: str, style: str = "long") -> str:
    """38e9 USD → '380億ドル' / '$38 billion' (short: '$38B'); JPY → '5.7兆円' / '¥5.7 trillion'."""
    amount = compact(value, lang, style)
    if lang == "ja":
        return amount + {"USD": "ドル", "JPY": "円"}[currency]
    return {"USD": "$", "JPY": "¥"}[currency] + amount


def format_number(value: float, lang: str, fraction_digits: int = 1) -> str:
    return _digits(round_half_up(value, fraction_digits), lang)


def format_percent(value: float, lang: str) -> str:
    """29 → '29%', 20.2 → '20.2%' (the value is already in percent)."""
    return format_number(value, lang) + "%"


# The formatters below are pure and called with the same few facts and dates on every page
# (Babel takes ~0.1 ms a call): cached per process.
@functools.lru_cache(maxsize=4096, typed=True)
def format_date(value: dt.date, lang: str, form: str = "long") -> str:
    """2025-11-03 → '2025年11月3日' / 'November 3, 2025'."""
    return _babel_date(value, form, locale=lang)


def at_line_start(text: str) -> str:
    """`text` opening a line, a table cell or a label, as a heading does: 'Second half of 2026',
    not 'second half of 2026' (the rest as it is; Japanese has no capitals)."""
    return text[:1].upper() + text[1:]


@functools.lru_cache(maxsize=4096)
def format_partial_date(text: str, lang: str) -> str:
    """'2025-11-03', '2025-03', '2025' or '2026-H2', written for readers."""
    if text[5:] in ("H1", "H2"):
        return _HALVES[lang][text[5:]].format(text[:4])
    parts = text.split("-")
    if len(parts) == 3:
        return format_date(dt.date.fromisoformat(text), lang)
    if len(parts) == 2:
        return format_skeleton("yMMMM", dt.date(int(parts[0]), int(parts[1]), 1), locale=lang)
    return f"{parts[0]}年" if lang == "ja" else parts[0]


def year_end_pattern(lang: str, short: bool = False) -> str:
    """'{}年末' / 'end of {}' ('End {}' when short), for str.format or a chart's label expression."""
    return _YEAR_END[lang][short]


def format_year_end(year: int, lang: str, short: bool = False) -> str:
    """2026 → '2026年末' / 'end of 2026' (short: 'End 2026')."""
    return year_end_pattern(lang, short).format(year)


def is_year_end(value: object) -> bool:
    """True for December 31st: a date that stands for "by the end of the year"."""
    return isinstance(value, dt.date) and (value.month, value.day) == (12, 31)


def qualify(text: str, qualifier: str | None, lang: str) -> str:
    return _QUALIFIERS[lang][qualifier].format(text) if qualifier else text


_EN_SMALL = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@functools.lru_cache(maxsize=4096, typed=True)
def format_quantity(value: float | dt.date | str, unit: str, lang: str, style: str = "long") -> str:
    """Format a fact's value by its unit (see docs/authoring.md for the table).

    style "prose" is "long" for running text: English spells out whole numbers from one to nine
    (seven years, five sites), as newspapers do; tables and charts keep the digits.
    """
    if style == "prose":
        small = lang == "en" and unit in ("years", "count", "people") and value in range(1, 10)
        text = format_quantity(value, unit, lang, "long")
        return text.replace(str(int(value)), _EN_SMALL[int(value) - 1], 1) if small else text
    if unit == "date":
        return format_date(value, lang) if isinstance(value, dt.date) else format_partial_date(str(value), lang)
    if unit in ("usd", "jpy"):
        return format_money(value, unit.upper(), lang, style)
    if unit == "percent":
        return format_percent(value, lang)
    if unit in ("gw", "mw"):      # megawatts for sites too small to show in GW (150 MW is not 0.2 GW)
        return format_number(value, lang) + (unit.upper() if lang == "ja" else " " + unit.upper())
    if unit == "count":
        return compact(value, lang, style)
    if unit == "people":
        return compact(value, lang, style) + ("人" if lang == "ja" else " people")
    if unit == "years":
        return format_number(value, lang) + ("年" if lang == "ja" else " year" if value == 1 else " years")
    raise ValueError(f"unknown unit {unit}")


@dataclass(frozen=True)
class Catalog:
    """A language's interface strings, compiled in memory from its .po file."""

    lang: str
    translations: Translations
    untranslated: tuple[str, ...]
    fuzzy: tuple[str, ...]
    msgids: frozenset[str]
    lines: dict[str, int]       # msgid → the line of its entry in the .po file


def po_path(root: Path, lang: str) -> Path:
    return root / LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}{CATALOGUE_SUFFIX}"


def load_catalog(root: Path, lang: str) -> Catalog:
    """Compile locales/<lang>/LC_MESSAGES/messages.po; raise FileNotFoundError if absent."""
    # Without a BOM (a Windows editor's), which Babel reads as a line of junk and prints a warning about.
    catalog = read_po(io.BytesIO(po_path(root, lang).read_bytes().removeprefix(codecs.BOM_UTF8)), locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)     # fuzzy entries are left out, as gettext would
    buffer.seek(0)
    messages = [m for m in catalog if m.id]
    def msgid(message: Message) -> str:
        return message.id if isinstance(message.id, str) else message.id[0]

    def empty(message: Message) -> bool:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        return not all(strings)

    untranslated = tuple(sorted(msgid(m) for m in messages if empty(m)))
    fuzzy = tuple(sorted(msgid(m) for m in messages if m.fuzzy))
    lines = {msgid(m): m.lineno for m in messages}
    return Catalog(lang, Translations(fp=buffer, domain=DOMAIN), untranslated, fuzzy, frozenset(lines), lines)


def template_messages(root: Path, templates: str) -> dict[str, Location]:
    """msgid → where it first appears in the folder `templates` (the extraction `pybabel extract
    -F babel.cfg` does)."""
    found: dict[str, Location] = {}
    extracted = extract_from_dir(str(root / templates), method_map=_METHOD_MAP, options_map=_OPTIONS)
    for filename, line, message, _comments, _context in extracted:
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, Location(f"{templates}/{filename}", line))
    return dict(sorted(found.items()))


def _edited_msgid(msgid: str, unused: set[str]) -> str | None:
    """The msgid no template uses that is close to `msgid`: one edited in the .po (taken for the text
    shown, which is the msgstr), the likeliest cause of a missing entry."""
    import difflib  # here: only a missing entry needs it

    return next(iter(difflib.get_close_matches(msgid, sorted(unused), n=1, cutoff=0.8)), None)


def check_catalogs(root: Path, templates: str, catalogs: dict[str, Catalog], diags: Diagnostics) -> None:
    """Every interface string of the templates has a catalogue entry, checked in-process so that a
    build fails as soon as someone adds `{{ _("…") }}` without adding it to the .po files. Missing
    entries are errors; untranslated or fuzzy ones are warnings."""
    messages = template_messages(root, templates)
    for lang, catalog in sorted(catalogs.items()):
        po = po_path(root, lang).relative_to(root).as_posix()
        for msgid, where in messages.items():
            if msgid not in catalog.msgids and (edited := _edited_msgid(msgid, catalog.msgids - messages.keys())):
                diags.error(Location(po, catalog.lines[edited]), f"msgid {edited!r} is no interface string: "
                            f"{where} writes {msgid!r}", "put the msgid back as the template writes it; "
                            "change only the msgstr")
            elif msgid not in catalog.msgids:
                diags.error(where, f"interface string {msgid!r} is not in {po}", "run: make messages")
            elif lang != "en" and msgid in catalog.untranslated:
                diags.warning(Location(po, catalog.lines[msgid]), f"{msgid!r} has no {lang} translation",
                              f"translate it in {po}")
            elif msgid in catalog.fuzzy:
                diags.warning(Location(po, catalog.lines[msgid]), f"{msgid!r} is marked fuzzy and will show in English",
                              f"check the translation in {po} and remove the fuzzy flag")
