"""The shortcode and link extensions: Markdown in, HTML out (assertMarkdownRenders style)."""

from __future__ import annotations

import datetime as dt
import re
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.diagnostics import Diagnostics, Location
from sitegen.load.model import Fact, FrontMatter, Page, SiteData, Source
from sitegen.render.links import PageResolver
from sitegen.render.markup import MarkdownRenderer, reading_minutes
from sitegen.render.shortcodes import _CODE, _SHORTCODE, FACT_STYLES, FACT_USAGE, ShortcodeError, replace_matches

SOURCE = Source("techspot-aws", "TechSpot", "OpenAI signs", "https://example.com/a", "2025-11-04", "en",
                Location("data/sources/x.yaml", 1))
FACTS = {
    "deal": Fact("deal", 38e9, "usd", None, ("techspot-aws",), None, Location("data/facts/x.yaml", 1)),
    "revenue": Fact("revenue", 13e9, "usd", "approx", ("techspot-aws",), None, Location("data/facts/x.yaml", 5)),
    "day": Fact("day", dt.date(2025, 11, 3), "date", None, ("techspot-aws",), None, Location("x", 9)),
}
DATA = SiteData(sources={"techspot-aws": SOURCE}, facts=FACTS, glossary=(), datasets={}, digest="0")


def render(body: str, lang: str = "en", blocks=None):
    body = textwrap.dedent(body).strip("\n")
    page = Page(lang=lang, source=f"content/{lang}/p.md", key="p", slug="p",
                meta=FrontMatter("T", "D", dt.date(2025, 1, 1)), body=body, body_line=10,
                digest="x")
    others = [Page(lang=language, source=f"content/{language}/other.md", key="other", slug="other",
                   meta=FrontMatter("O", "D", dt.date(2025, 1, 1)), body="", body_line=5, digest="y")
              for language in ("ja", "en")]
    diags = Diagnostics()

    def block(name: str, args: list[str], lang_: str, here: str) -> str:
        if blocks is None:
            raise ShortcodeError(f"unknown chart '{args[0]}'", "did you mean 'deals'?")
        return blocks(name, args, lang_)

    block.names = frozenset({"chart", "glossary", "timeline", "sources"})     # as templates/blocks/ has them

    result = MarkdownRenderer(lang).render(page, DATA, block, PageResolver([page, *others], ()), diags)
    return result, [str(d) for d in diags.sorted()]


def test_fact_is_formatted_for_each_language() -> None:
    en, _ = render("Worth {{ fact deal }}, revenue {{ fact revenue }}, on {{ fact day }}.")
    ja, _ = render("契約額は{{ fact deal }}、売上は{{ fact revenue }}、発表は{{ fact day }}。", "ja")
    assert en.html == "<p>Worth $38 billion, revenue about $13 billion, on November 3, 2025.</p>"
    assert ja.html == "<p>契約額は380億ドル、売上は約130億ドル、発表は2025年11月3日。</p>"
    assert en.facts == ("deal", "revenue", "day")


def test_fact_styles() -> None:
    result, _ = render("{{ fact deal short }} / {{ fact revenue bare }}")
    assert result.html == "<p>$38B / $13 billion</p>"


@pytest.mark.parametrize(("written", "meant"), [("shrot", "short"), ("Short", "short"), ("fromat=short", "short"),
                                                 ("style=brae", "bare")])
def test_a_misspelt_fact_style_names_the_style_meant(written: str, meant: str) -> None:
    """A misspelt style, or one written as a named argument, gave the three forms and no 'did you mean'."""
    line = f"Worth {{{{ fact deal {written} }}}} in all."
    result, problems = render(line)
    assert problems == [f"content/en/p.md:10:{line.index('{{') + 1}: error: write {{{{ fact key }}}}, "
                        f"{{{{ fact key short }}}} or {{{{ fact key bare }}}} (did you mean '{meant}'?)"]
    assert meant in FACT_STYLES and "{{ fact key " + meant + " }}" in FACT_USAGE
    assert f"{{{{ fact deal {written} }}}}" in result.html          # left as written, as any broken shortcode


