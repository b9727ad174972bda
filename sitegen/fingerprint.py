"""Content hashes of the build's inputs, for caches that must never serve stale output.

Only `os`, `stat`, `sys`, `time` and BLAKE2, and nothing else from the engine: `python build.py` uses it to
find that nothing changed before importing anything heavier (not even argparse, pathlib or
re), which keeps a no-change run close to Python's own start-up time.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time

TYPE_CHECKING = False          # typing's, without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Iterator

try:                      # hashlib would load OpenSSL first (3 ms) to offer BLAKE2, which is built in
    from _blake2 import blake2b
except ImportError:       # another Python implementation
    from hashlib import blake2b

# What a build reads from the project (the engine's own files are added separately).
INPUT_DIRS = ("content", "data", "templates", "locales", "static", "charts")
INPUT_FILES = ("site.toml",)
CONFINED_DIRS = ("static",)     # published as they are: never from outside the project (load/static.py)

ENGINE_DIR = os.path.dirname(os.path.abspath(__file__))   # sitegen/
_engine_version: str | None = None


def walk(folder: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk that goes into linked folders, as the loaders' reads do (data/facts linked to a
    shared folder), but never round a loop (a link to a folder it is in); prune `dirs` as os.walk's."""
    chains = {folder: frozenset([file_identity(folder)])}
    for parent, dirs, files in os.walk(folder, followlinks=True):
        chain = chains.pop(parent, frozenset())
        dirs[:] = [d for d in dirs if file_identity(os.path.join(parent, d)) not in chain]
        chains.update((os.path.join(parent, d), chain | {file_identity(os.path.join(parent, d))}) for d in dirs)
        yield parent, dirs, files


def file_identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of what `path` leads to, None if nothing: the same folder or file, whatever its name."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def files_under(folder: str | os.PathLike, within: str | os.PathLike | None = None) -> list[str]:
    """Every file under `folder` (paths relative to it, with '/'), in a stable order; [] if there is none.
    With `within` (static/, which publishes nothing from outside the project), a link to a folder outside
    it, or to one that holds `folder` (`ln -s .. static/up`: the project, site/ included), is listed as a
    file, not walked: `ln -s / static/x` walked, and read, the whole disk."""
    folder = os.fspath(folder)
    inside, home = within and os.path.join(os.path.realpath(within), ""), os.path.join(os.path.realpath(folder), "")
    if inside and refused(folder, inside, inside):
        return []           # static/ itself a link out of the project, or to it (load/static.py says so)
    found = []
    for parent, dirs, files in walk(folder):
        if inside:
            away = [d for d in dirs if os.path.islink(os.path.join(parent, d))
                    and refused(os.path.join(parent, d), inside, home)]
            files, dirs[:] = files + away, [d for d in dirs if d not in away]
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        rel = os.path.relpath(parent, folder).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        found.extend(prefix + name for name in sorted(files) if not name.endswith(".pyc"))
    return found


def refused(path: str, inside: str, home: str) -> bool:
    """Whether `path` leads outside the folder `inside`, or to a folder that holds `home` (each ending in '/')."""
    real = os.path.join(os.path.realpath(path), "")
    return not real.startswith(inside) or home.startswith(real)


def tree_digest(folder: str | os.PathLike, within: str | os.PathLike | None = None) -> str:
    """Digest of every file under `folder` (`within`: as files_under), by name and content."""
    folder = os.fspath(folder)
    digest = blake2b(digest_size=20)
    for rel in files_under(folder, within):
        # os.fsencode: the name's bytes, which need not be UTF-8 (the build then reports the name)
        digest.update(os.fsencode(rel) + b"\0" + _file_digest(os.path.join(folder, rel)))
    return digest.hexdigest()


def read_file(path: str | os.PathLike) -> bytes | None:
    """A regular file's bytes; None if it is gone, or is not one (the build reports it or skips
    it). Opened without blocking: a named pipe must not make the build wait for a writer."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:          # deleted while we looked (the next build sees it), a socket, a link loop
        if exc.errno in (errno.ENOENT, errno.ENXIO, errno.ELOOP):
            return None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):     # a folder too: open() of one raises
        os.close(fd)
        return None
    with open(fd, "rb") as file:
        return file.read()


def _file_digest(path: str) -> bytes:
    data = read_file(path)
    return b"-" if data is None else blake2b(data, digest_size=20).digest()


def engine_version() -> str:
    """The generator's own version: its source files, installed libraries and Python.

    Hashing the sources (not a version number someone must remember to bump) makes every
    code change invalidate cached output; listing the installed distributions with their
    versions does the same when Markdown, Babel (CLDR data) or Jinja are upgraded.
    """
    global _engine_version
    if _engine_version is None:
        digest = blake2b(digest_size=20)
        digest.update(tree_digest(ENGINE_DIR).encode())
        digest.update(sys.version.encode())
        for entry in sys.path:
            if entry.endswith("site-packages") and os.path.isdir(entry):
                names = sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))
                digest.update("\n".join(names).encode())
        _engine_version = digest.hexdigest()
    return _engine_version


def value_digest(*values: object) -> str:
    """A digest of values, pickled: the key of a cache entry made from them."""
    import pickle  # here: the no-change check never needs it

    return blake2b(pickle.dumps(values, pickle.HIGHEST_PROTOCOL), digest_size=20).hexdigest()


def input_stamps(root: str | os.PathLike) -> list[tuple]:
    """Each input file's modification time, size and inode. A save during a build changes them even where
    an undo puts the same text back before it ends, which the fingerprint, of contents, cannot see."""
    root = os.fspath(root)
    stamps = []
    for name in (*INPUT_DIRS, *INPUT_FILES):
        top = os.path.join(root, name)
        files = files_under(top, root if name in CONFINED_DIRS else None) if name in INPUT_DIRS else [""]
        for rel in files:
            try:
                info = os.stat(os.path.join(top, rel) if rel else top)
                stamps.append((name, rel, info.st_mtime_ns, info.st_size, info.st_ino))
            except OSError:
                stamps.append((name, rel))
    return stamps


def input_fingerprint(root: str | os.PathLike) -> str:
    """Digest of everything a build of `root` reads: if it is unchanged, so is the output."""
    root = os.fspath(root)
    digest = blake2b(digest_size=20)
    digest.update(engine_version().encode() + b"\0" + os.fsencode(root))     # the path's bytes: UTF-8 or not
    for name in INPUT_DIRS:
        within = root if name in CONFINED_DIRS else None
        digest.update(f"\0{name}\0".encode() + tree_digest(os.path.join(root, name), within).encode())
    for name in INPUT_FILES:
        digest.update(f"\0{name}\0".encode() + _file_digest(os.path.join(root, name)))
    # And the day (load/schema.today): a date in the future is a warning until that day comes.
    digest.update(b"\0today\0" + (os.environ.get("SOURCE_DATE_EPOCH") or time.strftime("%Y-%m-%d")).encode())
    return digest.hexdigest()
