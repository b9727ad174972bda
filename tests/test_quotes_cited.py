"""Someone's own words are cited to where they were first published.

A quotation in the pages ("No, no, nothing like that.", 「いや、まったくそんなものではない」, the
letter of intent's "up to …") is a claim about what a company or a person said. The citation
that closes the passage must include the publication that carried those words, a company's own
release (primary) or the newsroom that reported them (news); a commentator who repeats the
words (analysis) may stand beside it, never alone (docs/authoring.md, "Cite the original
publication")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from .conftest import REPO

CITE = re.compile(r"\{\{\s*cite\s+([^}]*)\}\}")
SHORTCODE = re.compile(r"\{\{[^}]*\}\}")
QUOTATION = re.compile(r"“[^”]+”|\"[^\"\n]+\"|「[^」]+」")


def _kinds() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for path in sorted((REPO / "data" / "sources").glob("*.yaml")):
        if path.name != "publishers.yaml":
            sources = yaml.safe_load(path.read_text(encoding="utf-8"))
            kinds.update({key: entry["kind"] for key, entry in sources.items()})
    return kinds


def quotations_cited_only_to_commentary(markdown: str, kinds: dict[str, str]) -> list[tuple[list[str], list[str]]]:
    """(quotations, source ids) of each passage, up to its citation, that quotes someone and is
    cited to analysis alone. A passage runs from the previous citation (or its paragraph's start)."""
    found = []
    for paragraph in markdown.split("\n\n"):
        start = 0
        for cite in CITE.finditer(paragraph):
            passage = SHORTCODE.sub("X", paragraph[start:cite.start()])
            start = cite.end()
            ids = cite[1].split()
            quoted = QUOTATION.findall(passage)
            if quoted and {kinds[i] for i in ids} == {"analysis"}:
                found.append((quoted, ids))
    return found


SAMPLE_KINDS = {"wire": "news", "release": "primary", "blog": "analysis"}


@pytest.mark.parametrize("text", [
    'Asked about it, he answered: "No, nothing like that." {{ cite blog }}',
    "「いや、そんなものではない」と答えたと伝えられています。{{ cite blog }}",
    'The letter\'s "up to {{ fact x bare }}" was only a ceiling. {{ cite blog }}',
])
def test_a_quotation_cited_only_to_commentary_is_found(text: str) -> None:
    assert quotations_cited_only_to_commentary(text, SAMPLE_KINDS)


@pytest.mark.parametrize("text", [
    'He answered: "No, nothing like that." {{ cite wire }}',
    'He answered: "No, nothing like that." {{ cite blog wire }}',
    "「意向」にすぎませんでした。{{ cite release blog }}",
    "An analysis of the filings puts it at {{ fact x }}. {{ cite blog }}",
    '"Hedged" words. {{ cite wire }} Our reading of them is the analyst\'s. {{ cite blog }}',
])
def test_a_quotation_with_its_original_or_a_passage_without_one_passes(text: str) -> None:
    assert quotations_cited_only_to_commentary(text, SAMPLE_KINDS) == []


def test_every_quotation_on_the_site_is_cited_to_its_original_publication() -> None:
    kinds = _kinds()
    pages = sorted((REPO / "content").glob("*/*.md"))
    assert len(pages) >= 18
    found = {}
    for page in pages:
        body = page.read_text(encoding="utf-8").split("---", 2)[2]
        if hits := quotations_cited_only_to_commentary(body, kinds):
            found[str(Path(page).relative_to(REPO))] = hits
    assert found == {}, ("cite the release or the news report that carried these words "
                         f"(a commentator may stand beside it): {found}")


# The original article (the seed) is a publication like any other: words quoted from it are
# cited to it, in the same paragraph, so a reader can check the quotation against the article.
NAMES_SEED = re.compile(r"元記事|original article", re.IGNORECASE)
SENTENCE = re.compile(r"(?<=[。.!?])\s*")


def seed_quotations_uncited(markdown: str, seed: str = "seed-article") -> list[str]:
    """Sentences that name the original article and quote words, in a paragraph that never cites it."""
    found = []
    for paragraph in markdown.split("\n\n"):
        cited = {i for c in CITE.finditer(paragraph) for i in c[1].split()}
        found += [s for s in SENTENCE.split(paragraph)
                  if NAMES_SEED.search(s) and QUOTATION.search(SHORTCODE.sub("X", s)) and seed not in cited]
    return found


def test_a_quotation_of_the_original_article_without_its_citation_is_found() -> None:
    quoted = 'The original article calls it "the largest". That overstates it. {{ cite release }}'
    assert seed_quotations_uncited(quoted) == ['The original article calls it "the largest".']
    assert seed_quotations_uncited(quoted.replace("{{ cite release }}", "{{ cite seed-article release }}")) == []
    assert seed_quotations_uncited("元記事は「数百億ドル」としています。") == ["元記事は「数百億ドル」としています。"]
    assert seed_quotations_uncited("元記事は売上を過大に見ています。") == []     # no quotation


def test_words_quoted_from_the_original_article_are_cited_to_it() -> None:
    found = {}
    for page in sorted((REPO / "content").glob("*/*.md")):
        if hits := seed_quotations_uncited(page.read_text(encoding="utf-8").split("---", 2)[2]):
            found[str(page.relative_to(REPO))] = hits
    assert found == {}, f"cite seed-article where its words are quoted: {found}"
