#!/usr/bin/env python3
"""How many lines `sitegen/` has, by kind: the size target of issue 16 (at most 5,500 lines).

    python bench/size.py            # totals: blank, comment, docstring and code lines
    python bench/size.py --top 15   # and the modules with the most code lines

A line is a docstring line if it lies inside a module's, class's or function's docstring
(found with `ast`), a comment line if it holds only a comment, blank if it is empty.
"""

from __future__ import annotations

import argparse
import ast
from collections import Counter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"
DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def line_kinds(source: str) -> Counter:
    lines = source.splitlines()
    kinds = ["blank" if not line.strip() else "comment" if line.strip().startswith("#") else "code"
             for line in lines]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, DOCUMENTED) and ast.get_docstring(node, clean=False) is not None:
            docstring = node.body[0]
            for index in range(docstring.lineno - 1, docstring.end_lineno):
                kinds[index] = "docstring"
    return Counter(kinds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=0, help="also list the N modules with the most code lines")
    args = parser.parse_args()
    by_module = {path.relative_to(PACKAGE.parent).as_posix(): line_kinds(path.read_text(encoding="utf-8"))
                 for path in sorted(PACKAGE.rglob("*.py"))}
    total = sum(by_module.values(), Counter())
    kinds = ", ".join(f"{kind} {total[kind]:,}" for kind in ("code", "docstring", "comment", "blank"))
    print(f"sitegen/: {total.total():,} lines in {len(by_module)} modules ({kinds})")
    for module, kinds_of in sorted(by_module.items(), key=lambda item: -item[1]["code"])[:args.top]:
        print(f"  {module}: {kinds_of.total()} lines, {kinds_of['code']} code")


if __name__ == "__main__":
    main()
