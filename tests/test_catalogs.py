"""The gettext catalogues stay in step with the templates (the CI gate pybabel provides)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO


def pybabel(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_catalogues_are_up_to_date_with_the_templates(tmp_path: Path) -> None:
    for name in ("templates", "locales", "babel.cfg"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    extract = pybabel("extract", "-F", "babel.cfg", "-o", "locales/messages.pot", "--sort-by-file",
                      "--omit-header", ".", cwd=tmp_path)
    assert extract.returncode == 0, extract.stderr
    assert (tmp_path / "locales/messages.pot").read_text() == (REPO / "locales/messages.pot").read_text(), \
        "templates changed without 'make messages'"
    check = pybabel("update", "--check", "-i", "locales/messages.pot", "-d", "locales", "-D", "messages",
                    "--omit-header", "--no-fuzzy-matching", cwd=tmp_path)
    assert check.returncode == 0, "catalogues are out of date: run 'make messages'\n" + check.stderr


def test_japanese_catalogue_is_complete() -> None:
    from sitegen.render.l10n import load_catalog

    catalog = load_catalog(REPO, "ja")
    assert catalog.untranslated == ()
    assert catalog.fuzzy == ()