def test_citations_are_numbered_in_order_of_first_use() -> None:
    result, problems = render("A.{{ cite techspot-aws }} B.{{ cite techspot-aws }}")
    assert problems == []
    assert result.citations == ("techspot-aws",)
    # each use of the source has its own id, for the source list's links back (cite-<source>-<use>)
    assert '[<a href="#source-1" id="cite-1-1">1</a>]</sup>' in result.html
    assert '[<a href="#source-1" id="cite-1-2">1</a>]</sup>' in result.html
    assert result.html.count('<sup class="cite"') == 2


def test_shortcodes_in_fences_and_escapes_stay_literal() -> None:
    result, problems = render("""
        ```
        {{ fact nothing }}
        ```

        Literal: \\{{ fact deal }}
        """)
    assert problems == []
    assert "<pre><code>{{ fact nothing }}\n</code></pre>" in result.html
    assert "<p>Literal: {{ fact deal }}</p>" in result.html


def test_errors_carry_the_file_line_and_column() -> None:
    _, problems = render("""
        First line.

        Worth {{ fact deel }} and {{ cite techspot }}.
        {{ chart deels }}
        """)
    assert problems == [
        "content/en/p.md:12:7: error: unknown fact 'deel' (did you mean 'deal'?)",
        "content/en/p.md:12:27: error: unknown source 'techspot' (did you mean 'techspot-aws'?)",
        "content/en/p.md:13:1: error: unknown chart 'deels' (did you mean 'deals'?)",
    ]


@pytest.mark.parametrize(("line", "column"), [
    ("{{ fact deal }} and {{ oops", 21), ("{{{ fact deal }}}", 1), ("{{ fact deal }}{{", 16), ("x {{ y", 3)])
def test_an_unclosed_shortcode_is_located(line: str, column: int) -> None:
    _, problems = render(line)
    assert problems == [f"content/en/p.md:10:{column}: error: '{{{{' is not closed by '}}}}' "
                        r"(write '\{{' for literal braces)"]


def test_block_shortcode_output_is_kept_verbatim() -> None:
    result, _ = render("Intro.\n\n{{ chart deals }}\n\nAfter.",
                       blocks=lambda name, args, lang: f'<figure id="{args[0]}-{lang}"><svg></svg></figure>')
    assert result.html == '<p>Intro.</p>\n<figure id="deals-en"><svg></svg></figure>\n<p>After.</p>'
    assert result.blocks == (("chart", "deals"),)


def test_page_links_become_urls_and_broken_ones_warn() -> None:
    result, problems = render("See [the other](other.md#x) and [nothing](missing.md).")
    assert '<a href="../other/#x">the other</a>' in result.html
    assert problems == ["content/en/p.md:10:43: warning: link to a page that does not exist: 'missing.md' "
                        "(check the file name under content/en/)"]
    assert [(link.target, link.fragment) for link in result.links] == [("other", "x")]


def test_japanese_headings_get_ids_and_explicit_ids_win() -> None:
    result, _ = render("## 契約の中身\n\n## 背景 {#background}", "ja")
    assert '<h2 id="契約の中身">契約の中身</h2>' in result.html
    assert '<h2 id="background">背景</h2>' in result.html
    assert [entry.id for entry in result.toc] == ["契約の中身", "background"]


