"""What readers, crawlers and feed readers get: head tags, JSON-LD, CSP, feeds, sitemap, status page."""

from __future__ import annotations

import json
import tomllib
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import html5lib
import pytest

from sitegen.diagnostics import BuildError
from sitegen.pipeline import BuildResult, build
from sitegen.render.feeds import FEED_ENTRIES
from sitegen.render.security import csp

from .conftest import SITES, assemble

BASE = "https://example.org/explainer/"
HTML_NS = "{http://www.w3.org/1999/xhtml}"
CONTENT_PAGES = ["ja/", "ja/deal/", "ja/glossary/", "ja/only-ja/", "en/", "en/deal/", "en/glossary/"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BuildResult:
    """The valid fixture site, built once for this module (without the slow search index)."""
    return build(assemble(SITES / "valid", tmp_path_factory.mktemp("pub") / "project"), search=False)


def parse(result: BuildResult, path: str):
    return html5lib.parse(result.tree[path], namespaceHTMLElements=True)


def head_tags(document) -> dict[str, list[str]]:
    """meta property/name → contents, link rel(+hreflang) → hrefs."""
    tags: dict[str, list[str]] = defaultdict(list)
    head = document.find(f"{HTML_NS}head")
    for meta in head.iter(f"{HTML_NS}meta"):
        key = meta.get("property") or meta.get("name") or meta.get("http-equiv")
        if key:
            tags[key].append(meta.get("content"))
    for link in head.iter(f"{HTML_NS}link"):
        key = link.get("rel") + (f":{link.get('hreflang')}" if link.get("hreflang") else "")
        tags[key].append(link.get("href"))
    return tags


def json_ld(document) -> dict:
    scripts = [s for s in document.iter(f"{HTML_NS}script") if s.get("type") == "application/ld+json"]
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_every_content_page_has_the_head_tags(built, path: str) -> None:
    lang = path.split("/")[0]
    page = parse(built, path + "index.html")
    tags = head_tags(page)
    original = path.replace("en/", "ja/") if path == "en/only-ja/" else path
    assert page.get("lang") == lang
    assert tags["canonical"] == [BASE + original]
    assert tags["og:url"] == [BASE + original]
    assert tags["og:title"] and tags["og:description"] and tags["description"]
    assert tags["og:type"] == ["website" if path.count("/") == 1 else "article"]
    assert tags["twitter:card"] == ["summary"]
    assert tags["Content-Security-Policy"] == [csp()]
    assert tags["alternate"] == ["../feed.xml" if path.count("/") == 2 else "feed.xml"]


def test_the_language_chooser_names_every_feed(built) -> None:
    """A feed reader given the site's address (the chooser at its root) looks in that page's head
    for its feeds and found none: each language's feed, titled as the feed titles itself, and
    none of them in the pages' hreflang alternates."""
    head = parse(built, "index.html").find(f"{HTML_NS}head")
    found = {link.get("href"): link for link in head.iter(f"{HTML_NS}link")
             if link.get("type") == "application/atom+xml"}
    feeds = sorted(path for path in built.tree if path.endswith("/feed.xml"))
    assert feeds and sorted(found) == feeds
    for path, link in found.items():
        feed = ET.fromstring(built.tree[path])
        assert link.get("rel") == "alternate" and link.get("hreflang") is None, path
        assert link.get("title") == feed.find("{http://www.w3.org/2005/Atom}title").text, path
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == path.split("/")[0]


def test_og_locale_names_the_content_language_and_existing_translations(built) -> None:
    assert head_tags(parse(built, "ja/deal/index.html"))["og:locale"] == ["ja_JP"]
    assert head_tags(parse(built, "ja/deal/index.html"))["og:locale:alternate"] == ["en_US"]
    assert head_tags(parse(built, "en/deal/index.html"))["og:locale:alternate"] == ["ja_JP"]
    only_ja = head_tags(parse(built, "ja/only-ja/index.html"))
    assert only_ja["og:locale"] == ["ja_JP"] and "og:locale:alternate" not in only_ja
    fallback = head_tags(parse(built, "en/only-ja/index.html"))
    assert fallback["og:locale"] == ["ja_JP"], "a fallback describes the original it shows"


def test_hreflang_clusters_are_reciprocal_and_only_name_existing_pages(built) -> None:
    clusters = {}
    for path in CONTENT_PAGES:
        tags = head_tags(parse(built, path + "index.html"))
        clusters[BASE + path] = {k.split(":", 1)[1]: v[0] for k, v in tags.items() if k.startswith("alternate:")}
    assert clusters[BASE + "ja/only-ja/"] == {}, "no hreflang without a translation"
    assert clusters[BASE + "ja/deal/"] == {"ja": BASE + "ja/deal/", "en": BASE + "en/deal/",
                                            "x-default": BASE + "ja/deal/"}
    assert clusters[BASE + "en/"]["x-default"] == BASE, "home pages point x-default at the language chooser"
    for url, cluster in clusters.items():
        for code, target in cluster.items():
            if code != "x-default" and target in clusters:
                assert clusters[target] == cluster, f"{url} and {target} disagree"
    fallback = head_tags(parse(built, "en/only-ja/index.html"))
    assert not [k for k in fallback if k.startswith("alternate:")]


def test_json_ld_is_an_article_with_language_dates_and_publisher(built) -> None:
    data = json_ld(parse(built, "en/deal/index.html"))
    assert data["@type"] == "Article" and data["@context"] == "https://schema.org"
    assert data["inLanguage"] == "en"
    assert data["headline"] == "What the deal contains"
    assert (data["datePublished"], data["dateModified"]) == ("2025-12-08", "2026-11-29")
    assert data["publisher"]["name"] == "Test editors"
    assert data["translationOfWork"] == {"@id": BASE + "ja/deal/"}
    ja = json_ld(parse(built, "ja/deal/index.html"))
    assert ja["inLanguage"] == "ja" and ja["workTranslation"] == [{"@id": BASE + "en/deal/"}]
    assert json_ld(parse(built, "ja/index.html"))["@type"] == "WebSite"


def test_json_ld_cannot_close_its_script_element(make_project) -> None:
    page = ("---\ntitle: 'Ends </script><script>alert(1)</script> & more'\ndescription: D.\n"
            "date: 2025-01-01\n---\nText.\n")
    result = build(make_project(files={"content/ja/x.md": page}), search=False)
    html = result.tree["ja/x/index.html"].decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and "\\u003c/script\\u003e" in block
    assert json.loads(block)["headline"] == "Ends </script><script>alert(1)</script> & more"


def test_every_page_carries_the_policy_and_nothing_it_blocks(built) -> None:
    pages = [p for p in built.tree if p.endswith(".html")]
    assert len(pages) >= 12
    for path in pages:
        document = parse(built, path)
        assert head_tags(document)["Content-Security-Policy"] == [csp()], path
        for element in document.iter():
            tag = element.tag.replace(HTML_NS, "")
            assert tag != "style", path
            assert "style" not in element.attrib, f"style attribute in {path}"
            assert not [a for a in element.attrib if a.startswith("on")], f"event handler in {path}"
            if tag == "script":
                assert element.get("src") or element.get("type") == "application/ld+json", path
    headers = built.tree["_headers"].decode()
    assert headers.startswith("/*\n")
    assert f"Content-Security-Policy: {csp()}; frame-ancestors 'none'" in headers
    assert "unsafe-inline" not in headers and "'unsafe-eval'" not in headers


def test_inline_code_in_markdown_fails_the_build_with_the_page_named(make_project) -> None:
    page = ("---\ntitle: X\ndescription: Y\ndate: 2025-01-01\n---\n<p style=\"color: red\">Red</p>\n\n"
            "<a href=\"javascript:alert(1)\">x</a> <img src=\"x.png\" onerror=\"alert(1)\" alt=\"\">\n")
    with pytest.raises(BuildError) as caught:
        build(make_project(files={"content/ja/x.md": page}), search=False)
    errors = [str(d) for d in caught.value.diagnostics.errors]
    # At the line and column of the offending text in the Markdown.
    for where, what in (("6:4", 'a style="" attribute on <p>'), ("8:10", "a javascript: URL on <a>"),
                        ("8:54", 'an event handler attribute onerror=""')):
        assert any(e.startswith(f"content/ja/x.md:{where}: error: {what}") for e in errors), (what, errors)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_feeds_parse_with_absolute_links_and_no_fallbacks(built, lang: str) -> None:
    feed = feedparser.parse(built.tree[f"{lang}/feed.xml"])
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == lang
    assert feed.feed.updated == "2026-11-29T00:00:00Z", "the newest content date, not the clock"
    links = [e.link for e in feed.entries]
    only_ja = [f"{BASE}ja/only-ja/"] if lang == "ja" else []      # en/only-ja/ is a fallback: not in en
    assert links == [f"{BASE}{lang}/deal/", f"{BASE}{lang}/glossary/", *only_ja]
    deal = feed.entries[0]
    assert deal.id == f"tag:example.org,2025-12-08:{lang}/deal"
    assert deal.published == "2025-12-08T00:00:00Z" and deal.updated == "2026-11-29T00:00:00Z"
    assert f'href="{BASE}{lang}/glossary/#gpu"' in deal.content[0].value, "relative links resolve (xml:base)"


@pytest.mark.parametrize("site", ["valid", "charts"])
def test_feed_entries_hold_only_absolute_addresses_that_lead_somewhere(tmp_path_factory, site: str) -> None:
    """Many feed readers ignore xml:base: there a relative address in an entry ('../glossary/',
    a chart's image, a citation's '#source-1') leads nowhere, or into the reader's own page. Every
    href and src of every entry is absolute, and each one on the site names a file the build wrote
    and, with a fragment, an id in that page."""
    result = build(assemble(SITES / site, tmp_path_factory.mktemp("feedlinks") / "project"), search=False)
    atom = "{http://www.w3.org/2005/Atom}"
    relative, broken, checked = [], [], 0
    for lang in ("ja", "en"):
        for entry in ET.fromstring(result.tree[f"{lang}/feed.xml"]).iter(f"{atom}entry"):
            link = entry.find(f"{atom}link").get("href")
            body = html5lib.parse(f"<div>{entry.find(f'{atom}content').text}</div>", namespaceHTMLElements=False)
            for element in body.iter():
                for name in ("href", "src"):
                    address = element.get(name)
                    if address is None:
                        continue
                    checked += 1
                    if not urlsplit(address).scheme:
                        relative.append(f"{link}: {element.tag} {name}={address!r}")
                    elif address.startswith(BASE):
                        path, _, fragment = address.removeprefix(BASE).partition("#")
                        file = path + "index.html" if path.endswith("/") or not path else path
                        if file not in result.tree:
                            broken.append(f"{link}: {address} (no {file} in the build)")
                        elif fragment and f'id="{fragment}"'.encode() not in result.tree[file]:
                            broken.append(f"{link}: {address} (no id {fragment!r} in {file})")
    assert checked, "no address in any entry"
    assert not relative, "relative addresses in the feed:\n" + "\n".join(relative[:20])
    assert not broken, "\n".join(broken[:20])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_feed_shows_each_chart_once_as_an_image_of_its_svg(tmp_path_factory, lang: str) -> None:
    """A feed reader has neither the site's CSS nor its scripts: a chart in an entry is one image
    (the figure's downloadable SVG, which the build wrote), not the page's two inline drawings
    (wide and narrow, one hidden by CSS), and no button or hidden box that only charts.js serves."""
    result = build(assemble(SITES / "charts", tmp_path_factory.mktemp("feedcharts") / "project"), search=False)
    feed = ET.fromstring(result.tree[f"{lang}/feed.xml"])
    atom = "{http://www.w3.org/2005/Atom}"
    checked = 0
    for entry in feed.iter(f"{atom}entry"):
        content = entry.find(f"{atom}content")
        base = content.get("{http://www.w3.org/XML/1998/namespace}base")
        page = html5lib.parse(result.tree[base.removeprefix(BASE) + "index.html"], namespaceHTMLElements=False)
        body = html5lib.parse(f"<div>{content.text}</div>", namespaceHTMLElements=False)
        figures = {f.get("id"): f for f in body.iter("figure")}
        in_page = [f.get("id") for f in page.iter("figure") if "chart" in (f.get("class") or "").split()]
        assert list(figures) == in_page, f"{base}: the entry's charts differ from the page's"
        for figure_id, figure in figures.items():
            checked += 1
            download = next(a.get("href") for a in figure.iter("a") if (a.get("href") or "").endswith(".svg"))
            images = [urljoin(base, img.get("src")) for img in figure.iter("img")]
            assert images == [urljoin(base, download)], f"{base}#{figure_id}: images {images}"
            assert images[0].removeprefix(BASE) in result.tree, f"{images[0]} is not in the built site"
            assert not list(figure.iter("svg")), f"{base}#{figure_id}: inline drawings left in the feed"
        leftovers = [e.tag for e in body.iter() if e.tag == "button" or e.get("hidden") is not None]
        assert not leftovers, f"{base}: what only the page's script serves: {leftovers}"
    assert checked, "no chart in the feed"


def test_head_tags_and_feeds_write_titles_and_descriptions_as_the_page_shows_them(make_project) -> None:
    """A link preview, a search result's snippet and a feed reader show the title and description
    as the page itself does: with typographic quotes in English (OpenAI’s, “deal”), not the
    straight ones of the front matter."""
    root = make_project()
    deal = root / "content" / "en" / "deal.md"
    text = deal.read_text(encoding="utf-8")
    text = text.replace("title: What the deal contains", """title: 'OpenAI''s "deal" with AWS'""")
    text = text.replace("description: The value, the term and the dates.",
                        """description: 'What AWS sells, and OpenAI''s "compute" bill.'""")
    home = root / "content" / "en" / "index.md"
    home.write_text(home.read_text(encoding="utf-8").replace(
        "description: The deal in brief and the key numbers.", "description: The deal's terms, in brief."),
        encoding="utf-8")
    deal.write_text(text, encoding="utf-8")
    result = build(root, search=False)
    page = parse(result, "en/deal/index.html")
    shown_title = "".join(page.find(f".//{HTML_NS}h1").itertext()).strip()
    shown_lede = "".join(next(p for p in page.iter(f"{HTML_NS}p") if p.get("class") == "article__lede").itertext())
    assert "’" in shown_title and "“" in shown_lede, (shown_title, shown_lede)     # the page itself is typographic
    tags = head_tags(page)
    assert tags["og:title"] == [shown_title]
    assert tags["description"] == tags["og:description"] == [shown_lede.strip()]
    data = json_ld(page)
    assert (data["headline"], data["description"]) == (shown_title, shown_lede.strip())
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(result.tree["en/feed.xml"])
    entry = next(e for e in feed.iter(f"{atom}entry") if e.find(f"{atom}link").get("href") == BASE + "en/deal/")
    assert (entry.findtext(f"{atom}title"), entry.findtext(f"{atom}summary")) == (shown_title, shown_lede.strip())
    home_lede = "".join(next(p for p in parse(result, "en/index.html").iter(f"{HTML_NS}p")
                             if p.get("class") == "article__lede").itertext()).strip()
    assert feed.findtext(f"{atom}subtitle") == home_lede and "’" in home_lede


def test_feed_ids_survive_a_new_slug(make_project) -> None:
    root = make_project()
    before = feedparser.parse(build(root, search=False).tree["en/feed.xml"]).entries[0].id
    deal = root / "content" / "en" / "deal.md"
    deal.write_text(deal.read_text(encoding="utf-8").replace("order: 1", "order: 1\nslug: the-deal"), encoding="utf-8")
    after = feedparser.parse(build(root, search=False).tree["en/feed.xml"]).entries[0]
    assert after.link == BASE + "en/the-deal/" and after.id == before


def test_feed_carries_the_articles_changed_last(make_project) -> None:
    page = "---\ntitle: 記事{n}\ndescription: 説明。\ndate: 2027-01-{n:02d}\n---\n本文。\n"
    pages = {f"content/ja/note-{n:02d}.md": page.format(n=n) for n in range(1, FEED_ENTRIES + 3)}
    result = build(make_project(files=pages), search=False)
    entries = feedparser.parse(result.tree["ja/feed.xml"]).entries
    assert len(entries) == FEED_ENTRIES
    assert entries[0].link.endswith(f"/ja/note-{FEED_ENTRIES + 2:02d}/") and "note-01" not in str(entries)


def test_sitemap_lists_pages_with_reciprocal_alternates_and_no_fallbacks(built) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(built.tree["sitemap.xml"])
    urls = {u.findtext("s:loc", namespaces=ns): {link.get("hreflang"): link.get("href")
                                                  for link in u.findall("x:link", ns)}
            for u in root.findall("s:url", ns)}
    assert set(urls) == {BASE} | {BASE + p for p in CONTENT_PAGES}
    assert BASE + "en/only-ja/" not in urls and BASE + "ja/search/" not in urls and BASE + "status/" not in urls
    assert urls[BASE + "ja/only-ja/"] == {}
    for loc, alternates in urls.items():
        for code, href in alternates.items():
            assert href in urls, f"{loc} names {href}, which is not in the sitemap"
            if code != "x-default":
                assert urls[href] == alternates, f"{loc} and {href} disagree"
    lastmods = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
                for u in root.findall("s:url", ns)}
    assert lastmods[BASE + "en/deal/"] == "2026-11-29"
    assert built.tree["robots.txt"].decode().endswith(f"Sitemap: {BASE}sitemap.xml\n")


