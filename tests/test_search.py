"""Search: what is indexed, the index against its oracle, and the search page in Chromium.

The index is checked key by key against tests/search_oracle.py (an html.parser reading of
the built pages): every pair of characters, every triple with its positions, every token.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitegen.output.search import search_index
from sitegen.output.searchkeys import RUN, fold
from sitegen.output.searchtext import search_doc
from sitegen.pipeline import BuildResult, build
from sitegen.render.security import csp

from . import search_oracle as oracle
from .browser.harness import SiteServer, chromium, copy_repo_inputs, has_real_content
from .conftest import REPO, SITES, assemble

PREFIX = "/explainer/"          # the fixture's base_url path: the site is served under it


@pytest.fixture(scope="module")
def searchable(tmp_path_factory) -> tuple[Path, BuildResult]:
    root = assemble(SITES / "valid", tmp_path_factory.mktemp("search") / "project")
    return root, build(root)


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> BuildResult:
    if not has_real_content():
        pytest.skip("no real content yet")
    return build(copy_repo_inputs(tmp_path_factory.mktemp("real") / "project"))


def pages_of(result: BuildResult) -> dict[str, oracle.OraclePage]:
    found = {}
    for path, data in sorted(result.tree.items()):
        if path.endswith(".html"):
            page = oracle.indexed_text(path, data.decode("utf-8"))
            if page is not None:
                found[page.path] = page
    return found


def test_one_index_per_language_without_fallback_pages(searchable) -> None:
    _root, result = searchable
    assert oracle.manifest(result.tree, "ja")["mode"] == "chars"
    assert oracle.manifest(result.tree, "en")["mode"] == "words"
    # ja: home, deal, glossary, only-ja; en: home, deal, glossary (en/only-ja/ is a fallback)
    assert len(oracle.manifest(result.tree, "ja")["pages"]) == 4
    assert len(oracle.manifest(result.tree, "en")["pages"]) == 3
    docs = {oracle.inflate(data) for path, data in result.tree.items() if path.startswith("search/en/d/")}
    assert not [doc for doc in docs if b"only-ja" in doc], "the fallback page is not indexed"


def test_the_same_pages_give_the_same_index(searchable) -> None:
    _root, result = searchable
    pages = {path: data for path, data in result.tree.items() if path.endswith(".html")}
    first, second = search_index(pages), search_index(dict(reversed(pages.items())))
    assert first == second
    assert first == {path: data for path, data in result.tree.items() if path.startswith("search/")}


@pytest.mark.parametrize("which", ["valid", "real"])
def test_the_text_read_for_the_index_is_the_oracles(which, searchable, request) -> None:
    result = searchable[1] if which == "valid" else request.getfixturevalue("real")
    expected = pages_of(result)
    assert expected, "no searchable page"
    for path, page in expected.items():
        doc = search_doc(path + "index.html", result.tree[path + "index.html"].decode("utf-8"))
        assert doc is not None and doc.lang == page.lang and doc.title == page.title, path
        got = [(s.anchor, s.heading, " ".join(s.text.split())) for s in doc.sections]
        want = [(s.anchor, s.heading, " ".join(s.text.split())) for s in page.sections]
        assert got == want, path


def test_furniture_is_not_indexed(real) -> None:
    text = "\n".join(page.full_text() for page in pages_of(real).values())
    html = "".join(data.decode("utf-8") for path, data in real.tree.items() if path.endswith(".html"))
    furnitures = ("データをダウンロード（CSV）", "Download data (CSV)", "操作できるグラフにする",
                  "Interactive version", "目次", "Contents", "Source: ")
    for furniture in furnitures:
        assert furniture in html, f"{furniture!r} is no longer on any page: pick other furniture to test"
        assert furniture not in text, furniture
    assert not oracle.re.search(r"\[\d+(, \d+)*\]", text), "citation markers like [4] are not indexed"
    categories = [line for line in text.split("\n") if line in {"microsoft", "aws", "cloud", "chips", "finance"}]
    assert not categories, categories


@pytest.mark.parametrize("which", ["valid", "real"])
def test_every_key_finds_exactly_the_sections_that_hold_it(which, searchable, request) -> None:
    """Pairs (with counts and heading flags), triples with their positions, tokens: all of
    them, against the folded section texts of the oracle."""
    result = searchable[1] if which == "valid" else request.getfixturevalue("real")
    pages = pages_of(result)
    for lang in ("ja", "en"):
        mine = sorted((p for p in pages.values() if p.lang == lang), key=lambda p: p.path)
        assert [len(p.sections) for p in mine] == oracle.manifest(result.tree, lang)["pages"]
        texts = [(fold(s.heading), fold(s.heading) + "\n" + fold(s.text)) for p in mine for s in p.sections]
        records = oracle.all_records(result.tree, lang)
        if lang == "ja":
            _check_chars_index(texts, records)
        else:
            _check_words_index(texts, records)


def _check_chars_index(texts: list[tuple[str, str]], records: dict[str, bytes]) -> None:
    runs = [RUN.findall(text) for _, text in texts]
    pairs = {run[i:i + 2] for rs in runs for run in rs for i in range(len(run) - 1)}
    pairs |= {char for rs in runs for run in rs for char in run}        # and each character (円, 株)
    triples = {run[i:i + 3] for rs in runs for run in rs for i in range(len(run) - 2)}
    assert {k[1:] for k in records if k[0] == "b"} == pairs
    assert {k[1:] for k in records if k[0] == "p"} == triples
    for pair in pairs:
        posting = oracle.section_posting_of(records["b" + pair])
        expected = {s: (min(sum(text.startswith(pair, i) for i in range(len(text))), 255), pair in heading)
                    for s, (heading, text) in enumerate(texts) if pair in text}
        assert {s: (c, h) for s, (c, h) in posting.items()} == expected, pair
    for triple in triples:
        positions = oracle.position_posting(records["p" + triple])
        expected = {s: [i for i in range(len(text)) if text.startswith(triple, i)]
                    for s, (_, text) in enumerate(texts) if triple in text}
        assert positions == expected, triple


def _check_words_index(texts: list[tuple[str, str]], records: dict[str, bytes]) -> None:
    tokens = {token for _, text in texts for token in RUN.findall(text)}
    for key, payload in records.items():
        kind, gram = key[0], key[1:]
        if kind == "t":
            entry = oracle.token_entry(payload)
            assert set(entry) == {t for t in tokens if gram in t}, key
            for token, posting in entry.items():
                expected = {s: (min(RUN.findall(text).count(token), 255), token in RUN.findall(heading))
                            for s, (heading, text) in enumerate(texts) if token in RUN.findall(text)}
                assert posting == expected, token
        elif kind == "w":               # two characters, as a word (US, not the us of thus)
            posting = oracle.section_posting_of(payload)
            assert len(gram) == 2 and set(posting) == {
                s for s, (_, text) in enumerate(texts) if gram in map(_word, RUN.findall(text))}, key
            assert {s for s, (_, h) in posting.items() if h} == {
                s for s, (heading, _) in enumerate(texts) if gram in map(_word, RUN.findall(heading))}, key
        else:
            assert kind == "s" and (len(gram) == 2 or cjk(gram)), key
            posting = oracle.section_posting_of(payload)
            holding = {s for s, (_, text) in enumerate(texts) if any(gram in t for t in RUN.findall(text))}
            assert set(posting) == holding, key
            assert {s for s, (_, h) in posting.items() if h} == {
                s for s, (heading, _) in enumerate(texts) if any(gram in t for t in RUN.findall(heading))}, key
    short = {t[i:i + 2] for t in tokens for i in range(len(t) - 1)} | {c for t in tokens for c in t if cjk(c)}
    assert {k[1:] for k in records if k[0] == "s"} == short
    assert {k[1:] for k in records if k[0] == "w"} == {word for t in tokens if len(word := _word(t)) == 2}


def _word(token: str) -> str:
    """A token less the punctuation around it: "(us)," is us."""
    while token and not token[0].isalnum():
        token = token[1:]
    while token and not token[-1].isalnum():
        token = token[:-1]
    return token


def cjk(char: str) -> bool:
    """A Japanese word of one character (円, 株) in English pages: a CJK letter or digit."""
    return len(char) == 1 and char.isalnum() and ord(char) >= 0x2E80


# --- the search page in Chromium ------------------------------------------------------------

@pytest.fixture(scope="module")
def served(searchable) -> Iterator[str]:
    """site/ under PREFIX with the `_headers` policy as a real header, like a host would."""
    root, _result = searchable
    with SiteServer(root / "site", PREFIX, [("Content-Security-Policy", csp(header=True))]) as running:
        yield running.url()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize(("lang", "query", "expected", "absent"), [
    ("ja", "契約", "ja/deal/", "en/"),
    ("ja", "英語版", "ja/only-ja/", "en/"),
    ("en", "worth", "en/deal/", "ja/"),
])
def test_search_page_finds_words_under_the_policy_without_other_hosts(
        browser, served: str, lang: str, query: str, expected: str, absent: str) -> None:
    page = browser.new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(served + f"{lang}/search/")
    page.fill("#search-input", query)
    results = page.locator("#search-results a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href").split("#")[0] for i in range(results.count())]
    assert served + expected in hrefs, hrefs
    assert not [h for h in hrefs if h.startswith(served + absent)], "results stay in the page's language"
    assert query in page.locator("#search-status").inner_text()
    assert not problems, problems
    foreign = [url for url in requests if not url.startswith(served.rsplit(PREFIX, 1)[0])]
    assert not foreign, foreign
    page.close()


def test_search_in_english_does_not_find_the_japanese_fallback(browser, served: str) -> None:
    page = browser.new_page()
    page.goto(served + "en/search/?q=英語版")       # the query parameter starts a search
    # (a locator, not wait_for_function: the page's CSP rightly refuses Playwright's string eval)
    page.locator("#search-status", has_text="英語版").wait_for(timeout=15000)
    assert page.locator("#search-results li").count() == 0
    page.close()


# Where the status line is drawn: read after two frames, so what a reader sees, laid out.
STATUS_TOP = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() =>
    done(Math.round(document.getElementById('search-status').getBoundingClientRect().top + scrollY)))))"""
