"""The build as CI machines and editors' shells run it: another umask, a locale that cannot show
Japanese, a checkout that converts line ends. The same input must give the same site, readable
by the web server, and the build must say what it did, not print a traceback."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen import cli

from .conftest import REPO, assemble, tree_of

BUILD = [sys.executable, str(REPO / "build.py"), "--no-cache", "--no-search"]


def _build(root: Path, umask: str = "022", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", "-c", f'umask {umask} && exec "$@"', "sh", *BUILD, "--root", str(root)],
                          capture_output=True, timeout=300, env=env)


def _modes(folder: Path) -> dict[str, int]:
    """Every file and folder under `folder` (itself as '.') → its permission bits."""
    return {path.relative_to(folder).as_posix(): stat.S_IMODE(path.lstat().st_mode)
            for path in [folder, *sorted(folder.rglob("*"))]}


def test_the_site_is_readable_by_everyone_whatever_the_umask(make_project) -> None:
    """A builder's umask 077 made every published file 0600 and folder 0700: a web server's user
    (site/ linked to its folder) got 403 for the whole site. An older site left so is mended too:
    its unchanged files were hard-linked into the new site with their modes."""
    root = make_project()
    site = root / "site"
    built = {}
    for umask in ("022", "077"):
        assert _build(root, umask).returncode == 0
        built[umask] = tree_of(site), _modes(site)
        shutil.rmtree(site)
    assert built["077"] == built["022"]
    files, modes = built["022"]
    assert all(mode & 0o444 == 0o444 for mode in modes.values())
    assert all(mode & 0o111 == 0o111 for rel, mode in modes.items() if rel not in files)     # folders

    assert _build(root, "022").returncode == 0
    for path in [site, *site.rglob("*")]:     # as a build under umask 077 without the fix left it
        path.chmod(0o700 if path.is_dir() else 0o600)
    assert _build(root, "022").returncode == 0
    assert (tree_of(site), _modes(site)) == built["022"]


def test_a_locale_that_cannot_show_the_summary_gets_it_escaped_not_a_traceback(make_project) -> None:
    """LC_ALL=C without Python's UTF-8 mode (a bare container, an old cron job): stdout is ASCII,
    and printing the summary's → raised UnicodeEncodeError after site/ was written: exit 1 and a
    traceback for a build that succeeded."""
    root = make_project()
    normal = _build(root)
    shutil.rmtree(root / "site")
    env = {name: value for name, value in os.environ.items() if not name.startswith(("LC_", "LANG", "PYTHONIO"))}
    ascii_only = _build(root, env=env | {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"})
    assert normal.returncode == 0 and (ascii_only.returncode, ascii_only.stderr) == (0, normal.stderr)
    assert b"Traceback" not in ascii_only.stderr

    def timeless(text: bytes) -> bytes:
        return re.sub(rb"in [0-9.]+ s", b"in - s", text)

    escaped = normal.stdout.decode("utf-8").encode("ascii", "backslashreplace")
    assert timeless(ascii_only.stdout) == timeless(escaped) and b"built " in escaped


def test_a_checkout_that_converts_line_ends_builds_the_same_site(tmp_path: Path) -> None:
    """Git for Windows sets core.autocrlf=true: every text file was checked out with CRLF, and the
    stylesheets, scripts and vendored files of static/ were published with them (other bytes, on
    every file, from the same commit)."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and this checkout's history")
    sites = {}
    for autocrlf in ("false", "true"):
        clone = tmp_path / f"clone-{autocrlf}"
        subprocess.run(["git", "-c", "safe.directory=*", "clone", "-q", "-c", f"core.autocrlf={autocrlf}",
                        str(REPO), str(clone)], check=True, capture_output=True, timeout=120)
        root = assemble(clone / "tests" / "sites" / "valid", tmp_path / f"project-{autocrlf}", repo=clone)
        assert _build(root).returncode == 0
        sites[autocrlf] = tree_of(root / "site")
    assert sites["true"] == sites["false"]


