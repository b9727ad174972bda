"""What the dev server adds to the HTML it serves (never to site/): the reload script, and the error overlay
(overlay.py makes it).

Pages carry a strict Content-Security-Policy (no inline scripts or styles), so the
script and the overlay's stylesheet are files the server serves under /__dev__/, the
overlay is markup with classes only, and a policy that would block them (or the event
stream) gets 'self' added for exactly what the dev tools need.
"""

from __future__ import annotations

import html
import re

DEV = "/__dev__/"
_HEAD_END = re.compile(r"</head\s*>", re.I)
_BODY_START = re.compile(r"<body\b[^>]*>", re.I)
_CSP_META = re.compile(r"""<meta\b[^>]*\bhttp-equiv\s*=\s*["']?content-security-policy["']?[^>]*>""", re.I)
_CONTENT = re.compile(r"""(\bcontent\s*=\s*)(["'])(.*?)\2""", re.I | re.S)

# Each need, and the directives that govern it, most specific first.
_NEEDS = {
    "script": ("script-src-elem", "script-src", "default-src"),      # /__dev__/reload.js
    "style": ("style-src-elem", "style-src", "default-src"),         # /__dev__/dev.css
    "connect": ("connect-src", "default-src"),                       # the event stream
}


def inject(page: str, build: str, good: str | None, watch: str, overlay: str | None) -> str:
    """`page` with the dev tools' tags in its head and, while the build is broken, the overlay.

    `build` is the latest build, `good` the one the page comes from, `watch` the output
    paths the page shows (space-separated, or '*'): the event stream reloads the page
    when a build changes one of them.
    """
    page = _CSP_META.sub(_relax_policy_meta, page)
    tags = (f'<link rel="stylesheet" href="{DEV}dev.css">'
            f'<script src="{DEV}reload.js" data-build="{html.escape(build)}" data-good="{html.escape(good or "")}" '
            f'data-watch="{html.escape(watch)}" defer></script>\n')
    head = _HEAD_END.search(page)
    page = page[:head.start()] + tags + page[head.start():] if head else tags + page
    if overlay:
        body = _BODY_START.search(page)
        page = page[:body.end()] + overlay + page[body.end():] if body else page + overlay
    return page


def _relax_policy_meta(meta: re.Match) -> str:
    tag = meta.group(0)
    content = _CONTENT.search(tag)
    if content is None:
        return tag
    quote = content.group(2)
    policy = allow_dev_tools(html.unescape(content.group(3)))
    policy = policy.replace("&", "&amp;").replace(quote, "&quot;" if quote == '"' else "&#39;")
    return tag[:content.start(3)] + policy + tag[content.end(3):]


def allow_dev_tools(policy: str) -> str:
    """The policy, with 'self' allowed where the dev tools need it and nothing else changed."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words and words[0].lower() not in directives:     # the first of a repeated directive counts
            directives[words[0].lower()] = words[1:]
    for chain in _NEEDS.values():
        governing = next((name for name in chain if name in directives), None)
        if governing is None:
            continue                          # nothing restricts it
        sources = directives[governing]
        if "'self'" in sources or "*" in sources:
            continue
        # Under default-src, add the usual directive (script-src, not the newer script-src-elem).
        directives[chain[-2] if governing == "default-src" else governing] = \
            [s for s in sources if s.lower() != "'none'"] + ["'self'"]
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())
