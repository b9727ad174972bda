"""Search as a reader uses it: typed queries in Chromium, on the real site and on a fixture.

For every query the pages that must be found are worked out from the built pages
(tests/search_oracle.py reads their indexed text with html.parser; a page holds a query if
each NFKC-normalized, case-folded term is in its text), never written down here. Each
query must find exactly those pages (English may add pages found through a stem, marked as
such and after the exact ones), pages with the terms in their title first, then in a
heading, then the rest; each result must link to a section that holds a term, and the
Japanese excerpts must read as Japanese (no ". " or "。 " where lines were joined).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import unicodedata
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .. import search_oracle as oracle
from ..conftest import REPO, SITES, assemble
from .harness import DESKTOP, SiteServer, Watch, build_site, copy_repo_inputs, has_real_content, numbered

FIXTURE = REPO / "tests" / "search_site"

# Queries typed otherwise than the pages write them, which must find them (each is checked to
# find some page only through folding): hiragana for katakana and the reverse, ヶ月 for カ月, a
# Windows IME's ～ for 〜, a name without its middle dot; a hyphenated word without its hyphen or
# with another one, a keyboard's hyphen for an en dash; in Japanese, what an input method gives
# for the hyphen key: a minus sign (macOS), or ー after a Latin letter (gptーoss for the page's
# gpt-oss). Numbers with digit-group commas or without, either way round (1,000億ドル for the page's
# 1000億ドル, 2592 for 2,592, full-width １，０００). ("multi cloud", two terms, finds multi-cloud as
# any two terms do: in REAL_EN.) An abbreviation with full stops or without, either way round (U.S.,
# Ｕ．Ｓ． and A.I. for the pages' US and AI; US-based for a page's U.S.-based).
FOLDED = {"real": {"ja": ["くらうど", "まるちくらうど", "えーじぇんと", "えぬびでぃあ", "サムアルトマン", "ホボスベテ",
                          "3ヶ月", "1\uff5e3月期", "gpt\u2212oss", "gptーoss", "ＧＰＴーＯＳＳー１２０ｂ",
                          "1,000億ドル", "１，０００億ドル", "2592個"],
                   "en": ["multicloud", "MultiCloud", "multi\u2010cloud", "cutoff", "e-mail", "2023-2025", "2592",
                          "500000", "U.S.", "Ｕ．Ｓ．", "A.I."]},
          "fixture": {"ja": ["くらうど", "サムアルトマン", "1,000億ドル", "２５９２個"],
                      "en": ["sevenyear", "38000", "US-based"]}}

# Japanese phrases typed with other particles than the pages' (AWSの契約 for AWSとの契約), or none
# (データセンター建設 for データセンターの建設): found by their parts too (each is checked to find some
# page only so).
PHRASES = {"real": ["AWSの契約", "AWSとの契約", "エヌビディアの出資", "データセンター建設", "OpenAIとAWSの契約",
                    "スターゲートとは"],
           "fixture": ["AWSの契約", "OpenAIとAWSの契約", "アルトマンとは"]}

# Queries: katakana, kanji compounds, particles, mixed 380億ドル, full-width ＡＷＳ and
# half-width ｸﾗｳﾄﾞ ﾃﾞｰﾀ (typed, and in a fixture page's text: ｸﾗｳﾄﾞという), dates and numbers, two
# terms, words in 「」; English stems, case, inner substrings, and what a keyboard types: Amazon's
# for the page's Amazon’s, "deal" in quotes; a question or a list as a reader writes it (AWSとは？,
# OpenAI、AWS, What is agentic AI?); Japanese words of one character (円, 株; in English too: 堺 is in a
# source's title).
REAL_JA = ["アルトマン", "380億ドル", "ＡＷＳ", "ギガワット", "クラウド", "マイクロソフト", "エヌビディア", "オラクル",
           "計算資源", "契約", "データセンター", "年換算売上", "電力", "との契約", "について", "にわたって", "米国時間",
           "2025年11月3日", "GPU", "openai", "ＯｐｅｎＡＩ", "CoreWeave", "推論", "半導体", "生成AI", "スターゲート",
           "エージェント型AI", "シード記事", "1.4兆ドル", "マルチクラウド", "グーグル", "ｸﾗｳﾄﾞ", "AWS 契約", "ドル",
           "ＣＰＵ", "用語集", "ガーマン", "「契約」", "ﾏﾙﾁｸﾗｳﾄﾞ", "AWSとは？", "OpenAI、AWS",
           "エージェント型AIとは？", "円", "株", "ﾃﾞｰﾀ", "ﾊﾟｰﾄﾅｰ", "「AWSの契約」", "『OpenAIとAWS』",
           *PHRASES["real"], *FOLDED["real"]["ja"]]
REAL_EN = ["AWS", "aws", "investments", "invest", "capacity", "Altman", "gigawatt", "$38 billion", "multi-cloud",
           "Stargate", "Oracle", "GPUs", "agentic", "ChatGPT", "deal", "orth", "CoreWeave", "revenue", "OpenAI's",
           "Ｇｏｏｇｌｅ", "annualized", "Microsoft Azure", "Amazon's", '"deal"', "multi cloud",
           "What is agentic AI?", "Microsoft, AWS", "株", "円", "堺", '"cloud deal"', '"multi-cloud strategy"',
           'OpenAI "only cloud"', "\u201cMicrosoft Azure\u201d", "US", "AI",
           *FOLDED["real"]["en"]]
FIXTURE_JA = ["クラウド", "ｸﾗｳﾄﾞ", "ＡＷＳ", "aws", "380億ドル", "80億", "アルトマン", "マン", "計算資源", "電力",
              "の契約", "ギガワット", "半導体", "CEO", "データセンター", "7年", "けいさん", "契約 電力", "「電力」",
              "電力、半導体。", "電", "AWS と 契約", "ｸﾗｳﾄﾞという", "「AWSの契約」", *PHRASES["fixture"],
              *FOLDED["fixture"]["ja"]]
FIXTURE_EN = ["cloud", "CLOUD", "aws", "AWS", "draws", "investments", "invest", "orth", "strasse", "STRASSE",
              "$38", "gigawatt", "power chips", "Altman", "Microsoft's", '"cloud"', "Who is Altman?", '"AWS announced"',
              '"OpenAI buys"',  # a phrase: its words next to each other, not anywhere in the page
              *FOLDED["fixture"]["en"]]
MIN_QUERIES = {"ja": 30, "en": 15}


def test_enough_queries_of_each_language() -> None:
    assert len(set(REAL_JA + FIXTURE_JA)) >= MIN_QUERIES["ja"]
    assert len(set(REAL_EN + FIXTURE_EN)) >= MIN_QUERIES["en"]


@pytest.fixture(scope="module", params=["fixture", "real"])
def searched_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp(f"search-{request.param}")
    if request.param == "fixture":
        assemble(SITES / "valid", root)
        shutil.rmtree(root / "content")
        shutil.copytree(FIXTURE / "content", root / "content")
        queries = {"ja": FIXTURE_JA, "en": FIXTURE_EN}
    else:
        if not has_real_content():
            pytest.skip("no real content yet")
        copy_repo_inputs(root)
        queries = {"ja": REAL_JA, "en": REAL_EN}
    built = build_site(request.param, root)
    pages = {}
    for file in sorted(built.output.rglob("*.html")):
        rel = file.relative_to(built.output).as_posix()
        page = oracle.indexed_text(rel, file.read_text(encoding="utf-8"))
        if page is not None:
            pages[page.path] = page
    return built, pages, queries


def _search(page, query: str) -> list[dict]:
    """Type the query, press Enter, show every result; each result's link, kind and texts."""
    page.fill("#search-input", query)
    page.keyboard.press("Enter")
    # The status of the previous query stays until this one's results are drawn, and may contain
    # this one ("invest" after "investments"): wait for this query's own run to end (its ?q=, the
    # list no longer busy) and its status, which shows it in the messages' quotes (“invest”).
    try:
        page.wait_for_function("""query => {
            const status = document.getElementById("search-status").textContent;
            const bare = query.replace(/^[\\p{Ps}\\p{Pi}"'](.+)[\\p{Pe}\\p{Pf}"']$/u, "$1");   // as the status shows it
            const [before, after] = document.getElementById("search-form").dataset.none.split("{query}");
            return new URL(location.href).searchParams.get("q") === query
                && !document.getElementById("search-results").ariaBusy
                && status.includes(before.at(-1) + bare + after[0]);
        }""", arg=query, timeout=15_000)
    except PlaywrightTimeout:
        pytest.fail(f"{query!r}: no results said for it in 15 s (status: {page.inner_text('#search-status')!r})")
    more = page.locator("#search-more")
    while more.is_visible():
        before = page.locator("#search-results li").count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('#search-results li').length > {before}")
    return page.eval_on_selector_all("#search-results li", """items => items.map(li => ({
        href: li.querySelector('a').getAttribute('href'), url: li.querySelector('a').href, match: li.dataset.match,
        excerpt: li.querySelector('.search__excerpt').textContent,
        excerptMarks: [...li.querySelectorAll('.search__excerpt mark')].map(mark => mark.textContent),
        excerptUnmarked: [...li.querySelector('.search__excerpt').childNodes]
            .map(node => node.nodeName === 'MARK' ? '\\n' : node.textContent).join(''),
        allMarks: [...li.querySelectorAll('mark')].map(mark => mark.textContent),
        marked: li.querySelectorAll('mark').length}))""")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_folded_queries_find_pages_only_folding_finds(searched_site, lang: str) -> None:
    """Each query of FOLDED is held by some page only as a reader means it (katakana as
    hiragana, hyphens left out…), not as a plain substring of its NFKC, case-folded text: so
    finding that page in the browser shows the folding at work."""
    built, pages, _ = searched_site
    mine = [p for p in pages.values() if p.lang == lang]
    def literally(page, query: str) -> bool:
        text = unicodedata.normalize("NFKC", page.full_text()).casefold()
        return all(term in text for term in unicodedata.normalize("NFKC", query).casefold().split())
    plain = [q for q in FOLDED[built.name][lang] if not any(oracle.holds(p, q) and not literally(p, q) for p in mine)]
    assert not plain, f"{built.name} {lang}: no page is found only by folding for {plain}"


