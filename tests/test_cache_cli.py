"""`python build.py` between runs: .cache/ makes a no-change run cheap and never changes the output."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from sitegen.cli import main

from .conftest import REPO, tree_of


def _stat(folder) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_change_run_reports_the_same_and_leaves_site_alone(make_project, capsys) -> None:
    root = make_project()
    assert main(["--root", str(root)]) == 0
    first = capsys.readouterr()
    before = _stat(root / "site")
    assert main(["--root", str(root)]) == 0
    second = capsys.readouterr()
    assert second.err == first.err == "content/ja/only-ja.md: warning: no en translation (add content/en/only-ja.md)\n"
    assert "built 8 pages (ja 4, en 4), 1 warning, in " in second.out and second.out.endswith("→ site/ (unchanged)\n")
    assert _stat(root / "site") == before


def test_edit_after_a_cached_run_gives_the_bytes_of_a_clean_build(make_project, tmp_path, capsys) -> None:
    root = make_project()
    main(["--root", str(root)])
    deal = root / "content" / "en" / "deal.md"
    deal.write_text(deal.read_text(encoding="utf-8").replace("Against the other deals", "Next to the others"),
                    encoding="utf-8")
    main(["--root", str(root)])
    assert "(unchanged)" not in capsys.readouterr().out
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("site", ".cache"))
    assert main(["--root", str(clean), "--no-cache"]) == 0
    assert tree_of(root / "site") == tree_of(clean / "site")
    assert not (clean / ".cache").exists()


def test_a_date_in_the_future_is_not_replayed_once_its_day_has_come(make_project, monkeypatch, capsys) -> None:
    """d0adf79 made a date more than two days ahead a warning, from the clock; a run with no input changed
    replayed the last build's report, so on the day itself it still said "'updated' (…) is in the future
    (today is <three days before>)", and --strict failed, until some file changed. The day is an input."""
    import datetime as dt

    root = make_project()
    text = (root / "content" / "en" / "deal.md").read_text(encoding="utf-8")
    updated = dt.date.fromisoformat(text.split("\nupdated: ")[1].split("\n")[0])
    for day, said in ((updated - dt.timedelta(days=3), True), (updated, False), (updated, False)):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(day.year, day.month, day.day,
                                                                     tzinfo=dt.UTC).timestamp())))
        assert main(["--root", str(root)]) == 0
        run = capsys.readouterr()
        assert ("is in the future" in run.err) == said, (day, run.err)
    assert run.out.endswith("→ site/ (unchanged)\n")          # the same day again: replayed


@pytest.mark.parametrize("undone", ["after the run", "before the build ends"])
def test_a_page_saved_during_a_build_and_undone_after_it_is_built_again(undone: str, make_project, monkeypatch,
                                                                      tmp_path, capsys) -> None:
    """The inputs' fingerprint is taken as the build starts: a page saved after it, read by the build,
    and saved back as it was before the next run, left the next run replaying 'unchanged' over a site/
    made from the text no longer in the page. c642f7f fingerprinted the inputs again after the build,
    which an undo made before the build ended still passed (the fingerprint is of contents)."""
    import sitegen.pipeline

    root = make_project()
    deal = root / "content" / "en" / "deal.md"
    saved = deal.read_text(encoding="utf-8")
    build = sitegen.pipeline.build

    def saved_during(*args, **kwargs):      # an editor's save just after the fingerprint
        deal.write_text(saved.replace("Against the other deals", "Next to the others"), encoding="utf-8")
        try:
            return build(*args, **kwargs)
        finally:
            if undone == "before the build ends":
                deal.write_text(saved, encoding="utf-8")

    monkeypatch.setattr(sitegen.pipeline, "build", saved_during)
    assert main(["--root", str(root)]) == 0
    monkeypatch.setattr(sitegen.pipeline, "build", build)
    deal.write_text(saved, encoding="utf-8")      # undone before the next run (again: the same text)
    assert main(["--root", str(root)]) == 0
    assert "(unchanged)" not in capsys.readouterr().out
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("site", ".cache"))
    assert main(["--root", str(clean), "--no-cache"]) == 0
    assert tree_of(root / "site") == tree_of(clean / "site")


def test_changed_site_folder_is_built_again(make_project, capsys) -> None:
    root = make_project()
    main(["--root", str(root)])
    page = root / "site" / "en" / "deal" / "index.html"
    expected = page.read_bytes()
    page.write_text("edited by hand")
    (root / "site" / "404.html").unlink()
    main(["--root", str(root)])
    assert "(unchanged)" not in capsys.readouterr().out
    assert page.read_bytes() == expected and (root / "site" / "404.html").exists()


def test_an_edit_in_the_sites_charts_is_built_again(make_project, capsys) -> None:
    """The site's charts/ is an input like templates/: an edit there is never replayed as unchanged."""
    root = make_project()
    main(["--root", str(root)])
    helper = root / "charts" / "_common.py"
    helper.write_text(helper.read_text(encoding="utf-8") + "\n# a shared colour will go here\n", encoding="utf-8")
    capsys.readouterr()
    main(["--root", str(root)])
    assert "(unchanged)" not in capsys.readouterr().out


def test_strict_run_after_a_lenient_one_still_fails(make_project, capsys) -> None:
    root = make_project()
    assert main(["--root", str(root)]) == 0
    capsys.readouterr()
    assert main(["--root", str(root), "--strict"]) == 1
    assert capsys.readouterr().err == ("content/ja/only-ja.md: error: no en translation (add content/en/only-ja.md)\n"
                                       "1 error: site/ left unchanged\n")


def test_no_change_run_of_build_py_imports_no_markdown_jinja_or_babel(make_project) -> None:
    root = make_project()
    command = [sys.executable, "-X", "importtime", str(REPO / "build.py"), "--root", str(root)]
    subprocess.run(command, capture_output=True, check=True, timeout=120)
    second = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    assert second.stdout.endswith("→ site/ (unchanged)\n")
    imported = {line.split("|")[-1].strip() for line in second.stderr.splitlines() if line.startswith("import time:")}
    assert "sitegen.cache.lastbuild" in imported
    assert not imported & {"markdown", "jinja2", "babel", "yaml", "sitegen.pipeline"}


def test_the_one_command_line_parser_decides_what_is_replayed(make_project) -> None:
    """An abbreviation argparse accepts (--qu for --quiet) is replayed like the option itself."""
    root = make_project()
    subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)], check=True, timeout=120,
                   capture_output=True)
    result = subprocess.run([sys.executable, "-X", "importtime", str(REPO / "build.py"), "--root", str(root), "--qu"],
                            capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout == "" and "sitegen.pipeline" not in result.stderr
