"""Property-based tests (Hypothesis): whatever an editor writes, the build ends in time with exit 0
or located errors, never a traceback, a failed build leaves site/ byte-identical, and a
successful one publishes well-formed feeds and sitemap.

Generated: front matter, Markdown (shortcodes, HTML, nesting), CSV cells, YAML data (facts, glossary,
sources, a chart table's description), site.toml and any file name and bytes for a page,
each laid over the valid fixture site. Each example is built by the command line in a forked
process, killed if it runs past TIME_LIMIT. `make test` runs the default profile (a few examples
each, about a minute); `HYPOTHESIS_PROFILE=long` runs 200 each. A failure found is kept as a
fixture under tests/sites/invalid/ (see tests/test_invalid_sites.py).
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import SITES, assemble, tree_of

settings.register_profile("default", max_examples=6, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("long", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

TIME_LIMIT = 120            # seconds; the fixture site builds in about two
# A located problem: a path, then a line (and column) where the file has lines, then the level.
LOCATED = re.compile(r"^[^\s:][^:]*(?::\d+(?::\d+)?)?: (error|warning): \S")
SUMMARY = re.compile(r"^\d+ errors?(, \d+ warnings?)?: site/ left unchanged$")


def _build_in_child(root: Path, conn) -> None:
    from sitegen.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(["--root", str(root), "--no-search", "--no-cache"])
        except BaseException as exc:        # what the property forbids: reported as a traceback
            import traceback
            code, err = 99, io.StringIO("Traceback\n" + "".join(traceback.format_exception(exc)))
    conn.send((code, err.getvalue()))
    conn.close()


def check_build(tmp_path: Path, files: dict[str, str | bytes]) -> None:
    root = tmp_path / f"p{len(list(tmp_path.iterdir()))}"
    assemble(SITES / "valid", root)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous build\n", encoding="utf-8")
    before = tree_of(root / "site")
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_build_in_child, args=(root, sender))
    child.start()
    sender.close()
    if not receiver.poll(TIME_LIMIT):
        child.kill()
        child.join()
        pytest.fail(f"the build ran past {TIME_LIMIT} s with {sorted(files)}")
    code, err = receiver.recv()
    child.join()
    assert "Traceback" not in err, err
    assert code in (0, 1, 2, 3), err
    if code == 0:
        _published_text_is_well_formed(root / "site")
    else:
        lines = err.splitlines()
        assert lines and (SUMMARY.match(lines[-1]) or lines[-1] == "site/ left unchanged"), err
        problems = [line for line in lines[:-1] if not line.startswith("warning: ")]
        assert all(LOCATED.match(line) for line in problems if ": error: " in line or ": warning: " in line), err
        assert any(": error: " in line for line in problems), err
        assert tree_of(root / "site") == before, "a failed build must leave site/ as it was"
    shutil.rmtree(root, ignore_errors=True)


# What XML 1.0 cannot carry (and a browser reads as an error in HTML): a NUL from a YAML escape
# ("\0") once reached feed.xml, which feed readers then refuse whole.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _published_text_is_well_formed(site: Path) -> None:
    """Every feed and sitemap parses as XML; no page carries a character XML forbids."""
    for path in sorted(site.rglob("*")):
        if path.suffix == ".xml":
            ElementTree.parse(path)             # raises ParseError, naming line and column
        if path.suffix in (".xml", ".html"):
            text = path.read_text(encoding="utf-8")
            assert not _NOT_XML.search(text), f"{path.relative_to(site)}: {_NOT_XML.search(text)!r}"


# --- strategies --------------------------------------------------------------------------------

words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
plain = st.text(alphabet="abcxyz 日本語-_.:#'\"{}[]*&!|>%@`\\\t", max_size=20)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), words,
                    st.dates().map(str),
                    st.sampled_from(["38e9", ".nan", "on", "2025-13-01", "~", "a\0b", "\x0b", "\ud800"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(plain, inner, max_size=3),
                      max_leaves=8)
FRONT_KEYS = ["title", "description", "date", "updated", "slug", "translation_key", "order", "as_of",
              "source_hash", "nav_title", "tittle", "2025"]


def _dump(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


front_matter = st.one_of(
    st.fixed_dictionaries({"title": words, "description": words, "date": st.dates().map(str)},
                          optional=dict.fromkeys(FRONT_KEYS[3:], values)).map(_dump),
    st.dictionaries(st.sampled_from(FRONT_KEYS), values, max_size=6).map(_dump),
    plain,
)
fragments = st.one_of(
    words, plain,
    st.sampled_from(["{{ fact aws_deal_value }}", "{{ fact nothing }}", "{{ cite techspot-aws }}", "{{ chart x }}",
                     "{{ glossary }}", "{{", "}}", "\\{{ x }}", "{{ timeline }}", "{{ fact aws_deal_value short }}"]),
    st.sampled_from(["<div markdown=\"1\">", "</div>", "<script>x</script>", "<p id=\"x\">", "<!--", "-->",
                     "<img src=x onerror=alert(1)>", "&#x09;", "<a href=\"javascript:x\">", "</p>"]),
    st.sampled_from(["## Heading {#x}", "## Heading", "[link](deal.md#what)", "[x](nowhere.md)", "[x](http://[)",
                     "```", "~~~", "| a | b |\n|---|---|\n| 1 | 2 |", "[^1]", "[^1]: note", "term\n: definition",
                     "***"]),
    st.integers(0, 40).map(lambda depth: "    " * depth + "- item"),
    st.integers(0, 40).map(lambda depth: ">" * depth + " quote"),
)
markdown = st.lists(fragments, max_size=25).map(
    lambda parts: "".join(part + ("\n" if i % 3 else " ") for i, part in enumerate(parts)))
cells = st.one_of(words, plain, st.sampled_from(["", "nan", "inf", "-1e308", "1e400", "38", "2025-13", "2025-H2",
                                                 "\"", "a,b", "\0", "x\ny", "12", "0x10", "1_000"]))
csv_rows = st.lists(st.lists(cells, min_size=0, max_size=6), max_size=5)
toml_values = st.one_of(st.sampled_from(['"ja"', '["ja", "en"]', '["ja", "en", "en"]', '["en"]', "true", "1",
                                         '"https://example.org/x/"', '"http://["', '{ ja = "x", en = "y" }',
                                         '{ ja = 1 }', '"テスト"', "[]", '"\\u0000"',
                                         '"https://example.org/\\u0007/"', '"https://example.org/x/?a=1#b"',
                                         '"https://u:p@example.org:99999/a b/"']),
                          words.map(lambda w: f'"{w}"'))
TOML_KEYS = ["base_url", "languages", "default_language", "fallback_pages", "title.ja", "title.en", "author.ja",
             "author.en", "author.fr", "extra"]


def _csv(rows: list[list[str]]) -> str:
    header = "partner,deal_type_ja,deal_type_en,usd_bn,announced"
    return header + "\n" + "".join(",".join(row) + "\n" for row in rows)


# --- properties --------------------------------------------------------------------------------

@given(front=front_matter, body=markdown)
def test_any_page(tmp_path: Path, front: str, body: str) -> None:
    check_build(tmp_path, {"content/en/generated.md": f"---\n{front}---\n{body}\n"})


@given(body=markdown)
def test_any_markdown_in_a_valid_page(tmp_path: Path, body: str) -> None:
    check_build(tmp_path, {"content/ja/generated.md": f"---\ntitle: T\ndescription: D\ndate: 2025-01-01\n---\n{body}"})


@given(rows=csv_rows)
def test_any_csv_cells(tmp_path: Path, rows: list[list[str]]) -> None:
    check_build(tmp_path, {"data/datasets/commitments.csv": _csv(rows)})


SOURCE_KEYS = ["publisher", "title", "url", "date", "lang", "kind", "note"]
DATASET_KEYS = ["title", "sources", "as_of", "notes", "columns", "description"]
source_values = values | st.sampled_from(["TechSpot", "https://www.techspot.com/x", "http://[", "//x", "news", "en"])
sources = st.dictionaries(plain, st.dictionaries(st.sampled_from(SOURCE_KEYS), source_values, max_size=7),
                          max_size=3).map(_dump)
descriptions = st.dictionaries(st.sampled_from(DATASET_KEYS), values, max_size=6).map(_dump) | plain


@given(facts=st.one_of(st.dictionaries(plain, values, max_size=4).map(_dump), plain),
       glossary=st.one_of(st.just(None), values.map(_dump)),
       sources=st.one_of(st.just(None), sources), description=st.one_of(st.just(None), descriptions))
def test_any_yaml_data(tmp_path: Path, facts: str, glossary: str | None, sources: str | None,
                       description: str | None) -> None:
    files = {"data/facts/generated.yaml": facts}
    for path, text in (("data/glossary.yaml", glossary), ("data/sources/generated.yaml", sources),
                       ("data/datasets/commitments.yaml", description)):
        if text is not None:
            files[path] = text
    check_build(tmp_path, files)


@given(settings_=st.dictionaries(st.sampled_from(TOML_KEYS), toml_values, max_size=8))
def test_any_site_toml(tmp_path: Path, settings_: dict[str, str]) -> None:
    text = "".join(f"{key} = {value}\n" for key, value in settings_.items())
    check_build(tmp_path, {"site.toml": text})


@given(name=st.text(alphabet="abcXYZ -_.\"<>日本0123456789", min_size=1, max_size=12),
       data=st.binary(max_size=200) | markdown.map(lambda text: text.encode("utf-8")))
def test_any_file_name_and_bytes(tmp_path: Path, name: str, data: bytes) -> None:
    if name in (".", "..") or name.startswith("."):
        name = "x" + name
    check_build(tmp_path, {f"content/en/{name}.md": data})