CITE_MARKER = re.compile(r'<sup class="cite"[^>]*>.*?</sup>')


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_citation_in_a_heading_stays_out_of_its_id_and_contents_entry(lang: str) -> None:
    """'## 契約の相手{{ cite … }}' shows its marker in the heading, but the contents entry is the
    heading's words and its id is theirs: the marker's '[1]' was in the contents ('契約の相手⁠[1]')
    and in the id ('契約の相手1', changing when the sources are numbered otherwise). Expected: the
    same Markdown rendered without the citations (headings with and without an {#id}, an h3,
    a marker inside emphasis, a cite before the heading's text)."""
    cite = "{{ cite techspot-aws }}"
    words = {"ja": ["契約の相手", "背景", f"**計算資源{cite}**の規模", "まとめ"],
             "en": ["The partner", "Background", f"**Compute{cite}** at scale", "Summary"]}[lang]
    body = (f"Text.{{{{ cite techspot-aws }}}}\n\n## {words[0]}{{{{ cite techspot-aws }}}}\n\nOne.\n\n"
            f"## {words[1]} {{{{ cite techspot-aws }}}} {{#background}}\n\nTwo.\n\n"
            f"### {words[2]}{{{{ cite techspot-aws }}}}\n\nThree.\n\n## {{{{ cite techspot-aws }}}}{words[3]}\n\nFour.")
    cited, problems = render(body, lang)
    plain, _ = render(body.replace("{{ cite techspot-aws }}", ""), lang)
    assert not problems
    assert cited.toc == plain.toc
    headings = re.compile(r"<h[23][^>]*>.*?</h[23]>")
    edges = re.compile(r"^(<h[23][^>]*>)\s+|\s+(?=</h[23]>$)")     # the space a marker was written after
    shown = [edges.sub(r"\1", CITE_MARKER.sub("", h)) for h in headings.findall(cited.html)]
    assert shown == headings.findall(plain.html)
    assert all(CITE_MARKER.search(h) for h in headings.findall(cited.html)), "the markers stay in the headings"


def test_anchor_targets_are_the_ids_on_the_page() -> None:
    result, _ = render('## Heading\n\nText.[^1]\n\n<div\nid="raw" data-id="not-an-anchor"></div>\n\n[^1]: Note.')
    assert result.ids == {"heading", "raw", "fn:1", "fnref:1"}


def test_raw_html_is_the_editors_choice() -> None:
    result, _ = render('<div class="callout" markdown="1">\n**Note**\n</div>')
    assert result.html == '<div class="callout">\n<p><strong>Note</strong></p>\n</div>'


@pytest.mark.parametrize(("html", "lang", "minutes"), [
    ("<p>" + "字" * 1500 + "</p>", "ja", 3),
    ("<p>" + "word " * 460 + "</p>", "en", 2),
    ("<p>short</p>", "en", 1),
])
def test_reading_time(html: str, lang: str, minutes: int) -> None:
    assert reading_minutes(html, lang) == minutes


def test_facts_in_front_matter_titles(make_project) -> None:
    from sitegen.pipeline import build

    root = make_project(files={"content/ja/deal.md": (
        "---\ntitle: '{{ fact aws_deal_value }}の契約'\ndescription: 説明。\ndate: 2025-12-08\n---\n本文。\n")})
    page = build(root).tree["ja/deal/index.html"].decode()
    assert "<h1>380億ドルの契約</h1>" in page
    assert "<title>380億ドルの契約 | テスト解説サイト</title>" in page


def test_unknown_fact_in_front_matter_is_located(make_project) -> None:
    from sitegen.diagnostics import BuildError
    from sitegen.pipeline import build

    root = make_project(files={"content/ja/deal.md": (
        "---\ndate: 2025-12-08\ntitle: '{{ fact aws_deal_valu }}'\ndescription: 説明。\n---\n本文。\n")})
    with pytest.raises(BuildError) as caught:
        build(root)
    assert [str(d) for d in caught.value.diagnostics.errors] == [
        "content/ja/deal.md:3: error: front matter can only use {{ fact key }} with a known fact, "
        "not '{{ fact aws_deal_valu }}' (did you mean 'aws_deal_value'?)"]


@pytest.mark.parametrize("name", ["cite techspot-aws", "chart commitments", "glossary"])
def test_another_shortcode_in_front_matter_is_sent_to_the_text(make_project, name: str) -> None:
    """'{{ cite … }}' in a title was told '(add the fact to data/facts/)', which cannot mend it."""
    from sitegen.diagnostics import BuildError
    from sitegen.pipeline import build

    root = make_project(files={"content/ja/deal.md": (
        f"---\ndate: 2025-12-08\ntitle: 'タイトル{{{{ {name} }}}}'\ndescription: 説明。\n---\n本文。\n")})
    with pytest.raises(BuildError) as caught:
        build(root)
    assert [str(d) for d in caught.value.diagnostics.errors] == [
        f"content/ja/deal.md:3: error: front matter can only use {{{{ fact key }}}} with a known fact, "
        f"not '{{{{ {name} }}}}' (put {{{{ {name.split()[0]} … }}}} in the page's text instead)"]


