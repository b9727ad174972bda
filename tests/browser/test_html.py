"""Every page is valid HTML: html5lib (the HTML5 parsing algorithm) reports no parse error, and the
Nu HTML Checker (vnu.jar, the W3C validator's engine) reports no error. Neither needs a browser."""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings

import html5lib
import pytest
from html5lib.constants import E

from .harness import INSTALL_CHECKER, VNU_JAR, BuiltSite, numbered, unavailable


def html5lib_errors(data: bytes) -> list[str]:
    """Every parse error html5lib finds, as 'line:col: message'."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(data, transport_encoding="utf-8")
    return [f"{line}:{col}: {E.get(code, code) % (datavars or {})}" for (line, col), code, datavars in parser.errors]


def test_html5lib_finds_no_parse_errors(site: BuiltSite, subtests) -> None:
    files = site.html_files()
    assert files, "no HTML in the output"
    for file in files:
        rel = file.relative_to(site.output).as_posix()
        with subtests.test(msg=rel):
            errors = html5lib_errors(file.read_bytes())
            assert not errors, f"site/{rel}:\n{numbered(errors)}"


def test_html5lib_check_finds_a_real_parse_error() -> None:
    assert html5lib_errors(b"<!DOCTYPE html><html lang=en><title>t</title><p>ok</p>") == []
    assert html5lib_errors(b"<!DOCTYPE html><title>t</title><p>a</b></p>")    # a stray end tag


def run_vnu(site: BuiltSite) -> list[dict]:
    """The Nu HTML Checker's messages for every HTML page of the site (one Java run)."""
    java = shutil.which("java")
    if java is None:
        unavailable(f"the Nu HTML Checker needs Java, and `java` is not on PATH: {INSTALL_CHECKER}")
    if not VNU_JAR.is_file():
        unavailable(f"the Nu HTML Checker is not installed ({VNU_JAR} is missing): {INSTALL_CHECKER}")
    files = [str(f) for f in site.html_files()]
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *files],
                            capture_output=True, text=True, timeout=600, check=False)
    try:
        return json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report (exit {result.returncode}):\n{result.stderr[-2000:]}", pytrace=False)


def file_url_csp_noise(message: dict) -> bool:
    """vnu judges the page's Content-Security-Policy against the file: URL it was given, so every
    same-site stylesheet and script, and every JSON-LD data block (which CSP does not govern),
    looks blocked to it. test_pages checks the policy for real, in Chromium over HTTP."""
    return "violates Content Security Policy" in message["message"]


def describe(message: dict) -> str:
    where = f"{message.get('lastLine', '?')}:{message.get('firstColumn', message.get('lastColumn', '?'))}"
    extract = " ".join(message.get("extract", "").split())
    return f"{where}: {message['message']}" + (f"  [{extract[:100]}]" if extract else "")


def test_nu_html_checker_finds_no_errors(site: BuiltSite, subtests) -> None:
    """Errors (and fatal errors) fail the page; warnings are reported in the warnings summary."""
    messages = run_vnu(site)
    by_file: dict[str, list[dict]] = {}
    for message in messages:
        by_file.setdefault(message.get("url", "").removeprefix("file:"), []).append(message)
    unknown = set(by_file) - {str(f) for f in site.html_files()}
    assert not unknown, f"vnu reported on files it was not given: {sorted(unknown)}"
    for file in site.html_files():
        rel = file.relative_to(site.output).as_posix()
        found = by_file.get(str(file), [])
        cautions = [describe(m) for m in found if m["type"] == "info" and m.get("subType") == "warning"
                    and not file_url_csp_noise(m)]
        if cautions:
            warnings.warn(f"vnu warnings in site/{rel}:\n{numbered(cautions)}", stacklevel=1)
        with subtests.test(msg=rel):
            errors = [describe(m) for m in found if m["type"] in ("error", "non-document-error")]
            assert not errors, f"site/{rel}:\n{numbered(errors)}"
