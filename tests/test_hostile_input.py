"""Inputs too large or too odd to keep as fixture files (tests/sites/invalid/ holds the rest): each is
written into a copy of the valid site and built by `build.py` in its own process, which must end
(no hang, no crash of the interpreter) with exactly the located error, a non-zero exit, and the
previous site/ as it was."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from sitegen.fingerprint import INPUT_DIRS
from sitegen.load.textcheck import MAX_BRACKETS, MAX_NESTING
from sitegen.load.yamltext import MAX_DEPTH

from .conftest import REPO, SITES, tree_of

FRONT = "---\ntitle: T\ndescription: D\ndate: 2025-01-01\n---\n"     # the body starts at line 6
BODY_LINE = 6
# Hang guard only: each case takes a second or two; before, some ran for minutes or forever.
TIMEOUT = 300


def _previous_site(root: Path) -> dict[str, bytes]:
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous build\n", encoding="utf-8")
    return tree_of(root / "site")


def _build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)],
                          capture_output=True, text=True, timeout=TIMEOUT)


def _nested_list(levels: int) -> str:
    return "".join("    " * level + "- item\n" for level in range(levels))


def _case(name: str) -> tuple[dict[str, str], list[str]]:
    """The files of a case, and the error lines it must print (besides the fixture's own warnings)."""
    page = "content/en/hostile.md"
    where = f"{page}:{BODY_LINE + MAX_NESTING + 1}"
    deep = (f"{where}: error: nested {MAX_NESTING + 1} levels deep (lists, quotes or indented blocks); "
            f"the limit is {MAX_NESTING} (flatten the structure: split the list, or use headings)")
    if name == "list-400-levels":
        return {page: FRONT + _nested_list(400)}, [deep]
    if name == "list-2000-levels":
        return {page: FRONT + _nested_list(2000)}, [deep]
    if name == "quote-2000-levels":
        return {page: FRONT + ">" * 2000 + " deep\n"}, [
            f"{page}:{BODY_LINE}: error: nested 2000 levels deep (lists, quotes or indented blocks); "
            f"the limit is {MAX_NESTING} (flatten the structure: split the list, or use headings)"]
    if name == "40000-shortcodes-and-a-stray-brace":
        line = "{{ fact aws_deal_value }} " * 40_000 + "{{"
        return {page: FRONT + line + "\n"}, [
            f"{page}:{BODY_LINE}:{len(line) - 1}: error: '{{{{' is not closed by '}}}}' "
            r"(write '\{{' for literal braces)"]
    if name == "20000-open-brackets":
        return {page: FRONT + "[" * 20_000 + "\n"}, [
            f"{page}:{BODY_LINE}: error: more than {MAX_BRACKETS} '[' in one paragraph "
            r"(split the paragraph, or write \[ for a literal bracket)"]
    if name == "definition-list-of-1000-items":
        return {page: FRONT + "term\n: definition\n" * 1000}, [
            f"{page}:{BODY_LINE}: error: the Markdown is too deeply nested, or has too long a run of one kind of "
            "block, for the converter (split long lists and definition lists; flatten nested lists, quotes and <div>s)"]
    if name == "10000-unclosed-tags":        # 28 s in the HTML parser, and quadratic
        return {page: FRONT + "Text.\n\n" + "<a \n" * 10_000}, [
            f"{page}:{BODY_LINE + 2}: error: 10000 '<' open tags that no '>' closes, from here on (each makes the "
            "HTML reader scan to the end of the page) (write &lt; for a literal '<', or close the tags)"]
    if name == "file-name-with-quote-and-brackets":
        bad = 'content/en/a"<b>.md'
        return {bad: FRONT + "Text.\n"}, [
            f"{bad}: error: file name 'a\"<b>' is not a valid URL part (rename the file with lowercase letters, "
            "digits and '-', e.g. energy-use.md, or set 'slug:')"]
    if name == "yaml-nested-100000-levels":       # crashed the interpreter (libyaml's composer)
        # The mapping is the first level, the 32nd bracket the 33rd.
        text = "deep: " + "[" * 100_000 + "]" * 100_000 + "\n"
        return {"data/facts/deep.yaml": text}, [
            f"data/facts/deep.yaml:1:{len('deep: ') + MAX_DEPTH}: error: nested more than {MAX_DEPTH} levels "
            "deep (flatten the structure)"]
    if name == "stylesheet-50000-nested-brackets":      # browsers read it; a recursive walk raised RecursionError
        prefix = ".x { background: " + "(" * 50_000
        css = prefix + "url(https://cdn.example.com/bg.png)" + ")" * 50_000 + " }\n"
        return {"static/css/deep.css": css}, [
            f"static/css/deep.css:1:{len(prefix) + 1}: error: loads 'https://cdn.example.com/bg.png' from another "
            "host (vendor the file into static/ and link it locally)"]
    if name == "site-toml-100000-nested-arrays":      # a RecursionError traceback from tomllib
        config = (SITES / "valid" / "site.toml").read_text(encoding="utf-8")
        return {"site.toml": config + "x = " + "[" * 100_000 + "\n"}, [
            f"site.toml:{config.count(chr(10)) + 1}: error: invalid TOML: arrays or inline tables nested too deeply "
            "(close the brackets: site.toml needs a level or two)"]
    raise ValueError(name)


CASES = ["list-400-levels", "list-2000-levels", "quote-2000-levels", "40000-shortcodes-and-a-stray-brace",
         "20000-open-brackets", "definition-list-of-1000-items", "10000-unclosed-tags",
         "file-name-with-quote-and-brackets",
         "yaml-nested-100000-levels", "stylesheet-50000-nested-brackets", "site-toml-100000-nested-arrays"]


@pytest.mark.parametrize("name", CASES)
def test_hostile_input_ends_with_a_located_error(name: str, make_project) -> None:
    files, errors = _case(name)
    root = make_project(files=files)
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous build\n", encoding="utf-8")
    before = tree_of(root / "site")
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--no-search"],
                          capture_output=True, text=True, timeout=TIMEOUT)
    lines = done.stderr.splitlines()
    assert done.returncode == (2 if errors[0].startswith("site.toml:") else 1), done.stderr[-2000:]
    assert [line for line in lines if ": error: " in line] == errors
    assert lines[-1].endswith(": site/ left unchanged")
    assert tree_of(root / "site") == before and not (root / "site.tmp").exists()


