#!/usr/bin/env python3
"""Build the site: `python build.py --help` lists the commands. The engine is in sitegen/."""

import sys


def run() -> int:
    try:
        from sitegen.cli import main
    except ModuleNotFoundError as exc:   # run outside the project's environment
        sys.exit(f"{exc.name} is not installed: run 'make site' once (it creates .venv), "
                 "then use .venv/bin/python build.py")
    return main()


if __name__ == "__main__":
    sys.exit(run())
