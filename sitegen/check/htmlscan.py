"""Start tags of an HTML page, as html.parser finds them, about ten times faster.

The output checks (links, assets, the Content-Security-Policy) look at every start tag
of every page. HTMLParser is a state machine in Python; regular expressions (in C) find
the same tags (tests/test_checks_scanner.py compares the two on every golden page).
"""

from __future__ import annotations

import html
import re

# Comments and the text of script and style elements are not markup; values may be quoted.
_NOT_MARKUP = re.compile(r"<(?:!--.*?(?:-->|\Z)|((script|style)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*+>).*?(?=</\2\s*>|\Z))",
                         re.S | re.I)
_START_TAG = re.compile(r"<([a-zA-Z][^\s/>\x00]*)((?:[\s/]++|[^\s/>=][^\s/>=]*+"
                        r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?+)*+)>")
_ATTRIBUTE = re.compile(r"([^\s/>=][^\s/>=]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]*))?")


def tag_texts(text: str) -> list[tuple[str, str]]:
    """Each start tag's name as written and its attribute text ('' for most tags), in order.

    Comments and the text of script and style elements are skipped. The same text is
    the same tag: a caller may work out what a tag means once per distinct text.
    """
    return _START_TAG.findall(_NOT_MARKUP.sub(lambda m: "<" + m.group(1) if m.group(1) else " ", text))


def attributes(raw: str) -> tuple[tuple[str, str | None], ...]:
    """The (name, value) pairs of a start tag's attribute text, as HTMLParser gives them."""
    if not raw:
        return ()
    return tuple((m.group(1).lower(), _attribute_value(m.group(2))) for m in _ATTRIBUTE.finditer(raw))


def _attribute_value(raw: str | None) -> str | None:
    if raw is None:
        return None
    if raw[:1] in ("'", '"') and raw[:1] == raw[-1:] and len(raw) > 1:
        raw = raw[1:-1]
    return html.unescape(raw) if "&" in raw else raw