def test_a_reader_that_left_is_not_a_fault_of_the_machine(make_project) -> None:
    """`python build.py | head -0`, a log pipe that closed: printing the summary raised
    BrokenPipeError, reported as 'error: cannot read or write a file: Broken pipe', 'site/ left
    unchanged' and exit 3, though site/ had just been written. Now the exit of any command whose
    output's reader left (141, 128 + SIGPIPE), and nothing false said."""
    root = make_project()
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([*BUILD, "--root", str(root)], stdout=write, stderr=subprocess.PIPE, timeout=300)
    finally:
        os.close(write)
    assert done.returncode == 128 + signal.SIGPIPE
    assert b"left unchanged" not in done.stderr and b"Traceback" not in done.stderr
    written = tree_of(root / "site")
    shutil.rmtree(root / "site")
    assert _build(root).returncode == 0 and tree_of(root / "site") == written


def test_a_build_stopped_after_its_swap_says_the_new_site_is_in_place(make_project, tmp_path: Path) -> None:
    """SIGTERM (CI cancelling the job) or Ctrl-C once the new site is in place, while the previous
    one is removed (on a large site the longest step after the swap: thousands of files), said
    'site/ left unchanged' of a site/ just replaced."""
    root = make_project()
    assert _build(root).returncode == 0
    page = root / "content" / "en" / "deal.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    script = ("import os, signal, sys\nfrom sitegen import cli\nfrom sitegen.output import swap\n"
              "remove = swap._remove\n"
              "def stopped(folder, why):\n    os.kill(os.getpid(), signal.SIGTERM)\n    return remove(folder, why)\n"
              "swap._remove = stopped\n"
              f"sys.exit(cli.main(['--root', {str(root)!r}, '--no-cache', '--no-search']))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300)
    terminated = (128 + signal.SIGTERM, "terminated: site/ already holds the new site")
    assert (done.returncode, done.stderr.splitlines()[-1]) == terminated
    stopped = tree_of(root / "site")
    shutil.copytree(root, tmp_path / "copy", ignore=shutil.ignore_patterns("site", "site.old", "site.lock", ".cache"))
    assert _build(tmp_path / "copy").returncode == 0 and tree_of(tmp_path / "copy" / "site") == stopped


