"""`python build.py status`: every page's translation state, since when (from git), and with
`--diff`, what changed in each stale translation's original since its stamp."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import BuildError, Diagnostics
from ..load.history import History, original_diff
from ..load.model import Site
from ..load.pairs import counterpart, likely_original, original_hint, pairing_errors, translation_states
from ..pipeline import load_site
from ..render.status import state_counts, status_json, status_rows
from .scaffold import today

_STATE_WIDTH = 12       # the longest state, "untranslated"


def print_status(root: Path, as_json: bool = False, diff: bool = False) -> int:
    diags = Diagnostics()
    site = load_site(root, diags)
    # A page that cannot be read, or two pages claiming one key, would show as a missing page and
    # its translation as an original (or pair the wrong pages): no table rather than a wrong one.
    if (pairing := pairing_errors(diags)).items:
        raise BuildError(pairing)
    rows = status_rows(site, translation_states(site))
    if as_json:
        sys.stdout.write(status_json(rows))
    elif diff:
        print_diffs(site, rows, History(root))
    else:
        print_table(site, rows, History(root))
    return 0


def print_table(site: Site, rows: list[dict], history: History) -> None:
    langs = site.config.languages
    stamps = {cell["source"]: site.by_key[row["key"]][lang].meta.source_hash
              for row in rows for lang, cell in row["languages"].items()
              if cell["state"] in ("translated", "stale")}
    stamped, changed, now = history.stamp_dates(stamps), history.last_changes(), today()
    width = max([len(r["key"]) for r in rows] + [4])
    print(f"{'page':<{width}}  " + "  ".join(f"{lang:<{_STATE_WIDTH}}" for lang in langs)
          + f"  {'stamped':<11} original changed")
    unknown = "uncommitted" if history.available else "-"
    for row in rows:
        cells = row["languages"]
        stamps_here = [_date(stamped.get(c["source"]), unknown) for c in cells.values() if c["source"] in stamps]
        original = next((cell["source"] for cell in cells.values() if cell["state"] == "original"), None)
        when = changed.get(original) if original else None
        since = f"{when.isoformat()}, {_days((now - when).days)}" if when else "-"
        print(f"{row['key']:<{width}}  " + "  ".join(f"{cells[lang]['state']:<{_STATE_WIDTH}}" for lang in langs)
              + f"  {', '.join(stamps_here) or '-':<11} {since}")
    print("\n" + ", ".join(f"{n} {state}" for state, n in state_counts(rows).items()))
    if not history.available:
        print(f"(dates unknown: {history.missing})")
    if todo := list(_what_to_do(site, rows)):
        print("\nwhat to do:\n" + "\n".join(f"  {line}" for line in todo))


def _what_to_do(site: Site, rows: list[dict]) -> Iterator[str]:
    """Each translation to write, update or mend: its file, its state, and what to type."""
    # Each translation whose original is not found, by the original it most likely had (renamed?).
    unknown = {page.source: (page, likely_original(page, site.by_key)) for row in rows
               for lang, cell in row["languages"].items()
               if cell["state"] == "unknown" and (page := site.by_key[row["key"]][lang])}
    for row in rows:
        cells = row["languages"]
        original = next((cell["source"] for cell in cells.values() if cell["state"] == "original"), None)
        for lang, cell in cells.items():
            file, stamp = cell["source"], f"then run: python build.py stamp {cell['source']}"
            if cell["state"] == "stale":
                yield (f"{file}: stale, {original} changed since the stamp: update it (what changed: python build.py "
                       f"status --diff), {stamp}")
            elif cell["state"] == "untranslated":
                yield f"{file}: untranslated: translate {original}, {stamp}"
            elif cell["state"] == "unknown":
                yield f"{file}: unknown, its original is not found: {original_hint(unknown[file][0], site.by_key)}"
            elif cell["state"] == "missing" and original:
                file = counterpart(site.by_key[row["key"]][original.split("/")[1]], lang)
                twin = next((other for other, (_, likely) in unknown.items() if likely and likely.source == original),
                            None)
                yield (f"{file}: missing, {lang} readers get {original}: " + (
                    f"{twin} may be its translation, renamed: give the two the same file name or translation_key"
                    if twin else f"translate it into {file} (python build.py stamp {file} when done)"))


def print_diffs(site: Site, rows: list[dict], history: History) -> None:
    """For each stale translation, the diff of its original since the stamped version."""
    stale = [(row["key"], lang, cell) for row in rows for lang, cell in row["languages"].items()
             if cell["state"] == "stale"]
    if not stale:
        print("no stale translations")
        return
    if not history.available:
        print(history.UNAVAILABLE)
        return
    for key, lang, cell in stale:
        found = original_diff(history, cell["source"], cell["original"], site.by_key[key][lang].meta.source_hash)
        print(found.summary)
        print(found.diff)


def _date(value: dt.date | None, otherwise: str) -> str:
    return value.isoformat() if value else otherwise


def _days(count: int) -> str:
    return "today" if count <= 0 else f"{count} day{'s' * (count != 1)} ago"
