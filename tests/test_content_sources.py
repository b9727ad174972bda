"""The site cites original publications, never the copies they were read through.

- No link the site serves, no source's address and no publisher's declared domain is on a host
  known to re-post other outlets' articles: the aggregator and scraper sites through which many
  facts were first read (the project's fact sheet names them; a copy of a Reuters story on one of
  them is not Reuters). sourcecheck already rejects a link off its publisher's domains; this also
  catches a copy site declared as a publisher's domain, or linked from a page or a chart note.
- A headline that data/sources marks "# headline as in the address" (a headline not confirmed from
  the page, written from its URL) is the words of that address: an added word would be a headline
  we invented, shown to readers as the outlet's own (the sources page promises that an unconfirmed
  headline is a bracketed description instead).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from sitegen.load.sourcecheck import host_is_on

from .conftest import REPO

# Hosts that publish copies of other outlets' stories (news aggregators, scrapers, re-posting
# sites) or proxies of other sites' pages, as the project's fact sheet found them: its provenance
# note names the first nine; the rest carry, by its own rows, another outlet's text (CNBC's on
# usaemall, TechCrunch's on eamvision and coa.news, Reuters's on capalearning, AWS's documentation
# through rproxy.govskope), or are copy sites an earlier review dropped (ghanamma).
COPY_HOSTS = (
    "news.anyfans.com", "coa.news", "newsio.com", "newshivehq.com", "particle.news",
    "quiverquant.com", "mgrowtech.com", "b-ta.ai", "vbngtv.com",
    "usaemall.com", "eamvision.com", "capalearning.com", "ghanamma.com", "rproxy.govskope.ca",
    "rproxy.govskope.us", "dubaikhabar.com", "kryptodaily.com", "newsdiaries.com",
)
SMALL_WORDS = {"a", "an", "the", "to", "of", "in", "on", "and", "for", "it", "is", "at"}
MARK = "# headline as in the address"


def on_a_copy_host(url: str) -> bool:
    return host_is_on((urlsplit(url).hostname or "").lower(), COPY_HOSTS)


def invented_words(title: str, url: str) -> list[str]:
    """Words of `title` that its `url` does not contain (small words aside): 'AI' in 'Amazon AWS, OpenAI
    partnership on AI infrastructure' for an address that says amazon-aws-openai-partnership-infrastructure."""
    address = set(re.findall(r"[a-z0-9]+", urlsplit(url).path.lower().replace("'", "")))
    words = re.findall(r"[a-z0-9]+", title.lower().replace(",", "").replace("'", ""))
    return [w for w in words if w not in address and w not in SMALL_WORDS]


@pytest.mark.parametrize(("url", "copy"), [
    ("https://news.anyfans.com/?p=71359", True),
    ("https://www.quiverquant.com/news/x", True),
    ("https://docs---aws.amazon.com.rproxy.govskope.ca/bedrock/x.html", True),
    ("https://www.reuters.com/business/x", False),
    ("https://docs.aws.amazon.com/bedrock/x.html", False),
    ("https://notcoa.news/x", False),
])
def test_a_copy_host_is_recognised(url: str, copy: bool) -> None:
    assert on_a_copy_host(url) is copy


@pytest.mark.parametrize(("title", "url", "invented"), [
    ("Amazon AWS, OpenAI partnership on AI infrastructure",
     "https://apps.digitimes.com/news/a20251104VL203/amazon-aws-openai-partnership-infrastructure.html", ["ai"]),
    ("OpenAI Completes Share Sale at Record $500 Billion Valuation",
     "https://www.bloomberg.com/news/articles/2025-10-02/openai-completes-share-sale-at-record-500-billion-valuation",
     []),
    ("After 30,000 layoffs, Amazon makes big investment in OpenAI and calls it AI winner",
     "https://www.indiatoday.in/x/after-30000-layoffs-amazon-makes-big-investment-in-openai-and-calls-it-ai-winner-1",
     []),
])
def test_words_of_a_title_missing_from_its_address_are_found(title: str, url: str, invented: list[str]) -> None:
    assert invented_words(title, url) == invented


