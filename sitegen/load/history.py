"""What git knows about the pages: when each translation was stamped, when each original last
changed, and the version of an original a translation was made from.

For editors' commands and the dev server only; a build never reads git (its output depends on
the files alone). Everything here degrades to "unknown" outside a git work tree or without git.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostics
from .content import CONTENT_DIR, parse_page

_STAMP_LINE = re.compile(r"^\+source_hash:\s*(\S+)\s*$")


@dataclass(frozen=True)
class Version:
    """A committed version of a file."""

    commit: str
    date: dt.date          # the commit's date
    path: str              # the file's path then (relative to the project root)
    text: str


@dataclass(frozen=True)
class OriginalDiff:
    """What changed in a translation's original since the version it was stamped against."""

    translation: str       # content/en/x.md
    original: str          # content/ja/x.md
    source_hash: str       # the translation's stamp
    stamped: Version | None     # None: no committed version of the original has the stamp's digest
    diff: str              # unified diff, stamped version → the file now ('' when `stamped` is None)

    @property
    def summary(self) -> str:
        """One line saying what the diff is, or why there is none."""
        if self.stamped is None:
            return (f"{self.translation}: no committed version of {self.original} has the stamped digest "
                    f"{self.source_hash} (stamped before the original was committed?); compare by hand: "
                    f"git log -p {self.original}")
        return (f"{self.translation} is stale: {self.original} changed since {self.stamped.date.isoformat()} "
                f"(commit {self.stamped.commit[:10]})")


class History:
    """Git's view of the project folder `root` (empty answers when there is no repository)."""

    def __init__(self, root: Path):
        self.root = root
        self.missing = "the project is not in a git work tree"      # why there are no dates
        self.available = self._git("rev-parse", "--is-inside-work-tree").strip() == "true"
        self.UNAVAILABLE = f"what changed is read from git, and {self.missing}"

    def last_changes(self) -> dict[str, dt.date]:
        """Each content file's last change: its last commit, or its modification time if it has
        uncommitted changes (or was never committed)."""
        if not self.available:
            return {}
        changed: dict[str, dt.date] = {}
        date = None
        for line in self._git("log", "--format=%x00%cs", "--name-only", "--relative", "--", CONTENT_DIR).splitlines():
            if line.startswith("\0"):
                date = dt.date.fromisoformat(line[1:])
            elif line and date is not None:
                changed.setdefault(line, date)
        for rel in self._uncommitted():
            path = self.root / rel
            if path.is_file():
                changed[rel] = dt.date.fromtimestamp(path.stat().st_mtime)
        return changed

    def stamp_dates(self, stamps: dict[str, str]) -> dict[str, dt.date | None]:
        """For each translation (source → its source_hash now), the date of the commit that wrote
        that source_hash, under this name or one it had before a rename; None if it is not committed yet."""
        if not self.available or not stamps:
            return {}
        found: dict[str, dt.date | None] = {}
        named = {source: source for source in stamps}      # a name in the commits read so far → the source now
        date, file, renamed, was = None, None, [], None
        # Every change of content/, renames followed: a stamp made before its pair was renamed dates from then.
        log = self._git("log", "--format=%x00%cs", "-p", "--unified=0", "-M", "--relative", "--", CONTENT_DIR)
        for line in log.splitlines():
            if line.startswith("\0"):
                date = dt.date.fromisoformat(line[1:])
                for old, new in renamed:          # older commits know the file by its old name
                    named[old] = named.pop(new, None)
                renamed = []
            elif line.startswith("rename from "):
                was = line.removeprefix("rename from ")
            elif line.startswith("rename to ") and was:
                renamed.append((was, line.removeprefix("rename to ")))
            elif line.startswith("+++ "):
                file = named.get(line[4:].removeprefix("b/"))
            elif (match := _STAMP_LINE.match(line)) and file in stamps and file not in found and date \
                    and match.group(1) == stamps[file]:
                found[file] = date
        # A stamp changed since the last commit is not committed yet (one not in git has no date either).
        restamped = set(self._git("diff", "HEAD", "--name-only", "--relative", "-G^source_hash:", "--",
                                  *sorted(stamps)).splitlines())
        return {source: None if source in restamped else found.get(source) for source in stamps}

    def versions(self, source: str) -> Iterator[Version]:
        """Every committed version of content file `source`, newest first, following renames."""
        if not self.available:
            return
        log = self._git("log", "--format=%x00%H %cs", "--name-only", "--follow", "--relative", "--", source)
        head = None
        for line in log.splitlines():
            if line.startswith("\0"):
                head = line[1:].split(" ")
            elif line and head is not None:
                text = self._git("show", f"{head[0]}:./{line}")
                if text:
                    yield Version(head[0], dt.date.fromisoformat(head[1]), line, text)
                head = None

    def _uncommitted(self) -> set[str]:
        """Content files that differ from the last commit, or are not in it."""
        out = self._git("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", CONTENT_DIR)
        prefix = self._git("rev-parse", "--show-prefix").strip()
        return {entry[3:].removeprefix(prefix) for entry in out.split("\0") if len(entry) > 3}

    def _git(self, *args: str) -> str:
        try:
            done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=self.root, capture_output=True,
                                  text=True, encoding="utf-8", errors="replace", timeout=60,
                                  env={**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat"})
        except (OSError, subprocess.TimeoutExpired):
            return ""
        if "safe.directory" in done.stderr:     # a repository another user owns (CI's container, sudo)
            self.missing = ("git refuses it, another user owns it "
                            f"(git config --global --add safe.directory {self.root})")
        return done.stdout if done.returncode == 0 else ""


def stamped_version(history: History, original: str, source_hash: str) -> Version | None:
    """The newest committed version of `original` whose digest is `source_hash`."""
    for version in history.versions(original):
        page = parse_page(version.text.encode("utf-8"), original, Diagnostics())
        if page is not None and page.digest == source_hash:
            return version
    return None


def original_diff(history: History, translation: str, original: str, source_hash: str) -> OriginalDiff:
    """The diff of `original` from the version `translation` was stamped against to the file now."""
    stamped = stamped_version(history, original, source_hash)
    if stamped is None:
        return OriginalDiff(translation, original, source_hash, None, "")
    now = (history.root / original).read_text(encoding="utf-8")
    diff = difflib.unified_diff(stamped.text.splitlines(keepends=True), now.splitlines(keepends=True),
                                f"{stamped.path} (stamped: {stamped.commit[:10]}, {stamped.date.isoformat()})",
                                f"{original} (now)")
    return OriginalDiff(translation, original, source_hash, stamped, "".join(_ends_with_newline(line) for line in diff))


def _ends_with_newline(line: str) -> str:
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
