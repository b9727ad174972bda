"""Work carried over from one build to the next, so a rebuild redoes only what changed.

Two layers, both invisible in the output (a build with a cache gives the same bytes as
one without, which tests check after edits of every kind):

- `Memo`, in memory: the dev server keeps one for the life of the process. Loaded files
  are dropped when the watcher reports them changed (`BuildCache.forget`); rendered pages
  and checks are kept with the inputs they were made from and reused while those compare
  equal.
- `BodyCache` (sitegen/cache/bodies.py): rendered Markdown keyed by content hashes, also
  kept in .cache/ between runs of `python build.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .bodies import BodyCache
from .memo import Memo

CACHE_DIR = ".cache/build"


class BuildCache:
    """What `pipeline.build` may reuse: loaded files and rendered pages (memory), bodies (memory and disk)."""

    def __init__(self, directory: Path | None = None, reuse: bool = True):
        self.memo = Memo()
        # False: neither drawn charts from .cache/charts/ (sitegen/charts/cache.py) nor rendered bodies.
        self.reuse = reuse
        self.bodies = BodyCache(directory / "bodies" if directory else None, remember=reuse)

    @classmethod
    def from_scratch(cls) -> BuildCache:
        """Nothing from earlier builds, not even drawn charts: `python build.py --no-cache`."""
        return cls(reuse=False)

    @classmethod
    def on_disk(cls, root: Path) -> BuildCache:
        return cls(root / CACHE_DIR)

    def forget(self, root: Path, changed: Iterable[str]) -> None:
        """Drop what depends on the changed files (posix paths relative to `root`).

        The keys are the ones `pipeline.load_site`, `load_frame` and `build` (static/) use; an
        edited page is one item of `load_site`'s ("pages",) entry (the others stay).
        """
        for path in changed:
            top = path.split("/", 1)[0]
            if path == "site.toml":          # languages, base URL: everything may differ
                self.memo.clear()
                return
            if top == "content":
                listing = self.memo.value(("content",))
                if not (isinstance(listing, dict) and path in listing and (root / path).is_file()):
                    self.memo.forget(("content",))            # a file (or folder) came or went
                self.memo.forget_items(("pages",), lambda source, path=path: source == path
                                       or source.startswith(path + "/"))
            elif top in ("data", "static"):
                self.memo.forget((top,))
            elif top in ("templates", "locales"):
                self.memo.forget(("frame",))
