"""`python build.py new <slug>`: both files, each in its own language, a page that builds at once
and a translation that says it is not yet made."""

from __future__ import annotations

import pytest

from sitegen.cli import main
from sitegen.load.pairs import translation_states
from sitegen.load.placeholders import BODY_TEXT, DESCRIPTION, TITLE
from sitegen.pipeline import build


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")     # 2025-12-01


def test_new_writes_each_title_in_its_language_and_an_untranslated_translation(make_project, capsys) -> None:
    root = make_project()
    assert main(["--root", str(root), "new", "energy-use", "--title-ja", "エネルギー消費",
                 "--title-en", "Energy use"]) == 0
    out = capsys.readouterr().out
    assert "created content/ja/energy-use.md\ncreated content/en/energy-use.md\n" in out
    assert "http://127.0.0.1:8000/explainer/ja/energy-use/" in out
    assert "python build.py stamp content/en/energy-use.md" in out
    ja = (root / "content/ja/energy-use.md").read_text(encoding="utf-8")
    en = (root / "content/en/energy-use.md").read_text(encoding="utf-8")
    assert ja == (f'---\ntitle: "エネルギー消費"\ndescription: {DESCRIPTION["ja"]}\ndate: 2025-12-01\n---\n\n'
                  f"## はじめに {{#intro}}\n\n{BODY_TEXT['ja']}\n")
    assert en == (f'---\ntitle: "Energy use"\ndescription: {DESCRIPTION["en"]}\ndate: 2025-12-01\n'
                  f"source_hash: untranslated\n---\n\n## Introduction {{#intro}}\n\n{BODY_TEXT['en']}\n")
    assert sorted(p.name for p in (root / "content/ja").iterdir() if p.name.startswith(".")) == []
    result = build(root, write=False)
    assert "ja/energy-use/index.html" in result.tree and "en/energy-use/index.html" in result.tree
    assert "<h1>エネルギー消費</h1>" in result.tree["ja/energy-use/index.html"].decode()
    assert translation_states(result.site)[("en", "energy-use")].state == "untranslated"
    found = sorted(str(d) for d in result.diagnostics.items if "energy-use" in d.location.path)
    assert found == sorted([
        "content/ja/energy-use.md:3: warning: the description is still the placeholder "
        f"'{DESCRIPTION['ja']}' (write the page's description)",
        f"content/ja/energy-use.md:9:1: warning: placeholder text '{BODY_TEXT['ja']}' is still in the page "
        "(write the text, or delete the line)",
        "content/en/energy-use.md:3: warning: the description is still the placeholder "
        f"'{DESCRIPTION['en']}' (write the page's description)",
        f"content/en/energy-use.md:10:1: warning: placeholder text '{BODY_TEXT['en']}' is still in the page "
        "(write the text, or delete the line)",
        "content/en/energy-use.md:5: warning: not translated yet ('source_hash: untranslated') "
        "(translate the page, then run: python build.py stamp content/en/energy-use.md)",
    ])


def test_without_titles_each_file_gets_its_languages_placeholder(make_project) -> None:
    root = make_project()
    assert main(["--root", str(root), "new", "energy-use"]) == 0
    for lang in ("ja", "en"):
        text = (root / f"content/{lang}/energy-use.md").read_text(encoding="utf-8")
        assert text.startswith(f'---\ntitle: "{TITLE[lang]}"\n')
    titles = [str(d) for d in build(root, write=False).diagnostics.items if "the title is still" in d.message]
    assert titles == [f"content/en/energy-use.md:2: warning: the title is still the placeholder '{TITLE['en']}' "
                      "(write the page's title)",
                      f"content/ja/energy-use.md:2: warning: the title is still the placeholder '{TITLE['ja']}' "
                      "(write the page's title)"]


