"""Typography on every built page: English quotes and dates, Japanese punctuation and line breaks.

The text is read from the built pages (html.parser: what a browser shows, without code, scripts
and styles); the CSS that wraps headings, ledes and the chooser is checked in Chromium.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from babel.dates import format_date
from selectolax.lexbor import LexborHTMLParser

from .harness import BuiltSite, SitePage, SiteServer, numbered, open_page

_SKIP = {"script", "style", "pre", "code", "kbd", "samp"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
JA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


class _Text(HTMLParser):
    """Text nodes outside code, scripts and styles, with the nearest enclosing language; <time> pairs."""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("", lang)]
        self.texts: list[tuple[str, str]] = []         # (language, text)
        self.times: list[tuple[str, str]] = []         # (datetime attribute, shown text)
        self._time: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag == "time":
            self._time = [values.get("datetime") or "", ""]
        if tag not in _VOID and not tag.endswith("/"):
            self.stack.append((tag, values.get("lang") or self.stack[-1][1]))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag == "time" and self._time:
            self.times.append((self._time[0], self._time[1]))
            self._time = None
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if any(tag in _SKIP for tag, _ in self.stack):
            return
        if self._time is not None:
            self._time[1] += data
        self.texts.append((self.stack[-1][1], data))


def _read(site: BuiltSite, page: SitePage) -> _Text:
    parser = _Text(page.lang)
    parser.feed((site.output / page.file).read_text(encoding="utf-8"))
    return parser


def _around(text: str, match: re.Match) -> str:
    return " ".join(text[max(0, match.start() - 20):match.end() + 20].split())


def test_english_text_has_typographic_quotes_and_one_date_style(site: BuiltSite, subtests) -> None:
    """No straight quote or apostrophe in English text (prose, titles, data, chart labels); every
    date written as Babel writes it (November 3, 2025), never 3 November 2025."""
    pages = [p for p in site.pages() if p.lang == "en" or p.file in ("index.html", "404.html")]
    for site_page in pages:
        with subtests.test(msg=site_page.path):
            found = _read(site, site_page)
            problems = []
            for lang, text in found.texts:
                if lang != "en":
                    continue
                problems += [f"straight quote: {_around(text, m)!r}" for m in re.finditer(r"['\"]", text)]
                problems += [f"date in another style: {_around(text, m)!r}"
                             for m in re.finditer(rf"\b\d{{1,2}} ({MONTHS}),? \d{{4}}\b", text)]
            for machine, shown in found.times:
                if len(machine) == 10 and re.fullmatch(rf"({MONTHS}) \d{{1,2}}, \d{{4}}", shown.strip()):
                    expected = format_date(dt.date.fromisoformat(machine), "long", locale="en")
                    if shown.strip() != expected:
                        problems.append(f"<time datetime={machine}> says {shown!r}, not {expected!r}")
            assert not problems, f"{site_page.path}:\n{numbered(problems)}"


def test_japanese_text_has_full_width_punctuation_and_no_stray_spaces(site: BuiltSite, subtests) -> None:
    """Japanese labels take full-width punctuation (出典：, not 出典: ), and nothing puts a space
    after 。 or 、 (a line break inside a Markdown paragraph is drawn as one)."""
    ascii_next_to_japanese = re.compile(f"[{JA}][:;,!?]|[{JA}] [:;,!?]|[(][{JA}]|[{JA}][)]")
    space_after_stop = re.compile(r"[。、][ \t\n]+\S")
    for site_page in site.pages():
        with subtests.test(msg=site_page.path):
            problems = []
            for lang, text in _read(site, site_page).texts:
                if lang != "ja":
                    continue
                problems += [f"ASCII punctuation: {_around(text, m)!r}" for m in ascii_next_to_japanese.finditer(text)]
                problems += [f"a space after 。/、: {_around(text, m)!r}" for m in space_after_stop.finditer(text)]
            assert not problems, f"{site_page.path}:\n{numbered(problems)}"


# Full-width punctuation carries its own space: a space drawn after it is a gap in the line
# (but before a footnote's ↩, which Python-Markdown sets apart with a no-break space).
SPACE_AFTER_FULL_WIDTH = re.compile(r"[：；。、！？」』）】][ \u00a0]+[^\s↩]")


def test_no_space_is_drawn_after_full_width_punctuation(site: BuiltSite, server: SiteServer, new_context) -> None:
    """Japanese text as the browser draws it (innerText: spaces collapsed, across links and other
    inline elements, every box opened) has no space after 。、：「」…; a template that writes
    '{{ label }} {{ link }}' would draw one after a label ending in ：."""
    page = new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False).new_page()
    problems, texts = [], 0
    for site_page in site.pages():
        open_page(page, server, site_page)
        drawn = page.evaluate("""() => {
            for (const d of document.querySelectorAll('details')) d.open = true;
            return [...document.querySelectorAll('body, [lang]')].filter(e => e.matches(':lang(ja)')
                && !(e.parentElement && e.parentElement.closest('[lang]')?.matches(':lang(ja)') && e !== document.body))
                .map(e => e.innerText);
        }""")
        texts += len(drawn)
        problems += sorted({f"{site_page.path}: {_around(text, m)!r}" for text in drawn
                            for m in SPACE_AFTER_FULL_WIDTH.finditer(text)})
    if not texts:
        pytest.skip(f"no Japanese text on the {site.name} site")
    assert not problems, numbered(problems)


@pytest.mark.parametrize("selector", ["h1", ".prose h2", ".site-title", ".article__lede", ".chooser__title",
                                      ".search__status"])
def test_headings_ledes_and_the_chooser_wrap_by_phrase(site: BuiltSite, server: SiteServer, new_context,
                                                       selector: str) -> None:
    """Balanced lines everywhere, and Japanese broken between phrases (word-break: auto-phrase).
    The search's status line too: at 360 px '「くらうど」に一致するページが8件ありま|す。' left 'す。' alone."""
    context = new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    checked, problems = 0, []
    # Only the pages whose HTML has such an element are opened (the search's status line is on two).
    pages = [p for p in site.pages() if LexborHTMLParser((site.output / p.file).read_text(encoding="utf-8"))
             .css_first(selector) is not None]
    for site_page in pages:
        open_page(page, server, site_page)
        for style in page.eval_on_selector_all(selector, """els => els.map(e => {
                const s = getComputedStyle(e);
                return {lang: e.closest('[lang]').lang, wrap: s.textWrapStyle || s.textWrap, words: s.wordBreak,
                        text: e.textContent.trim().slice(0, 30)}; })"""):
            checked += 1
            if "balance" not in style["wrap"]:
                problems.append(f"{site_page.path} {selector} {style['text']!r}: text-wrap {style['wrap']}")
            if style["lang"] == "ja" and style["words"] != "auto-phrase":
                problems.append(f"{site_page.path} {selector} {style['text']!r}: word-break {style['words']}")
        if checked > 40:
            break
    if not checked:
        pytest.skip(f"no {selector} on the {site.name} site")
    assert not problems, numbered(problems)