@pytest.mark.parametrize(("title", "error"), [
    ("{{ fact aws_deal_value }の契約", "'{{' is not closed by '}}' (write '\\{{' for literal braces)"),
    ("{{ fact aws_deal_value shrot }}の契約", "write {{ fact key }}, {{ fact key short }} or {{ fact key bare }}, "
                                             "not '{{ fact aws_deal_value shrot }}' (did you mean 'short'?)"),
])
def test_a_broken_fact_in_front_matter_is_an_error_as_in_the_body(make_project, title: str, error: str) -> None:
    """A '{{' left open in a title was published as it stood (the page's <h1> read '{{ fact
    aws_deal_value }の契約'), and a misspelt style gave the long form, both without a word."""
    from sitegen.diagnostics import BuildError
    from sitegen.pipeline import build

    root = make_project(files={"content/ja/deal.md": (
        f"---\ndate: 2025-12-08\ntitle: '{title}'\ndescription: 説明。\n---\n本文。\n")})
    with pytest.raises(BuildError) as caught:
        build(root, write=False, search=False)
    assert [str(d) for d in caught.value.diagnostics.errors] == [f"content/ja/deal.md:3: error: {error}"]


def _errors_of(make_project, body: str) -> list[str]:
    """The errors of a build whose content/ja/deal.md is a page with this body (from line 6)."""
    from sitegen.diagnostics import BuildError
    from sitegen.pipeline import build

    root = make_project(files={"content/ja/deal.md": "---\ntitle: T\ndescription: D\ndate: 2025-12-08\n---\n" + body})
    with pytest.raises(BuildError) as caught:
        build(root, write=False, search=False)
    return [str(d) for d in caught.value.diagnostics.errors]


@pytest.mark.parametrize("line", ["> {{ chart commitments }}", "- {{ glossary }}", "1. {{ timeline }}"])
def test_a_block_shortcode_in_a_quote_or_list_says_so(make_project, line: str) -> None:
    """'> {{ chart commitments }}' was told it 'must stand on a line of its own', which it seems to."""
    name = line.split("{{ ")[1].split()[0]
    assert _errors_of(make_project, "Text.\n\n" + line + "\n") == [
        f"content/ja/deal.md:8:{line.index('{{') + 1}: error: '{name}' must stand on a line of its own, outside a "
        "quote or list (leave a blank line above and below it, with nothing before it)"]


def test_source_ids_separated_by_commas_are_told_to_use_spaces(make_project) -> None:
    """'{{ cite techspot-aws, aibars-ja }}' was "unknown source 'techspot-aws,' (did you mean 'techspot-aws'?)"."""
    assert _errors_of(make_project, "Text{{ cite techspot-aws, aibars-ja }}.\n") == [
        "content/ja/deal.md:6:5: error: unknown source 'techspot-aws,' (separate source ids with spaces, not commas)"]


def test_a_name_in_other_capitals_is_the_one_suggested(make_project) -> None:
    """'{{ fact AWS_DEAL_VALUE }}' got no suggestion, and a link to glossary.md#gpu when the entry is
    'GPU' was told 'did you mean 'cpu'?': difflib compares characters, capitals apart."""
    from sitegen.diagnostics import did_you_mean

    assert did_you_mean("gpu", ["cpu", "GPU"]) == "did you mean 'GPU'?"
    assert _errors_of(make_project, "{{ fact AWS_DEAL_VALUE }}.\n") == [
        "content/ja/deal.md:6:1: error: unknown fact 'AWS_DEAL_VALUE' (did you mean 'aws_deal_value'?)"]


