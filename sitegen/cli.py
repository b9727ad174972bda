"""Command line: parse arguments, run a command, print diagnostics, own exit codes.

Exit codes: 0 success, 1 the content has errors (or warnings under --strict),
2 usage or configuration errors, 3 the machine's fault (a full disk, a read-only folder,
another build writing site/ under --no-wait), 130 Ctrl-C, 143 SIGTERM: site/ is as it was in
every case (141: stdout's reader left, the work done; `serve` stops on either, exit 0). A fault of
the machine is one line in the diagnostics' form (`path: error: message (hint)`), with the path relative to the project.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import threading
import time
from argparse import SUPPRESS
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from .cache import lastbuild
from .diagnostics import BuildError, Diagnostic, Diagnostics, Location, did_you_mean
from .fingerprint import file_identity, input_fingerprint, input_stamps
from .load.config import CONFIG_FILE, LANGUAGE_INFO, load_config
from .output.faults import fault_message
from .output.sitelock import SiteBusyError, site_lock
from .output.swap import SwapError, leftover, published_folder, recover
from .parallel import WorkerLostError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 1, 2, 3
EXIT_INTERRUPTED = 130          # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C
EXIT_TERMINATED = 143           # 128 + SIGTERM
EXIT_PIPE_CLOSED = 141          # 128 + SIGPIPE, as any command whose output's reader left


class _Terminated(KeyboardInterrupt):
    """SIGTERM (CI cancelling a job, `timeout`, `docker stop`) stops a build as Ctrl-C does: it was
    the signal's exit with no word, and site.tmp/ left for the next build to remove."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


# One example per command, for `--help` (each command's own help repeats its examples).
EXAMPLES = {
    "build": ["python build.py                     # build site/",
              "python build.py --strict            # as CI builds: warnings are errors"],
    "check": ["python build.py --strict check      # every problem, as CI sees them; nothing written"],
    "serve": ["python build.py serve               # http://127.0.0.1:8000/, reloads on save",
              "python build.py serve --editor-url 'vscode://file/{path}:{line}:{column}'   # error links open VS Code"],
    "status": ["python build.py status              # every page and its translation state",
               "python build.py status --diff       # what changed in each stale translation's original"],
    "stamp": ["python build.py stamp content/en/deal.md   # after updating the translation"],
    "new": ["python build.py new energy-use --title-ja エネルギー消費 --title-en 'Energy use'"],
}


def _examples(*commands: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for command in commands for line in EXAMPLES[command])


def _common_options(add: Callable[..., object]) -> None:
    """The options that may come before the command or after it: 'check --strict' is '--strict check'."""
    add("--root", type=Path, default=Path(os.environ.get("SITE_ROOT", ".")),
        help="project folder (default: $SITE_ROOT if set, else the current folder)")
    add("--strict", action="store_true",
        help="treat warnings (missing translations, broken links, …) as errors; CI uses this")
    add("--quiet", action="store_true", help="print only problems")
    add("--no-search", action="store_true", help="skip the search index (faster; search pages say it is unavailable)")
    add("--no-cache", action="store_true", help="build everything from scratch, without reading or writing .cache/")
    add("--no-wait", action="store_true",
        help="if another build is writing site/, stop at once (exit code 3) instead of waiting")


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: give a whole number from 0 to 65535, e.g. 8000")
    return int(text)


