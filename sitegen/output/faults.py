"""A fault of the machine as the one line an editor reads: a full disk, a read-only folder, a file
where a folder belongs, site/ busy, a killed worker; the path relative to the project, in the
diagnostics' form (`path: error: message (hint)`), with what to do. cli.py prints it, exit code 3.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ..diagnostics import Diagnostic, Location, relpath
from ..parallel import WorkerLostError
from .sitelock import SiteBusyError
from .swap import SwapError

FAULT_HINTS = {
    # Out of inodes too, with space left: "no space left" all the same (df -i tells).
    errno.ENOSPC: "free some disk space, or files where df -i shows none left, then {run} again",
    errno.EFBIG: "a file is larger than the file-size limit: raise it (ulimit -f unlimited), then {run} again",
    errno.EDQUOT: "free some space within your disk quota, then {run} again",
    errno.EROFS: "the file system is mounted read-only: {run} in a writable copy",
    errno.EACCES: "check who owns it and its permissions (ls -ld), then {run} again",
    errno.EPERM: "check who owns it, its permissions and attributes (lsattr), then {run} again",
    errno.ENOTDIR: "a file stands where a folder is needed: move the file away",
    errno.EEXIST: "a file stands where a folder is needed: move the file away",
    errno.EISDIR: "a folder stands where a file is needed: move the folder away",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n), then {run} again",
    errno.ENOMEM: "raise the limit (ulimit -v unlimited: V8 reserves addresses, not memory; a cgroup limits "
                  "memory itself), then {run} again",
    errno.ENAMETOOLONG: "shorten the name",
    errno.ENOENT: "it was moved or removed while being read (a git checkout meanwhile?): let that finish, "
                  "then {run} again",
}


def fault_message(exc: BaseException, root: Path, run: str = "build") -> str:
    """The one line an editor reads for `exc` (an OSError, SwapError, SiteBusyError or WorkerLostError);
    `run` is the command to try again ('build', 'run stamp'). The last three come from builds only."""
    if isinstance(exc, WorkerLostError):
        return f"error: {exc} ({exc.hint})"
    if isinstance(exc, SiteBusyError):
        return str(Diagnostic("error", Location(relpath(exc.lock.with_suffix(""), root) + "/"),
                              f"is being written by {exc.holder}",
                              "wait for it to finish, or build without --no-wait"))
    if isinstance(exc, SwapError):
        return str(Diagnostic("error", Location(relpath(exc.path, root)), exc.message, exc.hint))
    assert isinstance(exc, OSError)
    reason = exc.strerror or str(exc)
    hint = FAULT_HINTS.get(exc.errno or 0, "").format(run=run)
    if exc.filename is None or isinstance(exc.filename, int):    # after its file was opened (int: by descriptor)
        what = "" if exc.errno == errno.ENOMEM else "cannot read or write a file: "     # ENOMEM: a limit (ulimit -v)
        return f"error: {what}{reason}" + (f" ({hint})" if hint else "")
    path = Path(os.fsdecode(exc.filename))
    if exc.filename2 is not None:
        reason += f" (moving it to {relpath(Path(os.fsdecode(exc.filename2)), root)})"
    elif exc.errno in (errno.EACCES, errno.EPERM) and not os.path.lexists(path):   # making it: its folder's fault
        folder = relpath(path.parent, root)
        reason, hint = (f"cannot be created: {reason}", f"{'the project folder' if folder == '.' else folder + '/'}"
                        f" is not writable: check who owns it and its permissions (ls -ld {folder}), then {run} again")
    return str(Diagnostic("error", Location(relpath(path, root)), reason, hint))
