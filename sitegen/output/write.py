"""The only module that writes site/: stage everything in site.tmp/, then swap it in.

A failed build never swaps, so the previous site/ stays exactly as it was. The swap
(sitegen/output/swap.py) leaves a complete site/ at every instant, or a state the next build
recovers from first; one build at a time holds the lock on site/ (sitegen/output/sitelock.py).
A staged file that is the same as site/'s is a hard link to it. Everyone may read the site,
whatever the builder's umask (077 made it unreadable by the web server's user).
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

from .sitelock import site_lock
from .swap import published_folder, recover, staging_folder, swap_in

OutputTree = Mapping[str, bytes]   # posix path inside site/ → file bytes


def write_site(tree: OutputTree, target: Path) -> int:
    """Write `tree` to `target` atomically; return how many files changed."""
    target = published_folder(target)
    with site_lock(target):        # the command line holds it already (for the whole build); others wait here
        staged = staging_folder(target)
        recover(target)
        mask = os.umask(0o077)
        os.umask(mask & 0o222)      # published: readable by all; only the write bits are the builder's
        try:
            staged.mkdir(parents=True)
            changed = sum(_stage(staged, target, rel, tree[rel]) for rel in sorted(tree))
            swap_in(staged, target)
        except BaseException:       # the swap failed too (site/ is as it was): no site.tmp/ left
            shutil.rmtree(staged, ignore_errors=True)
            raise
        finally:
            os.umask(mask)
    return changed


def _stage(staged: Path, target: Path, rel: str, data: bytes) -> bool:
    """Stage one file; True if it differs from site/'s (False: linked to the unchanged file)."""
    if ".." in Path(rel).parts or Path(rel).is_absolute():
        raise ValueError(f"refusing to write outside the site: {rel}")
    dest = staged / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    old = target / rel
    # Keep unchanged files' inode and mtime, so servers and rsync see no change.
    readable = old.is_file() and (info := old.stat()).st_mode & 0o444 == 0o444    # not from an older build's umask
    if readable and info.st_size == len(data) and old.read_bytes() == data:
        try:
            os.link(old, dest)
            return False
        except OSError:      # filesystems without hard links: copy instead
            pass
    write_bytes(dest, data)
    return True


def write_file_atomic(path: Path, data: bytes) -> None:
    """Replace one file (a stamped translation, a new page) without a window where it is half-written;
    a linked one where the link leads (it stays a link to the shared file), with the file's permissions."""
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write_bytes(tmp, data)
        with suppress(FileNotFoundError):
            tmp.chmod(stat.S_IMODE(path.stat().st_mode))
        tmp.replace(path)
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Path.write_bytes, whose error names the file also when the write itself fails (a full disk)."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        if exc.filename is not None:
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
