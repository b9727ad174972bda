"""`python build.py status` and `status --diff` as an editor meets them: a project in a real
(temporary) git repository, edits committed on chosen dates."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.diagnostics import Diagnostics
from sitegen.load.content import read_page

TODAY = dt.date(2026, 3, 1)
# .ci/run installs git; on a machine without it these tests cannot run.
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
pytestmark = needs_git


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch) -> None:
    epoch = dt.datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=dt.UTC).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(epoch)))


def git(root: Path, *args: str, date: dt.date | None = None) -> str:
    when = f"{(date or TODAY).isoformat()}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "e@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "e@example.org",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def commit(root: Path, message: str, date: dt.date) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD").strip()


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def status(root: Path, capsys, *args: str) -> str:
    assert main(["--root", str(root), "status", *args]) == 0
    return capsys.readouterr().out


@pytest.fixture
def repo(make_project) -> Path:
    root = make_project()
    git(root, "init", "-q", "-b", "main")
    commit(root, "first", dt.date(2026, 1, 10))
    return root


def test_status_shows_each_stamps_date_and_the_days_since_the_original_changed(repo: Path, capsys) -> None:
    edit(repo, "content/ja/deal.md", "本文。", "本文を書き直しました。")
    changed = dt.date(2026, 2, 20)
    commit(repo, "rewrite the original", changed)
    row = next(line for line in status(repo, capsys).splitlines() if line.startswith("deal "))
    days = (TODAY - changed).days
    assert row.split() == ["deal", "original", "stale", "2026-01-10", "2026-02-20,", str(days), "days", "ago"]

    main(["--root", str(repo), "stamp", str(repo / "content/en/deal.md")])
    capsys.readouterr()
    row = next(line for line in status(repo, capsys).splitlines() if line.startswith("deal "))
    assert row.split()[:4] == ["deal", "original", "translated", "uncommitted"]
    commit(repo, "stamp", dt.date(2026, 2, 25))
    row = next(line for line in status(repo, capsys).splitlines() if line.startswith("deal "))
    assert row.split()[:4] == ["deal", "original", "translated", "2026-02-25"]


def test_status_diff_shows_what_changed_in_the_original_since_the_stamped_commit(repo: Path, capsys) -> None:
    stamped = git(repo, "rev-parse", "HEAD").strip()
    edit(repo, "content/ja/deal.md", "## 他の契約との比較 {#others}", "## 他社との比較 {#others}")
    commit(repo, "retitle a section", dt.date(2026, 2, 1))
    edit(repo, "content/ja/deal.md", "見出し\n\n本文。", "見出し\n\n本文を書き直しました。")    # not yet committed
    out = status(repo, capsys, "--diff")
    assert out.startswith(f"content/en/deal.md is stale: content/ja/deal.md changed since 2026-01-10 "
                          f"(commit {stamped[:10]})\n"
                          f"--- content/ja/deal.md (stamped: {stamped[:10]}, 2026-01-10)\n"
                          "+++ content/ja/deal.md (now)\n@@ ")
    removed = [line[1:] for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert removed == ["## 他の契約との比較 {#others}", "本文。"]
    assert added == ["## 他社との比較 {#others}", "本文を書き直しました。"]
    assert "content/en/glossary.md" not in out, "only stale translations"


def test_the_stamped_version_is_found_across_a_rename_of_the_original(repo: Path, capsys) -> None:
    git(repo, "mv", "content/ja/deal.md", "content/ja/keiyaku.md")
    edit(repo, "content/ja/keiyaku.md", "order: 1", "order: 1\ntranslation_key: deal")
    edit(repo, "content/ja/keiyaku.md", "脚注の本文。", "脚注の新しい本文。")   # the digest changes: stale
    commit(repo, "rename and edit", dt.date(2026, 2, 1))
    out = status(repo, capsys, "--diff")
    assert "--- content/ja/deal.md (stamped: " in out and "+++ content/ja/keiyaku.md (now)" in out
    assert "+[^1]: 脚注の新しい本文。" in out and "+translation_key: deal" in out


def test_a_stamp_keeps_its_date_when_the_pair_is_renamed(repo: Path, capsys) -> None:
    """Both pages of a pair renamed (git mv) a month after the translation was stamped: status said it was
    stamped on the day of the rename, the commit that wrote its source_hash under the new name."""
    stamped = dt.date.fromisoformat(git(repo, "log", "-1", "--format=%cs").strip())
    for lang in ("ja", "en"):
        git(repo, "mv", f"content/{lang}/deal.md", f"content/{lang}/keiyaku.md")
    commit(repo, "rename the deal pages", stamped + dt.timedelta(days=30))
    row = next(line for line in status(repo, capsys).splitlines() if line.startswith("keiyaku "))
    assert row.split()[:4] == ["keiyaku", "original", "translated", stamped.isoformat()]


def test_status_diff_says_when_no_commit_has_the_stamped_version(repo: Path, capsys) -> None:
    page = read_page(repo / "content/en/deal.md", repo, Diagnostics())
    edit(repo, "content/en/deal.md", f"source_hash: {page.meta.source_hash}", "source_hash: 0123456789")
    out = status(repo, capsys, "--diff")
    assert out == ("content/en/deal.md: no committed version of content/ja/deal.md has the stamped digest "
                   "0123456789 (stamped before the original was committed?); compare by hand: "
                   "git log -p content/ja/deal.md\n\n")


def test_outside_git_status_says_the_dates_are_unknown(make_project, capsys) -> None:
    root = make_project()
    edit(root, "content/ja/deal.md", "本文。", "新しい本文。")
    os.environ["GIT_CEILING_DIRECTORIES"] = str(root.parent)       # never find a repository above it
    try:
        table = status(root, capsys)
        diff = status(root, capsys, "--diff")
    finally:
        del os.environ["GIT_CEILING_DIRECTORIES"]
    assert next(line for line in table.splitlines() if line.startswith("deal ")).split() == \
        ["deal", "original", "stale", "-", "-"]
    assert "(dates unknown: the project is not in a git work tree)" in table
    assert diff == "what changed is read from git, and the project is not in a git work tree\n"


def test_a_repository_another_user_owns_is_not_called_no_repository(repo: Path, capsys) -> None:
    """A checkout owned by another user (CI's container as root, a sudo clone): git refuses to read
    it ('dubious ownership'), and status said the project is not in a git work tree, with no hint."""
    if os.geteuid() != 0:
        pytest.skip("needs root, to give the repository to another user")
    subprocess.run(["chown", "-R", "nobody", str(repo)], check=True)
    if subprocess.run(["git", "status"], cwd=repo, capture_output=True).returncode == 0:
        pytest.skip("git here trusts every repository (safe.directory)")
    table = status(repo, capsys)
    assert (f"(dates unknown: git refuses it, another user owns it (git config --global --add safe.directory "
            f"{repo}))") in table