STYLED = ("() => document.readyState !== 'loading' && document.fonts.status === 'loaded'"
          " && [...document.styleSheets].every(s => s.cssRules.length)")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_search_page_does_not_move_when_its_script_runs(browser, served: str, lang: str) -> None:
    """On a slow phone the page is drawn before search.js (a module, deferred) has run: what it
    shows then must stay where it is once the script runs, or the text under the form jumps down
    (Lighthouse's mobile run measured that layout shift on both search pages). search.js is held
    back until the page is parsed and styled; the status line under the form must be at the
    same place before and after it runs."""
    held = []
    page = browser.new_page(viewport={"width": 412, "height": 823})
    page.route("**/js/search.js", lambda route: held.append(route))
    page.goto(served + f"{lang}/search/", wait_until="commit")
    while not page.evaluate(STYLED):
        page.wait_for_timeout(20)
    before = page.evaluate(STATUS_TOP)
    while not held:
        page.wait_for_timeout(20)
    held[0].continue_()
    page.wait_for_load_state("load")
    page.locator("#search-input").focus()        # search.js runs: the form is in use
    after = page.evaluate(STATUS_TOP)
    assert after == before, f"the status line moved from {before} px to {after} px when search.js ran"
    page.close()


def test_without_javascript_the_page_says_why_and_where_to_go(browser, served: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "ja/search/")
    assert not page.locator("#search-form").is_visible(), "no form that cannot work"
    notice = page.locator("main .notice")
    assert "JavaScript" in notice.inner_text()
    link = urljoin(page.url, notice.locator("a").get_attribute("href"))
    assert link == served + "ja/#article-list-title", "to the home page's list of every explainer"
    context.close()


