"""Faults of the machine, not the content: a full disk, a file where the build keeps a folder, a
read-only project. Each is a plain message naming the path, a non-zero exit, no traceback, and
the previous site/ exactly as it was."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, tree_of

BUILD = [sys.executable, str(REPO / "build.py"), "--no-search"]


def _build(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*BUILD, "--root", str(root), *args], capture_output=True, text=True, timeout=300)


def _previous_site(root: Path) -> dict[str, bytes]:
    (root / "site").mkdir(exist_ok=True)
    (root / "site" / "index.html").write_text("the previous build\n", encoding="utf-8")
    return tree_of(root / "site")


@pytest.mark.parametrize("name", ["site.tmp", "site.old"])
def test_a_file_where_the_build_keeps_a_folder(make_project, name: str) -> None:
    root = make_project()
    before = _previous_site(root)
    (root / name).write_text("not ours\n", encoding="utf-8")
    done = _build(root)
    assert done.returncode == 3
    assert done.stderr == (f"{name}: error: is a file, where the build keeps a folder (remove or rename {name}, "
                           "then build again)\nsite/ left unchanged\n")
    assert tree_of(root / "site") == before and (root / name).read_text() == "not ours\n"


@pytest.mark.parametrize("kind", ["named pipe", "socket"])
def test_a_lock_file_that_is_not_a_file_is_named_with_what_it_is(make_project, kind: str) -> None:
    """site.lock a named pipe: 'site.lock: error: cannot lock it: Invalid argument', no hint; a socket:
    'No such device or address'."""
    root = make_project()
    before = _previous_site(root)
    if kind == "named pipe":
        os.mkfifo(root / "site.lock")
    else:
        listening = socket.socket(socket.AF_UNIX)
        listening.bind(str(root / "site.lock"))
    done = _build(root)
    assert done.returncode == 3
    assert done.stderr == (f"site.lock: error: is a {kind}, not a regular file (remove it: each build makes "
                           "site.lock again)\nsite/ left unchanged\n")
    assert tree_of(root / "site") == before


def test_an_unremovable_leftover_is_a_plain_error(make_project) -> None:
    if shutil.which("chattr") is None or os.geteuid() != 0:
        pytest.skip("needs chattr and root to make a file immutable")
    root = make_project()
    before = _previous_site(root)
    stuck = root / "site.old" / "ja" / "index.html"
    stuck.parent.mkdir(parents=True)
    stuck.write_text("old\n", encoding="utf-8")
    if subprocess.run(["chattr", "+i", str(stuck)], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable files")
    try:
        done = _build(root)
    finally:
        subprocess.run(["chattr", "-i", str(stuck)], check=True)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert done.stderr.startswith("site.old: error: is the previous site, left by an earlier build, "
                                  "and cannot be removed (site.old/ja/index.html: Operation not permitted)")
    assert tree_of(root / "site") == before


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 12 MB file system (tmpfs), if this machine lets the tests mount one (root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk(make_project, tiny_disk: Path) -> None:
    root = tiny_disk / "project"
    shutil.copytree(make_project(), root)
    before = _previous_site(root)
    filler = tiny_disk / "filler"
    free = shutil.disk_usage(tiny_disk).free
    filler.write_bytes(b"\0" * max(0, free - 200_000))     # a little room: the build starts, then runs out
    done = _build(root, "--no-cache")
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert ": error: No space left on device (free some disk space, or files where df -i shows none left, then build " \
           "again)\n" in done.stderr
    assert done.stderr.endswith("site/ left unchanged\n")
    assert tree_of(root / "site") == before and not (root / "site.tmp").exists()


def test_a_disk_out_of_files_with_space_left_says_where_to_look(make_project, tiny_disk: Path) -> None:
    """Out of inodes (many small files: a cache, node_modules), a disk says 'No space left on device'
    with megabytes free, and the hint was to free disk space, which df -h showed there was."""
    root = tiny_disk / "project"
    shutil.copytree(make_project(), root)
    before = _previous_site(root)
    disk = os.statvfs(tiny_disk)
    used = disk.f_files - disk.f_ffree
    # As many files as there are now, and a few: fewer than the new site needs (it links its unchanged files).
    assert subprocess.run(["mount", "-o", f"remount,nr_inodes={used + 10}", str(tiny_disk)]).returncode == 0
    done = _build(root, "--no-cache")
    assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr
    assert shutil.disk_usage(tiny_disk).free > 1_000_000          # the space was there all along
    assert ": error: No space left on device (" in done.stderr and "df -i" in done.stderr
    assert done.stderr.endswith("site/ left unchanged\n")
    assert tree_of(root / "site") == before and not (root / "site.tmp").exists()


def test_a_file_size_limit_is_named_with_its_ulimit(make_project) -> None:
    """ulimit -f (a CI runner's, a shared host's): the first file over it was 'error: File too large',
    no hint: nothing said that a limit of the shell, not the disk, was the matter."""
    import resource

    root = make_project()
    before = _previous_site(root)
    # One byte less than the smallest file over 4 KB that the build copies into the site as it is.
    limit = min(size for path in (root / "static").rglob("*") if (size := path.stat().st_size) > 4096) - 1
    done = subprocess.run([*BUILD, "--root", str(root), "--no-cache"], capture_output=True, text=True, timeout=300,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
    assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr
    fault = next(line for line in done.stderr.splitlines() if ": error: " in line)
    assert fault.startswith("site.tmp/") and "File too large" in fault and "(ulimit -f unlimited)" in fault
    assert done.stderr.endswith("site/ left unchanged\n")
    assert tree_of(root / "site") == before and not (root / "site.tmp").exists()


@pytest.mark.parametrize("leads_to", ["a file", "nothing yet"])
def test_a_lock_file_that_is_a_link_is_refused_and_what_it_leads_to_left_alone(make_project, tmp_path: Path,
                                                                                 leads_to: str) -> None:
    """site.lock as a link (committed to a repository, or planted in a shared checkout): the build opened
    it following the link and wrote its process id over what it led to (~/.bashrc, as anyone running the
    build), or made the file a dangling link named."""
    root = make_project()
    before = _previous_site(root)
    target = tmp_path / "precious.txt"
    if leads_to == "a file":
        target.write_text("precious data\n", encoding="utf-8")
    (root / "site.lock").symlink_to(target)
    done = _build(root)
    assert done.returncode == 3, done.stderr
    assert done.stderr.splitlines() == [f"site.lock: error: is a link to {target} (remove the link: each build makes "
                                        "site.lock itself)", "site/ left unchanged"]
    assert (target.read_text(encoding="utf-8") == "precious data\n") if leads_to == "a file" else not target.exists()
    assert tree_of(root / "site") == before


def test_a_read_only_project_folder(make_project, tiny_disk: Path) -> None:
    """The project on a file system mounted read-only (root may write anywhere else)."""
    root = tiny_disk / "project"
    shutil.copytree(make_project(), root)
    before = _previous_site(root)
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    try:
        done = _build(root, "--no-cache")
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(tiny_disk)], check=True)
    assert done.returncode == 3, done.stderr
    assert done.stderr == ("site.lock: error: Read-only file system (the file system is mounted read-only: "
                           "build in a writable copy)\nsite/ left unchanged\n")
    assert tree_of(root / "site") == before


def test_site_as_a_mount_point_is_a_plain_error_and_leaves_no_staged_tree(make_project) -> None:
    """site/ a mount of its own (`docker run -v out:/app/site`, a tmpfs a web server reads): the
    swap cannot move it aside (EBUSY). The hint said to check permissions, and site.tmp/ stayed."""
    root = make_project()
    (root / "site").mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(root / "site")],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a file system here (needs root)")
    try:
        before = _previous_site(root)
        done = _build(root, "--no-cache")
        assert tree_of(root / "site") == before
    finally:
        subprocess.run(["umount", "-l", str(root / "site")], check=False)
    assert done.returncode == 3
    assert done.stderr == (f"site: error: cannot move the previous site aside: {os.strerror(errno.EBUSY)} (site/ is "
                           "a mount point, which cannot be moved: mount the folder that holds it, or link site to a "
                           "folder in the mount)\nsite/ left unchanged\n")
    assert not (root / "site.tmp").exists()


def _immutable(*paths: Path) -> None:
    if shutil.which("chattr") is None or os.geteuid() != 0:
        pytest.skip("needs chattr and root to make a file immutable")
    if subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable files")


def _edit(root: Path) -> None:
    page = root / "content" / "en" / "deal.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")


def test_a_cache_folder_that_cannot_be_written_is_a_warning(make_project) -> None:
    root = make_project()
    assert _build(root).returncode == 0
    folders = [root / ".cache", *sorted(p for p in (root / ".cache").rglob("*") if p.is_dir())]
    _immutable(*folders)
    _edit(root)
    try:
        done = _build(root)
    finally:
        subprocess.run(["chattr", "-i", *map(str, folders)], check=True)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "warning: cannot write the cache " in done.stderr and "the build goes on without it" in done.stderr
    assert "A new paragraph." in (root / "site" / "en" / "deal" / "index.html").read_text(encoding="utf-8")


def test_a_cache_folder_that_is_a_file_is_one_warning_named_from_the_project(make_project) -> None:
    """`.cache` a file (a stray `touch .cache`): each cache's warning named it by its absolute path,
    once per folder under it; the build goes on, as the cache is only a speed-up."""
    root = make_project()
    (root / ".cache").write_text("not a folder\n", encoding="utf-8")
    done = _build(root)
    assert done.returncode == 0, done.stderr
    warned = [line for line in done.stderr.splitlines() if "cannot write the cache" in line]
    assert len(warned) == 1 and warned[0].startswith(".cache/") and str(root) not in done.stderr, done.stderr
    assert ": warning: " in warned[0] and "--no-cache" in warned[0]
    assert (root / "site" / "index.html").is_file() and (root / ".cache").read_text() == "not a folder\n"


def test_a_fault_on_a_file_opened_by_descriptor_is_a_line_not_a_traceback(tmp_path: Path) -> None:
    """An OSError raised on a descriptor carries the number as its file name (open(fd): a folder where
    site.toml was did it), which the fault's message took for a path: a TypeError, a traceback."""
    from sitegen.output.faults import fault_message as _fault_message

    fault = OSError(errno.EISDIR, os.strerror(errno.EISDIR), 4)
    assert _fault_message(fault, tmp_path) == f"error: cannot read or write a file: {os.strerror(errno.EISDIR)} " \
                                              "(a folder stands where a file is needed: move the folder away)"


