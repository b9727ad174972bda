"""A speed measure for the swap: the previous site removed on eight threads.

Removing a site mostly waits for the file system (its journal, a disk's discards of the blocks of
rewritten files), not for the processor, so several removals at once overlap their waits.
Measured with `bench/removal.py` (2,002 page folders, the previous version half hard links and
half rewritten files, as the writer leaves it; 3 runs on 2 cores under load): one `rmtree` took
4.9-7.1 s of wall for 0.35-0.38 s of CPU, eight threads 0.8-1.6 s for 0.36-0.56 s. The editor
waits for this at the end of every build over an existing site/.

Removing it is calling `shutil.rmtree` in `output/swap.py` instead; nothing else depends on it.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path

THREADS = 8


def remove_tree(folder: Path, failed: Callable[[object, str, BaseException], None]) -> None:
    """`shutil.rmtree(folder)`, each error told to `failed(function, path, exception)`: the folders
    two levels down (site.old/en/<page>/) first, eight at once, then the rest."""
    def remove(path: str | Path) -> None:
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=failed)
        else:
            shutil.rmtree(path, onerror=lambda function, where, info: failed(function, where, info[1]))

    pool = ThreadPoolExecutor(THREADS)
    try:
        list(pool.map(remove, _folders_in(*_folders_in(folder))))
    finally:
        pool.shutdown(cancel_futures=True)      # Ctrl-C: only the folders begun are finished
    remove(folder)


def _folders_in(*folders: str | Path) -> list[str]:
    found: list[str] = []
    for folder in folders:
        with suppress(OSError), os.scandir(folder) as entries:      # unreadable: the last rmtree reports it
            found += [entry.path for entry in entries if entry.is_dir(follow_symlinks=False)]
    return found
