"""Declared shapes for YAML mappings: typed values out, located messages for the rest."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from ..diagnostics import BuildError, Diagnostics, Location, closest, did_you_mean
from .yamltext import KeyPath, YamlDoc

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-H[12])?")


def today() -> dt.date:
    # SOURCE_DATE_EPOCH keeps scaffolds reproducible in tests.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    except (ValueError, OverflowError, OSError):        # not a whole number, or beyond any date
        diags = Diagnostics()
        diags.error(Location("SOURCE_DATE_EPOCH"), f"'{epoch}' is not a time",
                    "set it to the seconds since 1970 as a whole number, as date +%s prints them, or unset it")
        raise BuildError(diags) from None


@dataclass(frozen=True)
class Field:
    kind: str                  # text | date | partial_date | int | number | bool | text_list | lang_text | any
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()     # the only values allowed, if any


def check_mapping(doc: YamlDoc, key: KeyPath, spec: dict[str, Field], what: str,
                  diags: Diagnostics) -> dict[str, Any] | None:
    """Validate the mapping at `key` of `doc` against `spec`; None if it is not a mapping."""
    raw = doc.value
    for part in key:
        raw = raw[part]
    if not isinstance(raw, dict):
        diags.error(doc.at(*key), f"{what} must be a mapping of 'key: value' lines", f"got {_kind_name(raw)}")
        return None
    out: dict[str, Any] = {}
    ok = True
    misspelt: set[str] = set()
    for name in raw:
        if name not in spec:
            near = closest(str(name), spec)
            if near:
                misspelt.add(near)
            diags.error(doc.at(*key, name), f"unknown key '{name}' in {what}",
                        f"did you mean '{near}'?" if near else "known keys: " + ", ".join(spec))
            ok = False
    for name, field in spec.items():
        if name not in raw or raw[name] is None:
            if field.required and name not in misspelt:
                example = f"{name}: {field.help}" if field.help else name
                if name in raw:         # 'date:' with nothing after it: at its line, not as if it were missing
                    diags.error(doc.at(*key, name), f"'{name}' is empty", f"write '{example}'")
                else:
                    diags.error(doc.at(*key), f"missing required key '{name}' in {what}", f"add '{example}'")
                ok = False
            continue
        value, problem = _convert(raw[name], field.kind)
        if problem:
            diags.error(doc.at(*key, name), f"'{name}' {problem}", field.help or None)
            ok = False
        elif field.choices and value not in field.choices:
            diags.error(doc.at(*key, name), f"unknown {name} '{value}' in {what}",
                        did_you_mean(value, field.choices) or "use one of " + ", ".join(field.choices))
            ok = False
        else:
            out[name] = value
    return out if ok else None


def has_languages(text: dict, doc: YamlDoc, key: KeyPath, languages: tuple[str, ...], diags: Diagnostics) -> bool:
    """Whether the mapping of language to text at `key` has a text in each language (reported if not)."""
    missing = [lang for lang in languages if not str(text.get(lang) or "").strip()]
    if missing:
        diags.error(doc.at(*key), f"'{key[-1]}' has no {', '.join(missing)} text",
                    "write {" + ", ".join(f"{lang}: …" for lang in languages) + "}")
    return not missing


def _convert(value: Any, kind: str) -> tuple[Any, str | None]:
    if kind == "any":
        return value, None
    if kind == "text":
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip(), None
        return None, "is empty" if isinstance(value, str) else f"must be text, got {_kind_name(value)}"
    if kind == "text_list":
        items = [value] if isinstance(value, str) else value
        if isinstance(items, list) and items and all(isinstance(x, str) and x for x in items):
            return tuple(items), None
        return None, f"must be a list of names, got {_kind_name(value)}"
    if kind == "bool":
        return (value, None) if isinstance(value, bool) else (None, f"must be true or false, got {_kind_name(value)}")
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value, None
        return None, f"must be a whole number, got {_kind_name(value)}"
    if kind == "number":
        return parse_number(value)
    if kind in ("date", "partial_date"):
        return parse_date(value, partial=kind == "partial_date")
    if kind == "lang_text":
        if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
            return dict(value), None
        return None, "must be a mapping of language to text, e.g. {ja: …, en: …}"
    raise ValueError(f"unknown field kind {kind}")


def parse_number(value: Any, scale: float = 1.0) -> tuple[float | None, str | None]:
    """A finite number of a sane size (see number_problem), from YAML or a CSV cell of a column in `scale`;
    a problem gives the figure to write as that column writes it (a column in billions, 1e9, writes 38)."""
    example = f"{38e9 / scale:g}" if scale != 1 else "38e9"
    # YAML 1.1 reads 38e9 (no dot) as a string; editors expect a number.
    number = None
    if isinstance(value, bool):
        return None, "must be a number, got true/false"
    if isinstance(value, float):
        number = value
    elif isinstance(value, int):
        number = float(value) if abs(value) < 1e300 else math.inf      # too large for a float
    elif isinstance(value, str):
        folded = unicodedata.normalize("NFKC", value)
        # '380億' in a column in billions: no guess at the figure
        slip = number_slip(value) if scale == 1 or not _SCALED.fullmatch(folded) else None
        meant = f": write {slip[0]}" if slip else ""
        if not value.isascii() and folded.isascii():     # float() reads an IME's '３００' as 300; the CSV keeps it
            return None, f"must be a number in half-width digits, such as {example} or 4.5, got '{value}'{meant}"
        if value.isascii():
            with suppress(ValueError):
                number = float(value.replace("_", ""))
        if number is None and slip:
            return None, (f"must be a number without thousands separators, got '{value}'{meant}" if
                          slip[1].startswith("without") else
                          f"must be a number such as {example} or 4.5, got '{value}'{meant}, {slip[1]}")
    if number is None:
        return None, f"must be a number such as {example} or 4.5, got {_kind_name(value)}"
    problem = number_problem(number)
    return (None, problem) if problem else (number, None)


_GROUPED = re.compile(r"[-+]?(?:\d{1,3}(?:([, ])\d{3})(?:\1\d{3})*|\d+)(?:\.\d+)?(?:e[-+]?\d+)?", re.I)


def number_slip(text: str) -> tuple[str, str] | None:
    """The number to write for one written with thousands separators or full-width digits ('1,000', '1 000',
    '１，０００' → '1000'), in another locale's way ('4,5', '1.234,5') or with its scale in words ('380億',
    '38 billion' → '380e8', '38e9'), and how it differs ('without the thousands separators'); None for any
    other text."""
    plain = unicodedata.normalize("NFKC", text).strip()
    if (grouped := _GROUPED.fullmatch(plain)) and (plain != text or grouped[1]):
        return plain.replace(",", "").replace(" ", ""), "without the thousands separators"
    if _DECIMAL_COMMA.fullmatch(plain):
        return plain.replace(".", "").replace(",", "."), "no thousands separators, and '.' before any decimals"
    if scaled := _SCALED.fullmatch(plain):
        return f"{scaled[1]}e{_POWERS[scaled[2].lower()]}", "the number alone: 'unit:' says what it counts"
    return None


_DECIMAL_COMMA = re.compile(r"[-+]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)")      # '38.000.000.000', '1.234,5', '4,5'
_POWERS = {"万": 4, "億": 8, "兆": 12, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_SCALED = re.compile(r"[$¥]?(\d+(?:\.\d+)?) ?(万|億|兆|thousand|million|billion|trillion)(?:ドル|円|人)?", re.I)


# Larger numbers are not figures of this world (the world's yearly output is ~1e14 dollars),
# and beyond ~1e28 Babel's decimal rounding fails: a typo such as 1e308 is refused.
MAX_MAGNITUDE = 1e18


def number_problem(value: float) -> str | None:
    """Refuse nan, infinities and numbers too large to be figures (MAX_MAGNITUDE)."""
    if math.isnan(value):
        return "must be a number, got nan (leave it out if it is not known)"
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        return f"is out of range: figures here are at most {MAX_MAGNITUDE:.0e}"
    return None


# A date as people write it elsewhere: 2025/12/08, 2025-12-8, 2025.12.8, 2025年12月8日 (and a month alone).
_OTHER_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月?)")
_YEAR_LAST = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})")      # '08.12.2025', '12/8/2025'


def _real(year: str, month: str | int, day: str | int | None) -> bool:
    """Whether the date exists (no '2025-02-31' is suggested); a month alone if `day` is None."""
    try:
        return bool(dt.date(int(year), int(month), int(day or 1)))
    except ValueError:
        return False


def parse_date(value: Any, partial: bool = False) -> tuple[Any, str | None]:
    text = str(value)
    pattern = _PARTIAL_DATE if partial else _DATE
    form = "YYYY-MM-DD, YYYY-MM, YYYY or YYYY-H1/H2" if partial else "YYYY-MM-DD"
    other = _OTHER_DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if other and (other[3] or partial) and not pattern.fullmatch(text) and _real(*other.groups()):
        meant = "-".join(f"{int(part):02}" for part in other.groups() if part)
        return None, f"must be a date written {form}, got '{text}': write {meant}"
    if year_last := _YEAR_LAST.fullmatch(unicodedata.normalize("NFKC", text).strip()):
        one, separator, two, year = int(year_last[1]), year_last[2], int(year_last[3]), year_last[4]
        # '08.12.2025' is day first wherever dots are written; '12/8/2025' either, unless one part exceeds 12.
        orders = ((two, one),) if separator == "." else ((one, two), (two, one))
        readings = list(dict.fromkeys(f"{year}-{month:02}-{day:02}" for month, day in orders
                                      if _real(year, month, day)))
        if readings:
            meant = f"{readings[0]} if the month is first, {readings[1]} if the day is" if readings[1:] else readings[0]
            return None, f"must be a date written {form}, got '{text}': write {meant}"
    if not text.isascii():      # an input method's '２０２５-１２-０８': \d takes it, fromisoformat does not
        width = " in half-width digits," if unicodedata.normalize("NFKC", text).isascii() else ""
        return None, f"must be a date{width} written {form}, got '{text}'"
    if isinstance(value, (str, int)) and pattern.fullmatch(text):
        if text[5:] in ("H1", "H2"):
            return text, None
        padded = text + "-01" * (2 - text.count("-"))
        try:
            day = dt.date.fromisoformat(padded)
        except ValueError as exc:
            return None, f"is not a valid date: '{text}': {exc}"
        return (text if partial else day), None
    return None, f"must be a date written {form}, got '{text}'"


def date_sort_key(text: str) -> str:
    """Sort key for partial dates: a half-year sorts at its first month, a year before its months."""
    return text.replace("-H1", "-01").replace("-H2", "-07")


_KIND_NAMES = {type(None): "nothing", bool: "true/false", list: "a list", dict: "a mapping"}


def _kind_name(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if type(value) in (int, float):
        return f"the number {value}"
    return _KIND_NAMES.get(type(value), type(value).__name__)
