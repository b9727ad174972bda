"""docs/extending.md, carried out: each walk-through's code blocks, read from the document
itself, applied to a copy of the fixture site `tests/sites/valid/` with a copy of the engine;
then the result checked in the built site, the files touched compared with the ones the
walk-through names, and a cached rebuild compared with a `--no-cache` build.

The blocks say what to do with them (docs/extending.md, at the top): an opening fence
` ```LANG PATH ` creates PATH, ` ```LANG append PATH ` adds to it, ` ```diff PATH ` edits it
(' ' context, '-' removed, '+' added lines), ` ```sh ` runs in the project's folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .conftest import REPO, SITES, assemble, tree_of

DOC = REPO / "docs" / "extending.md"
_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)
_LEFT_ALONE = ("site", "site.tmp", "site.old", "site.lock", ".cache", ".venv", "__pycache__")


@dataclass(frozen=True)
class Step:
    action: str            # create | append | diff | sh
    path: str | None
    text: str


@dataclass(frozen=True)
class Walkthrough:
    title: str
    files: frozenset[str]  # what its "Files touched:" line names
    steps: tuple[Step, ...]


def walkthrough(title: str) -> Walkthrough:
    """The section `## title` of docs/extending.md: the files it names and its steps, in order."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    section = text[start:end if end >= 0 else len(text)]
    named = re.search(r"^Files touched: (.*?)\n\n", section, re.M | re.S)
    assert named, f"docs/extending.md, '{title}': say which files it touches ('Files touched: …')"
    steps = []
    for fence in _FENCE.finditer(section):
        indent = fence.group("indent")
        body = "".join(line[len(indent):] if line.startswith(indent) else line.lstrip(" \t")
                       for line in fence.group("body").splitlines(keepends=True))
        words = fence.group("info").split()
        if words == ["sh"]:
            steps.append(Step("sh", None, body))
        elif len(words) == 2 and words[0] == "diff":
            steps.append(Step("diff", words[1], body))
        elif len(words) == 3 and words[1] == "append":
            steps.append(Step("append", words[2], body))
        elif len(words) == 2:
            steps.append(Step("create", words[1], body))
        else:
            pytest.fail(f"docs/extending.md, '{title}': a block that says neither a file nor sh: {fence.group(0)[:80]}")
    return Walkthrough(title, frozenset(re.findall(r"`([^`]+)`", named.group(1))), tuple(steps))


def apply(step: Step, root: Path) -> None:
    if step.action == "sh":
        subprocess.run(["bash", "-euc", step.text], cwd=root, check=True, timeout=600)
        return
    assert step.path is not None
    path = root / step.path
    if step.action == "create":
        assert not path.exists(), f"{step.path} exists already: the walk-through creates it"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(step.text, encoding="utf-8")
    elif step.action == "append":
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        if before and not before.endswith("\n"):
            before += "\n"
        path.write_text(before + step.text, encoding="utf-8")
    else:
        path.write_text(apply_diff(path.read_text(encoding="utf-8"), step), encoding="utf-8")


def apply_diff(text: str, step: Step) -> str:
    old = [line[1:] for line in step.text.splitlines() if line[:1] in (" ", "-")]
    new = [line[1:] for line in step.text.splitlines() if line[:1] in (" ", "+")]
    lines = text.split("\n")
    found = [i for i in range(len(lines) - len(old) + 1) if lines[i:i + len(old)] == old]
    assert len(found) == 1, (f"docs/extending.md: the diff for {step.path} no longer applies: its lines "
                             f"{old!r} are found {len(found)} times (update the walk-through)")
    at = found[0]
    return "\n".join(lines[:at] + new + lines[at + len(old):])


