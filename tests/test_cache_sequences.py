"""Caches that cannot go stale, tried by an adversary: random sequences of edits (Hypothesis).

tests/test_incremental.py tries each kind of edit once, and a few in a fixed order. Here
Hypothesis chooses the order, repeats and undoes edits, and mixes in broken pages, so that
an edit is often made while the cache holds the result of another one (a fact changed back
to its first value, a page deleted and restored, a slug added and removed, a template edited
twice). After every step, three ways of building must agree with a build from scratch:

- the dev server's way: one `BuildCache` in memory for the whole sequence, told which files
  changed (as its watcher does);
- the command line's way: `build.py` in this process, with .cache/ on disk and its no-change
  replay (cache/lastbuild.py), writing site/;
- and, when the scratch build fails, both fail too, the in-memory one with the very same
  messages, and the command line with exit 1 and site/ exactly as it was.

`make test` runs a few sequences (derandomized); HYPOTHESIS_PROFILE=long runs many more.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from sitegen.cache.buildcache import BuildCache
from sitegen.cli import main
from sitegen.diagnostics import BuildError
from sitegen.pipeline import build

from .conftest import SITES, assemble, tree_of

PAGES = ("content/ja/deal.md", "content/en/deal.md", "content/ja/glossary.md", "content/en/glossary.md",
         "content/ja/only-ja.md")
# Pieces of Markdown an editor writes, some of them wrong (an unknown fact or source, a link to
# a missing anchor): a sequence then passes through failed builds and back.
FRAGMENTS = st.sampled_from([
    "Plain text.", "本文の段落です。", "## Another heading {#another}", "## 別の見出し",
    "The value is {{ fact aws_deal_value }}.", "期間は{{ fact aws_deal_term short }}です。",
    "Oracle: {{ fact oracle_deal_value }}.{{ cite techspot-aws }}", "出典。{{ cite aibars-ja }}",
    "See [the deal](deal.md#what).", "See [GPU](glossary.md#gpu).", "{{ glossary }}",
    "| A | B |\n|---|---|\n| 1 | {{ fact aws_deal_term }} |",
    "{{ fact no_such_fact }}", "[broken](deal.md#no-such-anchor)",
])
BODIES = st.lists(FRAGMENTS, min_size=1, max_size=4).map(lambda parts: "\n\n".join(parts) + "\n")
WORDS = st.sampled_from(["Deal", "契約", "Terms", "条件", "AWS"])
_FRONT = re.compile(r"\A(---\n.*?\n---\n)(.*)\Z", re.S)


def _lines(error: BuildError) -> list[str]:
    return error.diagnostics.lines()


class EditSequences(RuleBasedStateMachine):
    """One fixture project, edited step by step; after each step every way of building agrees."""

    @initialize()
    def start(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="cache-sequences-"))
        self.root = assemble(SITES / "valid", self.folder / "project")
        self.originals = {rel: (self.root / rel).read_bytes() for rel in PAGES}
        self.memory = BuildCache()
        build(self.root, write=False, cache=self.memory)
        assert self._cli() == 0

    def teardown(self) -> None:
        if hasattr(self, "folder"):
            shutil.rmtree(self.folder, ignore_errors=True)

    # Edits. Each rewrites files as an editor's save would and tells the in-memory cache.

    def _rewrite(self, rel: str, change) -> None:
        path = self.root / rel
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        self._built_after([rel])

    def _page_exists(self) -> bool:
        return any((self.root / rel).exists() for rel in PAGES)

    @precondition(_page_exists)
    @rule(data=st.data(), body=BODIES)
    def edit_body(self, data, body: str) -> None:
        rel = data.draw(st.sampled_from([r for r in PAGES if (self.root / r).exists()]))
        self._rewrite(rel, lambda text: _FRONT.sub(lambda m: m.group(1) + body, text))

    @precondition(_page_exists)
    @rule(data=st.data(), word=WORDS)
    def retitle(self, data, word: str) -> None:
        rel = data.draw(st.sampled_from([r for r in PAGES if (self.root / r).exists()]))
        self._rewrite(rel, lambda text: re.sub(r"(?m)^title: .*$", f"title: {word}", text, count=1))

    @rule(on=st.booleans())
    def slug(self, on: bool) -> None:
        rel = "content/en/deal.md"
        if (self.root / rel).exists():
            self._rewrite(rel, lambda text: re.sub(r"(?m)^slug: .*\n", "", text).replace(
                "order: 1\n", "order: 1\nslug: the-deal\n" if on else "order: 1\n", 1))

    @rule(data=st.data())
    def delete_or_restore(self, data) -> None:
        rel = data.draw(st.sampled_from(PAGES))
        path = self.root / rel
        if path.exists():
            path.unlink()
        else:
            path.write_bytes(self.originals[rel])
        self._built_after([rel])

    @precondition(_page_exists)
    @rule(data=st.data())
    def break_front_matter(self, data) -> None:
        rel = data.draw(st.sampled_from([r for r in PAGES if (self.root / r).exists()]))
        self._rewrite(rel, lambda text: text.replace("title:", "tittle:", 1))

    @rule(value=st.sampled_from(["38e9", "40e9", "1.5e12", "38e9"]))
    def fact_value(self, value: str) -> None:
        self._rewrite("data/facts/deal.yaml", lambda text: re.sub(r"(?m)^  value: [0-9.e]+$", f"  value: {value}",
                                                                  text, count=1))

    @rule(value=st.sampled_from(["300", "310", "", "300"]))
    def dataset_cell(self, value: str) -> None:
        self._rewrite("data/datasets/commitments.csv",
                      lambda text: re.sub(r"(?m)^(Oracle,[^,]*,[^,]*,)[^,]*,", rf"\g<1>{value},", text))

    @rule(word=st.sampled_from(["汎用の計算装置。", "汎用の演算装置。"]))
    def glossary_entry(self, word: str) -> None:
        self._rewrite("data/glossary.yaml", lambda text: re.sub("汎用の(計算|演算)装置。", word, text))

    @rule(on=st.booleans())
    def template(self, on: bool) -> None:
        mark = '<footer class="site-footer" data-edited>' if on else '<footer class="site-footer">'
        self._rewrite("templates/base.html",
                      lambda text: re.sub(r'<footer class="site-footer"( data-edited)?>', mark, text, count=1))

    @rule(word=st.sampled_from(["公開", "公開日"]))
    def catalogue(self, word: str) -> None:
        self._rewrite("locales/ja/LC_MESSAGES/messages.po",
                      lambda text: re.sub(r'msgstr "公開(日)?"', f'msgstr "{word}"', text, count=1))

    @rule(on=st.booleans())
    def static_file(self, on: bool) -> None:
        path = self.root / "static/css/extra.css"
        if on:
            path.write_text("p { margin: 0 }\n", encoding="utf-8")
        elif path.exists():
            path.unlink()
        self._built_after(["static/css/extra.css"])

    @rule(title=st.sampled_from(["Test explainer site", "A test explainer site"]))
    def site_title(self, title: str) -> None:
        self._rewrite("site.toml", lambda text: re.sub(r'(?m)^en = ".*"$', f'en = "{title}"', text, count=1))

    # Every way of building, against a build from scratch.

    def _cli(self) -> int:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return main(["--root", str(self.root), "--quiet"])

    def _built_after(self, changed: list[str]) -> None:
        self.memory.forget(self.root, changed)
        before = tree_of(self.root / "site")
        try:
            scratch = dict(build(self.root, write=False, cache=BuildCache.from_scratch()).tree)
        except BuildError as error:
            try:
                build(self.root, write=False, cache=self.memory)
            except BuildError as also:
                assert _lines(also) == _lines(error), "the in-memory rebuild reports other problems"
            else:
                raise AssertionError(f"the in-memory rebuild passed where a clean build failed: {_lines(error)}")
            assert self._cli() == 1, "build.py passed where a clean build failed"
            assert tree_of(self.root / "site") == before, "a failed build.py changed site/"
            return
        rebuilt = dict(build(self.root, write=False, cache=self.memory).tree)
        assert sorted(rebuilt) == sorted(scratch)
        assert [p for p in scratch if rebuilt[p] != scratch[p]] == [], "the in-memory rebuild is stale"
        assert self._cli() == 0, "build.py failed where a clean build passed"
        written = tree_of(self.root / "site")
        assert sorted(written) == sorted(scratch)
        assert [p for p in scratch if written[p] != scratch[p]] == [], "build.py with .cache/ wrote stale files"


EditSequences.TestCase.settings = settings(
    max_examples=100 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 6, stateful_step_count=8,
    deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
test_edit_sequences = EditSequences.TestCase
