#!/usr/bin/env python3
"""Build the site: `python build.py --help` lists the commands. The engine is in sitegen/."""

import os
import sys


def run() -> int:
    # First, a plain build with nothing changed since it last wrote site/: print that build's
    # report and stop. sitegen/cache/lastbuild.py needs only the standard library, so this costs
    # little more than starting Python.
    from sitegen.cache.lastbuild import replay_command_line

    code = replay_command_line(sys.argv[1:])
    if code is not None:
        return code
    try:
        from sitegen.cli import main
    except ModuleNotFoundError as exc:   # run outside the project's environment
        sys.exit(f"{exc.name} is not installed: run 'make site' once (it creates .venv), "
                 "then use .venv/bin/python build.py")
    return main()


if __name__ == "__main__":
    code = run()
    # Everything is written and closed by now: skip tearing down the interpreter's objects,
    # which took ~0.35 s after a 2,000-page build.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