def test_phrases_find_pages_only_their_parts_find(searched_site) -> None:
    """Each query of PHRASES is held, as typed, by fewer pages than hold its parts in a section."""
    built, pages, _ = searched_site
    mine = [p for p in pages.values() if p.lang == "ja"]
    exact_only = [q for q in PHRASES[built.name]
                  if not any(oracle.loosely_holds(p, q) and not oracle.holds(p, q) for p in mine)]
    assert not exact_only, f"{built.name}: no page is found only by the parts of {exact_only}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_queries_find_every_page_that_holds_them(searched_site, browser, lang: str) -> None:
    built, pages, queries = searched_site
    context = browser.new_context(viewport=DESKTOP)
    problems: list[str] = []
    with SiteServer(built.output, built.base_path) as server:
        watch = Watch(server.origin).attach(context)
        page = context.new_page()
        page.goto(server.url(f"{lang}/search/"))
        root = server.url("")
        mine = {path: p for path, p in pages.items() if p.lang == lang}
        found_any = 0
        for query in [*queries[lang], _copied_sentence(mine.values(), lang)]:
            results = _search(page, query)
            expected = {path for path, p in mine.items() if oracle.holds(p, query)}
            found_any += bool(expected)
            problems += [f"{lang} {query!r}: {p}" for p in _check(query, results, expected, mine, root, lang)]
            said = page.locator("#search-status").inner_text()
            if lang == "ja" and "。 " in said:       # sentences run on after 。 (AWS と 契約: a word left out)
                problems.append(f"{lang} {query!r}: a space after 。 in the status line {said!r}")
            problems += [f"{lang} {query!r}: {p}" for p in watch.take()]
        status = page.locator("#search-status").inner_text()
        assert found_any >= len(queries[lang]) * 3 // 4, "most queries should find something"
    context.close()
    assert not problems, f"{built.name} site:\n" + numbered(problems) + f"\n(last status: {status})"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_words_other_languages_hold_more_lead_to_their_pages(searched_site, browser, lang: str) -> None:
    """'multicloud' typed into the Japanese search: no Japanese page holds it (they write
    マルチクラウド), English pages do; '契約' in the English search: one English page, every Japanese
    one. Where another language's search shows more pages than this one, the status line says
    so in that language, with a link to that language's search for the words; the count it
    gives is what that search's status line counts as matching them, which are the pages that
    hold them (not those it finds only by a phrase's parts: 'AWSの契約' in the English search
    promised the 8 results of the Japanese one, of which one holds it). Queries: those of
    both lists that more pages of the other language hold (found by the oracle), the Japanese
    ones found there by their parts first, and one that this language holds as much (no link)."""
    built, pages, queries = searched_site
    def holding(code: str, query: str) -> set[str]:
        return {path for path, p in pages.items() if p.lang == code and oracle.holds(p, query)}
    def loosely(code: str, query: str) -> bool:
        return code == "ja" and any(p.lang == code and oracle.loosely_holds(p, query) for p in pages.values()
                                    if p.path not in holding(code, query))
    others = [code for code in ("ja", "en") if code != lang]
    everything = sorted(set(queries["ja"] + queries["en"]), key=lambda q: (not any(loosely(o, q) for o in others), q))
    cases = [q for q in everything if oracle.terms(q)
             and any(len(holding(other, q)) > len(holding(lang, q)) for other in others)][:6]
    if lang == "en":
        assert any(loosely("ja", q) for q in cases), "no case of a Japanese search finding pages by parts"
    held = [q for q in queries[lang] if all(len(holding(lang, q)) >= len(holding(o, q)) > 0 for o in others)][:1]
    if not cases:
        pytest.skip(f"no query that more pages of another language hold than {lang} pages")
    context = browser.new_context(viewport=DESKTOP)
    problems: list[str] = []
    with SiteServer(built.output, built.base_path) as server:
        watch = Watch(server.origin).attach(context)
        page, there = context.new_page(), {code: context.new_page() for code in others}
        page.goto(server.url(f"{lang}/search/"))
        for code in others:          # each search page loaded once: _search waits for each query's own run
            there[code].goto(server.url(f"{code}/search/"))
        for query in [*held, *cases]:
            here = sum(r["match"] == "exact" for r in _search(page, query))
            links = {urlsplit(a["href"]).path: a for a in page.eval_on_selector_all("#search-status a", """as =>
                as.map(a => ({href: a.href, lang: a.lang, hreflang: a.hreflang, text: a.textContent,
                              words: getComputedStyle(a).wordBreak}))""")}
            for code in others:
                search = urlsplit(server.url(f"{code}/search/")).path
                shown = _search(there[code], query)
                exact = {r["url"].removeprefix(server.url("")).split("#")[0] for r in shown if r["match"] == "exact"}
                link = links.pop(search, None)
                if (link is not None) != (len(exact) > here):
                    problems.append(f"{query!r}: {here} exact results here, {len(exact)} in {code}, "
                                    f"{'a' if link else 'no'} link to {code}'s search")
                if link is None:
                    continue
                if parse_qs(urlsplit(link["href"]).query).get("q") != [query]:
                    problems.append(f"{query!r}: the link to {code} searches for {unquote(link['href'])}")
                if link["lang"] != code or link["hreflang"] != code:
                    problems.append(f"{query!r}: the link to {code} says lang={link['lang']}, "
                                    f"hreflang={link['hreflang']}")
                if code == "ja" and link["words"] != "auto-phrase":      # as the status line (test_typography)
                    problems.append(f"{query!r}: the link in Japanese breaks anywhere (word-break {link['words']})")
                number = re.search(r"\d+", link["text"].replace(_unquoted(query) or query, ""))
                count = int(number.group()) if number else 1      # "one page"
                if count != len(exact) or exact != holding(code, query):
                    problems.append(f"{query!r}: the link says {link['text']!r}; {code}'s search shows "
                                    f"{len(shown)} ({sorted(exact)} exactly), the pages holding it are "
                                    f"{sorted(holding(code, query))}")
            problems += [f"{query!r}: a link to {path}, not another language's search" for path in links]
            problems += [f"{query!r}: {p}" for p in watch.take()]
    context.close()
    assert not problems, numbered(problems)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pages_found_only_by_parts_or_other_forms_say_so(searched_site, browser, lang: str) -> None:
    """Pages found only by a Japanese phrase's parts (AWSの契約 where a page writes AWSとの契約) or by
    an English word's other forms (investing for investments) come after those that hold the words as
    typed, and looked and sounded just like them: the status line counted them as matching the words.
    Each now says so under its title, visibly and as its link's description (what a screen reader reads
    with the link), and the status line counts the pages holding the words apart from them, in the
    page's language (no space after a Japanese 。). A phrase of one part less its particles (スターゲートとは)
    names that part and the phrase ('hold only the parts of the words' read oddly of one part). Queries:
    the Japanese phrases (found by their parts: by the oracle), and the English words of four letters or
    more (the stemmed ones)."""
    built, pages, queries = searched_site
    mine = [p for p in pages.values() if p.lang == lang]
    tried = PHRASES[built.name] if lang == "ja" else [q for q in queries[lang] if re.fullmatch(r"[A-Za-z]{4,}", q)]
    context = browser.new_context(viewport={"width": 360, "height": 740})
    problems, loose_seen, one_part_seen = [], 0, 0

    def fill(text: str, values: dict[str, str]) -> str:
        return re.sub(r"\{(\w+)\}", lambda found: values[found.group(1)], text)
    with SiteServer(built.output, built.base_path) as server:
        page = context.new_page()
        page.goto(server.url(f"{lang}/search/"))
        texts = page.eval_on_selector("#search-form", "form => ({...form.dataset})")
        for query in tried:
            assert lang == "en" or query.split() == [query], f"{query!r}: a phrase of one word is tried here"
            one = oracle.parts(unicodedata.normalize("NFKC", query), alone=True, typed=True) if lang == "ja" else []
            part = {"part": one[0], "query": unicodedata.normalize("NFKC", query)} if len(one) == 1 else None
            kind = "stem" if lang == "en" else "part" if part else "parts"
            results = _search(page, query)
            exact = sum(oracle.holds(p, query) for p in mine)
            loose = (sum(oracle.loosely_holds(p, query) and not oracle.holds(p, query) for p in mine) if lang == "ja"
                     else sum(r["match"] == "stem" for r in results))
            loose_seen += loose
            said = [texts["none" if not exact else "one" if exact == 1 else "many"].replace(
                "{count}", str(exact)).replace("{query}", query)]
            if loose:
                said.append(fill(texts[f"{kind}One" if loose == 1 else f"{kind}Many"],
                                 {"count": str(loose), **(part or {})}))
                one_part_seen += bool(part)
            expected = ("" if lang == "ja" else " ").join(said)
            status = page.evaluate("() => document.getElementById('search-status').firstChild.textContent")
            if status != expected:
                problems.append(f"{query!r}: the status says {status!r}, not {expected!r}")
            notes = page.eval_on_selector_all("#search-results li", """items => items.map(li => {
                const link = li.querySelector('h2 a'), note = li.querySelector('.search__note');
                const described = document.getElementById(link.getAttribute('aria-describedby') || '');
                return {match: li.dataset.match, note: note && note.textContent,
                        shown: !!note && note.getBoundingClientRect().height > 0,
                        described: described && described === note};
            })""")
            for n, item in enumerate(notes, 1):
                if item["match"] == "exact" and (item["note"] or item["described"]):
                    problems.append(f"{query!r}: result {n} holds the words, and says {item['note']!r}")
                note = fill(texts["partNote"], part) if part else texts.get(f"{item['match']}Note")
                if item["match"] != "exact" and not (item["note"] == note
                                                     and item["shown"] and item["described"]):
                    problems.append(f"{query!r}: result {n}, found by {item['match']}, does not say so "
                                    f"(note {item['note']!r}, shown {item['shown']}, the link's description "
                                    f"{item['described']})")
    context.close()
    assert loose_seen, f"no {lang} query of the {built.name} site finds a page only loosely: the case is not tried"
    assert one_part_seen or lang == "en", f"no phrase of one part of the {built.name} site finds a page by it"
    assert not problems, numbered(problems)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_several_words_that_find_nothing_say_which_no_page_holds(searched_site, browser, lang: str) -> None:
    """'OpenAI xyzzy' said only that no page matches it, leaving the reader to guess which word to
    drop. The status line now names each word no page holds, or says that every word is on some page
    but none holds them all. Queries, from the oracle: the language's one-word query the most pages
    hold with a word no page holds; two one-word queries each held by some page, never by one page
    (nor, in Japanese, their parts by one section; the first such pair that English stems find
    nothing for either)."""
    built, pages, queries = searched_site
    mine = [p for p in pages.values() if p.lang == lang]
    def holding(query: str) -> set[str]:
        return {p.path for p in mine if oracle.holds(p, query)}
    single = [q for q in queries[lang] if re.fullmatch(r"\w+", q) and oracle.terms(q, lang) == [oracle.fold(q)]
              and holding(q)]
    held = max(single, key=lambda q: len(holding(q)))
    nowhere = next(word for word in ("xyzzy", "xyzzyq", "qxzqxz") if not holding(word))
    cases = [(f"{held} {nowhere}", nowhere)]
    apart = [f"{a} {b}" for a in single for b in single if a < b and not holding(f"{a} {b}")
             and not any(oracle.loosely_holds(p, f"{a} {b}") for p in mine if lang == "ja")][:10]
    context = browser.new_context(viewport={"width": 360, "height": 740})
    problems = []
    with SiteServer(built.output, built.base_path) as server:
        page = context.new_page()
        page.goto(server.url(f"{lang}/search/"))
        texts = page.eval_on_selector("#search-form", "form => ({...form.dataset})")
        for query in apart:              # the first that finds nothing at all
            if not _search(page, query):
                cases.append((query, None))
                break
        for query, missing in cases:
            results = _search(page, query)
            said = [texts["none"].replace("{query}", query),
                    texts["missing"].replace("{word}", missing) if missing else texts["apart"]]
            expected = ("" if lang == "ja" else " ").join(said)
            status = page.evaluate("() => document.getElementById('search-status').firstChild.textContent")
            if results or status != expected:
                problems.append(f"{query!r}: {len(results)} results, the status says {status!r}, not {expected!r}")
    context.close()
    assert len(cases) == 2, f"no two words of the {lang} queries that pages hold apart only: {cases}"
    assert not problems, numbered(problems)


