"""Axis tick labels as Vega expressions: 200億ドル / $200B, 4億 / 400M, 10GW, 29%.

d3-format has no myriad grouping (億, 兆), and with a Japanese locale its '$' prints 円,
so ticks are written by an `axis.labelExpr` that runs the same in vl-convert and in the
browser (under `ast: true`). It follows l10n.compact: the largest scale the value
reaches, up to four significant digits, no separator inside a Japanese myriad group.
Tests check that both give the same text for tick-like values. A bar chart's value axis
instead counts in one scale that its title names (`counted_in`), so that its ticks are short.
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
    "month": {"ja": "%-m月", "en": "%b"},         # on an axis one year long, whose title names the year
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


# The scales a value axis may count in, named in its title instead of on every tick (a phone had
# room for two ticks that each said 億ドル): (size, words) from large to small, per unit and language.
_COUNTED_IN = {
    "usd": {"ja": ((1e12, "兆ドル"), (1e8, "億ドル"), (1, "ドル")),
            "en": ((1e12, "$ trillions"), (1e9, "$ billions"), (1e6, "$ millions"), (1, "$"))},
    "count": {"ja": ((1e8, "億"), (1e4, "万"), (1, "")), "en": ((1e9, "billions"), (1e6, "millions"), (1, ""))},
    "gw": {"ja": ((1, "GW"),), "en": ((1, "GW"),)},
    "mw": {"ja": ((1, "MW"),), "en": ((1, "MW"),)},
}


def counted_in(unit: str | None, lang: str, top: float) -> tuple[str, str, float] | None:
    """(label expression, the unit's words for the axis title, the size of one) for an axis whose
    ticks are plain numbers ('0 1000 2000' under '金額（億ドル）'), in the largest scale `top`
    reaches; None for a unit short enough to go on each tick (29%)."""
    scales = _COUNTED_IN.get(unit or "", {}).get(lang)
    if not scales:
        return None
    size, words = next(((size, words) for size, words in scales if top >= size), scales[-1])
    grouping = "," if lang == "en" else ""        # Japanese writes 5000 (億) without a separator
    return f"format(datum.value / {size:g}, '{grouping}.4~g')", words, size


def time_format(lang: str, step: str = "year") -> str:
    """A d3 time format for axis ticks: '%Y年' / '%Y', or the month ('%-m月' / '%b')."""
    return _TIME_FORMATS[step][lang]


def year_end_label_expr(lang: str) -> str:
    """A Vega expression writing a tick at a December as that year's end: '2023年末' / 'End 2023'
    (l10n's words), so a year-end figure does not sit by the next year's tick."""
    prefix, _, suffix = year_end_pattern(lang, short=True).partition("{}")
    return " + ".join(part for part in (repr(prefix) if prefix else "", "utcyear(datum.value)",
                                        repr(suffix) if suffix else "") if part)
