"""YAML with positions: values plus the file line of every key, for located errors.

PyYAML's own constructors turn `2025-13-01` into a ValueError with no position, so
dates stay strings here and the schema code validates them with a located message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostics, Location, relpath
from .textcheck import UTF16_BOMS, decode_utf8, file_to_read, report_control_characters, unwritable_characters

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
    """Parse YAML text that starts at `first_line` of `path`; report errors located in that file.

    None if it is not YAML, or uses what the site's files never need and a hostile file
    could abuse (see `_acceptable`)."""
    if not report_control_characters(text, path, first_line, diags) or not _acceptable(text, path, first_line, diags):
        return None
    try:
        return _parse(_FastLoader, text, path, first_line, diags)
    except yaml.MarkedYAMLError:
        pass                # parse again, to say what is wrong in the Python parser's words
    try:
        return _parse(_Loader, text, path, first_line, diags)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        # A quote or bracket left open, or a key without ':', is found only at the end of the text or
        # on the next line: the mistake is where what was left open starts (the context).
        unfinished = exc.context_mark and ("end of stream" in problem or "<stream end>" in problem
                                           or "could not find expected ':'" in problem)
        mark = exc.context_mark if unfinished else exc.problem_mark or exc.context_mark
        if found := _lookalike(text, mark.line if mark else None):
            (line, column), character = found
            diags.error(Location(path, first_line + line, column), f"invalid YAML: {_LOOKS_LIKE[character]} where "
                        "YAML needs a half-width one", "type it again in half-width, with the input method off")
            return None
        previous = text.split("\n")[mark.line - 1] if mark and mark.line else ""
        if "mapping values" in problem and (glued := _GLUED_KEY.match(previous)):   # 'title:Deal' on the line before
            diags.error(Location(path, first_line + mark.line - 1, glued.end()), "invalid YAML: no space after "
                        f"'{glued[1]}:'", f"write '{glued[1]}: value', with a space after the ':'")
            return None
        if mark and (said := _explained(exc, text.split("\n"))):
            line, column, message, hint = said
            diags.error(Location(path, first_line + line, column), f"invalid YAML: {message}", hint)
            return None
        location = Location(path, first_line + mark.line, mark.column + 1) if mark else Location(path)
        context = f" {exc.context}" if exc.context and exc.problem else ""
        diags.error(location, f"invalid YAML: {problem}{context}", next(
            (hint for words, hint in _YAML_HINTS if words in problem + context), _YAML_HINTS[-1][1]))
        return None


# What a Japanese input method (or a copy from a web page) types where YAML needs an ASCII space or
# colon, invisible in most editors: at the start of a line, or between a key and its value. PyYAML
# then reads the key and its value as one text, and reports the line after it, or a later one.
_LOOKS_LIKE = {"\u3000": "a full-width space (U+3000)", "\u00a0": "a no-break space (U+00A0)",
               "\uff1a": "a full-width colon '\uff1a'"}
_LOOKALIKE = re.compile(r"[ ]*(?:-[ ]?)?(?:([\u3000\u00a0])|[A-Za-z0-9_.-]+(?:(\uff1a)|:([\u3000\u00a0])))")


# A key whose ':' has no space after it: YAML reads 'title:Deal' and the lines after it as one text,
# and reports the next 'key: value' line ("mapping values are not allowed here").
_GLUED_KEY = re.compile(r"[ ]*(?:-[ ]?)?([A-Za-z0-9_.-]+):(?=\S)")


def _lookalike(text: str, line: int | None) -> tuple[tuple[int, int], str] | None:
    """The (0-based line, 1-based column) and character of the first look-alike on the line PyYAML
    names or the one before (a block of text may indent with U+3000 further up), if any."""
    lines = text.split("\n")
    for index in range(len(lines)) if line is None else (line - 1, line):
        if 0 <= index < len(lines) and (match := _LOOKALIKE.match(lines[index])):
            return (index, match.end()), lines[index][match.end() - 1]     # the match's last character
    return None


_KEY = re.compile(r"([ ]*)(?:-[ ]+)?([^\s:#][^:]*?):(?:[ \t]|$)")      # a 'key: ' that starts a line
_CLOSER = {"[": "]", "{": "}"}


def _explained(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str, str] | None:
    """The usual slips behind PyYAML's words, in the editor's: (0-based line, column, message, hint), or None.
    A ': ' inside a value ('title: OpenAI and AWS: the deal'), a key indented unlike the line above,
    a '[' or '{' never closed."""
    mark, start, problem = exc.problem_mark, exc.context_mark, f"{exc.problem} {exc.context}"
    line = lines[mark.line] if mark.line < len(lines) else ""
    bracket = lines[start.line][start.column:start.column + 1] if start and start.line < len(lines) else ""
    if bracket in _CLOSER and "flow" in problem and start.line < mark.line:     # a list or mapping left open
        opened = lines[start.line]
        if cut := _CUT.search(opened, start.column):
            return start.line, cut.end(), f"' #' starts a comment here, so the '{bracket}' is never closed", \
                "quote the value that holds the '#'"
        return start.line, start.column + 1, f"the '{bracket}' is never closed", \
            f"close it with '{_CLOSER[bracket]}' at the end of the line"
    key, quoted = _KEY.match(line), None
    if "flow" in problem and line[mark.column:mark.column + 1] == ":":        # {ja: 契約: 中身, en: …}
        begin = max(line.rfind(c, 0, mark.column) for c in ",{[")
        end = min((at for at in (line.find(c, mark.column) for c in ",}") if at >= 0), default=len(line))
        quoted = line[begin + 1:end].strip().partition(": ")[::2]
    elif "mapping values" in problem and key and mark.column > key.end(2):
        quoted = key[2], line[key.end():].split(" #")[0].strip()
    if quoted:
        return mark.line, mark.column + 1, f"': ' inside the value of '{quoted[0]}', which YAML reads as another " \
            "key", f"quote the value: {quoted[0]}: {json.dumps(quoted[1], ensure_ascii=False)}"
    above = next((lines[i] for i in range(mark.line - 1, -1, -1) if lines[i].strip()[:1] not in ("", "#")), "")
    if key and ("mapping values" in problem or "expected <block end>" in problem) and (over := _KEY.match(above)):
        depth, there = len(key[1]), len(over[1])
        if depth != there:
            return mark.line, depth + 1, f"'{key[2]}:' is indented {depth} space{'s' * (depth != 1)}, '{over[2]}:' " \
                f"on the line above {there}", "indent the keys of one entry alike; a key inside another's value, " \
                "two more"
    return None


_YAML_HINTS = (   # (words of PyYAML's message, what to do), the last one for the rest
    ("'\\t'", "indent with spaces: YAML does not allow tabs"),
    ("quoted scalar", "close the quote at the end of the value"),
    ("could not find expected ':'", "write 'key: value', with ':' and a space after the key"),
    ("", "check the indentation and quote values that contain ':' or '#'"),
)


def read_yaml_file(path: Path, root: Path, diags: Diagnostics) -> YamlDoc | None:
    """A project's YAML file, located by its path under `root`; None (reported) if it is not UTF-8 or not YAML."""
    rel = relpath(path, root)
    text = decode_utf8(path.read_bytes(), rel, diags)
    return None if text is None else parse_yaml(text, rel, 1, diags)