def test_the_japanese_page_never_says_one_character_is_too_short(searched_site, browser) -> None:
    """The Japanese search searches words of one character (株, 円), yet punctuation alone ('？') was
    told what the English page says of 'a' (「2文字以上を入力してください。」), and a particle typed
    between words (と) that 「1文字の語は検索に使っていません。」. The Japanese page says what it left
    out: no word at all; the particles between the words (the form's own messages, shown)."""
    from babel.messages.pofile import read_po

    built, pages, queries = searched_site
    with (REPO / "locales/ja/LC_MESSAGES/messages.po").open("rb") as po:
        catalog = read_po(po)
    wrong = [catalog[text].string for text in ("Type at least two characters.",
                                                "Words of one character were left out.")]
    mine = [p for p in pages.values() if p.lang == "ja"]
    held = max((q for q in queries["ja"] if re.fullmatch(r"\w{2,}", q)),
               key=lambda q: sum(oracle.holds(p, q) for p in mine))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    with SiteServer(built.output, built.base_path) as server:
        page = context.new_page()
        page.goto(server.url("ja/search/"))
        texts = page.eval_on_selector("#search-form", "form => ({...form.dataset})")
        page.fill("#search-input", "？")
        page.keyboard.press("Enter")
        page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '？'"
                               " && document.getElementById('search-status').textContent")
        alone = page.inner_text("#search-status")
        _search(page, f"{held} と {held}")
        particle = page.inner_text("#search-status")
    context.close()
    assert alone == texts["short"] and texts["short"] not in wrong, alone
    assert particle.endswith(texts["skipped"]) and texts["skipped"] not in wrong, particle


