"""Jinja2 environments, one per language, with gettext and Babel filters; template errors at their lines.

Autoescape is on and undefined names are errors, so a typo in a template fails the
build with the template's file and line instead of printing nothing.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

import jinja2
from jinja2 import nodes
from markupsafe import Markup

from ..diagnostics import Diagnostic, Diagnostics, Location, did_you_mean, relpath
from ..load.static import skipped
from ..load.textcheck import decode_utf8, not_a_file
from . import l10n
from .l10n import Catalog
from .security import csp
from .typography import inline_markdown, smart_text
from .urls import relative_url

TEMPLATES_DIR = "templates"


def report_undecodable_templates(root: Path, diags: Diagnostics) -> bool:
    """Each file of templates/ that is not UTF-8, at its first bad byte (Babel's extraction and
    Jinja's loader stopped with a traceback); True if there is none."""
    readable = True
    folder = root / TEMPLATES_DIR
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if skipped(path.name):      # never loaded by name: Emacs's .#x.html lock (a dangling link), x.html~
            continue
        if path.is_file():
            readable = decode_utf8(path.read_bytes(), relpath(path, root), diags) is not None and readable
        elif not path.is_dir():     # a named pipe, say: Babel and Jinja would wait for ever reading it
            diags.error(Location(relpath(path, root)), not_a_file(path), "remove it, or replace it with a template")
            readable = False
    return readable


class _Templates(jinja2.FileSystemLoader):
    """templates/, each without the BOM a Windows editor may start it with (a U+FEFF in every page)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return source.removeprefix("\ufeff"), filename, uptodate


def make_env(root: Path, catalog: Catalog, base_path: str, catalogs: dict[str, Catalog]) -> jinja2.Environment:
    """`catalog`'s language's environment; `catalogs`: every language's, for `in_language`."""
    lang = catalog.lang
    env = jinja2.Environment(
        loader=_Templates(root / TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A template edit makes a new environment (the build cache drops the frame), so
        # Jinja need not stat every template file again on each include, page after page.
        auto_reload=False,
    )
    # Must match `trimmed = true` in babel.cfg, or runtime msgids differ from extracted ones.
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(catalog.translations, newstyle=True)
    env.filters.update(
        date=lambda d, form="long": l10n.format_date(d, lang, form),
        partial_date=lambda text: l10n.format_partial_date(str(text), lang),
        at_line_start=l10n.at_line_start,
        money=lambda v, currency="USD", style="long": l10n.format_money(v, currency, lang, style),
        number=lambda v, digits=1: l10n.format_number(v, lang, digits),
        quantity=lambda v, unit, style="long": l10n.format_quantity(v, unit, lang, style),
        isodate=lambda d: d.isoformat(),
        inline_markdown=lambda text: inline_markdown(text, lang),
        # typographic quotes in English text from data (in_lang: the text's own language, if not the page's)
        smart=lambda text, in_lang=None: smart_text(text, in_lang or lang),
    )

    @jinja2.pass_context
    def url(context: jinja2.runtime.Context, target: str) -> str:
        """Link to site path `target` from the page being rendered."""
        here = context["here"]
        if here == "404.html":      # served at any path, so relative links would break
            return base_path + target
        return relative_url(here, target)

    def in_language(target: str, message: str) -> str:
        """`message` in another language: the language switch speaks the reader's language."""
        return catalogs[target].translations.gettext(message)

    # N_ marks a string for extraction (pybabel knows it) without translating it here.
    env.globals.update(url=url, lang=lang, in_language=in_language, N_=lambda message: message,
                       csp=Markup(csp()))   # our own constant: printed as written
    return env


def render(env: jinja2.Environment, name: str, context: dict, diags: Diagnostics,
           source: str | None = None) -> str | None:
    """Render a template; on failure report `templates/x.html:line` and return None."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        path = f"{TEMPLATES_DIR}/{exc.name or name}"
        tag = (re.match(r"Encountered unknown tag '(\w+)'", exc.message or "") or ["", ""])[1]
        opens = tag[3:] if tag.startswith("end") and tag in _TAGS else _INSIDE.get(tag)
        hint = (f"no '{opens}' block is open here: check the tags above it" if opens else did_you_mean(tag, _TAGS)
                or "check the tag's name: block, if, for, set, include, macro, …") if tag else None
        diags.error(Location(path, exc.lineno), f"template syntax: {exc.message}", hint)
    except jinja2.TemplateNotFound as exc:
        diags.error(*_not_found(env, name, str(exc.name), _template_frame(exc)))
    except Exception as exc:        # anything a template does at run time: {{ 1 // 0 }}, an include of itself…
        template, line = _template_frame(exc)
        where = Location(f"{TEMPLATES_DIR}/{template or name}", line)
        message, hint = _describe(exc)
        # One broken template fails every page; say it once, naming the first page.
        if not _said(diags, where, f"template error: {message}"):
            suffix = f" (while rendering {source})" if source else ""
            diags.error(where, f"template error: {message}{suffix}", hint)
    return None


# Jinja's tags and the i18n extension's, to name the one a misspelt tag ('{% blok %}') meant. Written out:
# Jinja keeps its list private (parser._statement_keywords; tests/test_editor_slips.py holds this one to it).
_TAGS = ("autoescape", "endautoescape", "block", "endblock", "call", "endcall", "elif", "else", "extends", "filter",
         "endfilter", "for", "endfor", "from", "if", "endif", "import", "include", "macro", "endmacro", "print", "raw",
         "endraw", "set", "endset", "with", "endwith", "trans", "pluralize", "endtrans")
_INSIDE = {"elif": "if", "else": "if' or 'for", "pluralize": "trans"}


def _not_found(env: jinja2.Environment, name: str, missing: str,
               frame: tuple[str | None, int | None]) -> tuple[Location, str, str]:
    """A missing template, at the include (extends, import) that names it. A name one typo away
    from a template is a typo; else the file was deleted or renamed, and any other name is unrelated
    ('_citations.html' was 'did you mean status.html?', the closest at difflib's usual 0.6)."""
    including, line = frame
    known = env.loader.list_templates() if env.loader else []
    hint = did_you_mean(missing, known, cutoff=0.85) or (
        f"the build renders with it: restore it, e.g. git restore templates/{missing}" if including is None
        else f"restore templates/{missing}, e.g. with git restore, or remove this reference")
    return Location(f"{TEMPLATES_DIR}/{including or name}", line), f"template not found: {missing}", hint


def _said(diags: Diagnostics, where: Location, message: str) -> bool:
    return any(d.location == where and d.message.startswith(message) for d in diags.items)


def add_reports(diags: Diagnostics, reported: Iterable[Diagnostic]) -> None:
    """Add what rendering pages reported elsewhere (sitegen/parallel.py), still saying a
    template error once, for the first page in order that reported it."""
    for diag in reported:
        if diag.message.startswith("template error: ") and \
                _said(diags, diag.location, diag.message.split(" (while rendering ", 1)[0]):
            continue
        diags.items.append(diag)


_NO_ATTRIBUTE = re.compile(r"^'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'$")


def _describe(exc: BaseException) -> tuple[str, str | None]:
    """A readable message, with a "did you mean" for misspelt attributes of our models."""
    if isinstance(exc, RecursionError):
        return ("it includes itself, directly or through other templates",
                "remove the include, import or extends that leads back to it")
    text = str(exc) or type(exc).__name__
    match = _NO_ATTRIBUTE.match(text)
    if not match:
        return text, None
    cls_name, attribute = match.groups()
    from ..load import model  # late import: templating otherwise has no reason to know the model

    cls = getattr(model, cls_name, None)
    fields = list(getattr(cls, "__dataclass_fields__", {}))
    fields += [n for n, v in vars(cls).items() if isinstance(v, property)] if cls else []
    return f"{cls_name} has no attribute '{attribute}'", did_you_mean(attribute, fields)


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in a rewritten Jinja traceback."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        marker = f"/{TEMPLATES_DIR}/"
        if marker in frame.filename.replace("\\", "/"):
            found = (frame.filename.replace("\\", "/").split(marker, 1)[1], frame.lineno)
    return found


_REFERENCES = (nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)
# What a reference looks like in the source: found in ~0.5 ms in all the templates, where parsing
# them all takes ~80 ms (measured 2026-12-06). Only when it sees a circle are the templates parsed, to be sure.
_REFERENCE = re.compile(r"""\{%-?\s*(?:include|extends|import|from)\s+["']([^"']+)["']""")

Edges = dict[str, list[tuple[str, int]]]      # template → (template it references, line)


def report_include_cycles(env: jinja2.Environment, diags: Diagnostics) -> bool:
    """Report each include, extends or import that leads back to its own template; True if there is none.

    At run time such a template recurses until Python's stack is full, on every page: a
    second per page, then a message that names no line. Here the include that closes the
    circle is reported at its line, before anything is rendered.
    """
    if env.loader is None or not _circles(_edges(env, _scanned)):
        return True
    circles = _circles(_edges(env, _parsed))
    for name, target, line in circles:
        via = "itself" if target == name else f"{target}, which leads back to it"
        diags.error(Location(f"{TEMPLATES_DIR}/{name}", line), f"template includes {via}",
                    "remove the include, import or extends that closes the circle")
    return not circles


def _circles(edges: Edges) -> list[tuple[str, str, int]]:
    """(template, target, line) of each reference that leads back to its template."""
    return [(name, target, line) for name in sorted(edges) for target, line in edges[name]
            if _reaches(target, name, edges)]


def _edges(env: jinja2.Environment,
           references: Callable[[jinja2.Environment, str, str], list[tuple[str, int]]]) -> Edges:
    assert env.loader is not None
    edges: Edges = {}
    for name in env.loader.list_templates():
        try:
            source = env.loader.get_source(env, name)[0]
            edges[name] = references(env, source, name)
        except (jinja2.TemplateError, OSError, UnicodeDecodeError):
            continue            # reported when the template is used, in its own words
    return edges


def _scanned(env: jinja2.Environment, source: str, name: str) -> list[tuple[str, int]]:
    return [(match.group(1), source.count("\n", 0, match.start()) + 1) for match in _REFERENCE.finditer(source)]


def _parsed(env: jinja2.Environment, source: str, name: str) -> list[tuple[str, int]]:
    return [(ref.template.value, ref.lineno) for ref in env.parse(source, name).find_all(_REFERENCES)
            if isinstance(ref.template, nodes.Const) and isinstance(ref.template.value, str)]


def _reaches(start: str, goal: str, edges: Edges) -> bool:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name == goal:
            return True
        if name not in seen:
            seen.add(name)
            todo.extend(target for target, _ in edges.get(name, ()))
    return False