def test_a_page_removed_while_the_build_reads_the_project_says_so(make_project, monkeypatch, capsys) -> None:
    """A git checkout of another branch during a build: a page listed, then gone before it was read, was
    'content/en/deal.md: error: No such file or directory', exit 3, with nothing to say what to do."""
    import sitegen.pipeline
    from sitegen.cli import main

    root = make_project()
    before = _previous_site(root)
    listed = sitegen.pipeline.find_sources

    def then_removed(*args, **kwargs):
        found = listed(*args, **kwargs)
        (root / "content" / "en" / "deal.md").unlink()
        return found

    monkeypatch.setattr(sitegen.pipeline, "find_sources", then_removed)
    assert main(["--root", str(root), "--no-cache"]) == 3
    assert capsys.readouterr().err == (
        f"content/en/deal.md: error: {os.strerror(errno.ENOENT)} (it was moved or removed while being read "
        "(a git checkout meanwhile?): let that finish, then build again)\nsite/ left unchanged\n")
    assert tree_of(root / "site") == before


def test_a_previous_site_that_cannot_be_removed(make_project) -> None:
    """The new site goes in, and the old one stays beside it as site.old/ with a warning; the next
    build stops with a plain message (site/ kept) until it can be removed, then removes it."""
    root = make_project()
    assert _build(root).returncode == 0
    stuck = root / "site" / "ja" / "index.html"
    _immutable(stuck)
    try:
        _edit(root)
        done = _build(root)
        assert done.returncode == 0, done.stderr
        assert done.stderr.endswith("warning: site.old/: the previous site could not be removed; the next build "
                                    "needs the name (chmod -R u+w site.old && rm -rf site.old)\n"), done.stderr
        new = tree_of(root / "site")
        assert b"A new paragraph." in new["en/deal/index.html"]
        _edit(root)
        blocked = _build(root)
        assert blocked.returncode == 3 and "Traceback" not in blocked.stderr
        assert blocked.stderr.startswith("site.old: error: is the previous site, left by an earlier build, and "
                                         "cannot be removed (site.old/ja/index.html: Operation not permitted)")
        assert blocked.stderr.endswith("\nsite/ left unchanged\n") and tree_of(root / "site") == new
    finally:
        for path in (stuck, root / "site.old" / "ja" / "index.html"):      # wherever it is now
            subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)
    done = _build(root)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("site.old/: removed the previous site left by an earlier build\n")
    assert not (root / "site.old").exists()


