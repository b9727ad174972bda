"""Content-Security-Policy as a static site can give it: the policy, `_headers`, and a check.

The same policy goes into a `<meta>` tag on every page and into `_headers` (Netlify and
Cloudflare Pages read it). `frame-ancestors` only works as a real header, so only
`_headers` has it. The site must work under the policy, so the output checks refuse pages
that would break under it (sitegen/check/pagescan.py): inline scripts, `<style>`,
`style=""`, `on…=""` attributes and `javascript:` URLs.
"""

from __future__ import annotations

# Search is plain JavaScript modules reading the index with fetch ('self'): nothing needs
# 'wasm-unsafe-eval' or any eval.
POLICY: tuple[tuple[str, str], ...] = (
    ("default-src", "'none'"),
    ("script-src", "'self'"),
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
