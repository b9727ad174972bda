"""YAML with positions: values plus the file line of every key, for located errors.

PyYAML's own constructors turn `2025-13-01` into a ValueError with no position, so
dates stay strings here and the schema code validates them with a located message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from ..diagnostics import Diagnostics, Location

KeyPath = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings."""


# The same with libyaml's parser (C), about ten times faster: every page's front matter goes
# through here. Errors are worded by the Python parser (the messages editors see, tested).
class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """CSafeLoader that leaves timestamps as strings."""


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlDoc:
    value: Any
    lines: dict[KeyPath, int]     # key path → 1-based line in the containing file
    path: str
    first_line: int               # file line of the YAML text's first line

    def at(self, *key: str | int) -> Location:
        """Location of the key path, falling back to its nearest known parent."""
        while key and key not in self.lines:
            key = key[:-1]
        return Location(self.path, self.lines.get(key, self.first_line))


def parse_yaml(text: str, path: str, first_line: int, diags: Diagnostics) -> YamlDoc | None:
    """Parse YAML text that starts at `first_line` of `path`; report errors located in that file."""
    try:
        return _parse(_FastLoader, text, path, first_line, diags)
    except yaml.MarkedYAMLError:
        pass                # parse again, to say what is wrong in the Python parser's words
    try:
        return _parse(_Loader, text, path, first_line, diags)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        location = Location(path, first_line + mark.line, mark.column + 1) if mark else Location(path)
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" {exc.context}" if exc.context and exc.problem else ""
        diags.error(location, f"invalid YAML: {problem}{context}",
                    "check the indentation and quote values that contain ':' or '#'")
        return None


def _parse(loader_class: type, text: str, path: str, first_line: int, diags: Diagnostics) -> YamlDoc:
    """The document and the line of every key; duplicate keys are reported once it parsed."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, {}, path, first_line)
        lines: dict[KeyPath, int] = {}
        found = Diagnostics()
        _walk(node, (), lines, first_line, path, found)
        value = loader.construct_document(node)
    finally:
        loader.dispose()
    diags.extend(found.items)
    return YamlDoc(value, lines, path, first_line)


def _walk(node: yaml.Node, key: KeyPath, lines: dict[KeyPath, int], first: int,
          path: str, diags: Diagnostics) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = key_node.value
            line = first + key_node.start_mark.line
            if name in seen:
                diags.error(Location(path, line, key_node.start_mark.column + 1),
                            f"duplicate key '{name}'", "remove one of them")
            seen.add(name)
            lines[(*key, name)] = line
            _walk(value_node, (*key, name), lines, first, path, diags)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*key, index)] = first + item.start_mark.line
            _walk(item, (*key, index), lines, first, path, diags)
