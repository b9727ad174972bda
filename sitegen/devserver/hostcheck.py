"""Which `Host` headers the dev server answers: this computer's own names, and the --host it was given.

DNS rebinding: a page on evil.example, open in the editor's browser, makes its name resolve
to 127.0.0.1; the browser then lets that page read http://evil.example:8000/, which is the
dev server, and everything it serves (drafts, /__dev__/ pages, the editor link). The
browser still sends `Host: evil.example:8000`, so answering only the names below stops it.
"""

from __future__ import annotations

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def allowed_host(header: str | None, listening_on: str) -> bool:
    """Whether a request with this Host header (None: none sent) may be answered."""
    if not header:
        return False            # HTTP/1.1 requires one; every browser sends it
    name = _name(header.strip()).lower().rstrip(".")
    return name in LOOPBACK or name == _name(listening_on).lower()


def _name(host: str) -> str:
    """'localhost:8000' → 'localhost', '[::1]:8000' → '::1', '::1' → '::1'."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host
