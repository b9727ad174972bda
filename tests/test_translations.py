"""Pairing and translation states as editors and readers meet them."""

from __future__ import annotations

from sitegen.cli import main
from sitegen.diagnostics import Diagnostics
from sitegen.load.pairs import translation_states
from sitegen.pipeline import build, load_site


def _states(root):
    site = load_site(root, Diagnostics())
    return {f"{lang}:{key}": t.state for (lang, key), t in translation_states(site).items()}


def test_states_follow_edits_of_the_original(make_project, capsys) -> None:
    root = make_project()
    assert _states(root)["en:deal"] == "translated"
    original = root / "content" / "ja" / "deal.md"
    text = original.read_text(encoding="utf-8")
    original.write_text(text.replace("本文。", "本文を書き直しました。"), encoding="utf-8")
    assert _states(root)["en:deal"] == "stale"

    build(root)
    stale_page = (root / "site" / "en" / "deal" / "index.html").read_text(encoding="utf-8")
    assert 'class="notice notice--stale"' in stale_page
    assert 'href="../../ja/deal/" hreflang="ja">Read the original</a>' in stale_page

    assert main(["--root", str(root), "stamp", str(root / "content" / "en" / "deal.md")]) == 0
    assert _states(root)["en:deal"] == "translated"
    build(root)
    assert "notice--stale" not in (root / "site" / "en" / "deal" / "index.html").read_text(encoding="utf-8")


def test_translation_key_pairs_files_with_different_names(make_project) -> None:
    root = make_project(files={
        "content/ja/keiyaku.md": "---\ntitle: 契約\ndescription: 説明。\ndate: 2025-01-01\n"
                                 "translation_key: contract\n---\n本文。\n",
        "content/en/contract.md": "---\ntitle: Contract\ndescription: About it.\ndate: 2025-01-01\n---\nText.\n",
    })
    result = build(root)
    ja = result.tree["ja/keiyaku/index.html"].decode()
    assert '<link rel="alternate" hreflang="en" href="https://example.org/explainer/en/contract/">' in ja
    assert 'href="../../en/contract/" hreflang="en" lang="en">Read in English</a>' in ja


def test_missing_translation_gets_a_marked_fallback_page(make_project) -> None:
    result = build(make_project())
    fallback = result.tree["en/only-ja/index.html"].decode()
    assert '<html lang="en"' in fallback
    assert '<link rel="canonical" href="https://example.org/explainer/ja/only-ja/">' in fallback
    assert 'hreflang="x-default"' not in fallback and 'rel="alternate" hreflang' not in fallback
    assert "has not been translated into English yet" in fallback
    assert '<div class="prose" lang="ja">' in fallback
    original = result.tree["ja/only-ja/index.html"].decode()
    assert 'rel="alternate" hreflang="en"' not in original, "no hreflang for a translation that does not exist"
    assert '(not translated yet)' in original


def test_switch_and_hreflang_are_reciprocal(make_project) -> None:
    tree = build(make_project()).tree
    for lang, other in (("ja", "en"), ("en", "ja")):
        page = tree[f"{lang}/deal/index.html"].decode()
        assert f'<link rel="alternate" hreflang="{other}" href="https://example.org/explainer/{other}/deal/">' in page
        assert f'<link rel="alternate" hreflang="{lang}" href="https://example.org/explainer/{lang}/deal/">' in page
        # x-default of a content page is its default-language version (the chooser only for homes)
        assert '<link rel="alternate" hreflang="x-default" href="https://example.org/explainer/ja/deal/">' in page
        assert f'href="../../{other}/deal/" hreflang="{other}" lang="{other}">' in page


def test_both_pages_without_source_hash_are_reported(make_project, capsys) -> None:
    en = "---\ntitle: X\ndescription: Y.\ndate: 2025-01-01\n---\nText.\n"
    ja = "---\ntitle: X\ndescription: Y。\ndate: 2025-01-01\n---\n本文。\n"
    root = make_project(files={"content/en/pair.md": en, "content/ja/pair.md": ja})
    main(["--root", str(root)])
    assert ("content/en/pair.md: warning: translation does not record which version of the original it was made "
            "from (run: python build.py stamp content/en/pair.md)") in capsys.readouterr().err


