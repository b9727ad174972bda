"""One build at a time: an exclusive lock on the output folder while a build writes it.

Two builds in one checkout (a CI job and an editor's terminal) would otherwise stage into
the same site.tmp/ and swap each other's half-written trees in. The lock is `fcntl.flock`
on `site.lock` beside site/ (or beside the folder site/ links to, which two projects may share):
the kernel drops it when its process ends, however it ends, so a killed build never leaves a
stale lock behind. A forked child (a worker of
sitegen/parallel.py) closes its copy of the descriptor at once: the lock is the build's, and
must not outlive it in a worker still finishing its chunk. The file itself stays (removing a lock
file that another process may have just opened would let two builds hold "the" lock).

Only builds that write site/ take it: `check` and the dev server build in memory.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..load.textcheck import not_a_file
from .swap import SwapError, must_be_yours


class SiteBusyError(Exception):
    """Another process holds the lock and the caller asked not to wait."""

    def __init__(self, lock: Path, holder: str):
        super().__init__(f"{lock.name}: held by {holder}")
        self.lock = lock
        self.holder = holder


def lock_path(target: Path) -> Path:
    """site/ → site.lock, beside it (inside site/ it would be swapped away with the tree)."""
    return target.with_name(target.name + ".lock")


# Folders this process holds the lock of: the command line takes it for the whole build and
# the writer again when it stages; a second flock on another file descriptor of this process
# would wait for the first forever.
_held: dict[Path, int] = {}


def _release_in_child() -> None:
    for fd in _held.values():
        os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_release_in_child)


@contextmanager
def site_lock(target: Path, wait: bool = True, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock on `target` (site/) inside the block.

    If another process holds it: wait for it (calling `waiting` once with a message
    first), or raise SiteBusyError when `wait` is false. OSError if the lock file cannot be
    made (a read-only project folder, for one).
    """
    path = lock_path(target).absolute()
    if path in _held:               # an outer block of this process holds it, and outlasts this one
        yield
        return
    fd = _acquire(path, wait, waiting)
    _held[path] = fd
    try:
        yield
    finally:
        if _held.pop(path, None) == fd:     # not when this is a forked child, which closed it already
            os.close(fd)            # closing the descriptor releases the lock


def _acquire(path: Path, wait: bool, waiting: Callable[[str], None] | None) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)      # site/ a link to a folder not made yet: as staging does
    if path.exists() and not path.is_file() and not path.is_dir():     # a folder: 'Is a directory', as for site.tmp
        raise SwapError(path, not_a_file(path), f"remove it: each build makes {path.name} again")   # a named pipe
    if path.is_symlink():       # a link committed or planted there: the pid was written into what it leads to
        raise SwapError(path, f"is a link to {path.readlink()}",
                        f"remove the link: each build makes {path.name} itself")
    writable = True
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    except PermissionError:     # another user's (a build run as root): flock needs only reading
        if not path.exists():
            raise
        must_be_yours(path, os.R_OK)
        fd, writable = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW), False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if not wait:
                raise SiteBusyError(path, holder) from None
            if waiting:
                waiting(f"{path.name[:-len('.lock')]}/ is being written by {holder}; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        # Say who holds it, for the message of the next build that finds it taken.
        if writable:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except OSError as exc:     # named, as an open's is: a file system without locks (NFS: ENOLCK), a pipe
        os.close(fd)
        raise OSError(exc.errno, f"cannot lock it: {exc.strerror}", str(path)) from None
    except BaseException:
        os.close(fd)
        raise
    return fd


def _holder(fd: int) -> str:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return f"another build (process {text})" if text.isdigit() else "another build"
