"""Putting a finished site.tmp/ in the place of site/, so that no crash loses the site.

The names (beside site/): site.tmp/ is the tree being staged, site.old/ the published tree
while it is being replaced. The swap, once site.tmp/ is complete:

1. flush site.tmp/'s files to disk (one `syncfs` of the file system that holds it);
2. rename site/ → site.old/;
3. rename site.tmp/ → site/, and flush the project folder (the two renames);
4. remove site.old/.

Where the file system can (Linux's renameat2 RENAME_EXCHANGE), steps 2 and 3 are one exchange of
site.tmp/ and site/, then site.tmp/ (the previous site now) → site.old/: a web server reading
site/ never finds it missing (between two renames, ~16 of a reader's stats missed each swap).

A build killed at any instant (or a machine losing power after step 1) leaves one of
these states, which `recover` turns back into a complete site/ before the next build
does anything else (under the build lock, sitegen/output/sitelock.py):

| found                          | when                                | recovery                        |
|--------------------------------|-------------------------------------|---------------------------------|
| site/ (+ site.tmp/)            | before step 2, or after the exchange | remove site.tmp/                |
| site.old/ + site.tmp/, no site/ | between steps 2 and 3              | site.old/ → site/, remove site.tmp/ |
| site/ + site.old/              | during step 4                        | remove site.old/                |

The old tree is kept until the new one is in place; each step of the recovery is one of
these too, so a recovery that is itself interrupted is finished by the next one.
"""

from __future__ import annotations

import ctypes
import errno
import os
import signal
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .removal import remove_tree


class SwapError(Exception):
    """The swap or the recovery cannot go on; site/ is as it was (the message says what to do)."""

    def __init__(self, path: Path, message: str, hint: str):
        super().__init__(f"{path.name}: {message}")
        self.path = path
        self.message = message
        self.hint = hint


def published_folder(target: Path) -> Path:
    """The folder the new site is swapped in as: site/, or the folder site/ links to (a web server's),
    so that the link stays and leads to the new site (swapping at the link replaced it by a folder,
    and the server's folder was never updated again). Not the project, a folder in it (static/, say)
    or one that holds it: the swap moves the folder aside, and then removes it."""
    if not target.is_symlink():
        return target
    real, project = Path(os.path.realpath(target)), Path(os.path.realpath(target.parent))
    if project.is_relative_to(real) or real.is_relative_to(project):
        where = "a folder that holds the project" if project.is_relative_to(real) else "inside the project"
        raise SwapError(target, f"is a link to {real}, {where}",
                        f"link {target.name} to a folder of its own outside the project, or remove the link")
    if real.exists() and not real.is_dir():     # not "remove or rename" the editor's file, nor a lock beside it
        raise SwapError(target, f"is a link to {real}, which is not a folder", f"link {target.name} to a folder")
    return real


def staging_folder(target: Path) -> Path:
    return target.with_name(target.name + ".tmp")


def retired_folder(target: Path) -> Path:
    return target.with_name(target.name + ".old")


def recover(target: Path, say: Callable[[str], None] = lambda note: None) -> None:
    """Undo what an interrupted build left beside `target`, telling `say` each thing done as it is
    done (so that a failure later in the recovery, or in the build, does not hide it).

    Raises SwapError if a leftover cannot be removed or is not a folder the build made
    (site/ is then the last complete site: as it was, or restored and said so).
    """
    staged, retired = staging_folder(target), retired_folder(target)
    if target.is_dir() and not target.is_symlink():     # else the swap moves it aside, then cannot remove it
        must_be_yours(target, os.W_OK | os.X_OK)
    _must_be_folder(target, links_allowed=True)     # a link left by a build before published_folder
    _must_be_folder(staged, links_allowed=False)
    _must_be_folder(retired, links_allowed=True)    # site/'s link, moved aside
    if os.path.lexists(retired) and not os.path.lexists(target):
        retired.rename(target)
        _flush_folder(target.parent)
        say(f"{target.name}/: restored the last complete site from {retired.name}/ "
            "(a build was stopped while it swapped the new site in)")
    if os.path.lexists(retired):
        # Left by a build stopped while it removed it, or one that could not remove it (it warned).
        _remove(retired, "is the previous site, left by an earlier build,")
        say(f"{retired.name}/: removed the previous site left by an earlier build")
    if os.path.lexists(staged):
        _remove(staged, "is an unfinished site, left by a build that was stopped,")
        say(f"{staged.name}/: removed the unfinished site left by a build that was stopped")


