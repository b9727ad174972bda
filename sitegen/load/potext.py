"""A gettext catalogue (locales/<lang>/LC_MESSAGES/messages.po) checked line by line before Babel reads it.

Babel's reader is lenient: a string left unclosed, an entry cut short after its msgid, a
msgstr with no msgid or a msgid given twice are read without a word, and the site then
shows English, or the wrong words. Each is an error at its line here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..diagnostics import Diagnostics, Location, relpath
from .textcheck import decode_utf8, file_to_read, report_control_characters, report_lone_carriage_return

_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD = re.compile(rf"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+({_STRING})[ \t]*")
_CONTINUATION = re.compile(rf"[ \t]*({_STRING})[ \t]*")


def report_po_problems(text: str, path: str, diags: Diagnostics) -> bool:
    """Report every malformed line and entry of a .po text; True if there is none."""
    found = Diagnostics()
    seen: dict[tuple[str, str], int] = {}
    entry: dict[str, str] = {}            # keyword → its text so far, for the entry being read
    at: dict[str, int] = {}               # keyword → its line
    start = 0                             # line of the entry's msgid
    last = ""                             # the keyword the next continuation line belongs to
    after_bad_line = False

    def close() -> None:
        nonlocal entry, last
        if "msgid" in entry and not after_bad_line:
            key = (entry.get("msgctxt", ""), entry["msgid"])
            if not any(k.startswith("msgstr") for k in entry):
                found.error(Location(path, start), f"msgid {entry['msgid']} has no msgstr (is the entry cut short?)",
                            'add msgstr "", or run: make messages')
            elif key in seen:
                found.error(Location(path, start), f"msgid {entry['msgid']} is already at line {seen[key]}",
                            "keep one entry for each string")
            else:
                seen[key] = start
                _check_placeholders(entry, at, path, found)
        entry, last = {}, ""

    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        keyword = _KEYWORD.fullmatch(line)
        if keyword:
            name = keyword.group(1)
            if name in ("msgctxt", "msgid") and (name in entry or any(k.startswith("msgstr") for k in entry)):
                close()
            if not entry:
                start = number
            if name.startswith("msgstr") and "msgid" not in entry:
                if not after_bad_line:
                    found.error(Location(path, number), f"{name} without a msgid before it",
                                "add the msgid, or remove it")
            elif name in entry:
                found.error(Location(path, number), f"{name} twice in one entry", "start a new entry with msgid")
            entry[name], at[name] = keyword.group(2), number
            last = name
            after_bad_line = after_bad_line and name != "msgid"
        elif _CONTINUATION.fullmatch(line) and last:
            entry[last] += line.strip()
        else:
            if stripped.count('"') % 2:     # 'msgstr "検索' (unescaped '"' inside: \")
                found.error(Location(path, number, line.rfind('"') + 1), "a string is not closed",
                            f'end it with " on its line: {stripped}"; a " inside the text is written \\"')
            else:
                found.error(Location(path, number), "not a line of a .po file", 'each line is a keyword with a '
                            '"quoted string", a quoted string that goes on the one above, or a # comment')
            entry, last, after_bad_line = {}, "", True      # no second report for the rest of its entry
    close()
    diags.extend(found.items)
    return not found.items


# A Python format, as Jinja's gettext applies one to every translation (with the template's
# variables: %(minutes)s), and what a '%' may start: a placeholder or '%%'.
_FORMAT = re.compile(r"%(?:\((\w+)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?([diouxXeEfFgGcrsa%])?")


def _check_placeholders(entry: dict[str, str], at: dict[str, int], path: str, found: Diagnostics) -> None:
    """A translation with the placeholders of its msgid, and no other '%': a typo ('%(minuts)s'),
    a lone '%' or a '%(minutes)' without its 's' failed every page at the template's line with
    Python's words ('unsupported format character'), and a placeholder left out lost the number."""
    wanted = _named(entry["msgid"])[0] | _named(entry.get("msgid_plural", '""'))[0]
    plural = "msgid_plural" in entry        # a plural form may leave the count out ('one item')
    hint = "use the msgid's placeholders: " + ", ".join(f"%({n})s" for n in sorted(wanted)) if wanted else \
        "the msgid has no placeholder"
    for keyword in (k for k in entry if k.startswith("msgstr") and entry[k].strip('"')):   # "": not translated
        names, bad = _named(entry[keyword])
        missing, extra = ([] if plural else sorted(wanted - names)), sorted(names - wanted)
        problems = ([f"'{bad[0]}' is not a placeholder such as %(name)s"] if bad else []) \
            + ([f"leaves out {', '.join(f'%({n})s' for n in missing)}"] if missing else []) \
            + ([f"has {', '.join(f'%({n})s' for n in extra)}, which the msgid does not"] if extra else [])
        if problems:
            found.error(Location(path, at[keyword]), f"{keyword}: " + "; ".join(problems),
                        hint + ("; write a percent sign as '%%'" if bad else ""))


def _named(quoted: str) -> tuple[set[str], list[str]]:
    """The names of a .po string's placeholders, and each '%' that starts none (nor '%%')."""
    text = "".join(_unquote(piece) for piece in re.findall(_STRING, quoted))
    specs = list(_FORMAT.finditer(text))
    return ({m[1] for m in specs if m[1] and m[2]},
            [m[0] for m in specs if not m[2] or (not m[1] and m[2] != "%")])


def _unquote(quoted: str) -> str:
    """A .po string's text: its escapes (\\n, \\", \\\\) read."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), quoted[1:-1])


def check_po_file(path: Path, root: Path, diags: Diagnostics) -> bool:
    """`report_po_problems` for a file (True if it is missing: the caller says so)."""
    if not file_to_read(path, root, diags):
        return not os.path.lexists(path)
    rel = relpath(path, root)
    text = decode_utf8(path.read_bytes(), rel, diags)
    if text is None:
        return False
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")     # as Windows editors save it: Babel reads it so
    if not report_lone_carriage_return(text, rel, diags):    # Babel read one line: every string 'not in' it
        return False
    # A control character in a msgstr would reach every page (and feed) that shows the string.
    clean = report_control_characters(text, rel, 1, diags)
    return report_po_problems(text, rel, diags) and clean