def test_status_page_shows_every_state_for_editors_only(built) -> None:
    html = built.tree["status/index.html"].decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "未翻訳：原文を表示中" in html and "content/ja/only-ja.md" in html
    rows = json.loads(built.tree["status/status.json"])
    assert {r["key"]: r["languages"]["en"]["state"] for r in rows}["only-ja"] == "missing"
    readers = [p for p in built.tree if p.endswith(".html") and not p.startswith("status/")]
    assert not [p for p in readers if b"status/" in built.tree[p]], "no reader page links to the status page"


def test_stale_and_missing_states_follow_edits(make_project) -> None:
    root = make_project()
    original = root / "content" / "ja" / "deal.md"
    original.write_text(original.read_text(encoding="utf-8").replace("本文。", "本文を直しました。"), encoding="utf-8")
    tree = build(root, search=False).tree
    en = tree["en/deal/index.html"].decode()
    assert "The original of this page has changed since it was translated" in en
    assert 'href="../../ja/deal/" hreflang="ja">Read the original</a>' in en
    assert "要更新：原文が変更されました" in tree["status/index.html"].decode()
    assert "notice--stale" not in tree["ja/deal/index.html"].decode()

    # Translate the Japanese-only page: the fallback, its notice and its exclusions go away.
    (root / "content" / "en" / "only-ja.md").write_text(
        "---\ntitle: English at last\ndescription: Now translated.\ndate: 2025-12-08\n"
        f"source_hash: {_digest(root, 'content/ja/only-ja.md')}\n---\nThis page has an English version.\n",
        encoding="utf-8")
    tree = build(root, strict=True, search=False).tree
    page = tree["en/only-ja/index.html"].decode()
    assert "notice--missing" not in page and f'<link rel="canonical" href="{BASE}en/only-ja/">' in page
    assert f"{BASE}en/only-ja/" in tree["en/feed.xml"].decode()
    assert f'hreflang="en" href="{BASE}en/only-ja/"' in tree["sitemap.xml"].decode()