def _unquoted(query: str) -> str | None:
    """The query without the quotes or brackets it is typed in ("deal", 「契約」), if it is."""
    opens, closes = unicodedata.category(query[0]) in ("Ps", "Pi"), unicodedata.category(query[-1]) in ("Pe", "Pf")
    if len(query) > 2 and (opens or query[0] in "\"'") and (closes or query[-1] in "\"'"):
        return query[1:-1]
    return None


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_query_in_quotes_is_shown_in_quotes_once(searched_site, browser, lang: str) -> None:
    """The status line puts the query in its language's quotes; a query typed in quotes ("deal",
    「契約」: the queries of this site's lists that are) was shown in both ('「「契約」」'). It finds
    what its words alone find as typed (not a phrase's parts, nor a word's other forms: a reader who
    quotes means the words as typed), so its status line is theirs, less any pages found loosely."""
    built, _, queries = searched_site
    quoted = [(query, bare) for query in queries[lang] if (bare := _unquoted(query)) and len(bare.split()) == 1]
    assert quoted, f"no query in quotes for {lang}: the case this is about is gone"
    context = browser.new_context(viewport=DESKTOP)
    shown = []
    with SiteServer(built.output, built.base_path) as server:
        page = context.new_page()
        page.goto(server.url(f"{lang}/search/"))
        for query, bare in quoted:      # the words alone find the same pages: the same status line
            statuses = []
            for typed in (query, bare):
                _search(page, typed)
                statuses.append(page.evaluate("() => document.getElementById('search-status').firstChild.textContent"))
            shown.append((query, *statuses))
    context.close()
    stop = "。" if lang == "ja" else ". "
    assert all(as_typed == alone.split(stop)[0].removesuffix(".") + stop.strip() for _, as_typed, alone in shown), shown