def test_the_scripts_hold_no_regular_expression_safari_before_16_4_cannot_parse() -> None:
    """fold.js's digit-group pattern (4e24416) looked behind for its digit: Safari before 16.4 (iOS 15,
    16.0-16.3) cannot parse a lookbehind, so the search module, and with it the whole search, failed
    to load there. None of the site's own scripts holds one."""
    scripts = sorted((REPO / "static/js").rglob("*.js"))
    assert scripts
    behind = [path.relative_to(REPO).as_posix() for path in scripts
              if "(?<=" in (text := path.read_text(encoding="utf-8")) or "(?<!" in text]
    assert behind == []


def test_the_vendored_stemmer_is_the_recorded_one_with_its_licence() -> None:
    import hashlib

    from .conftest import REPO

    for line in (REPO / "scripts" / "vendor_stemmer.sha256").read_text(encoding="utf-8").splitlines():
        digest, name = line.split()
        assert hashlib.sha256((REPO / name).read_bytes()).hexdigest() == digest, name
    assert "MIT License" in (REPO / "static/vendor/stemmer-2.0.1/LICENSE").read_text(encoding="utf-8")
    assert "stemmer-2.0.1/index.js" in (REPO / "static/js/search/engine.js").read_text(encoding="utf-8")


# Numbers with digit-group commas and without, lists that are not digit groups, and the other folds;
# marks NFKC joins to the character before them (half-width ﾄﾞ and ﾊﾟ, a combining voiced mark, an accent).
FOLD_CASES = ["1,000億ドル", "１，０００億ドル", "38,000", "38000", "1,000,000", "1, 2", "1,2", "1,0000", "1,00",
              "2,592個", "October 6, 2025", "a,000", "AWS’s", "クラウド", "gptーoss", "multi-cloud", "ＧＰＴ－４",
              "半角のｸﾗｳﾄﾞとﾊﾟｰﾄﾅｰ", "テ\u3099ータ", "cafe\u0301", "U.S.", "(U.S.)", "U.S.-based", "non-U.S. buyers",
              "Ｕ．Ｓ．", "A.I. and U.S", "x.ai", "node.js", "3.a.b", "Ph.D.", "1,000 U.S.A."]


