"""Translation status for editors: the rows of the table (`python build.py status`) and the
published status page with its status.json. The table and the page come from `status_rows`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping

import jinja2

from ..diagnostics import Diagnostics
from ..load.config import LANGUAGE_INFO
from ..load.model import Page, Site, Translation
from .templating import render

STATUS_PAGE = "status/"
STATUS_JSON = "status/status.json"


def status_rows(site: Site, states: dict[tuple[str, str], Translation]) -> list[dict]:
    """One row per translation key: each language's file and state."""
    return [status_row(key, group, states, site.config.languages) for key, group in sorted(site.by_key.items())]


def status_row(key: str, group: Mapping[str, Page], states: dict[tuple[str, str], Translation],
               languages: tuple[str, ...]) -> dict:
    row: dict = {"key": key, "languages": {}}
    for lang in languages:
        page = group.get(lang)
        if page is None:
            row["languages"][lang] = {"state": "missing", "source": None}
        else:
            state = states[(lang, key)]
            row["languages"][lang] = {"state": state.state, "source": page.source, "digest": page.digest,
                                      "original": state.original.source if state.original else None,
                                      "path": page.path, "modified": page.meta.modified.isoformat()}
    return row


def row_and_line(key: str, group: Mapping[str, Page], states: dict[tuple[str, str], Translation],
                 languages: tuple[str, ...]) -> tuple[dict, str]:
    """A key's row and its line of status.json."""
    row = status_row(key, group, states, languages)
    return row, json_line(row)


def status_json(rows: list[dict]) -> str:
    """One page per line: readable and diffable, and written by json's C encoder (which
    `indent` would turn off: 0.15 s at 2,000 pages, on every edit in the dev server)."""
    return json_list(json_line(row) for row in rows)


def json_line(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def json_list(lines: Iterable[str]) -> str:
    return "[\n" + ",\n".join(lines) + "\n]\n"


def state_counts(rows: list[dict]) -> dict[str, int]:
    return dict(sorted(Counter(cell["state"] for row in rows for cell in row["languages"].values()).items()))


def render_status_page(site: Site, rows: list[dict], env: jinja2.Environment, diags: Diagnostics) -> dict[str, bytes]:
    """The editors' status page (HTML); it shows no digests, so it changes only with the page list or a state."""
    context = {"here": STATUS_PAGE, "config": site.config, "rows": rows,
               "counts": state_counts(rows),
               "names": {code: LANGUAGE_INFO[code]["name"] for code in site.config.languages},
               "json_file": STATUS_JSON.rsplit("/", 1)[1]}
    html = render(env, "status.html", context, diags)
    return {} if html is None else {STATUS_PAGE + "index.html": html.encode("utf-8")}
