"""Files copied as they are from static/ into the site root."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from ..diagnostics import Diagnostics, Location
from ..fingerprint import files_under, read_file, refused
from .textcheck import not_a_file

STATIC_DIR = "static"

# Files editors write beside the one being saved and leave or remove again (patterns of names):
# Vim's write test (4913 and its successors) and backups (x~), Emacs's auto-saves (#x#), VS Code's
# and JetBrains' atomic saves (x.vsctmp, x___jb_tmp___), `sed -i`'s sedXXXXXX, Kate's swap files,
# nano's emergency saves (x.save), Excel's lock beside the table it has open (~$x.csv), and .tmp
# and .bak copies. Never a page or an asset: a build skips them (as hidden files, which include
# Vim's .x.swp, Emacs's .#x locks and LibreOffice's) rather than publish an old draft, and the dev
# server does not rebuild for them.
EDITOR_LEFTOVERS = (r"^\d+$", r"~$", r"^#.*#$", r"\.sw[a-p]$", r"\.vsctmp$", r"___jb_\w+___$",
                    r"^sed[A-Za-z0-9]{6}$", r"\.kate-swp$", r"\.save(\.\d+)?$", r"^~\$", r"\.tmp$", r"\.bak$")
_LEFTOVER = re.compile("|".join(EDITOR_LEFTOVERS))


def skipped(name: str) -> bool:
    """A file name the build does not read: hidden, or an editor's leftover."""
    return name.startswith(".") or _LEFTOVER.search(name) is not None


def static_files(root: Path, diags: Diagnostics) -> dict[str, bytes]:
    base = root / STATIC_DIR
    files: dict[str, bytes] = {}
    if not base.is_dir():
        diags.warning(Location(STATIC_DIR), "no static folder; the site will have no stylesheet")
        return files
    project = root.resolve()
    inside, home = (str(folder).rstrip(os.sep) + os.sep for folder in (project, base.resolve()))    # "/": not "//"
    if refused(str(base), inside, inside):      # static/ a link out, or to the project: files_under lists nothing
        _refuse(Location(STATIC_DIR), base.resolve(), project, diags)
    folded: dict[str, Path] = {}       # names as a file system that ignores case and Unicode form sees them
    for name in files_under(base, project):     # into linked folders inside the project, as the fingerprint
        path, rel = base / name, Path(name)
        if any(part.startswith(".") for part in rel.parts) or skipped(rel.name):
            continue
        where = Location(f"{STATIC_DIR}/{rel.as_posix()}")
        target = Path(os.path.realpath(path))      # not resolve(): a link round to itself raises
        if target.exists() and refused(str(path), inside, home):
            _refuse(where, target, project, diags)
            continue
        data = read_file(path)      # never waiting on a named pipe
        if data is None:            # a named pipe, a socket, a link to nothing: a file the site would lack
            diags.warning(where, f"{not_a_file(path)}; not published", "replace it with the file, or remove it")
            continue
        if (twin := folded.setdefault(unicodedata.normalize("NFC", rel.as_posix()).casefold(), rel)) != rel:
            diags.warning(where, f"differs from static/{twin.as_posix()} only in capitals or Unicode form: a clone on "
                          "macOS or Windows holds one of the two, and builds another site", "rename one of them")
        if bad := _UNADDRESSABLE.search(rel.as_posix()):
            shown = re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m[0])[1:-1], where.path)     # one line: '\n' as typed
            diags.warning(Location(shown), f"its name holds {bad[0]!r}, which a link to it must escape"
                          + ("" if bad[0] in "#%" else "; a clone on Windows cannot hold the file"),
                          "rename it with letters, digits, '-', '_' and '.'")
        files[rel.as_posix()] = data
    return files


# Characters of a file name that end or change an address as written ('?', '#', '%'), that Windows refuses in a
# name, or no name should hold (a newline: the file copied, and nothing could link to it plainly).
_UNADDRESSABLE = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\#%]')


def _refuse(where: Location, target: Path, project: Path, diags: Diagnostics) -> None:
    """A link to /etc/passwd or ~/.ssh in a pull request would publish it (to /, read the whole disk); one
    to the project (`ln -s .. static/up`) would publish the project in itself, site/ and drafts too."""
    if target.is_relative_to(project):
        diags.error(where, f"is a link to {target}, the project's own folder, which the build does not publish "
                    "within itself", "remove the link, or link the folder in the project you mean to publish")
    else:
        diags.error(where, f"is a link to {target}, outside the project, which the build does not publish",
                    "make static/ a folder, and copy the files into it" if where.path == STATIC_DIR
                    else "copy the file into static/")
