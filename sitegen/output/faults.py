"""Faults of the machine, not of the content, as plain messages: a full disk, a read-only
folder, a file where a folder should be, another build writing site/.

Each is one line in the diagnostics' form (`path: error: message (hint)`), with the path
relative to the project; the command line prints it and exits with EXIT_ENVIRONMENT,
the staged tree removed and site/ as it was.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ..diagnostics import Diagnostic, Location
from .sitelock import SiteBusyError
from .swap import SwapError

_HINTS = {
    errno.ENOSPC: "free some disk space, then build again",
    errno.EDQUOT: "free some space within your disk quota, then build again",
    errno.EROFS: "the file system is mounted read-only: build in a writable copy",
    errno.EACCES: "check who owns it and its permissions (ls -ld), then build again",
    errno.EPERM: "check who owns it, its permissions and attributes (lsattr), then build again",
    errno.ENOTDIR: "a file stands where a folder is needed: move the file away",
    errno.EEXIST: "a file stands where a folder is needed: move the file away",
    errno.EISDIR: "a folder stands where a file is needed: move the folder away",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n), then build again",
    errno.ENAMETOOLONG: "shorten the name",
}


def fault_message(exc: BaseException, root: Path) -> str:
    """The one line an editor reads for `exc` (an OSError, SwapError or SiteBusyError)."""
    if isinstance(exc, SiteBusyError):
        return str(Diagnostic("error", Location(_rel(exc.lock.with_suffix(""), root) + "/"),
                              f"is being written by {exc.holder}",
                              "wait for it to finish, or build without --no-wait"))
    if isinstance(exc, SwapError):
        return str(Diagnostic("error", Location(_rel(exc.path, root)), exc.message, exc.hint))
    assert isinstance(exc, OSError)
    reason = exc.strerror or str(exc)
    hint = _HINTS.get(exc.errno or 0)
    if exc.filename is None:        # a write that failed after its file was opened, outside our writers
        return f"error: cannot read or write a file: {reason}" + (f" ({hint})" if hint else "")
    if exc.filename2 is not None:
        reason += f" (moving it to {_rel(Path(os.fsdecode(exc.filename2)), root)})"
    return str(Diagnostic("error", Location(_rel(Path(os.fsdecode(exc.filename)), root)), reason, hint))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return str(path)