class _Parser(argparse.ArgumentParser):
    """argparse, with 'did you mean' for a misspelt option ('--strct') or command ('chek'), which
    Python 3.11's argparse does not give: each parser (a command's too) suggests from its own usage line."""

    def parse_known_args(self, args: list[str] | None = None,               # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        options = re.findall(r"--[\w-]+", self.format_usage())
        hints = (did_you_mean(extra.partition("=")[0], options) for extra in extras if extra.startswith("-"))
        if hint := next(filter(None, hints), None):
            self.error(f"unrecognized arguments: {' '.join(extras)} ({hint})")
        return parsed, extras

    def error(self, message: str) -> NoReturn:
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        hint = choice and did_you_mean(choice[1], [c.strip("'") for c in choice[2].split(", ")])
        super().error(f"{message} ({hint})" if hint else message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python build.py",
        description="Build the bilingual explainer site from content/, data/ and templates/ into site/.",
        epilog="With no command, builds the site. Problems are printed as path:line:col: level: message (hint).\n\n"
               + _examples(*EXAMPLES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common_options(parser.add_argument)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".",
                                 epilog=_examples(name), formatter_class=argparse.RawDescriptionHelpFormatter)
        # Given after the command, or else as given before it.
        _common_options(lambda *flag, **settings: command.add_argument(*flag, **settings | {"default": SUPPRESS}))
        return command

    command("build", "build site/ (the default)")
    command("check", "build in memory and report problems, without writing site/")
    serve = command("serve", "preview on http://127.0.0.1:8000/, rebuilding and reloading on every edit")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (0: any free port)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this computer only)")
    serve.add_argument("--editor-url", default=None, metavar="URL",
                       help="links that open a file in your editor, e.g. 'vscode://file/{path}:{line}:{column}' "
                            "(default: $SITEGEN_EDITOR_URL; without either, the server starts $VISUAL or $EDITOR)")
    status = command("status", "print every page and the state of its translation")
    output = status.add_mutually_exclusive_group()     # the JSON is the table's rows: it has no place for diffs
    output.add_argument("--json", action="store_true", help="machine-readable output (the table's rows)")
    output.add_argument("--diff", action="store_true",
                        help="for each stale translation, what changed in its original since the stamp (from git)")
    stamp = command("stamp", "record that a translation is up to date with its original")
    stamp.add_argument("files", nargs="+", type=Path, help="translated Markdown files, e.g. content/en/deal.md")
    new = command("new", "create a page in every language with valid front matter")
    new.add_argument("slug", help="file name and URL part, e.g. energy-use (topics/gpu: in a folder)")
    for lang in LANGUAGE_INFO:
        new.add_argument(f"--title-{lang}", default=None, metavar="TITLE",
                         help=f"title of content/{lang}/SLUG.md (default: a placeholder that check reports)")
    return parser


def main(argv: list[str] | None = None) -> int:
    if hasattr(sys.stdout, "reconfigure"):      # an ASCII locale (LC_ALL=C without UTF-8 mode): \u2192, no traceback
        sys.stdout.reconfigure(errors="backslashreplace")
    args = _parser().parse_args(argv)
    try:
        root = args.root.resolve()
    except FileNotFoundError:       # the shell's folder was removed under it (rm -rf and a new clone, say)
        print("error: the current folder no longer exists (cd into the project again, or give --root)",
              file=sys.stderr)
        return EXIT_USAGE
    command = args.command or "build"
    if not root.is_dir():       # else 'site.lock: error: No such file or directory', exit 3, as if a disk had failed
        from_env = "SITE_ROOT" in os.environ and Path(os.environ["SITE_ROOT"]) == args.root   # set for another tool?
        hint = "the project's folder, the one with site.toml"
        print(Diagnostic("error", Location(str(args.root)), "no such folder" if not root.exists() else "not a folder",
                         f"SITE_ROOT names it: set it to {hint}, or unset it" if from_env else f"give --root {hint}"),
              file=sys.stderr)
        return EXIT_USAGE
    site = _SiteState()
    on_term = threading.current_thread() is threading.main_thread()     # SIGTERM stops every command as Ctrl-C
    previous = signal.signal(signal.SIGTERM, _terminate) if on_term else None
    try:
        if command in ("build", "check"):
            if not (root / CONFIG_FILE).is_file():      # not a project (~, say): no site.lock left, no data/ read
                load_config(root)                           # says what is there instead
            with _holding_site(root, command == "build", not args.no_wait, site):
                return _build(root, args.strict, args.quiet, write=command == "build",
                              use_cache=not args.no_cache, search=not args.no_search, replay=not site.restored)
        if command == "serve":
            from .devserver import serve
            return serve(root, args.host, args.port, strict=args.strict, use_cache=not args.no_cache,
                         editor_url=args.editor_url)
        if command == "status":
            from .commands.statusreport import print_status
            return print_status(root, as_json=args.json, diff=args.diff)
        if command == "stamp":
            from .commands.stamp import stamp
            return stamp(root, args.files)
        if command == "new":
            from .commands.scaffold import new_page
            # As typed: a locale that is not UTF-8 (LC_ALL=C) decoded it byte by byte, which no file can hold.
            typed = {lang: getattr(args, f"title_{lang}") for lang in LANGUAGE_INFO}
            return new_page(root, args.slug, {lang: title and os.fsencode(title).decode("utf-8", "replace")
                                              for lang, title in typed.items()})
    except BuildError as exc:
        kept = site.kept(command)
        report = _report(exc.diagnostics, args.strict, unchanged=kept)
        sys.stderr.write(report["stderr"])
        return report["code"]
    except BrokenPipeError:     # stdout's reader left (| head): the work was done, only its report is lost
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())     # and no second error at exit
        return EXIT_PIPE_CLOSED
    except (OSError, SwapError, SiteBusyError, WorkerLostError) as exc:
        with suppress(OSError):     # the report's own stream on a full disk (2>build.log): the exit code says it
            print(fault_message(exc, root, "build" if command == "build" else f"run {command}"), file=sys.stderr)
            print(site.kept(command, exc), file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt as exc:       # Ctrl-C or SIGTERM: what it left as it was, not a traceback
        kept = site.kept(command, exc)
        terminated = isinstance(exc, _Terminated)
        print(f"{'terminated' if terminated else 'interrupted'}: {kept}", file=sys.stderr)
        if command == "serve":      # its way to stop (SIGTERM: a process manager's, `kill`): stopped cleanly
            return EXIT_OK
        return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return EXIT_USAGE


@dataclass
class _SiteState:
    restored: bool = False      # this run put back the last complete site (so site/ is not "unchanged")
    folder: Path | None = None  # the folder published, and its identity when the build began
    before: tuple[int, int] | None = None

    def kept(self, command: str, exc: BaseException | None = None) -> str:
        """What a run that stops says of site/: a build stopped once the new site is in place
        (while the previous one is removed, say) has not left it unchanged. Stamp's: which files it
        stamped before `exc` (commands/stamp.py notes them)."""
        if command == "stamp" and exc is not None and getattr(exc, "__notes__", None):
            return exc.__notes__[-1]
        if self.restored:
            return "site/ restored to the last complete site, not replaced"
        if self.folder and file_identity(str(self.folder)) != self.before:
            return "site/ already holds the new site"
        return _UNCHANGED.get(command, _UNCHANGED["build"])


@contextmanager
def _holding_site(root: Path, write: bool, wait: bool, state: _SiteState) -> Iterator[None]:
    """For a build that writes site/: one at a time (output/sitelock.py), and what an interrupted
    build left put right first (output/swap.py), each step said as it is done."""
    if not write:
        yield
        return
    target = published_folder(root / "site")       # locked there: two projects may link site/ to one folder
    with site_lock(target, wait=wait, waiting=lambda message: print(message, file=sys.stderr)):
        existed = os.path.lexists(target)
        try:
            recover(target, say=lambda note: print(note, file=sys.stderr))
        finally:
            state.restored = not existed and os.path.lexists(target)
        state.folder, state.before = target, file_identity(str(target))
        yield
        if note := leftover(target):
            print(f"warning: {note}", file=sys.stderr)


def _build(root: Path, strict: bool, quiet: bool, write: bool, use_cache: bool, search: bool = True,
           replay: bool = True) -> int:
    started = time.perf_counter()
    # Only a full build is recorded for replay (a --no-search site/ is not what a plain build writes;
    # the manifest check in lastbuild notices that site/ changed since the recorded build). Not
    # replayed after a recovery: the replayed report would call the restored site/ "unchanged".
    fingerprint = input_fingerprint(root) if write and use_cache and search and replay else None
    # Nothing changed since the last build wrote site/? Then it would write the same bytes.
    if fingerprint and (code := lastbuild.replay(str(root), fingerprint, strict, quiet)) is not None:
        return code
    from .cache.buildcache import BuildCache
    from .parallel import default_workers
    from .pipeline import SITE_DIR, build

    cache = BuildCache.on_disk(root) if use_cache else BuildCache.from_scratch()
    stamps = input_stamps(root) if fingerprint else None
    result = build(root, strict=strict, write=write, cache=cache, search=search, workers=default_workers())
    langs = result.site.config.languages
    counts = Counter(path.split("/", 1)[0] for path in result.tree     # reader pages, not search pages
                     if path.endswith("index.html") and path.split("/", 1)[0] in langs
                     and not path.endswith("/search/index.html"))
    pages = {lang: counts[lang] for lang in result.site.config.languages}
    # What this run, and a --strict one, would print if nothing changes; not if an input changed while
    # it ran (site/ may hold a text the fingerprint taken at the start does not stand for), even back.
    if fingerprint and input_fingerprint(root) == fingerprint and input_stamps(root) == stamps:
        unchanged = f"{SITE_DIR}/ (unchanged)"
        lastbuild.remember(str(root), fingerprint, _report(result.diagnostics, False, pages, unchanged),
                           _report(result.diagnostics, True, pages, unchanged))
    report = _report(result.diagnostics, strict, pages, f"{SITE_DIR}/" if write else "memory (not written)")
    sys.stderr.write(report["stderr"])
    if not quiet:
        print(report["summary"].format(seconds=time.perf_counter() - started))
    return report["code"]


# What a command that stops on errors has left as it was.
_UNCHANGED = {"build": "site/ left unchanged", "new": "no page created", "stamp": "no file stamped",
              "status": "no status printed", "serve": "the dev server stopped"}


def _report(diags: Diagnostics, strict: bool, pages: dict[str, int] | None = None, written: str = "",
            unchanged: str = _UNCHANGED["build"]) -> dict:
    """What a build with these problems prints: exit code, stderr, and the summary line (with {seconds})."""
    lines = "".join(line + "\n" for line in diags.lines(strict))
    if diags.failed(strict):
        code = EXIT_USAGE if any(d.location.path == "site.toml" for d in diags.errors) else EXIT_CONTENT
        return {"code": code, "stderr": lines + f"{diags.summary(strict)}: {unchanged}\n", "summary": None}
    problems = diags.summary(strict) or "no problems"
    languages = ", ".join(f"{lang} {count}" for lang, count in (pages or {}).items())
    summary = f"built {sum((pages or {}).values())} pages ({languages}), {problems}, in {{seconds:.2f}} s → {written}"
    return {"code": EXIT_OK, "stderr": lines, "summary": summary}