def test_the_limits_leave_room_for_what_the_site_uses() -> None:
    """The real pages are far inside the limits (so the limits never refuse a real page)."""
    from sitegen.diagnostics import Diagnostics
    from sitegen.load.textcheck import report_deep_nesting, report_unclosed_tags

    pages = sorted((REPO / "content").rglob("*.md"))
    assert pages
    for path in pages:
        diags = Diagnostics()
        assert report_deep_nesting(path.read_text(encoding="utf-8"), str(path), 1, diags), diags.items
        assert report_unclosed_tags(path.read_text(encoding="utf-8") * 20, str(path), 1, diags), diags.items
    # _nested_list(n) goes down to level n - 1.
    assert report_deep_nesting(_nested_list(MAX_NESTING + 1), "x.md", 1, Diagnostics())
    assert not report_deep_nesting(_nested_list(MAX_NESTING + 2), "x.md", 1, Diagnostics())


def test_static_names_that_differ_only_in_case_or_unicode_form_are_a_warning(make_project) -> None:
    """static/img/Logo.png beside static/img/logo.png (or café.svg written in NFC and in NFD) built two files
    without a word; a clone on macOS or Windows, whose file systems take the two names for one, holds only
    one of them and builds another site. A warning at the later name (--strict fails)."""
    pairs = [("img/Logo.png", "img/logo.png"), (unicodedata.normalize("NFD", "café.svg"), "café.svg")]
    root = make_project(files={f"static/{name}": name for pair in pairs for name in pair})
    done = _build(root)
    assert done.returncode == 0
    assert [line for line in done.stderr.splitlines() if "only in capitals" in line] == [
        f"static/{second}: warning: differs from static/{first} only in capitals or Unicode form: a clone on macOS "
        "or Windows holds one of the two, and builds another site (rename one of them)"
        for first, second in sorted(sorted(pair) for pair in pairs)]
    assert all((root / "site" / name).read_text(encoding="utf-8") == name for pair in pairs for name in pair)