def test_a_read_only_site_is_replaced_and_removed(make_project) -> None:
    """`chmod -R a-w site` (or a site copied from a read-only place): the new site went in, the old one
    could not be removed from its read-only folders (a warning), and the next build stopped on it
    until the editor ran the chmod it gave. The build's own tree is made writable and removed."""
    as_editor = _as_editor()
    root = make_project()
    assert _build(root).returncode == 0
    for path in [root / "site", *(root / "site").rglob("*")]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    for _ in range(2):      # the second build: after it, as the warning had it, the next one stopped
        _edit(root)
        done = subprocess.run([*as_editor, *BUILD, "--root", str(root)], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and "site.old" not in done.stderr, done.stderr
        assert sorted(path.name for path in root.glob("site*")) == ["site", "site.lock", "site.toml"]
    written = tree_of(root / "site")
    shutil.rmtree(root / "site")
    assert _build(root).returncode == 0 and tree_of(root / "site") == written


def test_site_as_a_link_publishes_into_the_folder_it_links_to(make_project, tmp_path: Path) -> None:
    """site/ a link to a web server's folder: each build swaps the new site in there and keeps the
    link (the swap replaced the link by a folder, and the server's folder was never updated again)."""
    root = make_project()
    served = tmp_path / "www" / "html"
    served.mkdir(parents=True)
    (served / "index.html").write_text("the previous build\n", encoding="utf-8")
    (root / "site").symlink_to(served, target_is_directory=True)
    plain = tmp_path / "plain"

    def as_a_folder() -> dict[str, bytes]:
        """The same project with site/ a folder of its own, built from scratch."""
        shutil.rmtree(plain, ignore_errors=True)
        shutil.copytree(root, plain, symlinks=True, ignore=shutil.ignore_patterns("site", ".cache", "site.lock"))
        assert _build(plain, "--no-cache").returncode == 0
        return tree_of(plain / "site")

    for _ in range(2):      # the first build, then one after an edit
        done = _build(root)
        assert done.returncode == 0, done.stderr
        assert (root / "site").is_symlink() and (root / "site").resolve() == served
        assert tree_of(served) == as_a_folder()
        # The lock (shared by every project linked here), no html.tmp/ or html.old/ left.
        assert sorted(p.name for p in served.parent.iterdir()) == ["html", "html.lock"]
        _edit(root)
    published = tree_of(served)
    (root / "content" / "en" / "deal.md").write_text("no front matter\n", encoding="utf-8")
    failed = _build(root)
    assert failed.returncode == 1 and failed.stderr.endswith(": site/ left unchanged\n"), failed.stderr
    assert tree_of(served) == published and (root / "site").is_symlink()


def test_site_as_a_link_to_a_file_is_refused_and_the_file_left_alone(make_project, tmp_path: Path) -> None:
    """site -> a file (a slip of ln -s): the build said to 'remove or rename' the editor's file, and
    left a lock file beside it."""
    root, notes = make_project(), tmp_path / "notes.txt"
    notes.write_text("mine\n", encoding="utf-8")
    (root / "site").symlink_to(notes)
    done = _build(root)
    assert (done.returncode, done.stderr) == (3, f"site: error: is a link to {notes}, which is not a folder (link "
                                                 "site to a folder)\nsite/ left unchanged\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "project"]
    assert notes.read_text(encoding="utf-8") == "mine\n"


def test_site_as_a_link_to_a_folder_not_made_yet_is_made_by_the_first_build(make_project, tmp_path: Path) -> None:
    """site -> /srv/www/html before /srv/www exists: staging made the folders, but the lock (beside
    the folder published, since two projects may share it) was opened first, and failed: exit 3."""
    root = make_project()
    served = tmp_path / "srv" / "www" / "html"
    (root / "site").symlink_to(served, target_is_directory=True)
    done = _build(root, "--no-cache")
    assert done.returncode == 0, done.stderr
    plain = shutil.copytree(root, tmp_path / "plain", symlinks=True, ignore=shutil.ignore_patterns("site", ".cache"))
    assert _build(plain, "--no-cache").returncode == 0
    assert tree_of(served) == tree_of(plain / "site") and (root / "site").is_symlink()


@pytest.mark.parametrize("to", ["..", ".", "static"])
def test_site_as_a_link_to_the_project_a_folder_in_it_or_holding_it_is_refused(to: str, make_project) -> None:
    """Swapping the new site in there would move that folder (the project, static/) aside, then remove it."""
    root = make_project()
    (root / "site").symlink_to(to, target_is_directory=True)
    real = (root / to).resolve()
    where = "a folder that holds the project" if root.resolve().is_relative_to(real) else "inside the project"
    inputs = {name: tree_of(root / name) for name in ("content", "static")}
    done = _build(root)
    assert done.returncode == 3
    assert done.stderr == (f"site: error: is a link to {real}, {where} (link site to a folder of its own outside "
                           "the project, or remove the link)\nsite/ left unchanged\n")
    assert (root / "site").is_symlink() and {name: tree_of(root / name) for name in inputs} == inputs


def test_a_project_in_a_folder_whose_name_is_not_utf8(make_project, tmp_path: Path) -> None:
    """A site unpacked from a zip made on Japanese Windows sits in a folder named in Shift_JIS: the
    no-change check stopped every plain build with a UnicodeEncodeError traceback (it hashed the path)."""
    plain = make_project()
    folder = tmp_path / os.fsdecode("ウェブサイト".encode("cp932"))
    try:
        folder.mkdir()
    except OSError:
        pytest.skip("this file system takes only UTF-8 names")
    root = folder / "project"
    shutil.copytree(plain, root)
    for step in ("build", "no change", "edited"):
        if step == "edited":
            _edit(root)
            _edit(plain)
        done = _full_build(root)        # only a full build (search included) goes through the no-change check
        assert done.returncode == 0 and "Traceback" not in done.stderr, (step, done.stderr)
        assert _full_build(plain, "--no-cache").returncode == 0
        assert tree_of(root / "site") == tree_of(plain / "site"), step


def _full_build(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_lock_file_that_cannot_be_locked_is_named(make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system without locks (NFS's ENOLCK): the fault said 'error: cannot read or write a file:
    ...', naming no file."""
    from sitegen.output import sitelock
    from sitegen.output.faults import fault_message as _fault_message

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    root = make_project()
    monkeypatch.setattr(sitelock.fcntl, "flock", no_locks)
    with pytest.raises(OSError) as raised, sitelock.site_lock(root / "site", wait=True):
        pass
    fault = _fault_message(raised.value, root, "build")
    assert fault == f"site.lock: error: cannot lock it: {os.strerror(errno.ENOLCK)}"


def test_too_few_open_files_for_the_chart_drawer(make_project) -> None:
    """`ulimit -n 20` (a service's or a container's limit): vl-convert's runtime could not open its
    files, and each worker printed a Rust panic, then the build a traceback (an exception that cannot
    be pickled). Now one line with the fix, exit 3, site/ as it was; where only the soft limit is low
    (ulimit -Sn), the build raises it and draws."""
    root = make_project("charts")
    assert _build(root).returncode == 0          # draws the charts, and keeps them in .cache/ for the last build
    before = tree_of(root / "site")
    page = root / "content" / "en" / "charts.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")

    def limited(limit: str) -> subprocess.CompletedProcess:
        return subprocess.run(["sh", "-c", f'ulimit {limit} && exec "$@"', "sh", *BUILD, "--root", str(root),
                               "--no-cache"], capture_output=True, text=True, timeout=300)

    done = limited("-n 20")
    assert done.returncode == 3 and "panicked" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    first, *rest = done.stderr.splitlines()
    assert first.startswith(f"error: cannot read or write a file: {os.strerror(errno.EMFILE)}: drawing the charts "
                            "needs "), done.stderr
    assert first.endswith(" ulimit -n allows 20 (too many open files: raise the limit (ulimit -n), then build again)")
    assert rest == ["site/ left unchanged"] and tree_of(root / "site") == before

    assert limited("-Sn 20").returncode == 0       # draws them again, under the limit (--no-cache)
    drawn = tree_of(root / "site")
    shutil.rmtree(root / "site")
    # the same site as a build without a limit, whose drawings the first build made and cached
    assert _build(root).returncode == 0 and tree_of(root / "site") == drawn != before


def _as_editor() -> list[str]:
    """The command that runs one as an editor would: root without the capabilities that override permissions."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as two users")
    as_editor = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all"]
    if subprocess.run([*as_editor, "true"], capture_output=True).returncode != 0:
        pytest.skip("cannot drop capabilities here (setpriv needs CAP_SETPCAP)")
    return as_editor


def test_a_project_folder_the_build_cannot_write_in_is_named(make_project) -> None:
    """A project folder the editor may not write in (a checkout made by root, a shared folder):
    'site.tmp: error: Permission denied (check who owns it and its permissions (ls -ld) ...)' named a
    folder that does not exist, and `ls -ld site.tmp` said so. The folder at fault is the one it goes in."""
    as_editor = _as_editor()
    root = make_project()
    assert _build(root).returncode == 0
    before = tree_of(root / "site")
    _edit(root)
    for made in ("site.tmp", "site.lock"):      # the lock there (made by a build before), then not
        if made == "site.lock":
            (root / "site.lock").unlink()
        root.chmod(0o555)
        try:
            done = subprocess.run([*as_editor, *BUILD, "--root", str(root)], capture_output=True, text=True,
                                  timeout=300)
        finally:
            root.chmod(0o755)
        assert (done.returncode, done.stderr) == (3, f"{made}: error: cannot be created: Permission denied (the "
                                                  "project folder is not writable: check who owns it and its "
                                                  "permissions (ls -ld .), then build again)\nsite/ left unchanged\n")
        assert tree_of(root / "site") == before and not (root / "site.tmp").exists()


def test_build_files_of_another_user_are_named_with_the_fix(make_project) -> None:
    """A build run as root (sudo make site), then the editor's own: site.lock could not be opened
    ('site.lock: error: Permission denied'); with the lock given back, site/ was moved aside and could
    not be removed (a warning whose 'chmod -R u+w site.old' cannot work on another's files), and the
    next build failed on it. Now the first build says whose they are and the command that mends it,
    site/ as it was; the lock is taken read-only where it may be read. Here root without the
    capabilities that override permissions stands for the editor, nobody for root."""
    import pwd

    as_editor = _as_editor()
    other = pwd.getpwnam("nobody")
    root = make_project()
    assert _build(root).returncode == 0
    before = tree_of(root / "site")
    theirs = ["site", "site.lock", ".cache"]
    for name in theirs:
        for path in [root / name, *(root / name).rglob("*")]:
            os.lchown(path, other.pw_uid, other.pw_gid)
    page = root / "content" / "en" / "deal.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    me = pwd.getpwuid(os.geteuid()).pw_name

    def said(name: str) -> str:
        return (f"{name}: error: belongs to {other.pw_name} (a build run as {other.pw_name}?), and this build runs "
                f"as {me} (build as {other.pw_name}, or make the build's files yours: sudo chown -R {me} "
                f"{' '.join(theirs)})\nsite/ left unchanged\n")

    for name, mode in (("site", 0o644), ("site.lock", 0o600)):    # a lock it may read is taken read-only
        (root / "site.lock").chmod(mode)
        done = subprocess.run([*as_editor, *BUILD, "--root", str(root)], capture_output=True, text=True, timeout=300)
        assert (done.returncode, done.stderr) == (3, said(name))
        assert tree_of(root / "site") == before and not (root / "site.old").exists()
    subprocess.run(["chown", "-R", me, *theirs], cwd=root, check=True)     # the fix it gave
    done = subprocess.run([*as_editor, *BUILD, "--root", str(root)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "warning: site.old/" not in done.stderr, done.stderr
    assert b"A new paragraph." in (root / "site" / "en" / "deal" / "index.html").read_bytes()


def test_an_address_space_limit_too_low_for_the_chart_drawer(make_project) -> None:
    """`ulimit -v 8000000` (a shared host's or a job's limit): V8, in vl-convert, reserves some 64 GiB of
    addresses (not of memory) as it starts, and aborted the process with a C stack trace: exit 133 and no
    word where the build drew in one process, 'a worker ... was killed (... look in dmesg for the
    out-of-memory killer)' where it drew in workers. Now one line with the fix, exit 3, site/ as it was;
    where only the soft limit is low (ulimit -Sv), the build raises it and draws."""
    root = make_project("charts")
    assert _build(root).returncode == 0
    before = tree_of(root / "site")

    def limited(limit: str) -> subprocess.CompletedProcess:
        return subprocess.run(["sh", "-c", f'ulimit {limit} && exec "$@"', "sh", *BUILD, "--root", str(root),
                               "--no-cache"], capture_output=True, text=True, timeout=300)

    done = limited("-v 8000000")          # KiB: 7.6 GiB
    assert done.returncode == 3 and "stack trace" not in done.stderr, done.stderr
    first, *rest = done.stderr.splitlines()
    assert first.startswith(f"error: {os.strerror(errno.ENOMEM)}: drawing the charts "
                            "needs "), done.stderr
    assert first.endswith(" GiB of addresses, and ulimit -v allows 7.6 GiB of addresses (raise the limit (ulimit -v "
                          "unlimited: V8 reserves addresses, not memory; a cgroup limits memory itself), then build "
                          "again)"), first
    assert rest == ["site/ left unchanged"] and tree_of(root / "site") == before
    assert limited("-Sv 8000000").returncode == 0 and tree_of(root / "site") == before    # raised, and drawn