def test_charts_placed_are_the_charts_the_renderer_asks_for() -> None:
    """The chart pass draws what `charts_placed` finds before any body renders: it must be
    exactly what the preprocessor then places (not escaped ones, nor ones in code)."""
    from sitegen.render.shortcodes import charts_placed

    body = ("{{ chart alpha }}\n\nText {{ chart inline }} here.\n\n\\{{ chart escaped }}\n\n```\n{{ chart fenced }}\n"
            "```\n\n~~~~\n```\n{{ chart still_fenced }}\n~~~~\r{{ chart after_cr }}\r\n\n  {{ chart indented }}\n"
            "{{ chart alpha }}\n{{chart}}")
    asked: list[str] = []
    render(body, blocks=lambda name, args, lang: asked.append(args[0]) or "<figure></figure>" if args else "")
    assert set(charts_placed(body)) == set(asked)
    assert set(asked) == {"alpha", "after_cr", "indented"}


_LINE_PIECES = st.sampled_from(["{{ fact deal }}", "{{fact day short}}", "{{ cite techspot-aws }}", "\\{{ fact deal }}",
                                "{{ chart deals }}", "{{ nope x }}", "{{", "}}", "{{{", "{", "}", "\\", " ", "a", "`",
                                "語", "\r"])


@given(st.lists(_LINE_PIECES, max_size=12))
def test_matches_are_found_and_replaced_as_by_the_plain_scanner(pieces: list[str]) -> None:
    line = "".join(pieces)
    seen: list[str] = []

    def mark(match):
        seen.append(match.group(0))
        return f"<{len(seen)}>"

    replaced = replace_matches(line, list(_SHORTCODE.finditer(line)), mark)
    first = list(seen)
    seen.clear()
    assert replaced == _SHORTCODE.sub(mark, line) and first == seen
    # The scanner's lookahead only passes over positions where no match starts.
    without_lookahead = re.compile(r"(\\?)" + _CODE)
    assert [m.span() for m in _SHORTCODE.finditer(line)] == [m.span() for m in without_lookahead.finditer(line)]


@pytest.mark.parametrize("body", [
    "A fact {{ fact deal }} mid-line, a literal \\{{ fact deal }}, and `{{ fact revenue }}` in code.",
    "Cited.{{ cite techspot-aws }} Next {{ fact day }}.\n\n```\n{{ fact deal }}\n```\n\nEnd {{ fact deal }}",
])
def test_line_endings_and_a_last_line_without_newline_render_alike(body: str) -> None:
    assert render(body.replace("\n", "\r\n")) == render(body) == render(body + "\n")


@pytest.mark.parametrize(("lang", "comma", "stop"), [("en", ",", "."), ("ja", "、", "。")])
def test_stops_between_markers_read_as_one_stop_on_a_page(make_project, lang: str, comma: str, stop: str) -> None:
    """Markers separated only by a comma leave no ', .' / '、。' behind (docs/authoring.md, "Sources")."""
    import yaml

    from sitegen.pipeline import build

    from .conftest import SITES

    a, b = yaml.safe_load((SITES / "valid" / "data" / "sources" / "main.yaml").read_text(encoding="utf-8"))
    space = " " if lang == "en" else ""
    cite = "{{{{ cite {} }}}}".format
    lines = [f"Lead {cite(a)}{comma} {cite(b)}{stop} {cite(a)} Next{stop}",
             f"Text {cite(a)}{comma} more {cite(b)}{stop}{space}Then {cite(a)}{stop}"]
    root = make_project(files={f"content/{lang}/cites.md": (
        "---\ntitle: T\ndescription: D.\ndate: 2025-12-08\n---\n" + "\n\n".join(lines))})
    page = build(root, write=False, search=False).tree[f"{lang}/cites/index.html"].decode()
    paragraphs = re.findall(r"<p>(.*?)</p>", page.split("<main", 1)[1])[:len(lines)]
    stops = f"[ {re.escape(comma + stop)}]*"
    for line, html in zip(lines, paragraphs, strict=True):
        # the Markdown's words, and of the spaces and stops around markers only the last stop
        words = re.sub(f"{stops}(?:{_CODE}{stops})+", lambda m: re.sub(_CODE, "", m[0]).strip()[-1:] + space, line)
        assert re.sub(r'<sup class="cite"[^>]*>.*?</sup>', "", html).strip() == words.strip()
        # each marker right after the word before it, numbered in order of first citation
        assert not re.search(r'\s<sup class="cite"', html)
        assert re.findall(r'id="cite-(\d)-\d"', html) == ["1", "2", "1"]