def test_static_names_no_link_reaches_as_written_are_a_warning(make_project) -> None:
    """static/ files named 'a\nb.txt', 'x?.txt' or '#x.txt' were published without a word: no link reaches one
    as written (an address ends at '?' or '#'), a clone on Windows cannot hold most of them, and a newline
    broke the build's own message about the file in two. A warning at the file, on one line (--strict fails)."""
    bad = {"t/a\nb.txt": "\n", "t/x?.txt": "?", "t/#x.txt": "#", "t/a:b.txt": ":", "t/50%.txt": "%"}
    good = ["t/ファイル-1_a.txt"]
    root = make_project(files={f"static/{name}": "x" for name in [*bad, *good]})
    done = _build(root)
    assert done.returncode == 0, done.stderr
    warned = sorted(line for line in done.stderr.splitlines() if "which a link to it must escape" in line)
    starts = [f"static/{name}".replace("\n", "\\n") + f": warning: its name holds {char!r}, "
              for name, char in bad.items()]
    assert all(sum(line.startswith(start) for line in warned) == 1 for start in starts), done.stderr
    assert len(warned) == len(bad) and all(line.endswith("(rename it with letters, digits, '-', '_' and '.')")
                                           for line in warned)
    assert all((root / "site" / name).is_file() for name in [*bad, *good])      # published all the same
    before = tree_of(root / "site")
    strict = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--strict"],
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert strict.returncode == 1 and tree_of(root / "site") == before


def test_a_static_file_linking_outside_the_project_is_not_published(make_project) -> None:
    """A link in static/ to a file outside the project (/etc/hostname here; ~/.ssh/id_rsa in a
    hostile pull request) was copied into site/; a link to a file inside the project is fine."""
    outside = Path("/etc/hostname")
    if not outside.is_file():
        pytest.skip("no /etc/hostname to link to")
    root = make_project()
    (root / "static" / "hostname").symlink_to(outside)
    (root / "static" / "config.txt").symlink_to(root / "site.toml")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous build\n", encoding="utf-8")
    before = tree_of(root / "site")
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--no-search"],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 1, done.stderr
    assert [line for line in done.stderr.splitlines() if ": error: " in line] == [
        f"static/hostname: error: is a link to {outside}, outside the project, which the build does not publish "
        "(copy the file into static/)"]
    assert tree_of(root / "site") == before
    (root / "static" / "hostname").unlink()
    assert subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--no-search", "--quiet"],
                          timeout=TIMEOUT).returncode == 0
    assert (root / "site" / "config.txt").read_bytes() == (root / "site.toml").read_bytes()