def read_data_file(path: Path, root: Path, diags: Diagnostics) -> YamlDoc | None:
    """`read_yaml_file` for a file the project may leave out: None if it is missing or empty too."""
    doc = read_yaml_file(path, root, diags) if file_to_read(path, root, diags) else None
    return doc if doc is not None and doc.value is not None else None


# An entry's id, as a file of entries starts one: at the start of a line, before ':'.
_ENTRY_ID = re.compile(r"^([\w.-]+)[ \t]*:(?=\s|$)", re.M)


def read_entries(path: Path, root: Path, diags: Diagnostics, invalid: set[str],
                 naming: Callable[[str], str] = str) -> YamlDoc | None:
    """`read_data_file` for a file of entries. The ids one that is not YAML seems to declare go into
    `invalid` (as `naming` names them), so that what uses them stays quiet (`SiteData.invalid`) rather
    than call each one unknown: the file's own error says it."""
    doc = read_data_file(path, root, diags)
    if doc is None:
        data = path.read_bytes() if path.is_file() else b""
        text = data.decode("utf-16" if data.startswith(UTF16_BOMS) else "utf-8", "replace")
        invalid.update(naming(entry_id) for entry_id in _ENTRY_ID.findall(text))
    return doc


_NOT_IN_AN_ID = re.compile(r"[\s{}]+")