def _copied_sentence(pages, lang: str) -> str:
    """A sentence a reader copies from a page to find it again: the first of six words or more (in
    Japanese, twenty characters) in a section below the top of the page with the most sections."""
    page = max(pages, key=lambda p: (len(p.sections), p.path))
    pattern = r"[^。]{20,}。" if lang == "ja" else r"(?<![^\s])[A-Z][^.]*?(?: [^ .]+){5,}\."
    return next(found.group() for section in page.sections[1:] if (found := re.search(pattern, section.text)))


def _check(query: str, results: list[dict], expected: set[str], pages: dict, root: str, lang: str) -> list[str]:
    problems = []
    paths = [r["url"].removeprefix(root).split("#")[0] for r in results]
    exact = [path for path, r in zip(paths, results, strict=True) if r["match"] == "exact"]
    loose = {kind: [path for path, r in zip(paths, results, strict=True) if r["match"] == kind]
             for kind in ("stem", "parts")}
    if missing := expected - set(exact):
        problems.append(f"missing {sorted(missing)} (found {paths})")
    if extra := set(exact) - expected:
        problems.append(f"exact results that do not hold it: {sorted(extra)}")
    if lang == "ja" and loose["stem"]:
        problems.append(f"stem matches in Japanese: {loose['stem']}")
    # Japanese: the pages with a section that holds each part of a phrase (AWSの契約: aws, 契約) where
    # the page does not hold the phrase as typed, after the exact ones (none in English).
    parts = {path for path, p in pages.items() if lang == "ja" and oracle.loosely_holds(p, query)} - expected
    if set(loose["parts"]) != parts:
        problems.append(f"found by their parts {sorted(loose['parts'])}, not the pages whose sections hold them "
                        f"{sorted(parts)} ({oracle.term_parts(query)})")
    if (set(loose["stem"]) | set(loose["parts"])) & expected or paths[:len(exact)] != exact:
        problems.append(f"loose results must come after the exact ones: {[r['match'] for r in results]}")
    # Pages holding an English term of two letters as a word of their own (US, not the us of thus)
    # first, then title, heading, text.
    fields = [(not oracle.as_words(pages[path].full_text(), query, lang), oracle.field_of(pages[path], query))
              for path in exact if path in pages]
    if fields != sorted(fields):
        problems.append(f"not ranked (not as words, title/heading/text): {list(zip(exact, fields, strict=False))}")
    for path, result in zip(exact, results, strict=False):
        anchor = result["url"].split("#", 1)[1] if "#" in result["url"] else ""
        sections = [s for s in pages[path].sections if s.anchor == anchor] if path in pages else []
        def held(section) -> int:
            return sum(term in oracle.fold(section.heading + "\n" + section.text) for term in oracle.terms(query, lang))
        if not sections or not held(sections[0]):
            problems.append(f"{result['href']} is not a section that holds it")
        elif oracle.as_words(pages[path].full_text(), query, lang) and not oracle.as_words(
                f"{sections[0].heading}\n{sections[0].text}", query, lang) and len(oracle.terms(query, lang)) == 1:
            problems.append(f"{result['href']} holds it only inside other words, other sections as a word")
        elif held(sections[0]) < max(map(held, pages[path].sections)):      # a sentence copied from a section
            problems.append(f"{result['href']} holds {held(sections[0])} of the terms, another section of the "
                            f"page {max(map(held, pages[path].sections))}")
        if not result["marked"]:
            problems.append(f"{result['href']}: nothing marked in its title, heading or excerpt")
        if sections and result["excerpt"].strip("…") not in _joined(sections[0].text or sections[0].heading, lang):
            problems.append(f"{result['href']}: the excerpt {result['excerpt']!r} is not the section's text")
        # The excerpt of an exact result shows the words as typed (not only a stem or a part of them).
        held = [term for term in oracle.terms(query, lang) if sections and term in oracle.fold(sections[0].text)]
        if held and not any(term in oracle.fold(mark) for mark in result["excerptMarks"] for term in held):
            problems.append(f"{result['href']}: the excerpt {result['excerpt']!r} marks {result['excerptMarks']}, "
                            f"none of {held}")
    # Every occurrence of a term in an excerpt is marked (ｸﾗｳﾄﾞ in a page: its ﾄﾞ is one folded character).
    for result in results:
        if unmarked := [term for term in oracle.terms(query, lang) if term in oracle.fold(result["excerptUnmarked"])]:
            problems.append(f"{result['href']}: {unmarked} not marked in the excerpt {result['excerpt']!r}")
    # Japanese: what is marked is a term or a part of one (the excerpt may cut the last mark short).
    words = oracle.terms(query, lang) + [part for found in oracle.term_parts(query).values() for part in found]
    for result in results if lang == "ja" else []:
        stray = [mark for mark in result["allMarks"] if not any(oracle.fold(mark) in word for word in words)]
        if stray:
            problems.append(f"{result['href']}: marked {stray}, which are not the words {words}")
    for path, result in zip(paths, results, strict=True):
        if result["match"] != "parts":
            continue
        anchor = result["url"].split("#", 1)[1] if "#" in result["url"] else ""
        texts = [oracle.fold(s.heading + "\n" + s.text) for s in pages[path].sections if s.anchor == anchor]
        if not texts or not any(found and all(part in texts[0] for part in found)
                                for found in oracle.term_parts(query).values()):
            problems.append(f"{result['href']} is not a section that holds the parts {oracle.term_parts(query)}")
        if not result["marked"]:
            problems.append(f"{result['href']}: nothing marked in its title, heading or excerpt")
    return problems