def swap_in(staged: Path, target: Path) -> None:
    """Steps 1 to 4 above. Raises SwapError, with site/ as it was, if the new tree cannot be put
    in place; a site.old/ that cannot be removed stays (`leftover` tells the editor)."""
    retired = retired_folder(target)
    _flush_file_system(staged)
    with _signals_held():
        moved = exchanged = _exchange(staged, target)
        if exchanged:
            staged.rename(retired)
        elif os.path.lexists(target):
            try:
                target.rename(retired)
            except OSError as exc:
                hint = (f"{target.name}/ is a mount point, which cannot be moved: mount the folder that holds it, or "
                        f"link {target.name} to a folder in the mount" if exc.errno == errno.EBUSY
                        else f"check the permissions of {target.name}/ and the project folder")
                raise SwapError(target, f"cannot move the previous site aside: {exc.strerror}", hint) from None
            moved = True
        try:
            if not exchanged:
                staged.rename(target)
        except OSError as exc:
            if moved:
                retired.rename(target)
            raise SwapError(target, f"cannot put the new site in place: {exc.strerror}",
                            "check the permissions of the project folder") from None
    _flush_folder(target.parent)
    if moved:       # if it cannot be removed, the new site is in place; `leftover` says what stays
        with suppress(SwapError):
            _remove(retired, "is the previous site")


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM answered once both renames are done: a build stopped between them (no site/)
    removed the new tree with site.tmp/, and said that site/ held it."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def leftover(target: Path) -> str | None:
    """A warning if the last swap could not remove site.old/ (the next build cannot start until it is gone)."""
    retired = retired_folder(target)
    if not os.path.lexists(retired):
        return None
    return (f"{retired.name}/: the previous site could not be removed; the next build needs the name "
            f"(chmod -R u+w {retired.name} && rm -rf {retired.name})")


def must_be_yours(path: Path, access: int) -> None:
    """SwapError if `path` (site/, site.lock) belongs to another user and this one lacks `access` to it:
    a build run as root, then one as the editor (or the reverse), named with the fix."""
    info = path.stat()
    if info.st_uid == os.geteuid() or os.access(path, access, effective_ids=os.access in os.supports_effective_ids):
        return
    import pwd

    def name(uid: int) -> str:
        with suppress(KeyError):        # a container's user without a name
            return pwd.getpwuid(uid).pw_name
        return f"user {uid}"

    me, owner, base = name(os.geteuid()), name(info.st_uid), path.name.removesuffix(".lock")
    theirs = [n for n in (base, f"{base}.lock", f"{base}.tmp", f"{base}.old", ".cache")
              if os.path.lexists(path.parent / n) and (path.parent / n).lstat().st_uid != os.geteuid()]
    raise SwapError(path, f"belongs to {owner} (a build run as {owner}?), and this build runs as {me}",
                    f"build as {owner}, or make the build's files yours: sudo chown -R {me} {' '.join(theirs)}")


def _must_be_folder(path: Path, links_allowed: bool) -> None:
    """site/, site.tmp/ and site.old/ are the build's folders: anything else there is not ours to delete."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode) or (links_allowed and stat.S_ISLNK(mode)):
        return
    kind = "a link" if stat.S_ISLNK(mode) else "a file"
    raise SwapError(path, f"is {kind}, where the build keeps a folder",
                    f"remove or rename {path.name}, then build again")


def _remove(folder: Path, why: str) -> None:
    """Remove a tree (or the link site/ was published through); SwapError if any of it stays."""
    errors: list[str] = []

    def failed(_function: object, path: str, exc: BaseException) -> None:
        if not errors:
            name = os.path.relpath(path, folder.parent)
            errors.append(f"{name}: {getattr(exc, 'strerror', None) or exc}")

    if folder.is_symlink():
        folder.unlink()
        return
    remove_tree(folder, failed)
    if errors:      # a read-only tree (chmod -R a-w site, or a copy of one): its folders made writable, again
        errors.clear()
        _writable_folders(folder)
        remove_tree(folder, failed)
    if errors:
        raise SwapError(folder, f"{why} and cannot be removed ({errors[0]})",
                        f"make it writable and remove it (chmod -R u+w {folder.name} && rm -rf {folder.name}), "
                        "then build again")


def _writable_folders(folder: Path) -> None:
    """Every folder of this user's in the tree made writable, each before it is listed (not a link's
    target: a link is removed, not followed)."""
    def writable(path: Path) -> None:
        with suppress(OSError):
            info = path.lstat()
            if stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid():
                path.chmod(stat.S_IMODE(info.st_mode) | stat.S_IRWXU)

    writable(folder)
    for where, names, _files in os.walk(folder):
        for name in names:
            writable(Path(where, name))


# syncfs(2) flushes one file system: the staged tree's thousands of files in one call
# (~13 ms for 500 new files here, against ~0.4 ms a file with fsync). Elsewhere: sync(2).
try:
    _libc = ctypes.CDLL(None, use_errno=True)
except OSError:
    _libc = None
_syncfs = getattr(_libc, "syncfs", None)
_renameat2 = getattr(_libc, "renameat2", None)      # Linux, glibc 2.28


def _exchange(staged: Path, target: Path) -> bool:
    """site.tmp/ and site/ swapped in one step; False where the system or file system cannot (or no site/)."""
    if _renameat2 is None or target.is_symlink() or not target.is_dir():
        return False
    return _renameat2(-100, os.fsencode(staged), -100, os.fsencode(target), 2) == 0    # AT_FDCWD, RENAME_EXCHANGE


def _flush_file_system(folder: Path) -> None:
    """Every file written under `folder` on disk, before a rename makes it the published site."""
    if _syncfs is None:
        os.sync()
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if _syncfs(fd) != 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error), str(folder))
    finally:
        os.close(fd)


def _flush_folder(folder: Path) -> None:
    """The renames in `folder` on disk (POSIX leaves a rename in memory until its folder is flushed)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF):     # file systems that cannot flush a folder
            raise
    finally:
        os.close(fd)