def entry_ids(doc: YamlDoc, what: str, diags: Diagnostics) -> list[str]:
    """The ids of a file that maps ids to entries (sources, facts, glossary entries, charts)."""
    if not isinstance(doc.value, dict):
        diags.error(doc.at(), f"expected a mapping of {what} ids to {what}s")
        return []
    ids = [str(k) for k in doc.value]
    for unusable in (i for i in ids if _NOT_IN_AN_ID.search(i)):       # a shortcode's argument ends there
        suggestion = re.sub(r"\s+", "_", re.sub("[{}]", "", unusable).strip())
        diags.error(doc.at(unusable), f"{what} id '{unusable}' has a space or a brace, so no shortcode or link "
                    "can name it", f"write it with '_' or '-', e.g. '{suggestion}'")
    return ids


def _parse(loader_class: type, text: str, path: str, first_line: int, diags: Diagnostics) -> YamlDoc:
    """The document and the line of every key; duplicate keys, and keys that are not names, are
    reported once it parsed."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, {}, path, first_line)
        lines: dict[KeyPath, int] = {}
        found = Diagnostics()
        _walk(node, (), lines, first_line, path, found, text.split("\n"))
        value = loader.construct_document(node)
    finally:
        loader.dispose()
    diags.extend(found.items)
    return YamlDoc(value, lines, path, first_line)


def _walk(node: yaml.Node, key: KeyPath, lines: dict[KeyPath, int], first: int, path: str, diags: Diagnostics,
          source: list[str]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()      # not `lines`: under a duplicated key, the second mapping's keys are new
        pairs = []
        for key_node, value_node in node.value:
            line = first + key_node.start_mark.line
            where = Location(path, line, key_node.start_mark.column + 1)
            _refuse_escaped(key_node, first, path, diags)
            if not _named(key_node, where, diags):
                continue
            pairs.append((key_node, value_node))
            name = key_node.value
            if name in seen:
                diags.error(where, f"duplicate key '{name}'", "remove one of them")
            seen.add(name)
            lines[(*key, name)] = line
            _walk(value_node, (*key, name), lines, first, path, diags, source)
        node.value = pairs
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*key, index)] = first + item.start_mark.line
            _walk(item, (*key, index), lines, first, path, diags, source)
    else:
        _refuse_escaped(node, first, path, diags)
        _refuse_cut(node, f"{key[-1]}: " if key and isinstance(key[-1], str) else "- ", first, path, diags, source)


# ' #' ends an unquoted value: 'title: Why AWS is #1' is the title 'Why AWS is', without a word. A
# comment has a space after its '#' (the site's files write '   # …'); '#1', '#gpu' are the value's words.
_CUT = re.compile(r"[ \t]+#(?=\S)")


def _refuse_cut(node: yaml.ScalarNode, key: str, first: int, path: str, diags: Diagnostics, source: list[str]) -> None:
    end = node.end_mark
    if not node.style and end.line < len(source) and (cut := _CUT.match(source[end.line], end.column)):
        comment = source[end.line][cut.end() - 1:].rstrip()
        meant = json.dumps(f"{node.value} {comment}".strip(), ensure_ascii=False)
        diags.error(Location(path, first + end.line, cut.end()), f"' #' starts a comment here, so the value is "
                    f"{repr(node.value) if node.value else 'empty'} and '{comment}' is left out",
                    f"quote the value: {key}{meant}; for a comment, put a space after '#'")


def _refuse_escaped(node: yaml.Node, first: int, path: str, diags: Diagnostics) -> None:
    """A double-quoted value can spell with escapes ("\\0", "\\x01", "\\ud800") what the raw-text
    check refuses in the file: a NUL made feed.xml ill-formed, half a surrogate pair a traceback.
    Reported at the value, and replaced by U+FFFD so that the rest of the build can go on."""
    if not (isinstance(node, yaml.ScalarNode) and node.style == '"'):     # only "…" has escapes
        return
    found = unwritable_characters(node.value)
    if found:
        mark = node.start_mark
        diags.error(Location(path, first + mark.line, mark.column + 1),
                    f"character {found} in a quoted value, which a web page or feed "
                    "cannot carry", r"remove the escape that makes it, such as \0, \x01 or \ud800")
        node.value = "".join("\ufffd" if unwritable_characters(char) else char for char in node.value)


_READ_AS = {"int": "a number", "float": "a number", "bool": "true/false", "null": "nothing"}


def _named(node: yaml.Node, where: Location, diags: Diagnostics) -> bool:
    """Keys are names: `2025:` (a number to YAML) or `on:` (true, in YAML 1.1) would be looked up
    as text and missed. Reported, then read as the text they are written as (the rest of the
    build goes on, to find what else is wrong); a list or mapping as a key is left out."""
    if not isinstance(node, yaml.ScalarNode):
        diags.error(where, "a key must be a name, not a list or a mapping", "write 'name: value'")
        return False
    if node.tag != _STR:
        kind = _READ_AS.get(node.tag.rsplit(":", 1)[-1], f"a value of type {node.tag}")
        diags.error(where, f"key '{node.value}' is read as {kind}, not as a name", f"quote it: '{node.value}':")
        node.tag = _STR
    elif not node.style and (character := next((c for c in node.value if c in "\u3000\u00a0"), None)):
        diags.error(Location(where.path, where.line, (where.column or 1) + node.value.index(character)),
                    f"key '{node.value}' holds {_LOOKS_LIKE[character]}", "YAML reads 'key: value' with a half-width "
                    "':' and space: type them again with the input method off")
    return True


_STR = "tag:yaml.org,2002:str"
# Deeper nesting than any of the site's files need (they use 4 levels); libyaml's composer
# recurses per level (100,000 levels crashed the interpreter), as does the walk above.
MAX_DEPTH = 32
_NESTING = re.compile(r"[\n\[{?-]")


def _acceptable(text: str, path: str, first_line: int, diags: Diagnostics) -> bool:
    """Refuse anchors, aliases and nesting deeper than MAX_DEPTH, from the parser's events,
    before anything is built: a nine-level alias bomb (a few lines) expands to ~400 million
    values, `xx: &a [*a]` contains itself. The site's files use neither."""
    # Without '&' or '*' there is no anchor or alias, and each level of nesting needs a line,
    # a bracket, a brace, '?' or '-': most front matter is skipped in microseconds.
    if "&" not in text and "*" not in text and len(_NESTING.findall(text)) < MAX_DEPTH:
        return True
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FastLoader):
            mark = event.start_mark
            where = Location(path, first_line + mark.line, mark.column + 1)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                diags.error(where, "anchors and aliases (&name, *name) are not allowed",
                            "write the value out where it is needed")
                return False
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    diags.error(where, f"nested more than {MAX_DEPTH} levels deep", "flatten the structure")
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError:
        pass              # not YAML: the parse reports where, in its own words
    return True
