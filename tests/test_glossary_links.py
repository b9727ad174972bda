"""Glossary terms are linked at their first use on each page, and only there (docs/authoring.md,
'Glossary terms'), in both languages.

Read from the built real site: the article's text (`div.prose`), in document order, minus headings,
charts, code, citation markers, text in another language and the data-driven blocks (the timeline's
events, the sources list), which carry no Markdown links. The first mention of a term there
must sit in a link to its entry (`glossary/#id`); a mention inside another link (a page's title in
'Where to go next') cannot carry one and is passed over. A second link to the same entry on a page
is a defect too: the dotted underline then means nothing more than the first.

Which words mention an entry is said once below, per language (the glossary's headwords, in the
forms the pages write them). Everything else comes from the output.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from .conftest import REPO

# id -> (Japanese forms, English forms). Japanese is matched as written; English as whole words,
# a plural 's' allowed, and a lower-case word in any capitals of its first letter.
WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "gpu": (("GPU",), ("GPU",)),
    "cpu": (("CPU",), ("CPU",)),
    "vcpu": (("仮想CPU", "vCPU"), ("vCPU", "virtual CPU")),
    "ai-accelerator": (("AIアクセラレーター",), ("AI accelerator",)),
    "gb200-gb300": (("GB200", "GB300"), ("GB200", "GB300")),
    "ec2": (("EC2",), ("EC2",)),
    "ultraserver": (("UltraServer", "ウルトラサーバー"), ("UltraServer",)),
    "cloud-computing": (("クラウドコンピューティング",), ("cloud computing",)),
    "hyperscaler": (("ハイパースケーラー",), ("hyperscaler",)),
    "neocloud": (("ネオクラウド",), ("neocloud",)),
    "multi-cloud": (("マルチクラウド",), ("multi-cloud", "multicloud")),
    "compute": (("計算資源",), ("compute",)),
    "gigawatt": (("ギガワット",), ("gigawatt",)),
    "data-center": (("データセンター",), ("data center",)),
    "training": (("学習",), ("training",)),
    "inference": (("推論",), ("inference",)),
    "llm": (("大規模言語モデル", "LLM"), ("large language model", "LLM")),
    "frontier-model": (("フロンティアモデル", "フロンティアAI"), ("frontier model", "frontier AI")),
    "agentic-ai": (("エージェント型AI", "AIエージェント"), ("agentic AI", "AI agent")),
    "open-weight": (("オープンウェイト",), ("open-weight",)),
    "bedrock": (("Bedrock",), ("Bedrock",)),
    "trainium-tpu": (("Trainium", "TPU"), ("Trainium", "TPU")),
    "stargate": (("スターゲート",), ("Stargate",)),
    "pbc": (("パブリック・ベネフィット・コーポレーション",), ("public benefit corporation",)),
    "openai-foundation": (("OpenAI財団",), ("OpenAI Foundation",)),
    "recapitalization": (("資本再編",), ("recapitalization",)),
    "exclusivity": (("独占契約",), ("exclusivity",)),
    "rofr": (("優先交渉権",), ("right of first refusal",)),
    "agi": (("AGI", "汎用人工知能"), ("AGI", "artificial general intelligence")),
    "arr": (("年換算売上", "ランレート"), ("run rate", "ARR")),
    "loi": (("基本合意書",), ("letter of intent",)),
    "warrant": (("ワラント",), ("warrant",)),
    "rpo": (("受注残", "残存履行義務"), ("remaining performance obligation",)),
    "capex": (("設備投資",), ("capex", "capital expenditure")),
    "market-share": (("市場シェア",), ("market share",)),
    "iaas-paas": (("IaaS", "PaaS"), ("IaaS", "PaaS")),
    "api": (("API",), ("API",)),
    "sdk": (("SDK",), ("SDK",)),
    "mcp": (("MCP", "Model Context Protocol"), ("MCP", "Model Context Protocol")),
    "vera-rubin-mi450": (("Vera Rubin", "MI450"), ("Vera Rubin", "MI450")),
}
SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "figure", "code", "pre", "script", "style", "svg", "sup"}
BLOCKS = {"timeline", "source-list", "glossary"}   # data-driven blocks ({{ timeline }}…): no Markdown links
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def pattern(word: str, lang: str) -> re.Pattern[str]:
    if lang == "ja":   # CPU in 仮想CPU or vCPU is the other entry; GPU in GPUs is still GPU
        return re.compile(rf"(?<!仮想)(?<![A-Za-z]){re.escape(word)}")
    first = f"[{word[0].upper()}{word[0]}]" if word[0].islower() else re.escape(word[0])
    return re.compile(rf"(?<![\w-]){first}{re.escape(word[1:])}(?:s|es)?(?![\w-])")


class _Prose(HTMLParser):
    """(text, href of the enclosing link or None) for each piece of the article's own text."""

    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool, bool, str | None]] = []   # tag, in prose, skipped, link
        self.pieces: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        a = dict(attrs)
        in_prose, skipped, link = self.stack[-1][1:] if self.stack else (False, False, None)
        in_prose = in_prose or "prose" in (a.get("class") or "").split()
        skipped = (skipped or tag in SKIP_TAGS or a.get("lang") not in (None, self.lang)
                   or bool(BLOCKS & set((a.get("class") or "").split())))
        if tag == "a":
            link = a.get("href") or ""
        self.stack.append((tag, in_prose, skipped, link))

    def handle_endtag(self, tag: str) -> None:
        if any(t == tag for t, *_ in self.stack):
            while self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1] and not self.stack[-1][2]:
            self.pieces.append((data, self.stack[-1][3]))


