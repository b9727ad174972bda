"""Translation pages for editors: every page and its state (/__dev__/), and a page beside its translation.

The side-by-side page lines the two texts up section by section, by heading id (the
authoring guide asks for the same ids in both languages), so a translator sees which
section changed or is missing. Made from the last good build; never part of site/.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from ..load.history import History, original_diff
from ..load.model import Page, Site
from ..load.pairs import translation_states
from ..pipeline import BuildResult
from ..render.status import status_row, status_rows
from ..render.urls import output_file
from .editor import EditorLinks
from .inject import DEV

_H2 = re.compile(r"(?=<h2\b)")
_ID = re.compile(r'^<h2\b[^>]*\bid="([^"]*)"')
_DIFF_LINE = {"+": "added", "-": "removed", "@": "hunk"}
_STATE_NOTE = {
    "original": "the original",
    "translated": "translation, up to date with the original",
    "stale": "translation of an older version of the original",
    "untranslated": "made by 'python build.py new'; not translated yet",
    "unknown": "translation; the original is unknown",
    "missing": "missing",
}


def index_page(result: BuildResult, base: str, links: EditorLinks) -> str:
    """Every page with its translation state, linking to the pages, their files (opened in the
    editor) and the side-by-side view."""
    languages = result.site.config.languages
    head = "".join(f"<th>{lang}</th>" for lang in languages)
    rows = []
    for row in status_rows(result.site, translation_states(result.site)):
        cells = []
        for lang in languages:
            cell = row["languages"][lang]
            page = result.site.by_key[row["key"]].get(lang)
            link = f' <a href="{base}{page.path}" lang="{lang}">{html.escape(page.meta.title)}</a>' if page else ""
            cells.append(f"<td>{_state(cell['state'])}{link}{_file_link(page, links)}</td>")
        compare = f'<a href="compare/{quote(row["key"])}/">side by side</a>'
        rows.append(f"<tr><th>{html.escape(row['key'])}</th>{''.join(cells)}<td>{compare}</td></tr>")
    body = (f'<table class="sitegen-dev__index"><thead><tr><th>page</th>{head}<th></th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>'
            f'<p class="sitegen-dev__hint">After updating a translation, record it with '
            f"<code>python build.py stamp content/&lt;lang&gt;/&lt;page&gt;.md</code>.</p>")
    return _document("Translations", body, base)


def compare_page(result: BuildResult, key: str, base: str, links: EditorLinks) -> str | None:
    """The pages of translation key `key` side by side, section by section; None if there is no such key."""
    site = result.site
    group = site.by_key.get(key)
    if group is None:
        return None
    languages = site.config.languages
    states = status_row(key, group, translation_states(site), languages)["languages"]
    header = []
    for lang in languages:
        page = group.get(lang)
        state = states[lang]["state"]
        if page is None:
            header.append(f"<td>{_state(state)}</td>")
            continue
        updated = page.meta.updated or page.meta.date
        hint = (f'<p class="sitegen-dev__hint">Update it, then run '
                f"<code>python build.py stamp {html.escape(page.source)}</code></p>" if state == "stale" else "")
        header.append(f'<td lang="{lang}">{_state(state)} <a href="{base}{page.path}">{base}{page.path}</a>'
                      f"{_file_link(page, links)}"
                      f"<h2>{html.escape(page.meta.title)}</h2><p>{html.escape(page.meta.description)}</p>"
                      f"<p>updated {updated.isoformat()}</p>{hint}</td>")
    sections = {lang: _sections(result.bodies[(lang, key)].html) for lang in languages if lang in group}
    order: list[str] = []
    for lang in languages:
        order.extend(sid for sid in sections.get(lang, {}) if sid not in order)
    rows = []
    for sid in order:
        cells = []
        for lang in languages:
            chunk = sections.get(lang, {}).get(sid)
            cells.append(f'<td lang="{lang}"><div class="prose">{chunk}</div></td>' if chunk is not None else
                         '<td class="sitegen-dev__absent">no such section in this language</td>')
        label = f"#{sid}" if sid else "(before the first heading)"
        rows.append(f'<tr><th colspan="{len(languages)}" class="sitegen-dev__section-id">{html.escape(label)}</th></tr>'
                    f"<tr>{''.join(cells)}</tr>")
    changes = "".join(f'<tr><td colspan="{len(languages)}">{_changes(site, group[lang], states[lang])}</td></tr>'
                      for lang in languages if states[lang]["state"] == "stale")
    body = (f'<p><a href="{DEV}">all pages</a></p><table class="sitegen-dev__compare"><thead><tr>'
            + "".join(f"<th>{lang}</th>" for lang in languages) + f"</tr><tr>{''.join(header)}</tr>{changes}</thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
    return _document(f"Side by side: {key}", body, base)


def _changes(site: Site, page: Page, state: dict) -> str:
    """What changed in the original since `page` (a stale translation) was stamped, from git."""
    history = History(site.config.root)
    if not history.available:
        return f'<p class="sitegen-dev__hint">{html.escape(history.UNAVAILABLE)}</p>'
    found = original_diff(history, page.source, state["original"], page.meta.source_hash)
    lines = "".join(f'<span class="sitegen-dev__diff-{_diff_kind(line)}">{html.escape(line)}</span>'
                    for line in found.diff.splitlines(keepends=True))
    return (f'<p class="sitegen-dev__hint">{html.escape(found.summary)}</p>'
            + (f'<pre class="sitegen-dev__diff">{lines}</pre>' if lines else ""))


def _file_link(page: Page | None, links: EditorLinks) -> str:
    """The page's Markdown file, as a link that opens it in the editor."""
    href = links.href(page.source, 1) if page else None
    if href is None:
        return ""
    return (f'<br><a class="sitegen-dev__file" href="{html.escape(href)}" title="open in the editor">'
            f"{html.escape(page.source)}</a>")


def _diff_kind(line: str) -> str:
    return "file" if line.startswith(("--- ", "+++ ")) else _DIFF_LINE.get(line[:1], "same")


def pages_shown(result: BuildResult, key: str) -> list[str]:
    """Output files a side-by-side page is made from (it reloads when one of them changes)."""
    return [output_file(p.path) for p in result.site.by_key.get(key, {}).values()]


def _sections(body: str) -> dict[str, str]:
    """A body's HTML split before each <h2>, by the heading's id ('' for the text before the first)."""
    out: dict[str, str] = {}
    for chunk in _H2.split(body):
        if not chunk.strip():
            continue
        match = _ID.match(chunk)
        sid = match.group(1) if match else ("" if not chunk.startswith("<h2") else f"untitled-{len(out)}")
        out[sid] = out.get(sid, "") + chunk
    return out


def _state(state: str) -> str:
    return (f'<span class="sitegen-dev__state sitegen-dev__state--{state}" '
            f'title="{_STATE_NOTE.get(state, state)}">{state}</span>')


def _document(title: str, body: str, base: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)} (dev server)</title>"
            f'<link rel="stylesheet" href="{base}css/site.css"></head>'
            f'<body class="sitegen-dev"><header class="sitegen-dev__header"><h1>{html.escape(title)}</h1>'
            f"<p>Dev server only; made from the last good build.</p></header>"
            f'<main class="sitegen-dev__main">{body}</main></body></html>\n')
