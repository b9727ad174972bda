"""The mechanical rules of docs/style-ja.md, checked on the built Japanese pages of the real site.

Only the article text is read: what is inside <main>, minus source lists, citations, chart source
lines, code, chart drawings and anything marked as another language. A publisher's name (data/sources)
is a proper name: a piece of text that is nothing but one (a linked source in a chart's table or the
timeline, optionally with its date in brackets) is not read. The same word in running text is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from .conftest import REPO

JA = "\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e"       # kana, kanji, full-width forms
RULES = {   # rule → (pattern, what to write instead): docs/style-ja.md, the rules marked ［自動］
    "half-width punctuation next to Japanese": (
        re.compile(rf"(?<=[{JA}])[,.:;!?()]|[,:;!?()](?=[{JA}])"), "use 、。：；！？（） next to Japanese text"),
    "full-width digits or letters": (re.compile(r"[０-９Ａ-Ｚａ-ｚ]"), "write 2025, AWS in half-width"),
    "half-width katakana": (re.compile(r"[\uff61-\uff9f]"), "write katakana in full width"),
    "kanji numeral before 週間": (re.compile(r"[一二三四五六七八九十]週間"), "write 1週間"),
    "kanji numeral before a counter": (   # 何十回, 数十社 and words such as 一部, 一方, 一日中 stay
        re.compile(r"(?<![何数十百千万])[一二三四五六七八九](?=件|社|台|基|個|年分|年間|カ月|カ所|人|回(?!り))"),
        "write 1件, 1社, 1年分 (counts are in digits)"),
    "digit before the counter つ": (re.compile(r"\d(?=つ)"), "write 一つ, 三つ (a native Japanese count)"),
    "month counter other than カ月": (re.compile(r"[ヶヵケか]月"), "write 18カ月"),
    "place counter other than カ所": (re.compile(r"[ヶヵケか]所"), "write 5カ所"),
    "first-person plural": (re.compile(r"私たち|我々|われわれ|筆者"), "write 編集部"),
    "project jargon シード記事": (re.compile(r"シード記事"), "write 元記事, defined at first use"),
    "Latin company name": (re.compile(
        r"Microsoft|Oracle|SoftBank|Broadcom|Nvidia|NVIDIA(?! (?:GB|DGX|Grace|Vera|Blackwell))"
        r"|Google(?! (?:Cloud|TPU))|Amazon(?! (?:EC2|Bedrock|Web Services|Science))|Anthropic|Gartner"),
        "write マイクロソフト, オラクル, ソフトバンクグループ, ブロードコム, エヌビディア, グーグル, アマゾン, "
        "アンソロピック, ガートナー"),
    "digit grouping before 万・億・兆": (re.compile(r"\d,\d{3}(?=[万億兆])"), "write 3000億, not 3,000億"),
    "住所 for a web address": (re.compile(r"住所"), "write URL (the site names no postal address)"),
    # ソフトバンク alone is SoftBank Corp., the group's telecoms arm (Sakai, Tomakomai); the group,
    # Stargate's funder and OpenAI's investor, is ソフトバンクグループ. Quotations keep their words, and
    # once a page has introduced the arm as 通信子会社ソフトバンク, ソフトバンク alone names it (INTRODUCED).
    "ソフトバンク for the group": (re.compile(r"(?<!通信子会社)ソフトバンク(?!グループ)(?![^「」]*」)"),
                                "write ソフトバンクグループ (ソフトバンク alone is its telecoms arm, "
                                "introduced as 通信子会社ソフトバンク)"),
    "最新 for a model or product": (re.compile(r"最新(?:の)?(?:モデル|製品|チップ|GPU|システム)"),
                               "write 最先端モデル or the name: the newest when written is not when read"),
}
# rule → the words after which, on the same page, what the rule forbids is allowed (docs/style-ja.md:
# 「ソフトバンクグループの通信子会社ソフトバンク」と紹介してから使います).
INTRODUCED = {"ソフトバンク for the group": "通信子会社ソフトバンク"}
SKIP_TAGS = {"script", "style", "svg", "code", "pre", "template"}
SKIP_CLASSES = {"citations", "source-list", "chart__source", "timeline__source"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ArticleText(HTMLParser):
    """The text inside <main> that the style sheet governs."""

    def __init__(self, names: tuple[str, ...] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []     # (tag, skipped) for every open element
        self.parts: list[str] = []
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self.name_only = re.compile(rf"\s*(?:{alternatives})(?:（[^）]*）)?\s*") if names else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        a = dict(attrs)
        other_lang = tag != "html" and a.get("lang") not in (None, "ja")
        skipped = tag in SKIP_TAGS or bool(set((a.get("class") or "").split()) & SKIP_CLASSES) or other_lang
        self.stack.append((tag, skipped or bool(self.stack and self.stack[-1][1])))

    def handle_endtag(self, tag: str) -> None:
        if any(t == tag for t, _ in self.stack):
            while self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.name_only and self.name_only.fullmatch(data):
            data = " "                               # a source's name, as a chart table or the timeline lists it
        if any(t == "main" for t, _ in self.stack) and not (self.stack and self.stack[-1][1]):
            self.parts.append(data)


def article_text(html: str, names: tuple[str, ...] = ()) -> str:
    parser = _ArticleText(names)
    parser.feed(html)
    return "".join(parser.parts)


def violations(html: str, exempt: tuple[str, ...] = ()) -> list[str]:
    """'rule: …context…' for every break of a mechanical rule in the page's article text.

    `exempt`: publishers' names, skipped where a piece of text consists of one and nothing else."""
    text = article_text(html, exempt)
    found = []
    for rule, (pattern, hint) in RULES.items():
        introduced = text.find(INTRODUCED[rule]) if rule in INTRODUCED else -1
        for m in pattern.finditer(text):
            if 0 <= introduced < m.start():
                continue
            context = " ".join(text[max(0, m.start() - 15):m.end() + 15].split())
            found.append(f"{rule}: …{context}… ({hint})")
    return found