class _EnglishLinks(HTMLParser):
    """The text of links to English sources (`hreflang="en"`) on pages in other languages."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "a" and dict(attrs).get("hreflang") == "en":
            self._open = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.texts.append("".join(self._open))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)


def test_english_source_names_have_typographic_quotes_on_every_page(site: BuiltSite, subtests) -> None:
    """An English publisher's name (Tom’s Hardware) is set as English wherever it is cited,
    Japanese pages' chart sources and data tables included."""
    for site_page in site.pages():
        if site_page.lang == "en":
            continue
        with subtests.test(msg=site_page.path):
            links = _EnglishLinks()
            links.feed((site.output / site_page.file).read_text(encoding="utf-8"))
            problems = [f"straight quote: {text!r}" for text in links.texts if re.search(r"['\"]", text)]
            assert not problems, f"{site_page.path}:\n{numbered(problems)}"


def test_a_charts_source_list_ends_before_its_date(site: BuiltSite, subtests) -> None:
    """'Sources: CNBC, TechCrunch. Figures as of October 6, 2025' / '出典：CNBC、Reuters。数値は…時点':
    the list of sources ends with the language's full stop, so the date that follows is not read
    (or copied) as part of the last source's name ('Reuters数値は…', 'TechCrunch Figures as of…')."""
    stops = {"en": ".", "ja": "。"}
    source_line = re.compile(r'<p class="chart__source"[^>]*>(.*?)<span class="chart__as-of">(.*?)</span>', re.S)
    checked = 0
    for site_page in site.pages():
        html = (site.output / site_page.file).read_text(encoding="utf-8")
        lines = source_line.findall(html)
        if not lines:
            continue
        with subtests.test(msg=site_page.path):
            problems = []
            for sources, date in lines:
                checked += 1
                text = re.sub(r"<[^>]+>", "", sources).strip()
                if not text.endswith(stops[site_page.lang]):
                    problems.append(f"{text[-30:]!r} runs into {date!r}")
            assert not problems, f"{site_page.path}:\n{numbered(problems)}"
    if not checked:
        pytest.skip(f"no chart with a date on the {site.name} site")
