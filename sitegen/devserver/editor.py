"""Opening a file at a line in the editor's editor, from a link in the browser.

With a URL template (`serve --editor-url`, or $SITEGEN_EDITOR_URL), such as
`vscode://file/{path}:{line}:{column}`, links go straight to the editor; {path} is the file's
absolute path. Without one, links ask the dev server (/__dev__/open) to start $VISUAL or
$EDITOR on the file, at the line; a terminal editor then opens in the server's terminal.
Those links carry a token only the server's own pages know, so another site cannot make the
server start anything; they open only files inside the project.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import subprocess
from pathlib import Path
from urllib.parse import quote, urlencode

ENV = "SITEGEN_EDITOR_URL"
OPEN = "/__dev__/open"

_SLASH_BEFORE_PATH = re.compile(r"(?<!/)/(\{path\})")      # vscode://file/{path}, not file://{path}

# How editors take a line (and column) on their command line; the rest take "+LINE FILE".
_GOTO_FLAG = {"code", "code-insiders", "codium", "cursor", "windsurf"}          # --goto FILE:LINE:COLUMN
_COLON_SUFFIX = {"subl", "sublime_text", "zed", "hx", "helix", "mate", "kak"}  # FILE:LINE[:COLUMN]


class EditorLinks:
    def __init__(self, root: Path, url_template: str | None = None):
        self.root = root.resolve()
        self.template = url_template if url_template is not None else os.environ.get(ENV) or None
        self.token = secrets.token_urlsafe(16)

    def href(self, path: str, line: int | None = None, column: int | None = None) -> str | None:
        """A link that opens project file `path` (relative to the root) at the line; None if
        there is no such file."""
        file = self._file(path)
        if file is None:
            return None
        if self.template:
            template = self.template
            if file.as_posix().startswith("/"):
                # vscode://file/{path} wants one slash before /home/…: vscode://file//home/… names no file
                # (microsoft/vscode#70328). file://{path} keeps its two.
                template = _SLASH_BEFORE_PATH.sub(r"\1", template)
            return template.format(path=quote(str(file), safe="/:\\"), line=line or 1, column=column or 1)
        query = {"file": path, "line": line or 1, "column": column or 1, "token": self.token}
        return f"{OPEN}?{urlencode(query)}"

    def open(self, path: str, line: int, column: int, token: str) -> str | None:
        """Start $VISUAL or $EDITOR on the file; None when started, else why not."""
        if not secrets.compare_digest(token, self.token):
            return "this link is from another run of the server: reload the page"
        file = self._file(path)
        if file is None:
            return f"no file {path} in the project"
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not command:
            return (f"set {ENV} (e.g. vscode://file/{{path}}:{{line}}:{{column}}) or $EDITOR "
                    "before starting the server")
        try:
            subprocess.Popen([*shlex.split(command), *editor_arguments(command, str(file), line, column)],
                             cwd=self.root)
        except OSError as exc:
            return f"could not start {command}: {exc}"
        return None

    def _file(self, path: str) -> Path | None:
        file = (self.root / path).resolve()
        return file if file.is_relative_to(self.root) and file.is_file() else None


def editor_arguments(command: str, file: str, line: int, column: int) -> list[str]:
    """The arguments that open `file` at `line` (and `column`) in the editor `command`."""
    name = Path(shlex.split(command)[0]).name.removesuffix(".exe")
    if name in _GOTO_FLAG:
        return ["--goto", f"{file}:{line}:{column}"]
    if name in _COLON_SUFFIX:
        return [f"{file}:{line}:{column}"]
    return [f"+{line}", file]          # vi, vim, nvim, nano, emacs, micro, joe…