def _joined(text: str, lang: str) -> str:
    """A section's lines as a reader reads them run together: in Japanese a sentence goes on
    after 。 with nothing between (never ". "), other lines with one space."""
    out = ""
    for line in text.split("\n"):
        out += ("" if not out or (lang == "ja" and out[-1] in "。．！？」』）】〉》!?.)") else " ") + line
    return out


# Each "also in" paragraph at phone width: where each separator (', ', '、') starts on its line.
SEPARATOR_LEFTS_JS = """separator => [...document.querySelectorAll('.search__also')].flatMap(p => {
    const left = p.getBoundingClientRect().left, out = [];
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.data.trim() !== separator.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const first = [...range.getClientRects()].find(r => r.width > 0);
        if (first) out.push({text: p.textContent, atLineStart: first.left - left < 1});
    }
    return out;
})"""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_line_of_other_sections_never_starts_with_a_separator(searched_site, browser, lang: str) -> None:
    """On a phone the list of other sections that hold the words wraps; a separator (', ', '、')
    stays at the end of the line with the link before it, never opens the next line (the
    queries: those whose results list at least two other sections, found by the oracle)."""
    built, pages, queries = searched_site
    def other_sections(query: str) -> int:
        return max((sum(all(term in oracle.fold(s.heading + "\n" + s.text) for term in oracle.terms(query, lang))
                        for s in p.sections) - 1 for p in pages.values() if p.lang == lang), default=0)
    listing = [query for query in queries[lang] if other_sections(query) >= 2]
    if not listing:
        pytest.skip(f"no query lists two other sections on the {built.name} site")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    problems, separators = [], 0
    with SiteServer(built.output, built.base_path) as server:
        page = context.new_page()
        page.goto(server.url(f"{lang}/search/"))
        separator = page.eval_on_selector("#search-form", "form => form.dataset.separator")
        for query in listing:
            _search(page, query)
            found = page.evaluate(SEPARATOR_LEFTS_JS, separator)
            separators += len(found)
            problems += [f"{query!r}: a line starts with {separator!r} in {f['text']!r}"
                         for f in found if f["atLineStart"]]
    context.close()
    assert separators, f"no separator shown for {listing}"
    assert not problems, numbered(problems)