def publishers() -> tuple[str, ...]:
    names = set()
    for path in (REPO / "data" / "sources").glob("*.yaml"):
        for source in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).values():
            if isinstance(source, dict) and "publisher" in source:
                names.add(source["publisher"])
    return tuple(names)


@pytest.mark.parametrize(("snippet", "rule"), [
    ("出典: OpenAI", "half-width punctuation next to Japanese"),
    ("契約(7年)を結んだ", "half-width punctuation next to Japanese"),
    ("２０２５年", "full-width digits or letters"),
    ("ｱﾏｿﾞﾝ", "half-width katakana"),
    ("一週間後", "kanji numeral before 週間"),
    ("作業一件の費用", "kanji numeral before a counter"),
    ("中心にいる一社です", "kanji numeral before a counter"),
    ("売上を一年分に引き直した", "kanji numeral before a counter"),
    ("3つの指標", "digit before the counter つ"),
    ("18か月", "month counter other than カ月"),
    ("3ヶ所", "place counter other than カ所"),
    ("私たちの計算", "first-person plural"),
    ("シード記事によると", "project jargon シード記事"),
    ("GoogleとMicrosoftが", "Latin company name"),
    ("提携先のAnthropicは", "Latin company name"),
    ("Gartnerは2025年6月に警告しました", "Latin company name"),
    ("3,000億ドル", "digit grouping before 万・億・兆"),
    ("ページの住所を確かめられなかった", "住所 for a web address"),
    ("OpenAIの最新モデルがAWSで使えるように", "最新 for a model or product"),
    ("ソフトバンクのスターゲート拠点", "ソフトバンク for the group"),
    ("ソフトバンクの堺のデータセンター。ソフトバンクグループの通信子会社ソフトバンクは", "ソフトバンク for the group"),
])
def test_each_rule_catches_what_the_style_sheet_forbids(snippet: str, rule: str) -> None:
    html = f'<html lang="ja"><body><main><p>{snippet}</p></main></body></html>'
    assert any(v.startswith(rule + ":") for v in violations(html)), violations(html)


@pytest.mark.parametrize("snippet", [
    "約1.4兆ドル、Google Cloud、NVIDIA GB200、Amazon Bedrock、1週間、18カ月、5カ所、一つの契約、三つの理由。",
    "何十回も呼び出し、数十社が一部を担い、一日中動かし、一方で一回りも大きい。",
    '<span lang="en">Microsoft (Official Microsoft Blog)</span>',
    '<ol class="citations"><li>Oracle, Oracle (Investor Relations)</li></ol>',
    "<code>print(1,000)</code>",
    "ソフトバンクグループの通信子会社ソフトバンクは、元記事の「オラクルとソフトバンクと進める」計画に加わる。",
    "ソフトバンクグループの通信子会社ソフトバンクは堺に建てる。苫小牧でもソフトバンクのデータセンターが開業する。",
])
def test_what_the_style_sheet_allows_passes(snippet: str) -> None:
    assert violations(f'<html lang="ja"><body><main><p>{snippet}</p></main></body></html>') == []


