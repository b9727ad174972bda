"""Content-Security-Policy as a static site can give it: the policy, `_headers`, and a check.

The same policy goes into a `<meta>` tag on every page and into `_headers` (Netlify and
Cloudflare Pages read it). `frame-ancestors` only works as a real header, so only
`_headers` has it. The site must work under the policy, so the build refuses pages that
would break under it: inline scripts, `<style>`, `style=""` and `on…=""` attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from html.parser import HTMLParser

from ..diagnostics import Diagnostics, Location

# 'wasm-unsafe-eval' lets Pagefind compile its WebAssembly search engine; it allows no
# JavaScript eval (that would be 'unsafe-eval'). It is site-wide because hosts merge
# overlapping `_headers` rules into two policies, and the stricter one would win.
POLICY: tuple[tuple[str, str], ...] = (
    ("default-src", "'none'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("font-src", "'self'"),
    ("base-uri", "'none'"),
    ("form-action", "'none'"),
)
HEADER_ONLY = (("frame-ancestors", "'none'"),)   # ignored (with a console error) in <meta>
HEADERS_FILE = "_headers"


def csp(header: bool = False) -> str:
    """The policy for a `<meta http-equiv>` tag, or with header-only directives for `_headers`."""
    directives = POLICY + (HEADER_ONLY if header else ())
    return "; ".join(f"{name} {value}" for name, value in directives)


def headers_file() -> bytes:
    """`_headers` in the Netlify / Cloudflare Pages format."""
    lines = [
        "/*",
        f"  Content-Security-Policy: {csp(header=True)}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  Cross-Origin-Opener-Policy: same-origin",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def blocked(tag: str, attrs: Sequence[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """What the policy would block in this start tag (inline script, <style>, style="", on…="",
    javascript:), each with the text that shows it in the source."""
    found = []
    if tag == "script" and not any(name == "src" for name, _ in attrs) \
            and dict(attrs).get("type") != "application/ld+json":
        found.append(("an inline <script>", "<script"))
    elif tag == "style":
        found.append(("a <style> element", "<style"))
    for name, value in attrs:
        if name == "style":
            found.append((f'a style="" attribute on <{tag}>', "style="))
        elif name.startswith("on"):
            found.append((f'an event handler attribute {name}="" on <{tag}>', f"{name}="))
        elif name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
            found.append((f"a javascript: URL on <{tag}>", "javascript:"))
    return found


def is_policy_meta(tag: str, attrs: Sequence[tuple[str, str | None]]) -> bool:
    return tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "content-security-policy"


class PolicyScan:
    """What the policy blocks on one page, recorded tag by tag by the output checks' one scan of it."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []
        self.has_meta = False

    def record(self, found: Iterable[tuple[str, str]], policy_meta: bool) -> None:
        """What `blocked` and `is_policy_meta` said of one start tag (the checks ask once per tag text)."""
        self.has_meta = self.has_meta or policy_meta
        self.found.extend(found)


class _WithLines(HTMLParser):
    """The same search with line numbers; html.parser is slow, so only for a page with findings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend((self.getpos()[0], what, text) for what, text in blocked(tag, attrs))


def report_policy(path: str, html: str, scan: PolicyScan, locate: Callable[[str], Location] | None,
                  diags: Diagnostics) -> None:
    """Report what `scan` found on the page at site path `path`: at the HTML's line, or for a
    page made from Markdown, where `locate` finds the offending text in it."""
    if scan.found:
        lines = _WithLines()
        lines.feed(html)
        for line, what, text in lines.found:
            where = locate(text) if locate else Location(f"site/{path}", line)
            diags.error(where, f"{what} in site/{path} is blocked by the Content-Security-Policy",
                        "move styles to static/css/site.css and scripts to static/js/")
    if not scan.has_meta:
        diags.error(Location(f"site/{path}"), "page has no Content-Security-Policy meta tag",
                    "extend base.html or include _head_common.html")