def project(dest: Path) -> Path:
    """A project as a checkout of this repository holds one: the fixture site, the repo's
    templates, catalogues and static files, the engine and build.py, and the venv (linked)."""
    root = assemble(SITES / "valid", dest)
    shutil.copytree(REPO / "sitegen", root / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("build.py", "pyproject.toml"):
        shutil.copyfile(REPO / name, root / name)
    (root / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return root


def sources(root: Path) -> dict[str, bytes]:
    """Every file of the project but the outputs, caches and the venv."""
    return {path: data for path, data in tree_of(root).items()
            if not any(part in _LEFT_ALONE for part in Path(path).parts)}


def build(root: Path, *flags: str) -> None:
    subprocess.run([str(root / ".venv/bin/python"), "build.py", "--quiet", *flags], cwd=root, check=True,
                   timeout=600)


def carry_out(title: str, tmp_path: Path) -> Path:
    """Build the fixture once (so the cache holds the site before), do what the walk-through
    says, and check that it touched exactly the files it names and that the cached build it
    ends with equals a build from scratch."""
    doc = walkthrough(title)
    root = project(tmp_path / "project")
    build(root)
    before = sources(root)
    for step in doc.steps:
        apply(step, root)
    after = sources(root)
    touched = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert touched == doc.files, f"'{title}' touches {sorted(touched)}; docs/extending.md names {sorted(doc.files)}"
    assert any(step.action == "sh" and "build.py" in step.text for step in doc.steps), "the walk-through builds"

    clean = tmp_path / "clean"
    shutil.copytree(root, clean, symlinks=True, ignore=shutil.ignore_patterns(*_LEFT_ALONE[:-2]))
    build(clean, "--no-cache")
    assert tree_of(root / "site") == tree_of(clean / "site"), "a cached rebuild differs from --no-cache"
    new_modules = [path for path in touched if path.endswith(".py") and path not in before]
    if new_modules:                         # the walk-through's code is lint-clean where it lands
        subprocess.run([str(root / ".venv/bin/ruff"), "check", *new_modules], cwd=root, check=True)
    return root


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _page(root: Path, lang: str, slug: str) -> HTMLParser:
    return HTMLParser((root / "site" / lang / slug / "index.html").read_text(encoding="utf-8"))


def _plain(text: str) -> str:
    return text.replace("\u2019", "'").strip()     # English typographic apostrophes, as written in data


def test_add_a_shortcode(tmp_path: Path) -> None:
    root = carry_out("Add a shortcode", tmp_path)
    people = _csv(root / "data/datasets/people.csv")
    assert people, "the walk-through's table has rows"
    for lang in ("ja", "en"):
        lists = _page(root, lang, "deal").css("article dl.people")
        assert len(lists) == 1, f"{lang}/deal/: one list where {{{{ people }}}} stands"
        assert [_plain(dt.text()) for dt in lists[0].css("dt")] == [row[f"name_{lang}"] for row in people]
        assert [_plain(dd.text()) for dd in lists[0].css("dd")] == [row[f"role_{lang}"] for row in people]


def test_add_a_chart(tmp_path: Path) -> None:
    root = carry_out("Add a chart", tmp_path)
    rows = _csv(root / "data/datasets/commitments.csv")
    words = yaml.safe_load((root / "data/charts.yaml").read_text(encoding="utf-8"))["commitments-by-kind"]
    site = root / "site"
    described = yaml.safe_load((root / "data/datasets/commitments.yaml").read_text(encoding="utf-8"))["columns"]
    # the table itself, with a byte-order mark so that Excel (Shift_JIS on a Japanese Windows) reads it as UTF-8
    assert (site / "charts/commitments-by-kind.csv").read_bytes() == \
        b"\xef\xbb\xbf" + (root / "data/datasets/commitments.csv").read_bytes()
    for lang in ("ja", "en"):
        figure = _page(root, lang, "deal").css_first("article figure#chart-commitments-by-kind")
        assert figure is not None, f"{lang}/deal/: the chart is placed"
        assert _plain(figure.css_first("figcaption").text()).startswith(words["title"][lang])
        # Each drawing (wide, narrow): one bar per kind of deal, as long as the table has deals of that kind.
        counts = Counter(row[f"deal_type_{lang}"] for row in rows)
        drawings = figure.css(".chart__static svg")
        assert len(drawings) == 2
        for svg in drawings:
            bars = [bar.attributes["aria-label"] for bar in svg.css('[aria-roledescription="bar"]')]
            deals, kind_label = words["labels"]["deals"][lang], described["deal_type"]["label"][lang]
            assert sorted(bars) == sorted(f"{deals}: {n}; {kind_label}: {kind}" for kind, n in counts.items())
        # The data table under it: the table's rows, in order, its columns in the order described.
        column = list(described).index("deal_type")
        assert [_plain(tr.css("td, th")[column].text()) for tr in figure.css("table tbody tr")] == \
            [row[f"deal_type_{lang}"] for row in rows]
        svg = (site / f"charts/commitments-by-kind.{lang}.svg").read_text(encoding="utf-8")
        assert "<svg" in svg and words["title"][lang] in svg


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_add_an_output_file(tmp_path: Path) -> None:
    root = carry_out("Add an output file", tmp_path)
    config = tomllib.loads((root / "site.toml").read_text(encoding="utf-8"))
    base = config["base_url"]
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([str(root / ".venv/bin/lint-imports"), "--no-cache"], cwd=root, env=env, check=True,
                   capture_output=True)
    for lang in config["languages"]:
        feed = json.loads((root / "site" / lang / "feed.json").read_text(encoding="utf-8"))
        assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["language"] == lang
        assert feed["title"] == config["title"][lang]
        assert (feed["home_page_url"], feed["feed_url"]) == (f"{base}{lang}/", f"{base}{lang}/feed.json")
        # Expected from the pages themselves: every article written in this language (not the
        # home page), the one changed last first.
        pages = []
        for path in sorted((root / "content" / lang).glob("*.md")):
            meta = _front_matter(path)
            if path.stem != "index":
                day, changed = meta["date"], meta.get("updated", meta["date"])
                pages.append((-changed.toordinal(), -day.toordinal(), path.stem, meta))
        pages.sort(key=lambda item: item[:3])
        assert [item["url"] for item in feed["items"]] == [f"{base}{lang}/{meta.get('slug', stem)}/"
                                                             for _, _, stem, meta in pages]
        for item, (_, _, _, meta) in zip(feed["items"], pages, strict=True):
            assert (item["title"], item["summary"]) == (meta["title"], meta["description"])
            assert item["date_published"] == f"{meta['date'].isoformat()}T00:00:00Z"
            assert item["date_modified"] == f"{meta.get('updated', meta['date']).isoformat()}T00:00:00Z"
            assert isinstance(meta["date"], dt.date)
        # The same entries as the Atom feed, bodies included.
        atom = ET.parse(root / "site" / lang / "feed.xml").getroot()
        ns = {"a": "http://www.w3.org/2005/Atom"}
        entries = [(e.findtext("a:id", namespaces=ns), e.findtext("a:content", namespaces=ns))
                   for e in atom.findall("a:entry", ns)]
        assert [(item["id"], item["content_html"]) for item in feed["items"]] == entries
        assert all(item["content_html"].strip() for item in feed["items"])