def test_a_static_link_to_a_folder_outside_the_project_is_refused_unread(make_project, tmp_path: Path) -> None:
    """`ln -s / static/x` in a pull request: static/ refuses every file from outside the project, but
    the build first walked, and read, the whole disk (the no-change check's digest and static/'s loader:
    /proc/kcore too), until CI's time ran out. `ln -s .. static/up` (the project, which holds static/)
    gave some 65 errors about `site/up/...`, none at the link. A link to a folder in the project is still read."""
    root = make_project()
    (root / "static" / "everything").symlink_to("/", target_is_directory=True)
    (root / "static" / "up").symlink_to("..", target_is_directory=True)
    (root / "shared").mkdir()
    (root / "shared" / "note.txt").write_text("ours\n", encoding="utf-8")
    (root / "static" / "ours").symlink_to(root / "shared", target_is_directory=True)
    (root / "shared" / "back").symlink_to(root.parent, target_is_directory=True)
    before = _previous_site(root)
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert [line for line in done.stderr.splitlines() if ": error: " in line] == [
        "static/everything: error: is a link to /, outside the project, which the build does not publish "
        "(copy the file into static/)",
        f"static/ours/back: error: is a link to {root.parent.resolve()}, outside the project, which the build "
        "does not publish (copy the file into static/)",
        f"static/up: error: is a link to {root.resolve()}, the project's own folder, which the build does not "
        "publish within itself (remove the link, or link the folder in the project you mean to publish)"]
    assert tree_of(root / "site") == before
    for link in ("static/everything", "static/up", "shared/back"):
        (root / link).unlink()
    assert _build(root).returncode == 0
    assert (root / "site" / "ours" / "note.txt").read_text(encoding="utf-8") == "ours\n"
    published = tree_of(root / "site")
    shutil.move(root / "static", root / "assets")         # static/ itself a link to the project, or to /
    for target, error in ((root, f"is a link to {root.resolve()}, the project's own folder, which the build does "
                                 "not publish within itself (remove the link, or link the folder in the project "
                                 "you mean to publish)"),
                          (Path("/"), "is a link to /, outside the project, which the build does not publish "
                                      "(make static/ a folder, and copy the files into it)")):
        (root / "static").symlink_to(target, target_is_directory=True)
        done = _build(root)
        assert (done.returncode, [line for line in done.stderr.splitlines() if ": error: " in line]) == (
            1, [f"static: error: {error}"])
        assert tree_of(root / "site") == published
        (root / "static").unlink()


# Where a named pipe waits for a reader: each file the build would open and wait on for ever.
PIPES = {
    "content/en/pipe.md": "content/en/pipe.md: warning: is a named pipe, not a regular file; ignored "
                          "(replace it with a Markdown file, or remove it)",
    "templates/pipe.html": "templates/pipe.html: error: is a named pipe, not a regular file "
                           "(remove it, or replace it with a template)",
    "charts/pipe.py": "charts/pipe.py: error: is a named pipe, not a regular file "
                      "(remove it, or replace it with a chart definition)",
    # Not published, and said so: a stylesheet the site would lack (--strict fails: test_strict_warnings.py).
    "static/pipe.css": "static/pipe.css: warning: is a named pipe, not a regular file; not published "
                       "(replace it with the file, or remove it)",
    "site.toml": "site.toml: error: is a named pipe, not a regular file (remove it, or replace it with the file)",
    # In the place of a file the build reads by name: it waited for ever (a catalogue, a chart
    # table), or built as if the file were left out (the glossary, published empty with exit 0).
    "locales/en/LC_MESSAGES/messages.po": "locales/en/LC_MESSAGES/messages.po: error: is a named pipe, "
                                          "not a regular file (remove it, or replace it with the file)",
    "data/datasets/commitments.csv": "data/datasets/commitments.csv: error: is a named pipe, not a regular file "
                                     "(remove it, or replace it with the file)",
    "data/glossary.yaml": "data/glossary.yaml: error: is a named pipe, not a regular file "
                          "(remove it, or replace it with the file)",
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("rel", sorted(PIPES))
def test_a_named_pipe_among_the_inputs_is_reported_not_waited_on(rel: str, make_project) -> None:
    """An editor's `mkfifo` (or a stray socket) in the project made the build, and the next
    no-change check, wait for a writer for ever."""
    root = make_project()
    (root / rel).unlink(missing_ok=True)
    os.mkfifo(root / rel)
    before = _previous_site(root)
    for _ in range(2):          # the second run goes through the no-change check first
        done = _build(root)
        reported = [line for line in done.stderr.splitlines() if line.startswith(rel)]
        assert reported == ([PIPES[rel]] if PIPES[rel] else []), done.stderr[-2000:]
        if PIPES[rel] and ": error: " in PIPES[rel]:
            assert done.returncode == (2 if rel == "site.toml" else 1) and tree_of(root / "site") == before
        else:
            assert done.returncode == 0, done.stderr[-2000:]
            assert Path(rel).name not in {Path(p).name for p in tree_of(root / "site")}


@pytest.mark.parametrize("kind", ["folder", "socket"])
def test_a_site_toml_that_is_not_a_file_says_what_it_is(kind: str, make_project) -> None:
    """A folder at site.toml was a traceback (the no-change check opened it), a socket 'No such device or
    address' with exit 3, a named pipe (above) 'no site configuration'."""
    root = make_project()
    (root / "site.toml").unlink()
    if kind == "folder":
        (root / "site.toml").mkdir()
    else:
        listening = socket.socket(socket.AF_UNIX)
        listening.bind(str(root / "site.toml"))
    before = _previous_site(root)
    done = _build(root)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"site.toml: error: is a {kind}, not a {'' if kind == 'folder' else 'regular '}file "
        "(remove it, or replace it with the file)", "1 error: site/ left unchanged"]
    assert tree_of(root / "site") == before