def test_an_editor_replaces_the_placeholders_and_stamps_and_the_warnings_go(make_project, capsys) -> None:
    root = make_project()
    assert main(["--root", str(root), "new", "energy-use", "--title-ja", "エネルギー", "--title-en", "Energy"]) == 0
    for lang, description, text in (("ja", "電力の話。", "本文です。"), ("en", "About power.", "The text.")):
        path = root / f"content/{lang}/energy-use.md"
        path.write_text(path.read_text(encoding="utf-8").replace(DESCRIPTION[lang], description)
                        .replace(BODY_TEXT[lang], text), encoding="utf-8")
    assert main(["--root", str(root), "stamp", str(root / "content/en/energy-use.md")]) == 0
    result = build(root, write=False)
    assert not [d for d in result.diagnostics.items if "energy-use" in d.location.path]
    assert translation_states(result.site)[("en", "energy-use")].state == "translated"


def test_new_refuses_a_url_another_page_already_has(make_project, capsys) -> None:
    root = make_project(files={"content/en/other.md": "---\ntitle: O\ndescription: D\ndate: 2025-12-01\n"
                                                        "slug: energy-use\n---\nText.\n"})
    assert main(["--root", str(root), "new", "energy-use"]) == 1
    err = capsys.readouterr().err
    assert "content/en/other.md:5: error: this page already has the URL 'energy-use' (choose another slug)" in err
    assert err.endswith("1 error: no page created\n")
    assert not (root / "content/ja/energy-use.md").exists()


def test_new_refuses_a_bad_slug(make_project, capsys) -> None:
    root = make_project()
    assert main(["--root", str(root), "new", "Energy Use"]) == 1
    assert "'Energy Use' is not a valid slug" in capsys.readouterr().err


def test_new_makes_a_page_in_a_folder_as_a_nested_slug_builds_one(make_project, capsys) -> None:
    """A page in content/<lang>/topics/ is at /<lang>/topics/…/ (load/content.py); `new topics/gpu`
    writes it there (it was refused as 'not a valid slug'), and a second time names both files."""
    root = make_project()
    assert main(["--root", str(root), "new", "topics/gpu", "--title-ja", "GPU", "--title-en", "GPU"]) == 0
    out = capsys.readouterr().out
    assert "created content/ja/topics/gpu.md\ncreated content/en/topics/gpu.md\n" in out
    assert "http://127.0.0.1:8000/explainer/ja/topics/gpu/" in out
    assert "python build.py stamp content/en/topics/gpu.md" in out
    result = build(root, write=False)
    assert "<h1>GPU</h1>" in result.tree["ja/topics/gpu/index.html"].decode()
    assert translation_states(result.site)[("en", "topics/gpu")].state == "untranslated"
    assert main(["--root", str(root), "new", "topics/gpu"]) == 1
    assert ("content/ja/topics/gpu.md: error: the page 'topics/gpu' already exists: content/ja/topics/gpu.md, "
            "content/en/topics/gpu.md (edit it there, or choose another slug)") in capsys.readouterr().err


@pytest.mark.parametrize("slug", ["../outside", "/topics/gpu", "topics//gpu", "topics/", "topics\\gpu"])
def test_new_refuses_a_slug_that_is_not_a_path_under_content(make_project, capsys, slug) -> None:
    root = make_project()
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    assert main(["--root", str(root), "new", slug]) == 1
    assert (f"<command line>: error: '{slug}' is not a valid slug (use lowercase letters, digits and '-', "
            "e.g. energy-use, and '/' between folders, e.g. topics/gpu)") in capsys.readouterr().err
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


def test_a_blank_title_is_the_placeholder_and_a_title_is_one_line(make_project) -> None:
    """`--title-en '  '` wrote 'title: "  "', a page whose next build failed with "'title' is empty";
    a title pasted with a line break in it wrote one that no heading shows as written."""
    root = make_project()
    assert main(["--root", str(root), "new", "energy-use", "--title-ja", " エネルギー\n消費 ", "--title-en", "  "]) == 0
    assert (root / "content/en/energy-use.md").read_text(encoding="utf-8").startswith(f'---\ntitle: "{TITLE["en"]}"\n')
    assert (root / "content/ja/energy-use.md").read_text(encoding="utf-8").startswith('---\ntitle: "エネルギー 消費"\n')
    assert not build(root, write=False, search=False).diagnostics.errors


