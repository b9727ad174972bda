"""A reader who lands on one explainer from a search engine can find the words explained and the
next page to read.

- The jargon a search brings readers in with (ハイパースケーラー, agentic AI, GB200, multi-cloud,
  Stargate) is linked where a page's running text first uses it (headings aside), to its glossary
  entry or to the explainer about it, unless the page is that explainer (its title names the term).
  The multi-cloud and agentic-AI pages said "GB200" unlinked and unexplained; the Japan page's first
  sentence named Stargate and linked it only in the next section, the money page never.
  The words looked for are the glossary's own (data/glossary.yaml).
- Every explainer (the pages the home page's #explainers list links) ends with a #next list
  pointing to at least two other explainers, the same ones in both languages, and every explainer
  is on some other explainer's list: the multi-cloud and agentic-AI pages ended without one, and
  only the home page led to the Japan explainer from outside the money page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import yaml
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from .conftest import REPO

TERMS = ("hyperscaler", "agentic-ai", "gb200-gb300", "multi-cloud", "stargate")
LANGS = ("ja", "en")


def term_forms(term: str) -> list[str]:
    """The words a glossary term is written with: 'エージェント型AI／AIエージェント' → both;
    'NVIDIA GB200 / GB300' → 'GB200', 'GB300'; a gloss in parentheses is one more form."""
    parts = (p.strip().removeprefix("NVIDIA ").strip() for p in re.split(r"[（(）)／/]", term))
    return [p for p in parts if len(p) > 1]


def test_a_terms_forms_are_read_from_its_glossary_name() -> None:
    assert term_forms("エージェント型AI／AIエージェント") == ["エージェント型AI", "AIエージェント"]
    assert term_forms("NVIDIA GB200 / GB300") == ["GB200", "GB300"]
    assert term_forms("GPU (graphics processing unit)") == ["GPU", "graphics processing unit"]


def _pattern(forms: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<![A-Za-z]){re.escape(f)}(?![A-Za-z])" for f in forms), re.IGNORECASE)


def first_use(prose: Node, forms: list[str]) -> tuple[str, str | None] | None:
    """(the text around the term's first use in `prose`, the href of the link it is in, if any);
    None if the prose never uses it. Charts, tables, citation markers and headings (never linked)
    are not running text."""
    pattern = _pattern(forms)
    for node in prose.traverse(include_text=True):
        if node.tag != "-text" or not pattern.search(node.text()):
            continue
        ancestors, parent = [], node.parent
        while parent is not None and parent is not prose:
            ancestors.append(parent)
            parent = parent.parent
        if any(a.tag in ("figure", "table", "sup", "h2", "h3", "h4") for a in ancestors):
            continue
        link = next((a for a in ancestors if a.tag == "a"), None)
        return node.text().strip()[:80], link.attributes.get("href") if link else None
    return None


def test_a_first_use_outside_a_link_is_found() -> None:
    prose = HTMLParser('<div><figure>GB200</figure><p>The <a href="../glossary/#gb200-gb300">GB200</a> and GB200.</p>'
                       '</div>').css_first("div")
    assert first_use(prose, ["GB200"]) == ("GB200", "../glossary/#gb200-gb300")
    prose = HTMLParser("<div><p>NVIDIA's GB200 racks, <a href=x>GB200</a></p></div>").css_first("div")
    assert first_use(prose, ["GB200"]) == ("NVIDIA's GB200 racks,", None)
    assert first_use(prose, ["hyperscaler"]) is None
    prose = HTMLParser('<div><h2>Stargate</h2><p><a href="../glossary/#stargate">Stargate</a></p></div>')
    prose = prose.css_first("div")
    assert first_use(prose, ["Stargate"]) == ("Stargate", "../glossary/#stargate")


def _page(site: Mapping[str, bytes], path: str) -> HTMLParser:
    return HTMLParser(site[path].decode("utf-8"))


def explainers(site: Mapping[str, bytes], lang: str) -> list[str]:
    """The slugs ('deal') of the pages the home page's explainers list links, in its order."""
    home = _page(site, f"{lang}/index.html")
    heading = home.css_first("div.prose h2#explainers")
    assert heading is not None, f"content/{lang}/index.md: no '## … {{#explainers}}' list"
    listing = heading.next
    while listing is not None and listing.tag not in ("ol", "ul"):
        listing = listing.next
    assert listing is not None, f"content/{lang}/index.md: no list under {{#explainers}}"
    # each item's first link is its explainer; a glossary term linked in its description is not one
    return [li.css_first("a").attributes["href"].strip("/") for li in listing.css("li") if li.css_first("a")]


def _linked_slug(href: str) -> str:
    """'../japan/' or '../japan/#softbank' → 'japan'."""
    return href.split("#")[0].strip("./").rstrip("/")


def test_every_explainer_links_its_jargon_where_it_first_uses_it(real_site: Mapping[str, bytes]) -> None:
    glossary = yaml.safe_load((REPO / "data" / "glossary.yaml").read_text(encoding="utf-8"))
    problems, checked = [], 0
    for lang in LANGS:
        slugs = explainers(real_site, lang)
        for slug in slugs:
            page = _page(real_site, f"{lang}/{slug}/index.html")
            title = page.css_first("h1").text()
            prose = page.css_first("div.prose")
            for term in TERMS:
                forms = term_forms(glossary[term][lang]["term"])
                if _pattern(forms).search(title):
                    continue                      # the page about it
                use = first_use(prose, forms)
                if use is None:
                    continue
                checked += 1
                words, href = use
                if href is None or not (href.endswith(f"glossary/#{term}") or _linked_slug(href) in slugs):
                    problems.append(f"content/{lang}/{slug}.md: first use of {forms[0]!r} ('{words}') is not "
                                    f"linked: write it as [{forms[0]}](glossary.md#{term}) there")
    assert checked >= 8, checked
    assert problems == [], "\n  ".join(["jargon unexplained where a reader first meets it:", *problems])


def next_links(site: Mapping[str, bytes], lang: str, slug: str) -> list[str] | None:
    """The slugs the page's #next list links; None if it has no #next section."""
    prose = _page(site, f"{lang}/{slug}/index.html").css_first("div.prose")
    heading = prose.css_first("h2#next")
    if heading is None:
        return None
    listing = heading.next
    while listing is not None and listing.tag not in ("ol", "ul"):
        listing = listing.next
    return [_linked_slug(a.attributes["href"]) for a in listing.css("a")] if listing is not None else []


def test_every_explainer_ends_by_pointing_to_others_and_is_pointed_to(real_site: Mapping[str, bytes]) -> None:
    lists = {lang: {slug: next_links(real_site, lang, slug) for slug in explainers(real_site, lang)} for lang in LANGS}
    assert set(lists["ja"]) == set(lists["en"]), "the home pages list different explainers"
    problems = []
    for lang in LANGS:
        heading = "## 次に読む {#next}" if lang == "ja" else "## Where to go next {#next}"
        slugs = set(lists[lang])
        for slug, targets in lists[lang].items():
            if targets is None:
                problems.append(f"content/{lang}/{slug}.md: no '{heading}' list at its end")
            elif len(set(targets) & slugs - {slug}) < 2:
                problems.append(f"content/{lang}/{slug}.md: its {{#next}} list links fewer than two other explainers")
        pointed = {t for slug, targets in lists[lang].items() for t in targets or [] if t != slug}
        problems += [f"content/{lang}/{slug}.md: no other explainer's {{#next}} list links it"
                     for slug in sorted(slugs - pointed)]
    for slug in lists["ja"]:
        if lists["ja"][slug] is not None and lists["en"][slug] is not None and \
                set(lists["ja"][slug]) != set(lists["en"][slug]):
            problems.append(f"content/en/{slug}.md: its {{#next}} list links {sorted(set(lists['en'][slug]))}, "
                            f"the original's {sorted(set(lists['ja'][slug]))}")
    assert problems == [], "\n  ".join(["where to go next:", *problems])


CUT_OFF = re.compile(r"(?:データの基準日：(.+?)。|Data cut-off: (.+?)\.)$")


def stated_cut_off(page: HTMLParser) -> str | None:
    """The date the page's data cut-off box states ('2026年12月6日', 'December 6, 2026'), if it has one."""
    for strong in page.css("div.prose .callout strong"):
        if match := CUT_OFF.match(strong.text().strip()):
            return match.group(1) or match.group(2)
    return None


def test_the_cut_off_box_is_read_as_the_date() -> None:
    page = HTMLParser('<div class="prose"><div class="callout"><p><strong>Data cut-off: December 6, 2026.</strong>'
                      '</p></div></div>')
    assert stated_cut_off(page) == "December 6, 2026"
    outside_a_box = HTMLParser('<div class="prose"><p><strong>データの基準日：2026年12月6日。</strong></p></div>')
    assert stated_cut_off(outside_a_box) is None


def test_a_pages_first_screen_says_as_of_when(real_site: Mapping[str, bytes]) -> None:
    """The cut-off box comes after the page's opening finding, 790–1,000 px down a 360 px phone
    (below its first screen) on every page but the sources page. The description under the title,
    which is also what search results and feeds show, names the same date."""
    problems, checked = [], 0
    for path in sorted(p for p in real_site if p.endswith("index.html") and p.split("/")[0] in LANGS):
        page = _page(real_site, path)
        date = stated_cut_off(page)
        if date is None:
            continue
        checked += 1
        lede = page.css_first("header.article__header .article__lede")
        meta = page.css_first('meta[name="description"]')
        if lede is None or date not in lede.text() or meta is None or date not in meta.attributes.get("content", ""):
            parts = path.split("/")
            source = f"content/{parts[0]}/{parts[1] if len(parts) > 2 else 'index'}.md"
            problems.append(f"{source}: its description does not say '{date}': end it with "
                            + ("数値は{{ fact site_as_of }}時点です。" if parts[0] == "ja"
                               else "Figures as of {{ fact site_as_of }}."))
    assert checked >= 14, checked
    assert problems == [], "\n  ".join(["pages that say as of when only below the first screen:", *problems])
