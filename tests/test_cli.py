"""The command line as editors and CI use it: a real subprocess, real files."""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys

import pytest

from sitegen.cli import EXAMPLES, _parser
from sitegen.load.placeholders import BODY_TEXT, TITLE

from .conftest import REPO, tree_of


def run(*args: str, cwd=REPO, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_help_explains_every_option() -> None:
    result = run("--help")
    assert result.returncode == 0
    for word in ("--strict", "--root", "status", "stamp", "new", "check"):
        assert word in result.stdout


def test_help_gives_an_example_of_every_command_and_each_example_parses() -> None:
    commands = _parser()._subparsers._group_actions[0].choices      # every command the parser knows
    overall = run("--help").stdout
    for command in commands:
        examples = EXAMPLES[command]
        assert examples and all(line in overall for line in examples)
        assert all(line in run(command, "--help").stdout for line in examples)
        for line in examples:
            words = shlex.split(line.split("  #")[0])
            assert words[:2] == ["python", "build.py"]
            args = _parser().parse_args(words[2:])                   # exits (fails the test) if it does not parse
            assert (args.command or "build") == command


def test_broken_page_exits_nonzero_with_location_and_keeps_site(make_project) -> None:
    root = make_project(files={"content/en/deal.md": "---\ntitle: [unclosed\n---\n"})
    (root / "site").mkdir()
    (root / "site" / "keep.txt").write_text("old")
    result = run("--root", str(root))
    assert result.returncode == 1
    assert "content/en/deal.md:2:" in result.stderr and "error: invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_of(root / "site") == {"keep.txt": b"old"}


def test_new_creates_a_pair_that_builds_and_check_points_at_its_placeholders(make_project) -> None:
    root = make_project()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764547200"}   # 2025-12-01
    result = run("--root", str(root), "new", "energy-use", "--title-ja", "エネルギー: 消費", env=env)
    assert result.returncode == 0, result.stderr
    ja = (root / "content" / "ja" / "energy-use.md").read_text(encoding="utf-8")
    en = (root / "content" / "en" / "energy-use.md").read_text(encoding="utf-8")
    assert ja.startswith('---\ntitle: "エネルギー: 消費"\n') and "date: 2025-12-01" in ja
    assert en.startswith(f'---\ntitle: "{TITLE["en"]}"\n') and "source_hash: untranslated" in en
    status = json.loads(run("--root", str(root), "status", "--json").stdout)
    row = next(r for r in status if r["key"] == "energy-use")
    assert row["languages"]["en"]["state"] == "untranslated"
    built = run("--root", str(root))
    assert built.returncode == 0 and (root / "site" / "en" / "energy-use" / "index.html").exists()
    warned = [line for line in built.stderr.splitlines() if "energy-use" in line]
    # Each placeholder at its line: the body text of both files, the en title and descriptions.
    assert f"content/ja/energy-use.md:{_line_of(ja, BODY_TEXT['ja'])}:1: warning: placeholder text" in built.stderr
    assert f"content/en/energy-use.md:{_line_of(en, BODY_TEXT['en'])}:1: warning: placeholder text" in built.stderr
    assert f"content/en/energy-use.md:{_line_of(en, 'title:')}: warning: the title is still the placeholder" \
        in built.stderr
    assert not any(":2: warning: the title" in line for line in warned if "content/ja/" in line)
    assert f"content/en/energy-use.md:{_line_of(en, 'source_hash')}: warning: not translated yet" in built.stderr
    checked = run("--root", str(root), "check")
    assert checked.returncode == 0 and [line for line in checked.stderr.splitlines() if "energy-use" in line] == warned
    strict = run("--root", str(root), "--strict")
    assert strict.returncode == 1
    assert "content/ja/energy-use.md:9:1: error: placeholder text '（本文）'" in strict.stderr


def test_new_on_an_existing_page_says_where_it_is(make_project) -> None:
    root = make_project()
    again = run("--root", str(root), "new", "deal")
    assert again.returncode == 1
    assert again.stderr == ("content/ja/deal.md: error: the page 'deal' already exists: content/ja/deal.md, "
                            "content/en/deal.md (edit it there, or choose another slug)\n1 error: no page created\n")


def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def test_status_table(make_project) -> None:
    result = run("--root", str(make_project()), "status")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["page", "ja", "en", "stamped", "original", "changed"]
    assert "only-ja   original      missing" in result.stdout
    assert "1 missing, 4 original, 3 translated" in lines


def test_stamp_refuses_the_original(make_project) -> None:
    root = make_project()
    result = run("--root", str(root), "stamp", str(root / "content" / "ja" / "deal.md"))
    assert result.returncode == 1
    assert "content/ja/deal.md: error: no original to stamp against (stamp the translation, not the original)" \
        in result.stderr


def test_bad_config_exits_2(make_project) -> None:
    root = make_project(files={"site.toml": 'base_url = "not a url"\n'})
    result = run("--root", str(root))
    assert result.returncode == 2
    assert "site.toml:1: error: base_url must be an absolute http(s) URL" in result.stderr


def test_options_may_follow_the_command(make_project, capsys) -> None:
    """'python build.py check --strict' said 'error: unrecognized arguments: --strict' (exit 2): the
    options were read only before the command. They are now read after it too, as typed."""
    from sitegen.cli import main

    root = make_project()           # its one problem is a warning: a page without its translation
    assert main(["--root", str(root), "check"]) == 0
    capsys.readouterr()
    for args in (["--strict", "check", "--root", str(root)], ["check", "--strict", "--root", str(root)],
                 ["--root", str(root), "check", "--strict", "--no-cache", "--quiet"]):
        assert main(args) == 1, args
        assert "content/ja/only-ja.md: error: no en translation" in capsys.readouterr().err


@pytest.mark.parametrize("order", [["--json", "--diff"], ["--diff", "--json"]])
def test_status_refuses_json_with_diff_rather_than_ignoring_diff(make_project, order) -> None:
    """`status --json --diff` printed the JSON and silently left out the diffs asked for."""
    result = run("--root", str(make_project()), "status", *order)
    assert result.returncode == 2 and result.stdout == ""
    first, second = order
    assert result.stderr.endswith(f"python build.py status: error: argument {second}: not allowed with "
                                  f"argument {first}\n")
    assert "[--json | --diff]" in result.stderr


@pytest.mark.parametrize("port", ["99999", "-1", "80a"])
def test_serve_refuses_a_port_that_is_not_one(make_project, port) -> None:
    """--port 99999 or -1 ended in an OverflowError traceback from bind(), exit 1."""
    result = run("--root", str(make_project()), "serve", f"--port={port}")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.endswith(f"python build.py serve: error: argument --port: '{port}' is not a port: give a "
                                  "whole number from 0 to 65535, e.g. 8000\n")


def test_serve_says_when_it_cannot_listen_where_asked(make_project) -> None:
    """An address this computer does not have (or a name that resolves to none) was 'error: cannot read
    or write a file: Cannot assign requested address' and 'site/ left unchanged', exit 3: neither a
    file nor site/ was the matter. A port in use names the next one to try."""
    root = make_project()
    result = run("--root", str(root), "serve", "--host", "203.0.113.7", "--port", "0")      # TEST-NET-3: not ours
    assert result.returncode == 2
    assert result.stderr.startswith("cannot listen on 203.0.113.7:0: ")
    assert result.stderr.endswith("(give --host a name or address of this computer, e.g. 127.0.0.1, and --port a "
                                  "free port above 1023, e.g. 8000)\n")
    assert "site/" not in result.stderr and "file" not in result.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("--root", str(root), "serve", "--port", str(port))
    assert result.returncode == 2
    assert result.stderr == f"port {port} is in use: try python build.py serve --port {port + 1}\n"


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine's loopback has no IPv6 (::1)")
@pytest.mark.parametrize("host", ["::1", "[::1]"])
def test_serve_listens_on_an_ipv6_address_and_prints_it_in_brackets(make_project, host: str) -> None:
    """--host ::1 was 'cannot listen on ::1:0: Address family for hostname not supported': the server
    made only IPv4 sockets. The address to open is the URL form, http://[::1]:PORT/, which a browser takes."""
    import http.client
    import re
    import signal

    root = make_project()
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--host", host,
                               "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        said = server.stderr.readline()
        opened = re.fullmatch(r"serving (http://\[::1\]:(\d+))(/\S*)  \(translations: \1/__dev__/\); Ctrl\+C stops\n",
                              said)
        assert opened, said
        assert "first build: rebuilt in" in server.stderr.readline()
        conn = http.client.HTTPConnection("::1", int(opened[2]), timeout=30)
        conn.request("GET", opened[3] + "ja/")          # as a browser sends it: Host: [::1]:PORT
        response = conn.getresponse()
        assert response.status == 200 and b"<h1" in response.read()
        conn.close()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    finally:
        server.kill()
        server.wait()
    with socket.socket(socket.AF_INET6) as taken:
        taken.bind(("::1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("--root", str(root), "serve", "--host", host, "--port", str(port))
    assert (result.returncode, result.stderr) == (
        2, f"port {port} is in use on {host}: try python build.py serve --host {host} --port {port + 1}\n")
    result = run("--root", str(root), "serve", "--host", "2001:db8::1", "--port", "0")      # documentation's: not ours
    assert result.returncode == 2 and result.stderr.startswith("cannot listen on [2001:db8::1]:0: ")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(("base_url", "named"), [
    ("https://example.org/explainer/?utm=1", "'?utm=1'"), ("https://example.org/explainer/#top", "'#top'"),
    ("https://editor:secret@example.org/", "user name or password"),
    ("https://example.org:99999/", "'example.org:99999'"), ("https://example.org/my explainer/", "' '"),
    ("https://example.org/<x>/", "'<'"), ("https:///explainer/", "no host")])
def test_a_base_url_no_page_address_can_start_with_is_an_error_at_its_line(make_project, base_url: str,
                                                                          named: str) -> None:
    """Every address the site publishes is base_url and a page's path: a query or fragment in it made
    'https://example.org/explainer/?utm=1ja/deal/' every canonical, hreflang, feed and sitemap link; a
    password was published on every page; a space or '<' made no URL at all. The builds passed."""
    root = make_project()
    assert run("--root", str(root), "--no-search").returncode == 0
    built = tree_of(root / "site")
    config = root / "site.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r'^base_url = ".*"$', f'base_url = "{base_url}"', text, flags=re.M), encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("base_url"))) + 1
    result = run("--root", str(root), "--no-search")
    errors = [x for x in result.stderr.splitlines() if ": error: " in x]
    assert result.returncode == 2 and len(errors) == 1, result.stderr
    assert errors[0].startswith(f"site.toml:{line}: error: base_url ") and named in errors[0] and "(" in errors[0]
    assert tree_of(root / "site") == built


@pytest.mark.parametrize("command", [[], ["check"], ["status"], ["serve", "--port", "0"], ["new", "x"]])
def test_a_root_that_is_not_a_folder_is_a_usage_error(tmp_path, command) -> None:
    """--root naming no folder said 'site.lock: error: No such file or directory' and 'site/ left
    unchanged', exit 3, the code for a failing machine."""
    missing, file = tmp_path / "nowhere", tmp_path / "file.txt"
    file.write_text("x")
    for root, what in ((missing, "no such folder"), (file, "not a folder")):
        result = run("--root", str(root), *command)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"{root}: error: {what} (give --root the project's folder, the one with site.toml)\n"
    assert not missing.exists()


def test_a_root_taken_from_site_root_says_so(make_project, tmp_path) -> None:
    """SITE_ROOT, when set, is the default project folder; neither --help nor the error said so, so a
    SITE_ROOT set for another tool (a CI variable) failed a build run in the project with 'give --root'."""
    root, elsewhere = make_project(), tmp_path / "srv" / "html"
    result = run(cwd=root, env={**os.environ, "SITE_ROOT": str(elsewhere)})
    assert result.returncode == 2
    assert result.stderr == (f"{elsewhere}: error: no such folder (SITE_ROOT names it: set it to the project's "
                             "folder, the one with site.toml, or unset it)\n")
    assert "$SITE_ROOT" in " ".join(run("--help").stdout.split())


@pytest.mark.parametrize(("args", "meant"), [
    (["--strct"], "--strict"), (["--quite", "check"], "--quiet"), (["check", "--no-cahce"], "--no-cache"),
    (["serve", "--prot", "8000"], "--port"), (["serve", "--hots=::1"], "--host"), (["status", "--jsn"], "--json"),
    (["new", "x", "--title-jp", "y"], "--title-ja"), (["chek"], "check"), (["Serve"], "serve")])
def test_a_misspelt_option_or_command_names_the_one_meant(capsys, args: list[str], meant: str) -> None:
    """argparse (3.11) said 'unrecognized arguments: --strct' or 'invalid choice: 'chek' (choose from …)' alone.
    The suggestion is the word a parser accepts in that place (it parses, put in place of the slip)."""
    typo = next(a for a in args if a.split("=")[0] != meant and (a.startswith("-") or a in ("chek", "Serve")))
    with pytest.raises(SystemExit) as stopped:
        _parser().parse_args(args)
    last = capsys.readouterr().err.splitlines()[-1]
    assert stopped.value.code == 2
    if typo.startswith("-"):
        command = f" {args[0]}" if not args[0].startswith("-") else ""      # a command's options: its parser says
        rest = " ".join(args[args.index(typo):]) if command else typo
        assert last == f"python build.py{command}: error: unrecognized arguments: {rest} (did you mean '{meant}'?)"
    else:
        assert last.startswith(f"python build.py: error: argument COMMAND: invalid choice: '{typo}' (choose from ")
        assert last.endswith(f") (did you mean '{meant}'?)")
    fixed = [a.replace(typo.split("=")[0], meant, 1) if a == typo else a for a in args]
    _parser().parse_args(fixed)         # exits (fails the test) if the suggestion does not parse


@pytest.mark.parametrize("args", [["--zzz"], ["qqq"], ["serve", "--wxyz"]])
def test_an_option_or_command_like_none_gets_argparse_message_alone(capsys, args: list[str]) -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(args)
    assert "did you mean" not in capsys.readouterr().err
