"""`python build.py new <slug>`: a page in every language, with valid front matter."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from ..diagnostics import BuildError, Diagnostics, Location
from ..load.config import SiteConfig, load_config
from ..load.content import CONTENT_DIR, SLUG
from ..load.placeholders import BODY, DESCRIPTION, TITLE, UNTRANSLATED
from ..load.schema import today
from ..load.static import STATIC_DIR
from ..output.search import search_path
from ..output.write import write_file_atomic
from ..pipeline import load_site


def new_page(root: Path, slug: str, titles: Mapping[str, str | None] | None = None) -> int:
    """Write content/<lang>/<slug>.md for every language: the first language's is the original,
    the others are translations not yet made (`source_hash: untranslated`)."""
    diags = Diagnostics()
    config = load_config(root)
    if not SLUG.fullmatch(slug):      # as a file name under content/<lang>/ must be: 'topics/gpu' is in a folder
        meant = re.sub(r"[\s_]+", "-", slug.strip().lower().removesuffix(".md").removeprefix("content/"))
        meant = meant.split("/", 1)[1] if meant.split("/", 1)[0] in config.languages and "/" in meant else meant
        diags.error(Location("<command line>"), f"'{slug}' is not a valid slug",
                    (f"did you mean '{meant}'? a slug has" if SLUG.fullmatch(meant) else "use") +
                    " lowercase letters, digits and '-', e.g. energy-use, and '/' between folders, e.g. topics/gpu")
        raise BuildError(diags)
    paths = {lang: root / CONTENT_DIR / lang / f"{slug}.md" for lang in config.languages}
    existing = [f"{CONTENT_DIR}/{lang}/{slug}.md" for lang, path in paths.items() if path.exists()]
    if existing:
        diags.error(Location(existing[0]), f"the page '{slug}' already exists: {', '.join(existing)}",
                    "edit it there, or choose another slug")
    else:
        _check_unclaimed(config, slug, diags)
    if diags.errors:
        raise BuildError(diags)
    original = config.languages[0]
    made: list[Path] = []
    try:
        for lang, path in paths.items():
            title = " ".join(((titles or {}).get(lang) or "").split()) or TITLE[lang]     # '  ' is no title
            lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}",
                     f"description: {DESCRIPTION[lang]}", f"date: {today().isoformat()}"]
            if lang != original:
                lines.append(f"source_hash: {UNTRANSLATED}")
            write_file_atomic(path, "\n".join([*lines, "---", "", BODY[lang]]).encode("utf-8"))
            made.append(path)
    except BaseException:       # one language's file could not be written (a full disk): no half pair left
        for path in made:
            path.unlink(missing_ok=True)
        raise
    for path in made:
        print(f"created {path.relative_to(root).as_posix()}")
    print(f"preview: python build.py serve, then open http://127.0.0.1:8000{config.base_path}{original}/{slug}/")
    translations = " ".join(f"{CONTENT_DIR}/{lang}/{slug}.md" for lang in config.languages if lang != original)
    print(f"replace the placeholders (check and --strict point at any left); "
          f"once translated, run: python build.py stamp {translations}")
    return 0


def _check_unclaimed(config: SiteConfig, slug: str, diags: Diagnostics) -> None:
    """A page whose front matter already takes this URL or translation key would clash at the next build."""
    for page in load_site(config.root, Diagnostics()).pages:      # as a build reads them
        if page.slug == slug or page.key == slug:
            what = "URL" if page.slug == slug else "translation key"
            diags.error(page.at("slug" if page.slug == slug else "translation_key"),
                        f"this page already has the {what} '{slug}'", "choose another slug")
    # Or a file the build makes itself there (the next build would refuse the page: checks.check_page_paths).
    for lang in config.languages:
        published = config.root / STATIC_DIR / lang / slug / "index.html"
        made = ("the search page" if f"{lang}/{slug}/" == search_path(lang) else
                published.relative_to(config.root).as_posix() if published.is_file() else None)
        if made:
            diags.error(Location("<command line>"), f"the URL /{lang}/{slug}/ is {made}'s", "choose another slug")
