"""What the output checks read of a built page, from one parse as a browser makes it.

The parser is Lexbor's HTML5 parser (selectolax): it follows the HTML standard's
tokenizer and tree construction, so `<!--` inside an attribute value is text, not a
comment, and attribute values arrive entity-decoded (`java&#x09;script:` is
`java<TAB>script:`). Chosen by measurement (`bench/htmlparsers.py`, 100 pages of the
2,002-page corpus): Lexbor 0.18 ms a page, html.parser 5.8 ms (and not a spec tokenizer),
html5lib 19 ms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

# Attributes that load something into the page (as opposed to links a reader follows).
ASSET_ATTRS = frozenset({("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("source", "src"),
                         ("source", "srcset"), ("iframe", "src"), ("video", "src"), ("video", "poster"),
                         ("audio", "src"), ("track", "src"), ("input", "src"), ("embed", "src"), ("object", "data"),
                         ("use", "href"), ("image", "href")})
# Attributes whose URL a browser would run as script if its scheme is javascript:.
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data"})
# Not markup a page shows: JSON-LD is data, and the only script the policy lets run inline.
_DATA_SCRIPT = "application/ld+json"


@dataclass(frozen=True)
class PageScan:
    links: tuple[str, ...]                   # URLs a reader follows (href)
    assets: tuple[str, ...]                  # URLs the page loads (scripts, styles, images…)
    blocked: tuple[tuple[str, str], ...]     # what the policy blocks, and text that shows it in the source
    has_policy_meta: bool                    # <meta http-equiv="Content-Security-Policy">


def scan_page(html: str) -> PageScan:
    links: list[str] = []
    assets: list[str] = []
    blocked: list[tuple[str, str]] = []
    has_meta = False
    for node in LexborHTMLParser(html).root.traverse(include_text=False):
        tag, attrs = node.tag, node.attributes
        if tag == "script" and "src" not in attrs and (attrs.get("type") or "").strip().lower() != _DATA_SCRIPT:
            blocked.append(("an inline <script>", "<script"))
        elif tag == "style":
            blocked.append(("a <style> element", "<style"))
        elif tag == "base":         # base-uri 'none': it would move every relative URL of the page
            blocked.append(("a <base> element", "<base"))
        if not attrs:
            continue
        for name, value in attrs.items():
            if name == "style":
                blocked.append((f'a style="" attribute on <{tag}>', "style="))
            elif name.startswith("on"):
                blocked.append((f'an event handler attribute {name}="" on <{tag}>', f"{name}="))
            elif name in URL_ATTRS and value and url_scheme(value) == "javascript":
                blocked.append((f"a javascript: URL on <{tag}>", value))
        if tag == "meta" and (attrs.get("http-equiv") or "").strip().lower() == "content-security-policy":
            has_meta = True
        if tag == "link" and (attrs.get("rel") or "").strip().lower() in ("canonical", "alternate"):
            continue            # absolute by design: these name the public URL
        for name, value in attrs.items():
            if not value:
                continue
            if (tag, name) in ASSET_ATTRS:
                assets.append(value)
            elif name == "href":
                links.append(value)
    return PageScan(tuple(links), tuple(assets), tuple(blocked), has_meta)


def url_scheme(url: str) -> str:
    """The scheme a browser reads: the URL standard strips leading and trailing C0 controls
    and spaces and removes tabs and newlines first (urlsplit does the same), case-insensitive."""
    url = url.strip(_C0_CONTROL_OR_SPACE)
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:          # 'javascript://[' has a scheme all the same (urlsplit fails on the bracket)
        found = _SCHEME.match(url.replace("\t", "").replace("\n", "").replace("\r", ""))
        return found.group(1).lower() if found else ""


_C0_CONTROL_OR_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