def test_a_publishers_name_is_exempt_only_where_it_stands_alone() -> None:
    names = ("Microsoft", "Microsoft (Official Microsoft Blog)")
    link = '<a href="https://blogs.microsoft.com/">Microsoft (Official Microsoft Blog){}</a>'
    cell = f"<table><tr><td>{link.format('')}</td><td>{link.format('（2025年10月28日）')}</td></tr></table>"
    assert violations(f'<html lang="ja"><body><main>{cell}</main></body></html>', names) == []
    prose = '<html lang="ja"><body><main><p>Microsoftは2019年に出資しました。</p></main></body></html>'
    assert any(v.startswith("Latin company name:") for v in violations(prose, names))


def test_text_outside_main_is_not_read() -> None:
    assert violations('<html lang="ja"><body><nav>私たち</nav><main><p>編集部</p></main></body></html>') == []


@pytest.fixture(scope="module")
def japanese_pages(real_site) -> dict[str, str]:
    return {path: data.decode("utf-8") for path, data in real_site.items()
            if path.startswith("ja/") and path.endswith(".html")}


def test_the_built_japanese_pages_follow_the_style_sheet(japanese_pages: dict[str, str]) -> None:
    assert len(japanese_pages) >= 5, "the real site has Japanese pages"
    exempt = publishers()
    problems = {path: found for path, html in sorted(japanese_pages.items()) if (found := violations(html, exempt))}
    assert problems == {}, "docs/style-ja.md:\n" + "\n".join(
        f"  {path}: {v}" for path, found in problems.items() for v in found)


def test_the_style_sheet_names_every_rule_it_enforces() -> None:
    sheet = (Path(REPO) / "docs" / "style-ja.md").read_text(encoding="utf-8")
    assert sheet.count("［自動］") >= 8
    for word in ("カ月", "カ所", "1週間", "三つ", "編集部", "元記事", "全角", "グーグル", "3000億", "住所",
                 "最先端モデル"):
        assert word in sheet, word


def first_undefined_use(markdown: str) -> str | None:
    """The context of 元記事's first use in running text when it is not the definition 「（以下、元記事）」."""
    body = markdown.split("---", 2)[2] if markdown.startswith("---") else markdown
    text = "\n".join(line for line in body.splitlines() if not line.lstrip().startswith("#"))
    at = text.find("元記事")
    if at < 0 or text[max(0, at - 4):at] == "（以下、":
        return None
    return text[max(0, at - 20):at + 10].replace("\n", " ")


def test_the_original_article_is_defined_where_a_page_first_names_it() -> None:
    assert first_undefined_use("## 元記事の例\n\nこの記事（以下、元記事）は…元記事は") is None
    assert first_undefined_use("元記事は誤っています。（以下、元記事）") is not None
    found = {path.name: context for path in sorted((Path(REPO) / "content" / "ja").glob("*.md"))
             if (context := first_undefined_use(path.read_text(encoding="utf-8")))}
    assert found == {}, "define it as 「…ニュース記事（以下、元記事）」 at its first use: " + repr(found)


def first_unspelled_aws(markdown: str) -> str | None:
    """The context of AWS's first use in running text when it is not 「アマゾン・ウェブ・サービス（AWS）」.

    docs/style-ja.md: the name is spelled out once, at its first use on each page, and AWS after.
    Headings, front matter and shortcodes ({{ cite openai-aws-release }}) do not count."""
    body = markdown.split("---", 2)[2] if markdown.startswith("---") else markdown
    text = "\n".join(line for line in body.splitlines() if not line.lstrip().startswith("#"))
    text = re.sub(r"\{\{.*?\}\}|\]\([^)]*\)", "", text)
    at = text.find("AWS")
    if at < 0 or text[:at].endswith("アマゾン・ウェブ・サービス（"):
        return None
    return text[max(0, at - 20):at + 10].replace("\n", " ")


def test_aws_is_spelled_out_where_a_page_first_names_it() -> None:
    assert first_unspelled_aws("## AWSとの契約\n\nOpenAIは[アマゾン・ウェブ・サービス（AWS）](deal.md)と…AWSは") is None
    late = "OpenAIとAWSの契約{{ cite openai-aws-release }}。アマゾン・ウェブ・サービス（AWS）"
    assert first_unspelled_aws(late) is not None
    assert first_unspelled_aws("{{ cite openai-aws-release }}などの[資料](deal.md#aws)。") is None
    found = {path.name: context for path in sorted((Path(REPO) / "content" / "ja").glob("*.md"))
             if (context := first_unspelled_aws(path.read_text(encoding="utf-8")))}
    assert found == {}, "write 「アマゾン・ウェブ・サービス（AWS）」 at its first use: " + repr(found)
