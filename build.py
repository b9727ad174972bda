#!/usr/bin/env python3
"""Build the site: `python build.py --help` lists the commands. The engine is in sitegen/."""

import os
import signal
import sys
from pathlib import Path

# A standard stream the caller closed (cron's 2>&-, a daemon): Python makes it None, and a build that
# wrote site/ failed to report it (exit 1, no word), while the first file it opened took the number.
for fd, name in enumerate(("stdin", "stdout", "stderr")):
    if getattr(sys, name) is None:
        null = os.open(os.devnull, os.O_RDWR)      # the lowest free number: this one, as the others are open
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        setattr(sys, name, open(fd, "r" if fd == 0 else "w", errors="backslashreplace", closefd=False))  # noqa: SIM115

# The engine beside this file, also where Python leaves the script's folder off sys.path
# (PYTHONSAFEPATH=1, -P, -I: hardened CI images), which made every build 'sitegen is not installed'.
HERE = str(Path(__file__).absolute().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


def run() -> int:
    # An older Python ran it all the same (its .venv, python3 on Ubuntu 22.04): 'tomllib is not installed'.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit("the build needs Python 3.11 or newer, and this is {}.{}.{} ({}): install a newer one, then "
                 "rm -rf .venv && make site PYTHON=python3.12 (its name)".format(*sys.version_info[:3], sys.executable))
    try:
        from sitegen.cli import main
    except ModuleNotFoundError as exc:   # run outside the project's environment
        sys.exit(f"{exc.name} is not installed: run 'make site' once (it creates .venv), "
                 "then use .venv/bin/python build.py")
    code = main()
    # The work is done and reported. Python's exit (~0.2 s freeing the build's objects) first puts
    # Ctrl-C and SIGTERM back to their default, and one then killed a finished build with no word
    # (130 in the shell): from here they have nothing to stop, and wait unanswered until the exit.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    return code


if __name__ == "__main__":
    sys.exit(run())