def _sources() -> dict[str, dict]:
    out = {}
    for path in sorted((REPO / "data" / "sources").glob("*.yaml")):
        if path.name != "publishers.yaml":
            out.update(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def test_no_source_address_or_publisher_domain_is_a_copy_site() -> None:
    sources = _sources()
    linked = {sid: s["url"] for sid, s in sources.items() if s.get("url")}
    assert linked, "the site cites linked sources"
    publishers = yaml.safe_load((REPO / "data/sources/publishers.yaml").read_text(encoding="utf-8"))
    bad = [f"{sid}: {url}" for sid, url in linked.items() if on_a_copy_host(url)]
    bad += [f"publishers.yaml: {name}: {d}" for name, entry in publishers.items()
            for d in entry["domains"] if on_a_copy_host(f"https://{d}/") or host_is_on(d, COPY_HOSTS)]
    bad += [f"{sid}: publisher {s['publisher']}" for sid, s in sources.items()
            if on_a_copy_host(f"https://{s['publisher'].lower()}/")]
    assert bad == [], "cite the original publication, not a copy:\n  " + "\n  ".join(bad)


def test_a_headline_written_from_its_address_adds_no_word_to_it() -> None:
    """The comment is the data file's own claim about the title beside it: hold the title to it."""
    found, checked = [], 0
    sources = _sources()
    for path in sorted((REPO / "data" / "sources").glob("*.yaml")):
        sid = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"[\w-]+:\s*$", line):
                sid = line.rstrip(": ")
            elif MARK in line and sid in sources:
                checked += 1
                source = sources[sid]
                extra = invented_words(source["title"], source.get("url", ""))
                if extra:
                    found.append(f"{path.relative_to(REPO)}:{number}: {sid}: {extra} not in {source.get('url')}")
    assert checked, f"no title is marked '{MARK}'"
    assert found == [], ("a title marked as the address's words adds words to it; confirm the headline, or "
                         "describe the page in [square brackets]:\n  " + "\n  ".join(found))


def test_no_page_of_the_built_site_links_a_copy_site(real_site) -> None:
    tree = real_site
    found, links = [], 0
    for name, body in tree.items():
        if not name.endswith(".html"):
            continue
        for node in HTMLParser(body.decode("utf-8")).css("a[href]"):
            href = node.attributes.get("href") or ""
            if href.startswith(("http://", "https://")):
                links += 1
                if on_a_copy_host(href):
                    found.append(f"{name}: {href}")
    assert links, "the built site links its sources"
    assert found == [], "pages link copies of articles:\n  " + "\n  ".join(found)


# The sources page's own account of what each entry gives: the words that promise a date, and the
# words that say some entries have none.
DATE_PROMISE = {"ja": "発行元、見出し、日付を示し", "en": "Each source gives publisher, headline and date"}
NO_DATE_SAID = {"ja": "日付がありません", "en": "listed without one"}


def sources_page_paragraph(lang: str, words: str):
    """content/<lang>/sources.md and its paragraph that says `words`."""
    path = REPO / "content" / lang / "sources.md"
    paragraph = next((p for p in path.read_text(encoding="utf-8").split("\n\n") if words in p), None)
    assert paragraph is not None, f"{path.relative_to(REPO)}: no longer says {words!r}: update this test"
    return path, paragraph


def undated_sources() -> list[str]:
    """Ids of data/sources entries without a date (product pages, documentation, unconfirmed releases)."""
    undated = []
    for path in sorted((REPO / "data" / "sources").glob("*.yaml")):
        if path.name != "publishers.yaml":
            undated += [key for key, source in yaml.safe_load(path.read_text(encoding="utf-8")).items()
                        if not source.get("date")]
    return undated


def test_the_sources_page_promises_a_date_only_as_far_as_its_list_gives_one() -> None:
    """'Each source gives publisher, headline and date' was said of a list in which product pages,
    documentation and two unconfirmed Synergy releases have none: the promise names the exception."""
    undated = undated_sources()
    for lang in ("ja", "en"):
        path, paragraph = sources_page_paragraph(lang, DATE_PROMISE[lang])
        if undated:
            assert NO_DATE_SAID[lang] in paragraph, (
                f"{path.relative_to(REPO)}: promises every source a date, but {len(undated)} have none "
                f"({', '.join(undated[:3])}, …): say which are listed without one")


# The sources page's words for a source cited without a link, and the example it cites for them.
NO_LINK_SAID = {"ja": "リンクを付けずに", "en": "without a link"}


def test_the_sources_page_example_of_an_unlinked_source_has_no_link() -> None:
    """The paragraph saying unconfirmed reports are cited without a link cited wsj-oracle as its
    example; once the WSJ's own address was confirmed and linked, the example showed the opposite."""
    sources = _sources()
    for lang in ("ja", "en"):
        path, paragraph = sources_page_paragraph(lang, NO_LINK_SAID[lang])
        sentence = paragraph[paragraph.index(NO_LINK_SAID[lang]):]
        cited = [sid for ids in re.findall(r"\{\{\s*cite ([^}]*)\}\}", sentence) for sid in ids.split()]
        assert cited, f"{path.relative_to(REPO)}: the sentence {NO_LINK_SAID[lang]!r} cites no example"
        linked = [sid for sid in cited if sources[sid].get("url")]
        assert linked == [], (f"{path.relative_to(REPO)}: cites {linked} as sources without a link, but data/sources "
                              "gives them an address: cite a source that has none")