def glossary_link(href: str | None) -> str | None:
    """The entry id a link goes to, if it goes to the glossary."""
    m = re.search(r"(?:^|/)glossary/(?:index\.html)?#([\w-]+)$", href or "")
    return m.group(1) if m else None


def problems(html: str, lang: str, ids: list[str]) -> list[str]:
    parser = _Prose(lang)
    parser.feed(html)
    found = []
    for entry in ids:
        forms = WORDS[entry][0 if lang == "ja" else 1]
        patterns = [pattern(w, lang) for w in forms]
        links = [href for _, href in parser.pieces if glossary_link(href) == entry]
        if len(links) > 1:
            found.append(f"#{entry} linked {len(links)} times (link the first use only)")
        for text, href in parser.pieces:
            hit = next((m for p in patterns if (m := p.search(text))), None)
            if hit is None or (href and glossary_link(href) != entry):
                continue       # no mention, or one inside another link, which cannot carry this one
            if glossary_link(href) != entry:
                context = " ".join(text[max(0, hit.start() - 20):hit.end() + 20].split())
                found.append(f"#{entry}: first use not linked: …{context}… "
                             f"(write [{hit.group(0)}](glossary.md#{entry}) here, and no link further on)")
            break
    return found


def _ids() -> list[str]:
    return list(yaml.safe_load((REPO / "data" / "glossary.yaml").read_text(encoding="utf-8")))


def test_every_glossary_entry_has_its_words() -> None:
    assert sorted(_ids()) == sorted(WORDS), (
        "data/glossary.yaml and WORDS differ: say here which words mention a new entry")


@pytest.mark.parametrize(("html", "lang", "expected"), [
    ('<div class="prose"><p>OpenAIは<a href="../glossary/#gpu">GPU</a>を買う。GPUは高い。</p></div>', "ja", []),
    ('<div class="prose"><p>OpenAIはGPUを買う。<a href="../glossary/#gpu">GPU</a>は高い。</p></div>', "ja",
     ["#gpu: first use not linked"]),
    ('<div class="prose"><p><a href="../glossary/#gpu">GPUs</a> and <a href="../glossary/#gpu">GPU</a></p></div>',
     "en", ["#gpu linked 2 times"]),
    ('<div class="prose"><h2>GPU</h2><p><a href="../deal/">GPU deal</a>, <a href="../glossary/#gpu">GPU</a></p>'
     '</div>', "en", []),
    ('<div class="prose"><p>仮想CPUの話。<a href="../glossary/#cpu">CPU</a>。</p></div>', "ja", []),
    ('<div class="prose"><p>Hyperscalers grow.</p></div>', "en", ["#hyperscaler: first use not linked"]),
])
def test_the_check_reads_first_uses(html: str, lang: str, expected: list[str]) -> None:
    ids = ["gpu", "cpu", "hyperscaler"]
    got = problems(html, lang, ids)
    assert len(got) == len(expected) and all(g.startswith(e) for g, e in zip(got, expected, strict=True)), got


def test_each_page_links_each_glossary_term_at_its_first_use(real_site) -> None:
    ids = [i for i in _ids() if i in WORDS]
    found, pages = [], 0
    for name, body in sorted(real_site.items()):
        m = re.fullmatch(r"(ja|en)/(?!glossary/|search/)(?:[\w-]+/)?index\.html", name)
        if not m:
            continue
        pages += 1
        found += [f"{name}: {p}" for p in problems(body.decode("utf-8"), m.group(1), ids)]
    assert pages >= 16, pages
    assert found == [], "glossary terms not linked at their first use:\n  " + "\n  ".join(found)


def test_no_page_of_the_real_site_tells_its_readers_it_is_out_of_date(real_site) -> None:
    """A change to a Japanese original that its translation follows (a link added in both) is
    stamped with it: otherwise every English page so changed says 'this version may be out of
    date' to its readers, as all eight did after the glossary links above were first landed."""
    stale = sorted(name for name, body in real_site.items()
                   if name.endswith(".html") and b"notice--stale" in body)
    assert stale == [], ("pages shown as stale translations; if the translation is up to date, run "
                         "python build.py stamp on it:\n  " + "\n  ".join(stale))
