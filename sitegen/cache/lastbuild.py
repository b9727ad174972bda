"""The report of the last `python build.py` that wrote site/, replayed when nothing has changed since.

When the fingerprint of the inputs (sitegen/cache/fingerprint.py: content, data, templates,
catalogues, static files, site.toml and the engine itself) equals the one recorded when
site/ was last written, and site/ still holds exactly the files written then, a build
would write the same bytes again: the run prints what that build printed (for --strict
too: the record holds both reports) and stops.

Like fingerprint.py this needs only built-in modules (`marshal`, not `json`, which imports
`re`): build.py tries it before importing the command line, so a no-change run skips even
argparse, and never imports Markdown, Jinja or Babel. Anything else runs the full build,
which still reuses rendered Markdown from .cache/.
"""

from __future__ import annotations

import marshal
import os
import sys
import time

from .fingerprint import input_fingerprint

RECORD = os.path.join(".cache", "build", "last-build.marshal")    # the engine's Python writes and reads it
SITE_DIR = "site"
_FORMAT = 2

# A report: the exit code, what went to stderr, and the summary line for stdout (with a
# {seconds} field; None when the run failed). Recorded for a lenient and a --strict run.
Report = dict


def replay(root: str, fingerprint: str, strict: bool, quiet: bool) -> int | None:
    """Print the last build's report and return its exit code, if it was made from these inputs; else None."""
    started = time.perf_counter()
    try:
        with open(os.path.join(root, RECORD), "rb") as file:
            record = marshal.load(file)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(record, dict) or record.get("format") != _FORMAT or record.get("fingerprint") != fingerprint:
        return None
    if _manifest(os.path.join(root, SITE_DIR)) != record.get("site"):
        return None           # files in site/ were changed or removed: build and write again
    report = record["strict" if strict else "lenient"]
    sys.stderr.write(report["stderr"])
    if report["summary"] and not quiet:
        print(report["summary"].format(seconds=time.perf_counter() - started))
    return report["code"]


def remember(root: str, fingerprint: str, lenient: Report, strict: Report) -> None:
    """Record the reports of a build that has just written site/ from inputs with this fingerprint."""
    from pathlib import Path

    from ..output.write import write_file_atomic  # only after a full build, which has imported it anyway

    record = {"format": _FORMAT, "fingerprint": fingerprint, "lenient": lenient, "strict": strict,
              "site": _manifest(os.path.join(root, SITE_DIR))}
    write_file_atomic(Path(root, RECORD), marshal.dumps(record))


def replay_command_line(argv: list[str]) -> int | None:
    """For build.py: replay a plain build (`[--root DIR] [--strict] [--quiet] [build]`) if nothing changed.

    Any other argument, even an abbreviation argparse would accept, returns None and the
    full command line takes over.
    """
    root, strict, quiet = os.environ.get("SITE_ROOT", "."), False, False
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--strict":
            strict = True
        elif arg == "--quiet":
            quiet = True
        elif arg == "--root" and args:
            root = args.pop(0)
        elif arg.startswith("--root="):
            root = arg.removeprefix("--root=")
        elif arg == "build" and not args:
            pass
        else:
            return None
    root = os.path.realpath(root)
    return replay(root, input_fingerprint(root), strict, quiet)


def _manifest(site_dir: str) -> dict[str, list[int]]:
    """Every file in site/ with its size, modification time and inode (a rewrite changes one of them)."""
    found: dict[str, list[int]] = {}
    for folder, _dirs, files in os.walk(site_dir):
        rel = os.path.relpath(folder, site_dir).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        for name in files:
            info = os.stat(os.path.join(folder, name))
            found[prefix + name] = [info.st_size, info.st_mtime_ns, info.st_ino]
    return dict(sorted(found.items()))
