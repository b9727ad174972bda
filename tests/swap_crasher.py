"""Kill this process (SIGKILL) at its k-th step on the file system while it swaps a site in or recovers one.

    python tests/swap_crasher.py K MODE ROOT [build arguments…]

MODE is `write` (output.write_site of `new_tree()` into ROOT/site), `recover` (swap.recover)
or `build` (the command line, sitegen.cli.main, with the build arguments). A step is a
call to rename, unlink, rmdir, fsync, syncfs or the exchange made inside swap.recover or swap.swap_in;
the kill comes just before the K-th. K = 0 never kills, and prints `steps: N` on stderr.
The environment can change the kill: SWAP_CRASHER_SIGNAL=INT (or TERM) sends that signal instead
(Ctrl-C, CI's cancel), which the process may answer; SWAP_CRASHER_NO_EXCHANGE=1 swaps by two
renames, as on a file system without renameat2's RENAME_EXCHANGE.
Used by tests/test_swap_crash.py.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.output import swap

_STEPS = ("rename", "replace", "unlink", "rmdir", "fsync")
_kill_at = 0
_count = 0
_active = 0


def _step() -> None:
    global _count
    if not _active:
        return
    _count += 1
    if _count == _kill_at:
        os.kill(os.getpid(), signal.Signals["SIG" + os.environ.get("SWAP_CRASHER_SIGNAL", "KILL")])


def _counted(function):
    def wrapper(*args, **kwargs):
        _step()
        return function(*args, **kwargs)
    return wrapper


def _inside(function):
    def wrapper(*args, **kwargs):
        global _active
        _active += 1
        try:
            return function(*args, **kwargs)
        finally:
            _active -= 1
    return wrapper


def _install(kill_at: int) -> None:
    """Count (and kill at) the steps; before the modules that import from sitegen.output.swap are imported."""
    global _kill_at
    _kill_at = kill_at
    for name in _STEPS:
        setattr(os, name, _counted(getattr(os, name)))
    if swap._syncfs is not None:
        swap._syncfs = _counted(swap._syncfs)
    if os.environ.get("SWAP_CRASHER_NO_EXCHANGE"):
        swap._exchange = lambda staged, target: False
    swap._exchange = _counted(swap._exchange)       # renameat2's exchange of site.tmp/ and site/: one step
    swap.recover = _inside(swap.recover)
    swap.swap_in = _inside(swap.swap_in)


def new_tree() -> dict[str, bytes]:
    """The site the `write` mode publishes: a few files in a few folders."""
    return {"index.html": b"new home\n", "ja/index.html": "新しい\n".encode(), "ja/deal/index.html": b"new deal\n",
            "css/site.css": b"body{}\n"}


def main() -> int:
    _install(int(sys.argv[1]))
    mode, root = sys.argv[2], Path(sys.argv[3])
    code = 0
    if mode == "write":
        from sitegen.output.write import write_site
        write_site(new_tree(), root / "site")
    elif mode == "recover":
        swap.recover(root / "site", say=lambda note: print(note, file=sys.stderr))
    else:
        from sitegen.cli import main as build
        code = build(["--root", str(root), *sys.argv[4:]])
    print(f"steps: {_count}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