SLOW = int(re.search(r"const SLOW = (\d+);", (REPO / "static/js/search.js").read_text()).group(1))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_typing_on_keeps_the_results_and_announces_only_them(searched_site, browser, lang: str) -> None:
    """A reader types a word letter by letter, pausing longer than search.js waits, at 360 px. The
    results of what is typed so far stay until the next ones are drawn: the list emptied at each
    keystroke, so the page under the field collapsed and grew again. The status line, a live
    region that a screen reader reads at every change, says "Searching…" only of a search slower
    than SLOW ms, never before every count (searches take a few ms once the index is loaded).
    The word: the language's one-word query (four characters or more) the most pages hold (by the
    oracle); each of its beginnings is held by those pages too."""
    built, pages, queries = searched_site
    mine = [p for p in pages.values() if p.lang == lang]
    words = [q for q in queries[lang] if len(q) >= 4 and len(oracle.terms(q)) == 1 and q == oracle.terms(q)[0]]
    word = max(words, key=lambda q: sum(oracle.holds(p, q) for p in mine))
    context = browser.new_context(viewport={"width": 360, "height": 800})
    with SiteServer(built.output, built.base_path) as server:
        page = context.new_page()
        page.goto(server.url(f"{lang}/search/"))
        _search(page, word[:2])                      # the index loaded, results shown
        page.evaluate("""() => {
            const list = document.getElementById('search-results'), status = document.getElementById('search-status');
            const input = document.getElementById('search-input');
            window.seen = {inputs: [], statuses: [], empty: 0};
            input.addEventListener('input', () => seen.inputs.push(performance.now()));
            new MutationObserver(() => seen.statuses.push([performance.now(), status.textContent]))
                .observe(status, {childList: true, subtree: true, characterData: true});
            new MutationObserver(() => { if (!list.children.length) seen.empty++; }).observe(list, {childList: true});
        }""")
        page.focus("#search-input")
        for char in word[2:]:
            page.keyboard.type(char)
            page.wait_for_timeout(300)             # longer than search.js waits after a keystroke
        _search(page, word)
        seen = page.evaluate("seen")
        loading = page.eval_on_selector("#search-form", "form => form.dataset.loading")
    context.close()
    early = [(text, round(at - max(t for t in seen["inputs"] if t <= at))) for at, text in seen["statuses"]
             if text == loading and at - max(t for t in seen["inputs"] if t <= at) < SLOW]
    assert not seen["empty"], f"typing {word!r}: the results list emptied {seen['empty']} times between results"
    assert not early, f"typing {word!r}: 'Searching…' announced before each count (ms after the keystroke): {early}"


def test_a_query_is_searched_once_the_input_method_has_composed_it(searched_site, browser) -> None:
    """A Japanese reader types くらうど through an input method and converts it to クラウド: what
    is still being composed (く, くら, くらうd…) is not searched (no results flashing, no "no
    match" announced by the status line for each keystroke); the converted text is, at once."""
    built, pages, _ = searched_site
    query = "クラウド"
    expected = {path for path, p in pages.items() if p.lang == "ja" and oracle.holds(p, query)}
    context = browser.new_context(viewport={"width": 390, "height": 844})
    with SiteServer(built.output, built.base_path) as server:
        page = context.new_page()
        page.goto(server.url("ja/search/"))
        page.focus("#search-input")
        cdp = context.new_cdp_session(page)
        composing = []
        for text in ("く", "くら", "くらう", "くらうd"):
            cdp.send("Input.imeSetComposition", {"text": text, "selectionStart": len(text), "selectionEnd": len(text)})
            page.wait_for_timeout(400)        # longer than search.js waits after a keystroke
            composing.append((text, page.inner_text("#search-status"), page.locator("#search-results li").count()))
        cdp.send("Input.insertText", {"text": query})
        page.wait_for_function("q => document.getElementById('search-status').textContent.includes(q)", arg=query)
        found = page.locator("#search-results li").count()
    context.close()
    assert all(not status and not shown for _, status, shown in composing), f"searched while composing: {composing}"
    assert expected and found == len(expected), f"{query!r} found {found} pages, {len(expected)} hold it"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_back_from_a_result_returns_to_the_same_place_in_the_results(searched_site, browser, lang: str) -> None:
    """A reader scrolls down the results on a phone, opens one, and comes back: the results are
    there again and so is the reader, at the same place (not at the top of the page). The query:
    the language's one that the most pages hold (found by the oracle)."""
    built, pages, queries = searched_site
    mine = [p for p in pages.values() if p.lang == lang]
    query = max(queries[lang], key=lambda q: sum(oracle.holds(p, q) for p in mine))
    context = browser.new_context(viewport={"width": 390, "height": 700})
    with SiteServer(built.output, built.base_path) as server:
        page = context.new_page()
        page.goto(server.url(f"{lang}/search/"))
        _search(page, query)
        last = page.locator("#search-results li h2 a").last
        last.scroll_into_view_if_needed()
        before = page.evaluate("scrollY")
        with page.expect_navigation(wait_until="load"):
            last.click()
        page.go_back(wait_until="load")
        page.wait_for_function("q => document.getElementById('search-status').textContent.includes(q)", arg=query)
        with contextlib.suppress(PlaywrightTimeout):      # search.js restores the place; if it does not, say where
            page.wait_for_function("y => Math.abs(scrollY - y) <= 2", arg=before, timeout=10_000)
        after = page.evaluate("scrollY")
    context.close()
    if before < 50:
        pytest.skip(f"the results for {query!r} fit on the first screen")
    assert abs(after - before) <= 2, f"back from a result of {query!r}: at {after}px, the reader was at {before}px"


def test_japanese_in_english_results_is_marked_japanese(searched_site, browser) -> None:
    """An English page that quotes Japanese (the sources page's Japanese titles) marks it
    lang="ja"; its search results must too (a screen reader's Japanese voice, a Japanese font).
    The query: the first Japanese words (four characters) of the English pages' indexed text."""
    built, pages, _ = searched_site
    runs = sorted(run for p in pages.values() if p.lang == "en"
                  for run in re.findall(r"[\u3040-\u30ff\u3400-\u9fff]{4,}", p.full_text()))
    if not runs:
        pytest.skip(f"no English page of the {built.name} site quotes Japanese")
    context = browser.new_context(viewport=DESKTOP)
    with SiteServer(built.output, built.base_path) as server:
        page = context.new_page()
        page.goto(server.url("en/search/"))
        results = _search(page, runs[0][:4])
        unmarked = page.evaluate("""() => {
            const walker = document.createTreeWalker(document.getElementById('search-results'), NodeFilter.SHOW_TEXT);
            const out = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (/[\\u3040-\\u30ff\\u3400-\\u9fff]/.test(node.data)
                    && !node.parentElement.closest('[lang]')?.lang.startsWith('ja')) out.push(node.data);
            }
            return out;
        }""")
    context.close()
    assert results, f"{runs[0][:4]!r} found nothing on the English search page"
    assert not unmarked, f"Japanese in English results without lang=ja: {unmarked}"


