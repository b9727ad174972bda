"""Files copied as they are from static/ into the site root."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics, Location
from ..fingerprint import files_under

STATIC_DIR = "static"


def static_files(root: Path, diags: Diagnostics) -> dict[str, bytes]:
    base = root / STATIC_DIR
    files: dict[str, bytes] = {}
    if not base.is_dir():
        diags.warning(Location(STATIC_DIR), "no static folder; the site will have no stylesheet")
        return files
    project = root.resolve()
    for name in files_under(base):          # into linked folders, as the fingerprint hashes them
        path, rel = base / name, Path(name)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            target = path.resolve()
            if not target.is_relative_to(project):
                # A link to /etc/passwd or ~/.ssh in a pull request would publish it.
                diags.error(Location(f"{STATIC_DIR}/{rel.as_posix()}"),
                            f"is a link to {target}, outside the project, which the build does not publish",
                            "copy the file into static/")
                continue
            files[rel.as_posix()] = path.read_bytes()
    return files
