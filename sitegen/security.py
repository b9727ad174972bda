"""Content-Security-Policy as a static site can give it: the policy, `_headers`, and a check.

The same policy goes into a `<meta>` tag on every page and into `_headers` (Netlify and
Cloudflare Pages read it). `frame-ancestors` only works as a real header, so only
`_headers` has it. The site must work under the policy, so the build refuses pages that
would break under it: inline scripts, `<style>`, `style=""` and `on…=""` attributes.
"""

from __future__ import annotations

from html.parser import HTMLParser

from .diagnostics import Diagnostics, Location
from .output import OutputTree

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


class _InlineCode(HTMLParser):
    """Finds what the policy blocks: inline script, <style>, style="" and event handlers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.has_meta = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        line = self.getpos()[0]
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.has_meta = True
        if tag == "script" and "src" not in values and values.get("type") != "application/ld+json":
            self.found.append((line, "an inline <script>"))
        elif tag == "style":
            self.found.append((line, "a <style> element"))
        for name, value in attrs:
            if name == "style":
                self.found.append((line, f'a style="" attribute on <{tag}>'))
            elif name.startswith("on"):
                self.found.append((line, f'an event handler attribute {name}="" on <{tag}>'))
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append((line, f"a javascript: URL on <{tag}>"))


def check_policy(tree: OutputTree, sources: dict[str, str], diags: Diagnostics) -> None:
    """Every HTML page carries the policy and contains nothing it would block."""
    for path in sorted(p for p in tree if p.endswith(".html")):
        parser = _InlineCode()
        parser.feed(tree[path].decode("utf-8", "replace"))
        source = sources.get(path)
        for line, what in parser.found:
            where = Location(source) if source else Location(f"site/{path}", line)
            diags.error(where, f"{what} in site/{path} is blocked by the Content-Security-Policy",
                        "move styles to static/css/site.css and scripts to static/js/")
        if not parser.has_meta:
            diags.error(Location(f"site/{path}"), "page has no Content-Security-Policy meta tag",
                        "extend base.html or include _head_common.html")
