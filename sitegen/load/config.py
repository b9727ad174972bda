"""The site configuration (`site.toml`), validated into a frozen `SiteConfig`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..diagnostics import BuildError, Diagnostics, Location, did_you_mean
from .textcheck import decode_utf8, file_to_read, report_lone_carriage_return, unwritable_characters

CONFIG_FILE = "site.toml"

# Per-language display data that templates need but gettext should not own:
# locale ids for Babel and Open Graph, and the language's own name.
LANGUAGE_INFO = {
    "ja": {"locale": "ja_JP", "name": "日本語", "og_locale": "ja_JP"},
    "en": {"locale": "en_US", "name": "English", "og_locale": "en_US"},
}


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    base_url: str
    languages: tuple[str, ...]
    default_language: str
    title: dict[str, str]
    author: dict[str, str]
    fallback_pages: bool

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. '/' or '/explainer/'."""
        return urlsplit(self.base_url).path

    def absolute(self, path: str) -> str:
        """Absolute URL of a site path such as 'ja/deal/'."""
        return self.base_url + path.lstrip("/")


_KEYS = {
    "base_url": "absolute URL the site is published at, ending in '/'",
    "languages": "list of language codes, e.g. [\"ja\", \"en\"]",
    "default_language": "the language of '/' links and x-default",
    "title": "table of site titles by language",
    "author": "table of publisher names by language",
    "fallback_pages": "publish a missing translation as the original, clearly marked",
}


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*[=.]", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _line_in_table(text: str, table: str, key: str) -> int | None:
    """Line of `key` in `[table]` (or of `table.key =`), for a located error."""
    dotted = re.search(rf"^\s*{re.escape(table)}\s*\.\s*{re.escape(key)}\s*[=.]", text, re.MULTILINE)
    if dotted:
        return text.count("\n", 0, dotted.start()) + 1
    header = re.search(rf"^\s*\[\s*{re.escape(table)}\s*\]", text, re.MULTILINE)
    if header is None:
        return None
    section = re.compile(rf"^\s*(?:{re.escape(key)}\s*[=.]|\[)", re.MULTILINE)
    found = section.search(text, header.end())
    return text.count("\n", 0, found.start()) + 1 if found and not found.group().lstrip().startswith("[") else None


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme
    except ValueError:          # e.g. 'http://[': not a URL at all
        return ""


def _url_problem(url: str) -> tuple[str, str] | None:
    """What keeps `url` from being the start of every page's address (each page's path is added to it)."""
    parts = urlsplit(url)
    if not parts.hostname:
        return "has no host name", 'e.g. base_url = "https://example.org/"'
    if parts.username is not None:
        return "holds a user name or password, which every page would publish", "remove the part before '@'"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return (f"has a {'query' if parts.query or '?' in url else 'fragment'} "
                f"('{url[min(i for i in (url.find('?'), url.find('#')) if i >= 0):]}'): every page's path would be "
                "added after it", "end base_url with the site's folder, e.g. \"https://example.org/explainer/\"")
    try:
        parts.port      # noqa: B018 (raises for one out of range)
    except ValueError:
        return f"has a port that is not one ('{parts.netloc}')", "give a port from 1 to 65535, or none"
    if bad := re.search(r'[\s<>"\\^`{|}]', url):
        return f"holds {bad[0]!r}, which a URL cannot carry", "write it percent-encoded, a space as %20"
    return None


