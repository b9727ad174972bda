"""Translation status for editors: the table (`status`) and recording a finished translation (`stamp`)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .diagnostics import BuildError, Diagnostics, Location, relpath
from .model import Site
from .output import write_file_atomic
from .pipeline import load_site, translation_states


def status_rows(site: Site) -> list[dict]:
    """One row per translation key: each language's file and state."""
    states = translation_states(site)
    rows = []
    for key, group in sorted(site.by_key.items()):
        row = {"key": key, "languages": {}}
        for lang in site.config.languages:
            page = group.get(lang)
            if page is None:
                row["languages"][lang] = {"state": "missing", "source": None}
            else:
                state = states[(lang, key)]
                row["languages"][lang] = {"state": state.state, "source": page.source, "digest": page.digest,
                                          "original": state.original.source if state.original else None}
        rows.append(row)
    return rows


def print_status(root: Path, as_json: bool = False) -> int:
    diags = Diagnostics()
    site = load_site(root, diags)
    rows = status_rows(site)
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
        print()
        return 0
    langs = site.config.languages
    width = max([len(r["key"]) for r in rows] + [4])
    print(f"{'page':<{width}}  " + "  ".join(f"{lang:<12}" for lang in langs))
    for row in rows:
        cells = [f"{row['languages'][lang]['state']:<12}" for lang in langs]
        print(f"{row['key']:<{width}}  " + "  ".join(cells))
    counts: dict[str, int] = {}
    for row in rows:
        for cell in row["languages"].values():
            counts[cell["state"]] = counts.get(cell["state"], 0) + 1
    print("\n" + ", ".join(f"{n} {state}" for state, n in sorted(counts.items())))
    stale = [c for r in rows for c in r["languages"].values() if c["state"] in ("stale", "unknown")]
    if stale:
        print("update each stale translation, then run: python build.py stamp <file>")
    return 0


def stamp(root: Path, files: list[Path]) -> int:
    """Write the original's current digest into each translation's front matter."""
    diags = Diagnostics()
    site = load_site(root, diags)
    by_source = {p.source: p for p in site.pages}
    updates: dict[Path, str] = {}
    for file in files:
        rel = relpath(file if file.is_absolute() else Path.cwd() / file, root)
        page = by_source.get(rel)
        if page is None:
            diags.error(Location(rel), "not a page of this site", "give a path such as content/en/deal.md")
            continue
        others = [p for lang, p in sorted(site.by_key[page.key].items()) if lang != page.lang]
        originals = [p for p in others if p.meta.source_hash is None]
        if not originals:
            diags.error(Location(rel), "no original to stamp against",
                        "stamp the translation, not the original" if others else "this page has no counterpart")
            continue
        updates[root / rel] = originals[0].digest
    if diags.errors:
        raise BuildError(diags)
    for path, digest in updates.items():
        write_file_atomic(path, _with_source_hash(path.read_text(encoding="utf-8"), digest).encode("utf-8"))
        print(f"{relpath(path, root)}: source_hash: {digest}")
    return 0


def _with_source_hash(text: str, digest: str) -> str:
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    for i in range(1, end):
        if re.match(r"source_hash\s*:", lines[i]):
            lines[i] = f"source_hash: {digest}"
            return "\n".join(lines)
    lines.insert(end, f"source_hash: {digest}")
    return "\n".join(lines)