def _digest(root: Path, source: str) -> str:
    from sitegen.diagnostics import Diagnostics
    from sitegen.pipeline import load_site

    return next(p.digest for p in load_site(root, Diagnostics()).pages if p.source == source)


def test_fallback_page_is_marked_and_kept_out_of_search(built) -> None:
    fallback = built.tree["en/only-ja/index.html"].decode()
    assert "notice--missing" in fallback and '<div class="prose" lang="ja">' in fallback
    assert "data-search-body" not in fallback
    assert "data-search-body" in built.tree["ja/only-ja/index.html"].decode()
    for path in ("404.html", "index.html", "status/index.html", "ja/search/index.html"):
        assert b"data-search-body" not in built.tree[path], path


def test_not_found_page_works_at_any_depth(built) -> None:
    html = built.tree["404.html"].decode()
    assert 'href="/explainer/css/site.css"' in html and 'href="/explainer/ja/"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "ページが見つかりません" in html and "Page not found" in html


def test_no_search_skips_the_index_but_keeps_the_search_pages(make_project, capsys) -> None:
    from sitegen.cli import main

    root = make_project()
    assert main(["--root", str(root), "--no-search"]) == 0
    assert "built 8 pages (ja 4, en 4)" in capsys.readouterr().out
    assert (root / "site" / "ja" / "search" / "index.html").is_file()
    assert not (root / "site" / "search").exists()


def test_a_page_named_as_the_site_is_not_titled_twice(make_project) -> None:
    """A browser tab, a bookmark and a search result show '<page> | <site>'; a home page whose
    title is the site's own name shows it once, not 'Name | Name'."""
    root = make_project()
    site_title = tomllib.loads((root / "site.toml").read_text(encoding="utf-8"))["title"]["en"]
    home = root / "content" / "en" / "index.md"
    text = home.read_text(encoding="utf-8")
    home.write_text(text.replace(text.split("\n")[1], f"title: {json.dumps(site_title)}", 1), encoding="utf-8")
    result = build(root, search=False)
    def title(path: str) -> str:
        return "".join(parse(result, path).find(f".//{HTML_NS}title").itertext())
    assert title("en/index.html") == site_title
    deal_h1 = "".join(parse(result, "en/deal/index.html").find(f".//{HTML_NS}h1").itertext()).strip()
    assert title("en/deal/index.html") == f"{deal_h1} | {site_title}"
