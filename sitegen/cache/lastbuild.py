"""The report of the last `python build.py` that wrote site/, replayed when nothing has changed since.

When the fingerprint of the inputs (sitegen/fingerprint.py: content, data, templates,
catalogues, static files, site.toml and the engine itself) equals the one recorded when
site/ was last written, and site/ still holds exactly the files written then, a build
would write the same bytes again: the run prints what that build printed (for --strict
too: the record holds both reports) and stops, without importing Markdown, Jinja or Babel.
The record is a self-verifying cache entry (sitegen/cachefile.py) whose key is the
fingerprint: a corrupt record, or one made from other inputs, is a miss and the build runs.
"""

from __future__ import annotations

import marshal
import os
import sys
import time

from ..cachefile import read_entry, write_entry
from ..fingerprint import files_under

RECORD = os.path.join(".cache", "build", "last-build.entry")
SITE_DIR = "site"

# A report: the exit code, what went to stderr, and the summary line for stdout (with a
# {seconds} field; None when the run failed). Recorded for a lenient and a --strict run.
Report = dict


def replay(root: str, fingerprint: str, strict: bool, quiet: bool) -> int | None:
    """Print the last build's report and return its exit code, if it was made from these inputs; else None."""
    started = time.perf_counter()
    data = read_entry(os.path.join(root, RECORD), fingerprint)
    try:
        record = marshal.loads(data) if data is not None else None
        report = record["strict" if strict else "lenient"]
        code, stderr, summary, site = report["code"], report["stderr"], report["summary"], record["site"]
    except (ValueError, EOFError, TypeError, KeyError):
        return None
    if _manifest(os.path.join(root, SITE_DIR)) != site:
        return None           # files in site/ were changed or removed: build and write again
    sys.stderr.write(stderr)
    if summary and not quiet:
        print(summary.format(seconds=time.perf_counter() - started))
    return code


def remember(root: str, fingerprint: str, lenient: Report, strict: Report) -> None:
    """Record the reports of a build that has just written site/ from inputs with this fingerprint."""
    record = {"lenient": lenient, "strict": strict, "site": _manifest(os.path.join(root, SITE_DIR))}
    write_entry(os.path.join(root, RECORD), fingerprint, marshal.dumps(record))


def _manifest(site_dir: str) -> dict[str, list[int]]:
    """Every file in site/ with its size, modification time and inode (a rewrite changes one of them)."""
    found = {}
    for rel in files_under(site_dir):
        info = os.stat(os.path.join(site_dir, rel))
        found[rel] = [info.st_size, info.st_mtime_ns, info.st_ino]
    return found
