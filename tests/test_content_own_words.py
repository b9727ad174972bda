"""Every sentence on the site is in our own words, not the original article's or the fact sheet's.

The project's material (`../shared/`: the Japanese article it began from, `seed/`, and the writers'
fact sheet, `facts.md`) is read, not copied: a page of the built site shares no run of 20 or more
characters of Japanese, or 8 or more words of English, with either, outside quotation marks
(「…」, “…”, "…": a quotation cited to its source is allowed, tests/test_quotes_cited.py) and
outside the names of sources (citations, the sources list, a chart's source line).

The material is not part of the repository: the test reads it beside the checkout (or where
SITEGEN_SHARED points) and skips, saying so, where it is absent.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .conftest import REPO

JA_RUN, EN_RUN = 20, 8
NOT_OURS = ("script", "style", "svg", ".cite", ".citations", ".source-list", ".chart__source", "nav",
            ".toc", ".toc-side", "header", "footer")
QUOTED = re.compile(r"「[^」]*」|“[^”]*”|\"[^\"]*\"|『[^』]*』")


def _shared() -> Path:
    for candidate in (os.environ.get("SITEGEN_SHARED"), REPO.parent / "shared", REPO.parents[1] / "shared"):
        if candidate and (Path(candidate) / "facts.md").is_file():
            return Path(candidate)
    pytest.skip("the project's shared material (../shared/facts.md, seed/) is not beside this checkout")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9$%.,'’\-]+", text.lower())


def shared_runs(page: str, material: str) -> list[str]:
    """Runs of `page` (text, quotations removed) that `material` also has: JA_RUN characters of
    Japanese (spaces ignored, ASCII-only stretches skipped) or EN_RUN English words."""
    page = QUOTED.sub(" ", page)
    found = []
    flat, source = _squeeze(page), _squeeze(material)
    i = 0
    while i + JA_RUN <= len(flat):
        run = flat[i:i + JA_RUN]
        if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", run) and run in source:
            end = i + JA_RUN
            while end < len(flat) and flat[i:end + 1] in source:
                end += 1
            found.append(flat[i:end])
            i = end
        else:
            i += 1
    words, grams = _words(page), _words(material)
    shared = {tuple(grams[j:j + EN_RUN]) for j in range(len(grams) - EN_RUN + 1)}
    i = 0
    while i + EN_RUN <= len(words):
        if tuple(words[i:i + EN_RUN]) in shared:
            found.append(" ".join(words[i:i + EN_RUN]))
            i += EN_RUN
        else:
            i += 1
    return found


def page_text(html: str) -> str:
    """What a reader reads as the page's own prose: <main> without sources, navigation and charts' drawings."""
    tree = HTMLParser(html)
    main = tree.css_first("main") or tree.body
    for selector in NOT_OURS:
        for node in main.css(selector):
            node.decompose()
    return main.text(separator=" ")


def test_a_copied_run_is_found_and_a_quotation_or_a_short_echo_passes() -> None:
    seed = "OpenAIは直ちにAWSの計算資源の利用を開始し、2026年末までに今回契約したキャパシティを使い切る計画です。"
    assert shared_runs("同社は直ちにAWSの計算資源の利用を開始し、2026年末までに導入を終えます。", seed) == \
        ["は直ちにAWSの計算資源の利用を開始し、2026年末までに"]
    assert shared_runs("元記事は「2026年末までに今回契約したキャパシティを使い切る計画」としています。", seed) == []
    assert shared_runs("AWSの計算資源を使い始めました。", seed) == []
    notes = "Gartner expects over 40% of agentic AI projects to be canceled by the end of 2027."
    assert shared_runs("It expects over 40% of agentic AI projects to be canceled by the end of 2027.", notes)
    assert shared_runs("It expects more than 40% of such projects to be called off before 2027 is out.", notes) == []


def test_no_page_copies_a_run_of_the_original_article_or_the_fact_sheet(real_site) -> None:
    shared = _shared()
    facts = (shared / "facts.md").read_text(encoding="utf-8")
    facts = re.sub(r"\n## 4\..*?(?=\n## )", "\n", facts, flags=re.S)     # §4 lists the terms to use: names, not prose
    material = "\n".join([facts, *(p.read_text(encoding="utf-8") for p in sorted((shared / "seed").glob("*.txt")))])
    tree = real_site
    pages = {name: body for name, body in tree.items()
             if name.endswith("index.html") and name.split("/")[0] in ("ja", "en") and "/search/" not in name}
    assert len(pages) >= 10
    found = [f"{name}: {run}" for name, body in sorted(pages.items())
             for run in shared_runs(page_text(body.decode("utf-8")), material)]
    assert found == [], "write these in our own words (or quote and cite them):\n  " + "\n  ".join(found)