# A link that leads round to itself, where a page (a warning) and a data file (an error) are read.
LOOPS = {"content/en/deal.md": "warning: is a link to deal.md, which leads round to itself, never to a file; ignored "
                               "(replace it with a Markdown file, or remove it)",
         "data/glossary.yaml": "error: is a link to glossary.yaml, which leads round to itself, never to a file "
                               "(restore the file it links to, or put the file itself here)"}


@pytest.mark.parametrize("rel", sorted(LOOPS))
def test_a_link_round_to_itself_is_named_so(rel: str, make_project) -> None:
    """`ln -s deal.md deal.md` (a link made in the wrong folder): 'not a regular file', or 'a link to
    deal.md, where there is no file', of a name that is there."""
    root = make_project()
    (root / rel).unlink()
    (root / rel).symlink_to(Path(rel).name)
    done = _build(root)
    assert [line for line in done.stderr.splitlines() if line.startswith(rel)] == [f"{rel}: {LOOPS[rel]}"]
    assert done.returncode == (1 if LOOPS[rel].startswith("error") else 0)


# Every data file and catalogue the fixture has, each a file the build reads.
READ_FILES = sorted(p.relative_to(SITES / "valid").as_posix() for p in (SITES / "valid" / "data").rglob("*")
                    if p.is_file()) + sorted(p.relative_to(REPO).as_posix() for p in (REPO / "locales").rglob("*.po"))


@pytest.mark.parametrize("rel", READ_FILES)
def test_a_link_to_nothing_in_the_place_of_a_read_file_is_an_error_at_it(rel: str, make_project) -> None:
    """A file kept elsewhere and linked in, moved away since: the glossary was published empty, a
    catalogue or a facts file read as if it had been left out, a chart table stopped the build with
    'No such file or directory' and exit 3."""
    root = make_project()
    (root / rel).unlink()
    (root / rel).symlink_to(root / "moved-away" / Path(rel).name)
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous build\n", encoding="utf-8")
    before = tree_of(root / "site")
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--no-search"],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 1, done.stderr[-2000:]
    assert (f"{rel}: error: is a link to {root / 'moved-away' / Path(rel).name}, where there is no file "
            "(restore the file it links to, or put the file itself here)\n") in done.stderr, done.stderr[-2000:]
    assert tree_of(root / "site") == before


@pytest.mark.parametrize(("stored", "how"), [
    (unicodedata.normalize("NFD", "グラフ.svg"),
     "in another Unicode form (macOS may save a name's dakuten and accents as separate characters)"),
    ("Graph.svg", "in other capitals")])
def test_a_link_to_a_file_named_otherwise_says_which_file(stored: str, how: str, make_project) -> None:
    """An image saved by macOS with its name decomposed (グ as ク + ゛), linked as typed (composed), or in
    other capitals: a server sees two names, and the editor, who sees the file, was told there is none."""
    linked = unicodedata.normalize("NFC", stored).lower()
    assert linked != stored
    root = make_project(files={f"static/img/{stored}": '<svg xmlns="http://www.w3.org/2000/svg"/>\n'})
    page = root / "content" / "en" / "deal.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + f"\n![chart](/img/{linked})\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--no-search", "check"],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 1
    line = text.count("\n") + 2
    assert [line for line in done.stderr.splitlines() if ": error: " in line] == [
        f"content/en/deal.md:{line}:{len('![chart](') + 1}: error: link '/img/{linked}' in "
        "site/en/deal/index.html leads nowhere "
        f"(static/img/{stored} is that name {how}: rename the file or fix the link so that they match exactly)"]