def test_the_search_script_folds_as_the_index(browser, served: str, searchable) -> None:
    """static/js/search/fold.js (with the manifest's table) gives what searchkeys.fold gives, for
    the cases above and every line of the fixture's indexed text, and so does the oracle; its map
    places each folded character back in the text (a digit-group comma left out included)."""
    _root, result = searchable
    lines = sorted({line for page in pages_of(result).values() for line in page.full_text().split("\n")})
    texts = FOLD_CASES + lines
    table = oracle.manifest(result.tree, "ja")["fold"]
    page = browser.new_page()
    page.goto(served + "ja/search/")
    got = page.evaluate("""async ([url, table, texts]) => {
        const { makeFold } = await import(url);
        const { fold, foldWithMap } = makeFold(table);
        return texts.map((text) => {
            const { folded, from, to } = foldWithMap(text);
            return [fold(text), folded, from.every((a, k) => fold(text.slice(a, to[k])).includes(folded[k]))];
        });
    }""", [served + "js/search/fold.js", table, texts])
    page.close()
    wrong = [(text, fold(text), js) for text, js in zip(texts, got, strict=True)
             if js[:2] != [fold(text)] * 2 or not js[2] or oracle.fold(text) != fold(text)]
    assert not wrong, wrong
    assert fold("1,000億ドル") == fold("1000億ドル") and fold("1, 2") != fold("12"), "digit groups, not lists"
    assert fold("U.S.-based") == fold("US-based") and fold("x.ai") != fold("xai"), "abbreviations, not names"
