"""Check that every interface string in the templates has a catalogue entry.

The same extraction `pybabel extract -F babel.cfg` does, run in-process so a build
fails as soon as someone adds `{{ _("…") }}` without adding it to the .po files.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from ..diagnostics import Diagnostics, Location
from .l10n import Catalog, po_path
from .templating import TEMPLATES_DIR

_METHOD_MAP = [("**.html", "jinja2"), ("**.xml", "jinja2")]
_OPTIONS = {"**.html": {"trimmed": "true"}, "**.xml": {"trimmed": "true"}}


def template_messages(root: Path) -> dict[str, Location]:
    """msgid → where it first appears in templates/."""
    found: dict[str, Location] = {}
    extracted = extract_from_dir(str(root / TEMPLATES_DIR), method_map=_METHOD_MAP, options_map=_OPTIONS)
    for filename, line, message, _comments, _context in extracted:
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, Location(f"{TEMPLATES_DIR}/{filename}", line))
    return dict(sorted(found.items()))


def check_catalogs(root: Path, catalogs: dict[str, Catalog], diags: Diagnostics) -> None:
    """Missing entries are errors; untranslated or fuzzy ones are warnings."""
    messages = template_messages(root)
    for lang, catalog in sorted(catalogs.items()):
        po = po_path(root, lang).relative_to(root).as_posix()
        for msgid, where in messages.items():
            if msgid not in catalog.msgids:
                diags.error(where, f"interface string {msgid!r} is not in {po}", "run: make messages")
            elif lang != "en" and msgid in catalog.untranslated:
                diags.warning(Location(po), f"{msgid!r} has no {lang} translation", f"translate it in {po}")
            elif msgid in catalog.fuzzy:
                diags.warning(Location(po), f"{msgid!r} is marked fuzzy and will show in English",
                              f"check the translation in {po} and remove the fuzzy flag")
