"""Files copied as they are from static/ into the site root."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics, Location

STATIC_DIR = "static"


def static_files(root: Path, diags: Diagnostics) -> dict[str, bytes]:
    base = root / STATIC_DIR
    files: dict[str, bytes] = {}
    if not base.is_dir():
        diags.warning(Location(STATIC_DIR), "no static folder; the site will have no stylesheet")
        return files
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            files[rel.as_posix()] = path.read_bytes()
    return files
