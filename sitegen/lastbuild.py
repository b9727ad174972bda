"""What the last successful `python build.py` did, so a run that would change nothing stops early.

When the fingerprint of the inputs (sitegen/fingerprint.py: content, data, templates,
catalogues, static files, site.toml and the engine itself) equals the one recorded when
site/ was last written, and site/ still holds exactly the files written then, a build
would write the same bytes again. The run reports the recorded problems and stops,
without importing Markdown, Jinja or Babel. Anything else runs the full build, which
still reuses rendered Markdown from .cache/.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Diagnostics, Location

RECORD = Path(".cache") / "build" / "last-build.json"
_FORMAT = 1


@dataclass(frozen=True)
class LastBuild:
    diagnostics: Diagnostics
    pages: dict[str, int]          # pages written per language, in the site's order (for the summary line)


def reuse(root: Path, site_dir: Path, fingerprint: str) -> LastBuild | None:
    """The last build's outcome if it was made from these very inputs and site/ is as it left it."""
    try:
        record = json.loads((root / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("format") != _FORMAT or record.get("fingerprint") != fingerprint:
        return None
    if _manifest(site_dir) != record.get("site"):
        return None           # someone changed or removed files in site/: build and write again
    diags = Diagnostics()
    for level, path, line, column, message, hint in record["diagnostics"]:
        diags.items.append(Diagnostic(level, Location(path, line, column), message, hint))
    return LastBuild(diags, dict(record["pages"]))


def remember(root: Path, site_dir: Path, fingerprint: str, diags: Diagnostics, pages: Mapping[str, int]) -> None:
    """Record a build that has just written site/ from inputs with this fingerprint."""
    from .output import write_file_atomic  # not needed (nor its shutil import) when nothing changed

    record = {
        "format": _FORMAT,
        "fingerprint": fingerprint,
        "pages": [[lang, count] for lang, count in pages.items()],     # a list: the order matters
        "diagnostics": [[d.level, d.location.path, d.location.line, d.location.column, d.message, d.hint]
                        for d in diags.items],
        "site": _manifest(site_dir),
    }
    write_file_atomic(root / RECORD, json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def _manifest(site_dir: Path) -> dict[str, list[int]]:
    """Every file in site/ with its size, modification time and inode (a rewrite changes one of them)."""
    found: dict[str, list[int]] = {}
    start = len(str(site_dir)) + 1
    for folder, _dirs, files in os.walk(site_dir):
        prefix = folder[start:].replace(os.sep, "/") + "/" if len(folder) >= start else ""
        for name in files:
            info = os.stat(os.path.join(folder, name))       # noqa: PTH116, PTH118 (hot loop: no Path objects)
            found[prefix + name] = [info.st_size, info.st_mtime_ns, info.st_ino]
    return dict(sorted(found.items()))