# A file of each input folder, named in Shift_JIS, as a zip made on Japanese Windows and unpacked here leaves it.
SHIFT_JIS_NAMES = {"content": "content/en/グラフ.md", "data": "data/facts/グラフ.yaml",
                   "templates": "templates/グラフ.html", "locales": "locales/グラフ.po",
                   "static": "static/img/グラフ.png", "charts": "charts/グラフ.py"}


@pytest.mark.parametrize("folder", INPUT_DIRS)
def test_a_file_name_that_is_not_utf8_is_an_error_at_it(folder: str, make_project) -> None:
    """The no-change check, and past it the readers of data/, templates/ and charts/ and the feeds,
    stopped with a UnicodeEncodeError traceback; static/ published the name as it was."""
    rel = SHIFT_JIS_NAMES[folder]
    root = make_project()
    raw = os.fsencode(str(root)) + b"/" + rel.encode("cp932")
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(raw, "wb") as file:
            file.write(b"x\n")
    except OSError:
        pytest.skip("this file system takes only UTF-8 names")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous build\n", encoding="utf-8")
    before = tree_of(root / "site")
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 1, done.stderr[-2000:]
    shown = rel.encode("cp932").decode("utf-8", "backslashreplace")
    assert [line for line in done.stderr.splitlines() if ": error: " in line] == [
        f"{shown}: error: file name is not UTF-8 (rename it: read as Shift_JIS (a zip from Japanese Windows), "
        f"it is '{Path(rel).name}')"]
    assert tree_of(root / "site") == before


def test_a_static_file_where_the_build_makes_one_is_an_error_at_it(make_project) -> None:
    """static/robots.txt, static/_headers, a feed, the sitemap, the chooser, the search index's files…:
    the build's own file took their place without a word. (A page in the place of a static file is
    reported at the page: tests/sites/invalid/slug-generated-page.)"""
    from sitegen.diagnostics import Diagnostics
    from sitegen.load.static import static_files
    from sitegen.pipeline import build

    root = make_project()
    made = build(root, write=False)
    pages = re.compile(rf"({'|'.join(made.site.config.languages)})/(.+/)?index\.html")
    own = set(static_files(root, Diagnostics()))
    taken = sorted(path for path in made.tree if path not in own and not pages.fullmatch(path))
    assert {"robots.txt", "_headers", "sitemap.xml", "index.html", "404.html"} <= set(taken)
    for path in taken:
        (root / "static" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "static" / path).write_bytes(b"ours\n")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous build\n", encoding="utf-8")
    before = tree_of(root / "site")
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 1
    assert [line for line in done.stderr.splitlines() if ": error: " in line] == [
        f"static/{path}: error: is published as {path}, which the build makes itself "
        "(remove it, or give it another name: the build's own file takes its place)" for path in taken]
    assert tree_of(root / "site") == before


@pytest.mark.parametrize("folder", INPUT_DIRS)
def test_a_file_in_the_place_of_an_input_folder_is_named(folder: str, make_project) -> None:
    """A file saved, or left by a merge, under an input folder's name: data/ gave 1,144 'unknown fact'
    and 'unknown source' errors, static/ 'no static folder' and a missing stylesheet, none saying why."""
    root = make_project()
    shutil.rmtree(root / folder)
    (root / folder).write_text("not a folder\n", encoding="utf-8")
    before = _previous_site(root)
    done = _build(root)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"{folder}: error: is a file, where the build reads the folder {folder}/ "
                                        f"(move it away, then restore the folder: git checkout -- {folder})",
                                        "1 error: site/ left unchanged"]
    assert tree_of(root / "site") == before