def load_config(root: Path) -> SiteConfig:
    """Read and validate site.toml; raise BuildError listing every problem."""
    diags = Diagnostics()
    path = root / CONFIG_FILE
    where = Location(CONFIG_FILE)
    if not file_to_read(path, root, diags):     # a named pipe, say, which would be waited on for ever
        if not diags.errors:
            diags.error(where, "no site configuration",
                        "create site.toml in the project root, or give --root the project")
        raise BuildError(diags)
    text = decode_utf8(path.read_bytes(), CONFIG_FILE, diags)
    if text is None:
        raise BuildError(diags)
    text = text.removeprefix("\ufeff")      # a BOM, from Windows editors
    if not report_lone_carriage_return(text.replace("\r\n", "\n"), CONFIG_FILE, diags):   # TOML: 'invalid character'
        raise BuildError(diags)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(match[1]), int(match[2])) if match else (None, None)
        message = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        diags.error(Location(CONFIG_FILE, line, col), f"invalid TOML: {message}")
        raise BuildError(diags) from None
    except RecursionError as exc:       # `x = [[[…` 500 deep: Python 3.11 tomllib recurses a level at a time
        tb, line = exc.__traceback__, None
        while tb is not None:           # the deepest place the reader was at
            state, tb = tb.tb_frame.f_locals, tb.tb_next
            if isinstance(state.get("pos"), int) and isinstance(state.get("src"), str):
                line = state["src"].count("\n", 0, state["pos"]) + 1
        diags.error(Location(CONFIG_FILE, line), "invalid TOML: arrays or inline tables nested too deeply",
                    "close the brackets: site.toml needs a level or two")
        raise BuildError(diags) from None

    def at(key: str) -> Location:
        return Location(CONFIG_FILE, _line_of(text, key))

    for key in sorted(set(raw) - set(_KEYS)):
        diags.error(at(key), f"unknown setting '{key}'", did_you_mean(key, _KEYS))

    languages = raw.get("languages", ["ja", "en"])
    if not (isinstance(languages, list) and languages
            and all(isinstance(x, str) and x in LANGUAGE_INFO for x in languages)):
        diags.error(at("languages"), f"languages must be a list drawn from {sorted(LANGUAGE_INFO)}")
        languages = ["ja", "en"]
    for lang in sorted({lang for lang in languages if languages.count(lang) > 1}):
        diags.error(at("languages"), f"language '{lang}' is listed more than once", "list each language once")
    languages = list(dict.fromkeys(languages))
    default = raw.get("default_language", languages[0])
    if default not in languages:
        diags.error(at("default_language"), f"default_language '{default}' is not in languages")

    base_url = raw.get("base_url")
    if not isinstance(base_url, str) or _scheme(base_url) not in ("http", "https"):
        diags.error(at("base_url") if base_url else where, "base_url must be an absolute http(s) URL",
                    "e.g. base_url = \"https://example.org/\"")
        base_url = "https://example.invalid/"
    elif found := unwritable_characters(base_url):
        diags.error(at("base_url"), f"base_url holds {found}, which a URL cannot carry",
                    "remove the escape that makes it")
    elif problem := _url_problem(base_url):
        diags.error(at("base_url"), f"base_url {problem[0]}", problem[1])
    elif not base_url.endswith("/"):
        base_url += "/"

    def per_language(key: str) -> dict[str, str]:
        value = raw.get(key, {})
        example = f"[{key}] with " + ", ".join(f'{lang} = "…"' for lang in languages)
        if not isinstance(value, dict) or any(lang not in value for lang in languages):
            diags.error(at(key), f"{key} needs a string for each language", example)
            return dict.fromkeys(languages, "")
        for name in value:
            where = Location(CONFIG_FILE, _line_in_table(text, key, name) or _line_of(text, key))
            if name not in languages:
                diags.error(where, f"unknown key '{name}' in [{key}]", "the keys are the languages: "
                            + ", ".join(languages))
            elif not isinstance(value[name], str) or not value[name].strip():
                diags.error(where, f"{key}.{name} must be text", example)
            elif found := unwritable_characters(value[name]):       # from an escape such as "\u0000"
                diags.error(where, f"{key}.{name} holds {found}, which a web page or "
                            "feed cannot carry", "remove the escape that makes it")
        return {lang: str(value[lang]) for lang in languages}

    title = per_language("title")
    author = per_language("author")
    fallback = raw.get("fallback_pages", True)
    if not isinstance(fallback, bool):
        diags.error(at("fallback_pages"), "fallback_pages must be true or false")
        fallback = True

    if diags.errors:
        raise BuildError(diags)
    return SiteConfig(root=root, base_url=base_url, languages=tuple(languages), default_language=default,
                      title=title, author=author, fallback_pages=fallback)
