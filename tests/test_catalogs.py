"""The gettext catalogues stay in step with the templates (the CI gate pybabel provides)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_a_fuzzy_or_untranslated_entry_is_a_warning_at_its_line(make_project) -> None:
    """The warnings named the .po file alone; the entry is on a line, which they now give (the msgid's)."""
    from sitegen.pipeline import build

    po = REPO / "locales/ja/LC_MESSAGES/messages.po"
    lines = po.read_text(encoding="utf-8").split("\n")
    lines[lines.index('msgid "Home"') + 1] = 'msgstr ""'
    lines.insert(lines.index('msgid "Sources"'), "#, fuzzy")
    empty, fuzzy = (lines.index(f'msgid "{text}"') + 1 for text in ("Home", "Sources"))
    root = make_project(files={"locales/ja/LC_MESSAGES/messages.po": "\n".join(lines)})
    found = [line for line in build(root, write=False, search=False).diagnostics.lines() if "messages.po" in line]
    rel = "locales/ja/LC_MESSAGES/messages.po"
    assert sorted(found) == sorted([
        f"{rel}:{empty}: warning: 'Home' has no ja translation (translate it in {rel})",
        f"{rel}:{fuzzy}: warning: 'Sources' is marked fuzzy and will show in English "
        f"(check the translation in {rel} and remove the fuzzy flag)"])


@pytest.mark.parametrize(("translation", "problem"), [
    ("約%(minuts)s分で読めます", "leaves out %(minutes)s; has %(minuts)s, which the msgid does not"),
    ("約分で読めます", "leaves out %(minutes)s"),
    ("約%(minutes)分で読めます", "'%(minutes)' is not a placeholder such as %(name)s; leaves out %(minutes)s"),
    ("約%(minutes)s分で読めます（100%）", "'%' is not a placeholder such as %(name)s"),
])
def test_a_translation_with_other_placeholders_than_its_msgid_is_an_error_at_its_line(make_project, translation,
                                                                                      problem) -> None:
    """Jinja's gettext formats every translation with the template's variables: a misspelt or broken
    placeholder, or a lone '%', failed every page with 'templates/_meta.html:5: error: template error:
    'minuts'' or 'unsupported format character', and a placeholder left out dropped the number."""
    from sitegen.diagnostics import BuildError
    from sitegen.pipeline import build

    rel = "locales/ja/LC_MESSAGES/messages.po"
    lines = (REPO / rel).read_text(encoding="utf-8").split("\n")
    line = lines.index('msgid "About %(minutes)s min read"') + 1
    lines[line] = f'msgstr "{translation}"'
    root = make_project(files={rel: "\n".join(lines)})
    with pytest.raises(BuildError) as caught:
        build(root, write=False, search=False)
    bad = "; write a percent sign as '%%'" if "not a placeholder" in problem else ""
    assert [d for d in caught.value.diagnostics.lines() if "error" in d] == [
        f"{rel}:{line + 1}: error: msgstr: {problem} (use the msgid's placeholders: %(minutes)s{bad})"]
