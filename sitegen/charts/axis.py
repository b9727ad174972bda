"""Axis tick labels as Vega expressions: 200億ドル / $200B, 4億 / 400M, 10GW, 29%.

d3-format has no myriad grouping (億, 兆), and with a Japanese locale its '$' prints 円,
so ticks are written by an `axis.labelExpr` that runs the same in vl-convert and in the
browser (under `ast: true`). It follows l10n.compact: the largest scale the value
reaches, up to four significant digits, no separator inside a Japanese myriad group.
Tests check that both give the same text for tick-like values.
"""

from __future__ import annotations

from ..render.l10n import year_end_pattern

# (size, suffix) from large to small, per language: what l10n.compact uses in short style.
_SCALES = {
    "ja": (("1e12", "兆"), ("1e8", "億"), ("1e4", "万")),
    "en": (("1e12", "T"), ("1e9", "B"), ("1e6", "M")),
}
_TIME_FORMATS = {
    "year": {"ja": "%Y年", "en": "%Y"},
    "month": {"ja": "%Y年%-m月", "en": "%b %Y"},
}


def _scaled(lang: str, prefix: str, suffix: str) -> str:
    """Expression: `datum.value` written with the largest scale it reaches, e.g. 200億ドル."""
    def wrap(number: str, word: str) -> str:
        return " + ".join(part for part in (repr(prefix) if prefix else "", number,
                                            repr(word + suffix) if word + suffix else "") if part)

    expr = wrap("format(abs(datum.value), ',')", "")
    for size, word in reversed(_SCALES[lang]):
        scaled = f"format(abs(datum.value) / {size}, '.4~g')"
        expr = f"abs(datum.value) >= {size} ? {wrap(scaled, word)} : {expr}"
    return f"datum.value == 0 ? '0' : (datum.value < 0 ? '−' : '') + ({expr})"


def number_label_expr(unit: str | None, lang: str) -> str:
    """A Vega expression writing `datum.value` in `unit` (as in data/datasets/*.yaml)."""
    if unit == "usd":
        return _scaled(lang, "", "ドル") if lang == "ja" else _scaled(lang, "$", "")
    if unit == "jpy":
        return _scaled(lang, "", "円") if lang == "ja" else _scaled(lang, "¥", "")
    if unit in ("count", "people"):
        return _scaled(lang, "", "")
    if unit == "percent":
        return "format(datum.value, ',.4~g') + '%'"
    if unit in ("gw", "mw"):
        return "format(datum.value, ',.4~g') + " + (f"'{unit.upper()}'" if lang == "ja" else f"' {unit.upper()}'")
    return "format(datum.value, ',.4~g')"


def time_format(lang: str, step: str = "year") -> str:
    """A d3 time format for axis ticks: '%Y年' / '%Y', or year and month."""
    return _TIME_FORMATS[step][lang]


def year_end_label_expr(lang: str) -> str:
    """A Vega expression writing a tick at a December as that year's end: '2023年末' / 'End 2023'
    (l10n's words), so a year-end figure does not sit by the next year's tick."""
    prefix, _, suffix = year_end_pattern(lang, short=True).partition("{}")
    return " + ".join(part for part in (repr(prefix) if prefix else "", "utcyear(datum.value)",
                                        repr(suffix) if suffix else "") if part)