RESULTS_AT_A_TIME = int(re.search(r"const PAGE = (\d+);", (REPO / "static/js/search.js").read_text()).group(1))


@pytest.fixture(scope="module")
def many_results_site(tmp_path_factory: pytest.TempPathFactory):
    """The search fixture and enough pages more, each about the cloud, that a search for "cloud"
    has more results than the page shows at a time, twice over."""
    root = tmp_path_factory.mktemp("search-many")
    assemble(SITES / "valid", root)
    shutil.rmtree(root / "content")
    shutil.copytree(FIXTURE / "content", root / "content")
    for n in range(2 * RESULTS_AT_A_TIME + 1):
        (root / "content" / "en" / f"cloud-{n}.md").write_text(
            f"---\ntitle: Cloud note {n}\ndescription: Note {n} on the cloud.\ndate: 2025-12-08\n---\n"
            f"The cloud, note {n}.\n", encoding="utf-8")
    return build_site("many-results", root)


def test_showing_more_results_moves_the_keyboard_to_them(many_results_site, browser) -> None:
    """A keyboard reader presses "Show more results": focus goes to the first result just shown
    (not left on the button below them, and never lost to the page's top when the button goes
    away with the last results)."""
    built = many_results_site
    context = browser.new_context(viewport=DESKTOP)
    problems = []
    with SiteServer(built.output, built.base_path) as server:
        page = context.new_page()
        page.goto(server.url("en/search/?q=cloud"))
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0", timeout=15_000)
        presses = 0
        while page.locator("#search-more").is_visible():
            before = page.locator("#search-results li").count()
            page.focus("#search-more")
            page.keyboard.press("Enter")
            page.wait_for_function(f"() => document.querySelectorAll('#search-results li').length > {before}")
            presses += 1
            focused = page.evaluate("""before => {
                const first = document.querySelectorAll('#search-results li')[before];
                const el = document.activeElement;
                return {onFirstNew: !!first && first.querySelector('a') === el,
                        what: el === document.body ? 'the page (focus lost)' : el.outerHTML.slice(0, 80)};
            }""", before)
            if not focused["onFirstNew"]:
                problems.append(f"after showing more (press {presses}, {before} results before): "
                                f"focus is on {focused['what']}, not the first new result")
    context.close()
    assert presses >= 2, f"'cloud' needs the button only {presses} time(s): the case is not tried"
    assert not problems, numbered(problems)


PHRASE_PAGES = int(re.search(r"PHRASE_PAGES = (\d+);", (REPO / "static/js/search/engine.js").read_text()).group(1))


def test_a_phrase_whose_text_is_not_read_says_so(many_results_site, browser) -> None:
    """A phrase in quotes is found where a line holds its words together, which the search reads in
    the text of the first pages that hold its words; the pages past those hold its words, perhaps not
    together, and say so (the status line, the note under each, its link's description), after the
    pages that hold the phrase. '"cloud note"': every page "Cloud note n" holds it, more of them than
    are read."""
    built = many_results_site
    query = '"cloud note"'
    pages = [oracle.indexed_text(file.relative_to(built.output).as_posix(), file.read_text(encoding="utf-8"))
             for file in sorted(built.output.rglob("*.html"))]
    mine = [p for p in pages if p is not None and p.lang == "en"]
    holding = {p.path for p in mine if oracle.holds(p, query)}
    def together(section: oracle.OracleSection) -> bool:
        return all(word in oracle.fold(f"{section.heading}\n{section.text}") for word in ("cloud", "note"))
    with_words = {p.path for p in mine if any(map(together, p.sections))}       # in one section
    assert len(with_words) > PHRASE_PAGES, f"{len(with_words)} pages hold the words: all are read, not tried"
    context = browser.new_context(viewport={"width": 360, "height": 740})
    with SiteServer(built.output, built.base_path) as server:
        page = context.new_page()
        page.goto(server.url("en/search/"))
        texts = page.eval_on_selector("#search-form", "form => ({...form.dataset})")
        results = _search(page, query)
        status = page.evaluate("() => document.getElementById('search-status').firstChild.textContent")
        notes = page.eval_on_selector_all("#search-results li.search__result", """items => items.map(li => {
            const link = li.querySelector('h2 a'), note = li.querySelector('.search__note');
            return {note: note && note.textContent,
                    described: !!note && link.getAttribute('aria-describedby') === note.id};
        })""")
    context.close()
    root = server.url("")
    paths = [r["url"].removeprefix(root).split("#")[0] for r in results]
    exact = [path for path, r in zip(paths, results, strict=True) if r["match"] == "exact"]
    loose = [path for path, r in zip(paths, results, strict=True) if r["match"] == "phrase"]
    assert set(exact) <= holding and len(exact) == PHRASE_PAGES and paths == exact + loose, (exact, loose)
    assert set(paths) == with_words, sorted(with_words - set(paths))
    assert all(n["note"] == texts["phraseNote"] and n["described"] for n, r in zip(notes, results, strict=True)
               if r["match"] == "phrase"), notes
    assert status.endswith(texts["phraseOne" if len(loose) == 1 else "phraseMany"].replace("{count}", str(len(loose))))
