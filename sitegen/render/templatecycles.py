"""Templates that include (or extend, or import) themselves, found before anything is rendered.

At run time such a template recurses until Python's stack is full, on every page: a
second per page, then a message that names no line. Here the include that closes the
circle is reported at its line.
"""

from __future__ import annotations

import re

import jinja2
from jinja2 import nodes

from ..diagnostics import Diagnostics, Location

_REFERENCES = (nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)
# What a reference looks like in the source: found in ~1 ms for every template, where parsing
# them all took ~115 ms a build. Only when it sees a circle are the templates parsed, to be sure.
_REFERENCE = re.compile(r"""\{%-?\s*(?:include|extends|import|from)\s+["']([^"']+)["']""")

Edges = dict[str, list[tuple[str, int]]]      # template → (template it references, line)


def report_include_cycles(env: jinja2.Environment, folder: str, diags: Diagnostics) -> bool:
    """Report each include, extends or import that leads back to its own template; True if there is none."""
    if env.loader is None or not _circles(_edges(env, _scanned)):
        return True
    circles = _circles(_edges(env, _parsed))
    for name, target, line in circles:
        via = "itself" if target == name else f"{target}, which leads back to it"
        diags.error(Location(f"{folder}/{name}", line), f"template includes {via}",
                    "remove the include, import or extends that closes the circle")
    return not circles


def _circles(edges: Edges) -> list[tuple[str, str, int]]:
    """(template, target, line) of each reference that leads back to its template."""
    return [(name, target, line) for name in sorted(edges) for target, line in edges[name]
            if _reaches(target, name, edges)]


def _edges(env: jinja2.Environment, references) -> Edges:
    assert env.loader is not None
    edges: Edges = {}
    for name in env.loader.list_templates():
        try:
            source = env.loader.get_source(env, name)[0]
            edges[name] = references(env, source, name)
        except (jinja2.TemplateError, OSError, UnicodeDecodeError):
            continue            # reported when the template is used, in its own words
    return edges


def _scanned(env: jinja2.Environment, source: str, name: str) -> list[tuple[str, int]]:
    return [(match.group(1), source.count("\n", 0, match.start()) + 1) for match in _REFERENCE.finditer(source)]


def _parsed(env: jinja2.Environment, source: str, name: str) -> list[tuple[str, int]]:
    return [(ref.template.value, ref.lineno) for ref in env.parse(source, name).find_all(_REFERENCES)
            if isinstance(ref.template, nodes.Const) and isinstance(ref.template.value, str)]


def _reaches(start: str, goal: str, edges: dict[str, list[tuple[str, int]]]) -> bool:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name == goal:
            return True
        if name not in seen:
            seen.add(name)
            todo.extend(target for target, _ in edges.get(name, ()))
    return False
