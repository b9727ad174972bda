"""Cache entries that verify themselves, for every cache under .cache/.

Each file holds the key it was made for and a checksum of its contents. Reading gives the
contents only if the file can be read, its checksum matches and its key is the one asked
for: anything else (a flipped bit, a truncated or edited file, an entry made for other
inputs) is a miss, and the step runs again. A cache that cannot be written is a warning
on stderr, never a failure: the cache is only a speed-up.

Standard library only, and fingerprint.py: the no-change replay reads its record through
it before importing anything heavier.
"""

from __future__ import annotations

import contextlib
import os
import sys

from .fingerprint import blake2b, read_file

_MAGIC = b"sitegen cache entry 1\n"
_warned: set[str] = set()


def _checksum(data: bytes) -> bytes:
    return blake2b(data, digest_size=32).hexdigest().encode()


def pack(key: str, data: bytes) -> bytes:
    return b"".join((_MAGIC, key.encode(), b"\n", _checksum(data), b"\n", data))


def unpack(blob: bytes, key: str) -> bytes | None:
    """The contents of an entry made for `key`, or None."""
    if not blob.startswith(_MAGIC):
        return None
    parts = blob[len(_MAGIC):].split(b"\n", 2)
    if len(parts) != 3 or parts[0] != key.encode() or parts[1] != _checksum(parts[2]):
        return None
    return parts[2]


def read_entry(path: str | os.PathLike, key: str) -> bytes | None:
    """The contents stored at `path` for `key`; None for a miss of any kind (a named pipe too)."""
    try:
        blob = read_file(path)
    except (OSError, ValueError):
        return None
    return unpack(blob, key) if blob is not None else None


def write_entry(path: str | os.PathLike, key: str, data: bytes) -> bool:
    """Store `data` for `key` at `path` (atomically); False, with a warning once per .cache/, if it cannot be."""
    path = os.fspath(path)
    folder = os.path.dirname(path)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(folder, exist_ok=True)
        with open(tmp, "wb") as file:
            file.write(pack(key, data))
        os.replace(tmp, path)
        return True
    except OSError as exc:
        remove_entry(tmp)
        # Once per project's .cache/, named from the project as every message names files.
        cache = folder.rfind(f"{os.sep}.cache{os.sep}") + 1
        if folder[:cache] not in _warned:
            _warned.add(folder[:cache])
            print(f"{folder[cache:].replace(os.sep, '/')}/: warning: cannot write the cache ({exc.strerror or exc});"
                  " the build goes on without it (.cache/ and the folders in it must be folders you can write:"
                  " move what is in the way, or build with --no-cache)", file=sys.stderr)
        return False


def remove_entry(path: str | os.PathLike) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