def test_a_bad_field_in_an_original_is_reported_once_on_the_original(make_project, capsys) -> None:
    root = make_project()
    original = root / "content" / "ja" / "deal.md"
    original.write_text(original.read_text(encoding="utf-8").replace("date: 2025-12-08", "date: 2025-13-08"),
                        encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 1
    problems = [line for line in capsys.readouterr().err.splitlines() if "deal.md" in line]
    assert len(problems) == 1 and problems[0].startswith("content/ja/deal.md:4: error:"), problems


def _line_of(path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)


def test_status_refuses_to_guess_when_a_page_cannot_be_read_or_is_paired_twice(make_project, capsys) -> None:
    """`status` read the pages and dropped what loading reported: a Japanese original it could not
    read showed as 'missing' and its stamped translation as the 'original', exit 0; a page claiming
    another's translation key was compared with the wrong translation. Both are now the errors the
    build gives, at their lines, and no table."""
    root = make_project()
    original = root / "content" / "ja" / "deal.md"
    original.write_text(original.read_text(encoding="utf-8").replace("order: 1", "order: first"), encoding="utf-8")
    assert _states(root)["en:deal"] == "unknown"         # the table said 'original' (its original unread)
    for args in (["status"], ["status", "--json"]):
        assert main(["--root", str(root), *args]) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert err.splitlines() == [f"content/ja/deal.md:{_line_of(original, 'order:')}: error: 'order' must be a "
                                    "whole number, got 'first' (position in navigation, a whole number)",
                                    "1 error: no status printed"]

    root = make_project(files={"content/ja/deal.md": original.read_text(encoding="utf-8").replace("first", "1")})
    claimer = root / "content" / "ja" / "glossary.md"
    claimer.write_text(claimer.read_text(encoding="utf-8").replace("---\n", "---\ntranslation_key: deal\n", 1),
                       encoding="utf-8")
    assert main(["--root", str(root), "status"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "translation key 'deal' is claimed by two pages" in err and "no status printed" in err


def test_a_page_renamed_in_one_language_only_builds_with_a_warning(make_project) -> None:
    """Renaming the original alone leaves its translation without one. Its language switch linked
    to a fallback page nobody writes (only originals get fallbacks), so the build failed with
    "link '../../ja/deal/' in site/en/deal/index.html leads nowhere (check the template …)",
    blaming a template. Now it warns at the translation's source_hash and the switch says that
    there is no version in the other language."""
    root = make_project()
    (root / "content" / "ja" / "deal.md").rename(root / "content" / "ja" / "keiyaku.md")
    result = build(root, write=False, search=False)
    orphan = root / "content" / "en" / "deal.md"
    assert not result.diagnostics.errors
    assert (f"content/en/deal.md:{_line_of(orphan, 'source_hash:')}: warning: source_hash is set but the original "
            "does not exist (if its original is content/ja/keiyaku.md (renamed?), give the two the same file name or "
            "translation_key; if this page is the original now, remove its source_hash)") in result.diagnostics.lines()
    page = result.tree["en/deal/index.html"].decode()
    assert "ja/deal/" not in page and "ja/keiyaku/" not in page
    assert '<span lang="ja">日本語版はありません</span>' in page
    assert "en/keiyaku/index.html" in result.tree            # the renamed original's fallback, as before


def test_a_translation_whose_original_was_renamed_is_told_which_file_it_was(make_project, capsys) -> None:
    """The build's warning said 'remove source_hash or add the original' (removing it makes the
    translation an original), and stamp said 'no original to stamp against (this page has no
    counterpart)', neither naming the renamed original nor saying how to pair them again. Both now
    name it: the original whose text the stamp was made from, or else the closest name."""
    root = make_project()
    orphan = root / "content" / "en" / "deal.md"
    for renamed, edit in (("keiyaku.md", False), ("the-deal.md", True)):    # unchanged / edited since the stamp
        (root / "content" / "ja").joinpath("deal.md").rename(root / "content" / "ja" / renamed)
        if edit:
            path = root / "content" / "ja" / renamed
            path.write_text(path.read_text(encoding="utf-8").replace("本文。", "本文です。"), encoding="utf-8")
        hint = (f"(if its original is content/ja/{renamed} (renamed?), give the two the same file name or "
                "translation_key; if this page is the original now, remove its source_hash)")
        warnings = build(root, write=False, search=False).diagnostics.lines()
        assert (f"content/en/deal.md:{_line_of(orphan, 'source_hash:')}: warning: source_hash is set but the "
                f"original does not exist {hint}") in warnings
        assert main(["--root", str(root), "stamp", str(orphan)]) == 1
        assert capsys.readouterr().err.splitlines() == [
            f"content/en/deal.md: error: no original to stamp against {hint}", "1 error: no file stamped"]
        (root / "content" / "ja" / renamed).rename(root / "content" / "ja" / "deal.md")
    assert main(["--root", str(root), "stamp", str(orphan)]) == 0         # paired again by the name


def test_stamp_changes_only_the_source_hash_of_a_file_saved_on_windows(make_project) -> None:
    """stamp read the file with universal newlines and wrote it back with '\\n': every line of a
    translation saved with Windows line endings changed."""
    root = make_project()
    original, translation = root / "content" / "ja" / "deal.md", root / "content" / "en" / "deal.md"
    edited = original.read_text(encoding="utf-8").replace("本文。", "本文を書き直しました。")
    original.write_text(edited, encoding="utf-8")
    before = "\ufeff" + translation.read_text(encoding="utf-8").replace("\n", "\r\n")
    translation.write_bytes(before.encode("utf-8"))
    assert _states(root)["en:deal"] == "stale"
    assert main(["--root", str(root), "stamp", str(translation)]) == 0
    digest = load_site(root, Diagnostics()).by_key["deal"]["ja"].digest
    after = translation.read_bytes().decode("utf-8")
    assert after.split("\r\n") == [f"source_hash: {digest}" if line.startswith("source_hash:") else line
                                   for line in before.split("\r\n")]
    assert _states(root)["en:deal"] == "translated"


def test_stamp_takes_a_path_in_the_project_given_by_root(make_project, monkeypatch, capsys) -> None:
    """With --root (or SITE_ROOT), 'stamp content/en/deal.md' was read from the current folder
    only: 'content/en/deal.md: error: not a page of this site (give a path such as
    content/en/deal.md)'. A path the current folder does not hold is now also looked for in the project."""
    root = make_project()
    original = root / "content" / "ja" / "deal.md"
    original.write_text(original.read_text(encoding="utf-8").replace("本文。", "本文です。"), encoding="utf-8")
    assert _states(root)["en:deal"] == "stale"
    monkeypatch.chdir(root.parent)
    assert main(["--root", str(root), "stamp", "content/en/deal.md"]) == 0, capsys.readouterr().err
    assert _states(root)["en:deal"] == "translated"


def test_stamp_of_a_misspelt_path_names_the_page_meant(make_project, capsys) -> None:
    """'stamp content/en/deal' (the '.md' left out, as a shell's completion stops there) or a misspelt
    name said 'not a page of this site (give a path such as content/en/deal.md)'; it names the page
    of that folder with the nearest name, and none when no name is near."""
    root = make_project()
    pages = sorted(path.relative_to(root).as_posix() for path in (root / "content" / "en").glob("*.md"))
    for typed, meant in (("content/en/deal", "content/en/deal.md"), ("content/en/glosary.md", "content/en/glossary.md"),
                         ("content/en/zzz.md", None)):
        assert meant is None or meant in pages
        assert main(["--root", str(root), "stamp", str(root / typed)]) == 1
        hint = f"did you mean '{meant}'?" if meant else "give a path such as content/en/deal.md"
        assert capsys.readouterr().err.splitlines()[0] == f"{typed}: error: not a page of this site ({hint})"


def test_stamp_is_stopped_by_the_pages_errors_only_and_says_each_once(make_project, capsys) -> None:
    """stamp refused while any data file had an error (a tab in data/facts/ stopped it), and a page
    that could not be read was reported twice: its error, and 'not a page of this site' (or, for an
    unreadable original, 'no original to stamp against (this page has no counterpart)')."""
    root = make_project()
    original, translation = root / "content" / "ja" / "deal.md", root / "content" / "en" / "deal.md"
    facts = root / "data" / "facts" / "deal.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("\n  unit", "\n\tunit", 1), encoding="utf-8")
    original.write_text(original.read_text(encoding="utf-8").replace("本文。", "本文です。"), encoding="utf-8")
    assert main(["--root", str(root), "stamp", str(translation)]) == 0, capsys.readouterr().err
    assert _states(root)["en:deal"] == "translated"

    for broken in (translation, original):
        text = broken.read_text(encoding="utf-8")
        broken.write_text(text.replace("order: 1", "order: first"), encoding="utf-8")
        assert main(["--root", str(root), "stamp", str(translation)]) == 1
        rel = broken.relative_to(root).as_posix()
        assert capsys.readouterr().err.splitlines() == [
            f"{rel}:{_line_of(broken, 'order:')}: error: 'order' must be a whole number, got 'first' "
            "(position in navigation, a whole number)", "1 error: no file stamped"]
        broken.write_text(text, encoding="utf-8")


def test_the_translation_report_calls_a_translation_whose_original_is_gone_unknown(make_project, capsys) -> None:
    """content/ja/deal.md renamed: content/en/deal.md keeps its source_hash and the build warns that
    its original does not exist, yet `status`, status.json, the status page and /__dev__/ called it
    the 'original' of its pair. It is 'unknown' (no original found), as a pair with no original is."""
    import json

    root = make_project()
    (root / "content" / "ja" / "deal.md").rename(root / "content" / "ja" / "keiyaku.md")
    def states(status_json: str) -> dict[str, dict[str, str]]:
        return {row["key"]: {lang: cell["state"] for lang, cell in row["languages"].items()}
                for row in json.loads(status_json)}

    assert main(["--root", str(root), "status", "--json"]) == 0
    rows = states(capsys.readouterr().out)
    assert rows["deal"] == {"ja": "missing", "en": "unknown"}
    assert rows["keiyaku"] == {"ja": "original", "en": "missing"}
    assert states(build(root, write=False, search=False).tree["status/status.json"].decode()) == rows
    assert main(["--root", str(root), "status"]) == 0
    table = capsys.readouterr().out
    assert [line.split()[:3] for line in table.splitlines() if line.startswith("deal ")] == [["deal", "missing",
                                                                                            "unknown"]]
    todo = table.split("\nwhat to do:\n")[1].splitlines()
    assert "  content/en/deal.md: unknown, its original is not found: if its original is content/ja/keiyaku.md " \
        "(renamed?), give the two the same file name or translation_key; if this page is the original now, remove " \
        "its source_hash" in todo
    assert "stamp content/en/deal.md" not in table      # stamping it cannot help
    # The original's side of the pair: not a translation to write, but the renamed one's.
    assert "  content/en/keiyaku.md: missing, en readers get content/ja/keiyaku.md: content/en/deal.md may be its " \
        "translation, renamed: give the two the same file name or translation_key" in todo


def test_the_translation_report_names_each_file_to_update_or_write_and_what_to_type(make_project, capsys) -> None:
    """`status` ended with 'update each stale (or translate each untranslated) page, then run: python
    build.py stamp <file>' and said nothing of a missing translation: the editor had to work out which
    files, from the table's keys. Each is now named with what to type."""
    root = make_project()
    original = root / "content/ja/deal.md"
    original.write_text(original.read_text(encoding="utf-8").replace("でした。", "でした（米国時間）。"),
                        encoding="utf-8")
    assert main(["--root", str(root), "status"]) == 0
    todo = capsys.readouterr().out.split("\nwhat to do:\n")[1].splitlines()
    alone = sorted(page.name for page in (root / "content/ja").glob("*.md")
                   if not (root / "content/en" / page.name).exists())
    assert todo == ["  content/en/deal.md: stale, content/ja/deal.md changed since the stamp: update it (what "
                    "changed: python build.py status --diff), then run: python build.py stamp content/en/deal.md",
                    *(f"  content/en/{name}: missing, en readers get content/ja/{name}: translate it into "
                      f"content/en/{name} (python build.py stamp content/en/{name} when done)" for name in alone)]


def test_a_page_saved_as_markdown_or_md_in_capitals_is_told_to_be_renamed(make_project) -> None:
    """'content/ja/x.markdown' or 'x.MD' (an editor's or a system's choice) is ignored, as only '.md'
    pages are read, and the warning said 'not a Markdown file (put images and downloads in static/)'."""
    page = "---\ntitle: T\ndescription: D\ndate: 2025-01-01\n---\nText.\n"
    names = ["content/ja/energy.markdown", "content/en/energy.MD", "content/en/notes.txt"]
    root = make_project(files=dict.fromkeys(names, page))
    lines = build(root, write=False, search=False).diagnostics.lines()
    assert [line for line in lines if "energy" in line or "notes" in line] == [
        "content/en/energy.MD: warning: a page's name must end in '.md' (lowercase); ignored "
        "(rename it to content/en/energy.md)",
        "content/en/notes.txt: warning: not a Markdown file; ignored (put images and downloads in static/)",
        "content/ja/energy.markdown: warning: a page's name must end in '.md' (lowercase); ignored "
        "(rename it to content/ja/energy.md)"]


def test_a_link_to_a_page_renamed_in_one_language_says_what_it_is_now(make_project) -> None:
    """A link to a renamed page was 'link to a page that does not exist: 'deal.md' (check the file
    name under content/ja/)'. Its translation knows the new name: by the translation key the renamed
    page kept, or by the stamp (the digest of the original unchanged since). A misspelt link names the
    closest page of that language. Built as build.py builds, with .cache/: each hint follows the edits."""
    from sitegen.cache.buildcache import BuildCache

    root = make_project()
    index = root / "content" / "ja" / "index.md"
    line = _line_of(index, "(deal.md)")
    column = index.read_text(encoding="utf-8").split("\n")[line - 1].index("(deal.md)") + 2

    def link_warnings() -> list[str]:
        lines = build(root, write=False, search=False, cache=BuildCache.on_disk(root)).diagnostics.lines()
        return [line for line in lines if "link to a page" in line]

    def warning(link: str, hint: str) -> str:
        return f"content/ja/index.md:{line}:{column}: warning: link to a page that does not exist: '{link}' ({hint})"

    renamed = root / "content" / "ja" / "keiyaku.md"
    assert link_warnings() == []
    (root / "content" / "ja" / "deal.md").rename(renamed)           # unchanged since the stamp
    now = "did you mean 'keiyaku.md'? content/ja/keiyaku.md is the ja version of content/en/deal.md"
    assert link_warnings() == [warning("deal.md", now)]
    renamed.write_text(renamed.read_text(encoding="utf-8").replace("本文。", "本文です。"), encoding="utf-8")
    assert link_warnings() == [warning("deal.md", "check the file name under content/ja/")]    # nothing tells
    renamed.write_text(renamed.read_text(encoding="utf-8").replace("---\n", "---\ntranslation_key: deal\n", 1),
                       encoding="utf-8")
    assert link_warnings() == [warning("deal.md", now)]              # paired again by the key
    renamed.rename(root / "content" / "ja" / "deal.md")
    index.write_text(index.read_text(encoding="utf-8").replace("(deal.md)", "(dael.md)"), encoding="utf-8")
    assert link_warnings() == [warning("dael.md", "did you mean 'deal.md'?")]


def test_a_root_link_to_a_page_whose_slug_changed_says_its_new_address(make_project, capsys) -> None:
    """'[契約の解説](/ja/deal/)' after content/ja/deal.md set 'slug: keiyaku' failed with 'link 'deal/' in
    site/ja/index.html leads nowhere (check the template or the link)': the output's form of the link,
    and templates nobody touched. The page of another language at that address (/en/deal/) tells
    where its translation is now."""
    root = make_project()
    index, page = root / "content" / "ja" / "index.md", root / "content" / "ja" / "deal.md"
    index.write_text(index.read_text(encoding="utf-8").replace("(deal.md)", "(/ja/deal/#what)"), encoding="utf-8")
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\nslug: keiyaku\n", 1), encoding="utf-8")
    line = _line_of(index, "(/ja/deal/#what)")
    column = index.read_text(encoding="utf-8").split("\n")[line - 1].index("/ja/deal/#what") + 1
    assert main(["--root", str(root), "check"]) == 1
    assert capsys.readouterr().err.splitlines()[:-1] == [
        f"content/ja/index.md:{line}:{column}: error: link to a page that does not exist: '/ja/deal/' "
        "(did you mean '/ja/keiyaku/'? it is the ja version of /en/deal/)",
        "content/ja/only-ja.md: warning: no en translation (add content/en/only-ja.md)"]


def test_a_translation_under_another_key_is_named_not_asked_for(make_project) -> None:
    """content/en/deal.md given 'translation_key: the deal' (a typo, or a key written with a space):
    the original warned 'no en translation (add content/en/deal.md)', a file that is there. It names
    that file and the two keys."""
    root = make_project()
    translation = root / "content" / "en" / "deal.md"
    translation.write_text(translation.read_text(encoding="utf-8").replace("source_hash:", "translation_key: the deal\n"
                                                                           "source_hash:", 1), encoding="utf-8")
    lines = build(root, write=False, search=False).diagnostics.lines()
    assert ("content/ja/deal.md: warning: no en translation: content/en/deal.md has translation key 'the deal', "
            "this page 'deal' (give the two the same translation_key)") in lines
    assert not any("add content/en/deal.md" in line for line in lines)


def test_stamp_stopped_part_way_says_which_files_it_stamped(make_project, monkeypatch, capsys) -> None:
    """stamp stopped by a fault (a file it cannot write) or a signal after stamping some files ended
    with 'site/ left unchanged' (a fault) or 'no file stamped' (Ctrl-C), neither true: stamp changes
    content files, one by one. It now ends with the files stamped and those not, and stamps the
    rest when run again; stopped before any, 'no file stamped'."""
    import errno
    import os

    from sitegen.commands import stamp as stamp_module

    root = make_project()
    files = ["content/en/deal.md", "content/en/glossary.md", "content/en/index.md"]
    for original in ("deal", "glossary", "index"):
        path = root / "content" / "ja" / f"{original}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n追記。\n", encoding="utf-8")
    # A fault on the second file: a folder where stamp writes the file's new text before moving it in.
    blocker = root / "content" / "en" / f".glossary.md.{os.getpid()}.tmp"
    blocker.mkdir()
    assert main(["--root", str(root), "stamp", *files]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"content/en/{blocker.name}: error: ")
    assert err[1:] == [f"stamped {files[0]}; not stamped: {files[1]}, {files[2]} (run stamp again for those)"]
    assert [_states(root)[f"en:{key}"] for key in ("deal", "glossary", "index")] == ["translated", "stale", "stale"]
    blocker.rmdir()

    written = stamp_module.write_file_atomic       # the last file read-only (as root, a fake), then Ctrl-C

    def stopped(path, data):
        if path.name == "index.md":
            raise fault
        written(path, data)

    monkeypatch.setattr(stamp_module, "write_file_atomic", stopped)
    fault: BaseException = PermissionError(errno.EACCES, "Permission denied", str(root / files[2]))
    assert main(["--root", str(root), "stamp", *files[1:]]) == 3
    assert capsys.readouterr().err.splitlines() == [
        f"{files[2]}: error: Permission denied (check who owns it and its permissions (ls -ld), then run stamp again)",
        f"stamped {files[1]}; not stamped: {files[2]} (run stamp again for those)"]
    fault = KeyboardInterrupt()
    assert main(["--root", str(root), "stamp", *files[:1], *files[2:]]) == 130
    assert capsys.readouterr().err == (f"interrupted: stamped {files[0]}; not stamped: {files[2]} "
                                       "(run stamp again for those)\n")
    assert main(["--root", str(root), "stamp", files[2]]) == 130
    assert capsys.readouterr().err == "interrupted: no file stamped\n"
    monkeypatch.undo()
    assert main(["--root", str(root), "stamp", files[2]]) == 0
    assert {_states(root)[f"en:{key}"] for key in ("deal", "glossary", "index")} == {"translated"}


def test_a_fault_in_stamp_says_to_run_stamp_again_not_to_build(make_project, monkeypatch, capsys) -> None:
    """A fault's hint ('free some disk space, then build again') is worded for the command that met it:
    stamp's were made by replacing 'then build' in the message, which left 'the file system is
    mounted read-only: build in a writable copy' (EROFS) telling a stamp to build."""
    import os

    from sitegen.commands import stamp as stamp_module
    from sitegen.output.faults import FAULT_HINTS

    root = make_project()
    page = root / "content" / "ja" / "deal.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n追記。\n", encoding="utf-8")
    target = root / "content" / "en" / "deal.md"
    for code in FAULT_HINTS:
        fault = OSError(code, os.strerror(code), str(target))

        def failing(path, data, fault=fault):
            raise fault

        monkeypatch.setattr(stamp_module, "write_file_atomic", failing)
        assert main(["--root", str(root), "stamp", "content/en/deal.md"]) == 3
        line = capsys.readouterr().err.splitlines()[0]
        assert line.startswith(f"content/en/deal.md: error: {os.strerror(code)} ("), line
        assert "build" not in line and ("again" not in line or "then run stamp again" in line), line


def test_a_link_to_a_missing_translation_leads_to_its_fallback(make_project, capsys) -> None:
    """With content/en/deal.md deleted (or not yet written), /en/deal/ is the Japanese original with a
    notice, yet 'Read [the explainer](deal.md)' in an English page was 'link to a page that does not
    exist: 'deal.md' (check the file name under content/en/)', and the published page kept
    href="deal.md", a link to nothing. It leads to the fallback, with no warning but the missing
    translation's own; an anchor in it is checked against the original that the fallback shows.
    Without fallback pages (fallback_pages = false) there is no page there: the warning stays."""
    root = make_project(remove=["content/en/deal.md"])
    index = root / "content/en/index.md"
    links = "See [its deals](deal.md#others), [a gap](deal.md#zzz) and [the rest](/en/deal/#zzz)."
    index.write_text(index.read_text(encoding="utf-8") + links + "\n", encoding="utf-8")
    lines = index.read_text(encoding="utf-8").split("\n")
    number = lines.index(links) + 1
    assert main(["--root", str(root)]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert [w for w in warnings if "content/en/index.md" in w] == [
        f"content/en/index.md:{number}:{links.index(link) + 1}: warning: no anchor '#zzz' in content/ja/deal.md "
        "(add {#zzz} to a heading)" for link in ("deal.md#zzz", "/en/deal/#zzz")]
    assert "content/ja/deal.md: warning: no en translation (add content/en/deal.md)" in warnings
    published = (root / "site/en/index.html").read_text(encoding="utf-8")
    assert 'href="deal/"' in published and 'href="deal/#others"' in published and 'href="deal.md' not in published
    assert (root / "site/en/deal/index.html").is_file()

    config = root / "site.toml"
    config.write_text("fallback_pages = false\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    main(["--root", str(root), "check"])
    assert (f"content/en/index.md:{number - 1}:{lines[number - 2].index('deal.md') + 1}: warning: link to a page "
            "that does not exist: 'deal.md'") in capsys.readouterr().err