def test_ctrl_c_after_the_build_finished_does_not_kill_it_without_a_word(make_project) -> None:
    """Ctrl-C just after the summary, while Python exits (~0.2 s freeing the build's objects): Python
    had put SIGINT back to its default by then, and the build died of it (130 in the shell) with no
    word, its site complete. A build whose work is done ends as it would have. The signals are sent
    at that instant, not raced against a real exit: a SIGINT sent as the summary was read landed
    before cli.main returned about one run in four, and the test passed without the fix."""
    root = make_project()
    clean = _build(root)
    assert clean.returncode == 0, clean.stderr
    built = tree_of(root / "site")
    shutil.rmtree(root / "site")
    script = ("import os, runpy, signal, sys\n"
              f"sys.argv = ['build.py', '--root', {str(root)!r}, *{BUILD[2:]!r}]\n"
              f"code = runpy.run_path({BUILD[1]!r})['run']()\n"
              "for sig in (signal.SIGINT, signal.SIGTERM):    # as Python's exit leaves them, then sent\n"
              "    signal.signal(sig, signal.SIG_DFL)\n    os.kill(os.getpid(), sig)\n"
              "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert (done.returncode, done.stderr) == (0, clean.stderr)
    assert tree_of(root / "site") == built


def test_a_page_made_under_a_locale_that_is_not_utf8_has_the_titles_typed(make_project, tmp_path: Path) -> None:
    """`new x --title-ja 試験` under LC_ALL=C without UTF-8 mode: Python decoded the title byte by
    byte (surrogates), and writing a page raised UnicodeEncodeError: a traceback, and half a pair
    left (the Japanese page made, the English one not)."""
    made = {}
    for name, env in (("utf8", {}), ("ascii", {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"})):
        root = shutil.copytree(make_project(), tmp_path / name)
        base = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG", "PYTHONIO"))}
        done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "new", "energy-use",
                               "--title-ja", "エネルギー消費", "--title-en", "Café energy"], capture_output=True,
                              timeout=300, env=base | env | {"SOURCE_DATE_EPOCH": "1764547200"})
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
        made[name] = {lang: (root / "content" / lang / "energy-use.md").read_bytes() for lang in ("ja", "en")}
    assert made["ascii"] == made["utf8"] and "エネルギー消費".encode() in made["utf8"]["ja"]


# Two machines as unlike as CI and an editor's laptop can be: time zones a day apart (so a date
# computed from the clock would differ at any hour), a locale that does not exist here and the C
# one, other hash seeds (set and dict order of strings), umasks, working folders, and the project
# named by an absolute path through a link or by a relative one.
MACHINES = [
    {"TZ": "Pacific/Kiritimati", "LANG": "ja_JP.UTF-8", "LC_ALL": "ja_JP.UTF-8", "PYTHONHASHSEED": "1",
     "umask": "077", "cwd": "/", "root": "link"},
    {"TZ": "America/Adak", "LANG": "C", "LC_ALL": "C", "PYTHONHASHSEED": "4242", "umask": "022",
     "cwd": "parent", "root": "relative"},
]


def test_the_same_input_builds_the_same_site_on_unlike_machines(make_project, tmp_path: Path) -> None:
    """The promise CI rests on: the same input gives the same bytes (and modes) on any machine.
    Every file of the site, search index included, from two unlike environments."""
    root = make_project()
    (tmp_path / "link").symlink_to(root, target_is_directory=True)
    sites = []
    for machine in MACHINES:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG", "TZ"))}
        env |= {key: value for key, value in machine.items() if key.isupper()}
        where = {"link": str(tmp_path / "link"), "relative": root.name}[machine["root"]]
        cwd = {"/": "/", "parent": str(root.parent)}[machine["cwd"]]
        done = subprocess.run(["sh", "-c", f'umask {machine["umask"]} && exec "$@"', "sh", sys.executable,
                               str(REPO / "build.py"), "--no-cache", "--root", where], cwd=cwd, env=env,
                              capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr
        sites.append((tree_of(root / "site"), _modes(root / "site")))
        shutil.rmtree(root / "site")
    assert sites[0] == sites[1]
    assert any(path.startswith("search/") and path.endswith("/manifest.bin") for path in sites[0][0]), \
        "the search index was built, so it was compared too"


def test_python_that_leaves_the_scripts_folder_off_its_path_still_builds(make_project) -> None:
    """PYTHONSAFEPATH=1 (or -P, -I), a hardening some CI images set: Python no longer puts the
    script's folder on sys.path, and every build said 'sitegen is not installed: run make site'
    (which runs the same command, and fails the same way)."""
    root = make_project()
    assert _build(root).returncode == 0
    expected = tree_of(root / "site")
    for how in (["-I"], ["-P"]):
        shutil.rmtree(root / "site")
        done = subprocess.run([sys.executable, *how, *BUILD[1:], "--root", str(root)], capture_output=True,
                              timeout=300, cwd="/")
        assert done.returncode == 0, done.stderr
        assert tree_of(root / "site") == expected


# Stats site/index.html for as long as it is told, and prints how many found nothing.
_READER = """import os, sys, time
end, misses = time.monotonic() + float(sys.argv[2]), 0
print("reading", flush=True)
while time.monotonic() < end:
    try:
        os.stat(sys.argv[1])
    except FileNotFoundError:
        misses += 1
print(misses)
"""


def test_a_web_server_reading_site_never_finds_it_missing_during_a_swap(tmp_path: Path) -> None:
    """site/ linked into a web server's folder: between the swap's two renames (site/ → site.old/,
    site.tmp/ → site/) there was no site/, and a reader stat-ing a page missed it ~16 times a swap
    (1,803 misses in 110 swaps). Where the file system can exchange two names in one step, it does."""
    from sitegen.output import swap
    from sitegen.output.write import write_site

    probe = tmp_path / "probe"
    (probe / "a").mkdir(parents=True)
    (probe / "b").mkdir()
    if not swap._exchange(probe / "a", probe / "b"):
        pytest.skip("this system or file system cannot exchange two names (renameat2 RENAME_EXCHANGE)")
    site = tmp_path / "site"
    tree = {"index.html": b"home\n", **{f"p{n}/index.html": b"page\n" for n in range(50)}}
    write_site(tree, site)
    reader = subprocess.Popen([sys.executable, "-c", _READER, str(site / "index.html"), "3"],
                              stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline() == "reading\n"
    swaps = 0
    while reader.poll() is None and swaps < 200:
        tree["index.html"] = f"home {swaps}\n".encode()
        write_site(tree, site)
        swaps += 1
    assert int(reader.communicate(timeout=60)[0]) == 0 and swaps > 10
    assert tree_of(site) == tree


def test_a_working_folder_removed_under_the_shell_is_not_a_traceback(make_project, tmp_path: Path) -> None:
    """A shell left in a folder that was removed (rm -rf and a fresh clone from another terminal):
    without --root, a traceback (resolving '.'); with it, 'templates/_head_common.html:5: error:
    template error: No such file or directory' (links of the root page went through os.getcwd)."""
    root = make_project()
    assert _build(root).returncode == 0
    expected = tree_of(root / "site")
    shutil.rmtree(root / "site")
    gone = tmp_path / "gone"
    gone.mkdir()

    def from_gone(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["sh", "-c", 'cd "$1" && rmdir "$1" && shift && exec "$@"', "sh", str(gone),
                               *BUILD, *args], capture_output=True, text=True, timeout=300)

    done = from_gone()
    assert (done.returncode, done.stderr) == (2, "error: the current folder no longer exists (cd into the project "
                                                 "again, or give --root)\n")
    gone.mkdir()
    done = from_gone("--root", str(root))
    assert done.returncode == 0, done.stderr
    assert tree_of(root / "site") == expected


@pytest.fixture(scope="module")
def warning_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The valid project with a warning quoting Japanese, and the site its normal build makes (built once
    for the four ways of closing streams below, each of which builds a copy of it)."""
    page = "content/ja/deal.md"
    root = assemble(REPO / "tests" / "sites" / "valid", tmp_path_factory.mktemp("warning") / "project")
    (root / page).write_text((root / page).read_text(encoding="utf-8") + "\n本文。\n\n[^注記]: 使われない脚注。\n",
                             encoding="utf-8")
    normal = _build(root)
    assert normal.returncode == 0 and "[^注記]" in normal.stderr.decode("utf-8"), normal.stderr
    return root, tree_of(root / "site")


@pytest.mark.parametrize(("closed", "ascii_locale"), [("2>&-", False), (">&- 2>&-", False), ("<&- >&- 2>&-", False),
                                                     ("2>&-", True)])
def test_a_build_with_its_standard_streams_closed_says_by_its_exit_what_it_did(closed: str, ascii_locale: bool,
                                                                              warning_project, tmp_path: Path) -> None:
    """`python build.py 2>&-` (a cron line or a daemon that closes what it does not read): Python sets
    sys.stderr to None, so the report of a build that had just written site/ raised AttributeError,
    whose traceback had nowhere to go: exit 1 and no word, for a site built. And the first file the
    build opened took the closed number, where a child's or a Rust library's error would land. Under
    an ASCII locale, a warning quoting Japanese must not fail the stream put in its place either."""
    built, expected = warning_project
    root = shutil.copytree(built, tmp_path / "project", ignore=shutil.ignore_patterns("site", "site.lock"))
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG", "PYTHONIO"))}
    if ascii_locale:
        env |= {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    done = subprocess.run(["sh", "-c", f'exec "$@" {closed}', "sh", *BUILD, "--root", str(root)], timeout=300,
                          env=env)
    assert done.returncode == 0
    assert tree_of(root / "site") == expected
    assert (root / "site.lock").read_text(encoding="ascii").strip().isdigit()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_report_that_cannot_be_written_is_a_fault_of_the_machine(warning_project, tmp_path: Path) -> None:
    """`python build.py 2>build.log` on a full disk: the report of a site built could not be written, nor
    then the fault's line about it, and Python's own exit 1 said 'the content has errors'."""
    built, expected = warning_project
    root = shutil.copytree(built, tmp_path / "project", ignore=shutil.ignore_patterns("site", "site.lock"))
    with open("/dev/full", "w") as full:
        done = subprocess.run([*BUILD, "--root", str(root)], stdout=subprocess.DEVNULL, stderr=full, timeout=300)
    assert done.returncode == 3
    assert tree_of(root / "site") == expected


@pytest.mark.parametrize(("sig", "said"), [(signal.SIGINT, "interrupted"), (signal.SIGTERM, "terminated")])
def test_the_dev_server_stops_on_ctrl_c_or_sigterm_and_says_so(make_project, sig: int, said: str) -> None:
    """`make serve` stopped by a process manager, `kill` or `docker stop` (SIGTERM) died of the signal
    with no word, its watcher and server never closed; Ctrl-C stopped it without a word either."""
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(make_project()), "--no-cache",
                               "serve", "--port", "0"], stderr=subprocess.PIPE, text=True,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))   # `&` ignores it
    try:
        assert server.stderr.readline().startswith("serving http://")
        assert "first build: rebuilt in" in server.stderr.readline()
        server.send_signal(sig)
        assert (server.wait(timeout=60), server.stderr.read()) == (0, f"{said}: the dev server stopped\n")
    finally:
        server.kill()
        server.wait()


def test_a_source_date_epoch_set_by_the_shell_is_named_where_it_makes_every_page_future(make_project) -> None:
    """Nix shells set SOURCE_DATE_EPOCH=315532800 (1980) for every build, and the build takes it for today: every
    page was 'in the future (today is 1980-01-01)', told to write 1980 as its date, and --strict CI failed
    with nothing naming the variable."""
    root = make_project()
    day = dt.datetime.fromtimestamp(315532800, dt.UTC).date()
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    done = subprocess.run([*BUILD, "--root", str(root), "check"], env=env | {"SOURCE_DATE_EPOCH": "315532800"},
                          capture_output=True, text=True, timeout=300)
    future = [line for line in done.stderr.splitlines() if "is in the future" in line]
    assert len(future) == len(list((root / "content").rglob("*.md")))      # every page is dated after 1980
    assert all(f"(today is {day}, from SOURCE_DATE_EPOCH)" in line and line.endswith(
        "; or set SOURCE_DATE_EPOCH to the last commit's time (git log -1 --format=%ct), or unset it)")
        and f"write date: {day}" not in line and f"write updated: {day}" not in line for line in future), future
    plain = subprocess.run([*BUILD, "--root", str(root), "check"], env=env, capture_output=True, text=True, timeout=300)
    assert "SOURCE_DATE_EPOCH" not in plain.stderr


def test_a_build_in_a_folder_that_is_not_a_project_reads_and_leaves_nothing(tmp_path: Path, monkeypatch,
                                                                            capsys) -> None:
    """`python build.py` in the wrong folder (a home with a data/ folder of gigabytes, say): the no-change
    check hashed every file under data/ first (300 MB: 3.2 s, against 0.3 s), and the build left a site.lock
    there, before 'no site configuration'. Now that is the first thing it says, exit 2, the folder as it was."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "big.bin").write_bytes(b"x")
    monkeypatch.setattr(cli, "input_fingerprint", lambda root: pytest.fail("read the folder's data/"))
    for command in (["build"], ["check"], []):
        assert cli.main(["--root", str(tmp_path), *command]) == 2
        assert capsys.readouterr().err.splitlines() == [
            "site.toml: error: no site configuration (create site.toml in the project root, or give --root the "
            "project)", "1 error: site/ left unchanged"]
        assert sorted(path.name for path in tmp_path.rglob("*")) == ["big.bin", "data"]


@pytest.mark.parametrize(("command", "said"), [
    ("status", "no status printed"), ("new", "no page created"),
    ("stamp", "stamped content/en/deal.md; not stamped: content/en/glossary.md (run stamp again for those)")])
def test_sigterm_stops_every_command_as_ctrl_c_does(make_project, command: str, said: str) -> None:
    """SIGTERM (a CI job cancelled, `timeout`) killed status, stamp and new at once with no word, although each says
    what it left on Ctrl-C: a stamp stopped part-way did not say which translations it had stamped."""
    root = make_project()
    # The signal arrives as the command does its work: in status's report, new's writing, stamp's second file.
    where = {"status": "sitegen.commands.statusreport.print_status", "new": "sitegen.commands.scaffold.new_page",
             "stamp": "sitegen.commands.stamp._with_source_hash"}[command]
    module, name = where.rsplit(".", 1)
    args = {"status": [], "new": ["energy-use"], "stamp": ["content/en/deal.md", "content/en/glossary.md"]}[command]
    script = (f"import os, signal, sys, {module} as m\nfrom sitegen import cli\noriginal, calls = m.{name}, []\n"
              "def stopped(*args, **kwargs):\n    calls.append(1)\n"
              f"    if len(calls) == {2 if command == 'stamp' else 1}:\n        os.kill(os.getpid(), signal.SIGTERM)\n"
              "    return original(*args, **kwargs)\n"
              f"m.{name} = stopped\nsys.exit(cli.main({['--root', str(root), command, *args]!r}))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stderr.splitlines()[-1:]) == (128 + signal.SIGTERM, [f"terminated: {said}"]), done


@pytest.mark.parametrize(("sig", "said"), [(signal.SIGINT, "interrupted"), (signal.SIGTERM, "terminated")])
def test_the_dev_server_stops_at_once_during_its_first_build(make_project, sig: int, said: str) -> None:
    """Stopped while its first build drew the charts, the server took 8.5 s to exit: stop() waited for
    the build. The charts fixture's first build draws every chart, for many seconds on this machine.
    (A signal during the very first drawing waits for it: vl-convert holds Python's lock while its
    JavaScript runtime starts, ~1-4 s; the test signals after that one.)"""
    root = make_project("charts")
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", "0"],
                              stderr=subprocess.PIPE, text=True,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert server.stderr.readline().startswith("serving http://")
        deadline = time.monotonic() + 120
        while not list(root.glob(".cache/charts/*.json")) and time.monotonic() < deadline:
            time.sleep(0.05)        # the first chart drawn (the next ones are being drawn)
        assert server.poll() is None, "the first build ended before the test could stop it"
        sent = time.monotonic()
        server.send_signal(sig)
        code = server.wait(timeout=60)
        took = time.monotonic() - sent
        assert (code, server.stderr.read()) == (0, f"{said}: the dev server stopped\n")
        assert took < 2, f"stopped {took:.1f} s after the signal"
    finally:
        server.kill()
        server.wait()
    assert not (root / "site").exists()


def test_serve_no_cache_neither_reads_nor_writes_the_cache(tmp_path: Path) -> None:
    """`serve --no-cache` ('without reading or writing .cache/', says --help) drew its charts from
    .cache/charts/ and wrote them there: someone ruling out a stale cache was shown the cache."""
    from .test_cache_entries import _one_chart_site

    root = _one_chart_site(tmp_path / "p")
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "--no-cache", "serve",
                               "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr.readline().startswith("serving http://")
        assert "first build: rebuilt in" in server.stderr.readline()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    finally:
        server.kill()
        server.wait()
    assert (root / "content" / "ja" / "index.md").read_text(encoding="utf-8").count("{{ chart ") == 1
    assert not (root / ".cache").exists()