def test_new_refuses_a_url_the_build_makes_itself(make_project, capsys) -> None:
    """'new search' wrote two pages that the next build refused ('URL /en/search/ would replace
    en/search/index.html, which the build makes itself'); a file published from static/ at the URL too."""
    root = make_project(files={"static/en/guide/index.html": "<!DOCTYPE html><title>A guide</title>"})
    assert main(["--root", str(root), "new", "search"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == ["<command line>: error: the URL /en/search/ is the search page's (choose another slug)",
                                "<command line>: error: the URL /ja/search/ is the search page's (choose another slug)",
                                "2 errors: no page created"]
    assert main(["--root", str(root), "new", "guide"]) == 1
    assert ("<command line>: error: the URL /en/guide/ is static/en/guide/index.html's (choose another slug)"
            in capsys.readouterr().err)
    assert not list((root / "content").rglob("search.md")) and not list((root / "content").rglob("guide.md"))


@pytest.mark.parametrize("epoch", ["abc", "1e9", "1764547200.5", "99999999999999999"])
@pytest.mark.parametrize("command", [["new", "energy-use"], ["status"]])
def test_a_source_date_epoch_that_is_not_a_time_is_named(epoch: str, command: list[str], make_project, capsys,
                                                         monkeypatch) -> None:
    """SOURCE_DATE_EPOCH (set by packaging tools and CI) not a whole number of seconds: a ValueError's
    traceback, or, too large for a date, 'error: cannot read or write a file: Value too large for
    defined data type' and 'site/ left unchanged', neither of which says what to mend."""
    root = make_project()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code = main(["--root", str(root), *command])
    err = capsys.readouterr().err
    nothing = "no page created" if command[0] == "new" else "no status printed"
    assert (code, err) == (1, f"SOURCE_DATE_EPOCH: error: '{epoch}' is not a time (set it to the seconds since "
                              f"1970 as a whole number, as date +%s prints them, or unset it)\n1 error: {nothing}\n")
    assert not (root / "content/ja/energy-use.md").exists()


def test_a_page_that_cannot_be_written_in_one_language_leaves_no_half_pair(make_project, capsys) -> None:
    """`new` writes one file per language: when the second could not be written (a full disk, a read-only
    folder; here a file where its folder should be), the first stayed, a page without its translation
    pair, and the command said 'site/ left unchanged', of a site it never touches."""
    root = make_project()
    (root / "content/en/topics").write_text("a file where new needs a folder\n", encoding="utf-8")
    code = main(["--root", str(root), "new", "topics/gpu"])
    captured = capsys.readouterr()
    assert code == 3 and "created" not in captured.out
    assert captured.err.startswith("content/en/topics: error: "), captured.err
    assert captured.err.endswith("\nno page created\n")
    assert not (root / "content/ja/topics/gpu.md").exists()


@pytest.mark.parametrize(("typed", "meant"), [
    ("Energy-Use", "energy-use"), ("energy_use", "energy-use"), ("energy-use.md", "energy-use"),
    ("content/ja/energy-use.md", "energy-use"), ("topics/GPU", "topics/gpu")])
def test_new_names_the_slug_meant(make_project, capsys, typed: str, meant: str) -> None:
    """'new Energy-Use', 'new energy_use', 'new energy-use.md' (a file name, as a shell completes it)
    were refused with the rule alone; the slug meant is named, and it is one new accepts."""
    root = make_project()
    assert main(["--root", str(root), "new", typed]) == 1
    assert (f"<command line>: error: '{typed}' is not a valid slug (did you mean '{meant}'? a slug has lowercase "
            "letters, digits and '-', e.g. energy-use, and '/' between folders, e.g. topics/gpu)") \
        in capsys.readouterr().err
    assert main(["--root", str(root), "new", meant]) == 0
