#!/usr/bin/env python3
"""Build the site: `python build.py --help` lists the commands. The engine is in sitegen/."""

import sys
from pathlib import Path

# The engine beside this file, also where Python leaves the script's folder off sys.path
# (PYTHONSAFEPATH=1, -P, -I: hardened CI images), which made every build 'sitegen is not installed'.
HERE = str(Path(__file__).absolute().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


def run() -> int:
    try:
        from sitegen.cli import main
    except ModuleNotFoundError as exc:   # run outside the project's environment
        sys.exit(f"{exc.name} is not installed: run 'make site' once (it creates .venv), "
                 "then use .venv/bin/python build.py")
    return main()


if __name__ == "__main__":
    sys.exit(run())
