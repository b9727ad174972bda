"""`python build.py stamp FILE…`: record that a translation is up to date with its original."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from ..diagnostics import BuildError, Diagnostics, Location, did_you_mean, relpath
from ..load.pairs import original_hint, pairing_errors
from ..output.write import write_file_atomic
from ..pipeline import load_site


def stamp(root: Path, files: list[Path]) -> int:
    """Write the original's current digest into each translation's front matter."""
    loaded = Diagnostics()
    site = load_site(root, loaded)
    # What stops a stamp is what stops `status`: the pages' own errors, not the data's. A page the
    # errors are about is not reported again as 'not a page' or 'without an original'.
    diags = pairing_errors(loaded)
    by_source = {p.source: p for p in site.pages}
    updates: dict[Path, str] = {}
    for file in files:
        # Relative to the current folder, or else to the project (`--root`, as in the examples).
        rels = [relpath(path, root) for path in ([file] if file.is_absolute() else [Path.cwd() / file, root / file])]
        rel = next((rel for rel in rels if rel in by_source or rel in site.unreadable), rels[0])
        page = by_source.get(rel)
        if page is None:
            if rel not in site.unreadable:
                diags.error(Location(rel), "not a page of this site", _nearest(rel, by_source))
            continue
        others = [p for lang, p in sorted(site.by_key[page.key].items()) if lang != page.lang]
        originals = [p for p in others if p.meta.source_hash is None]
        if not originals:
            if not site.unreadable:
                hint = ("stamp the translation, not the original" if others else "it is an original without a "
                        "translation yet" if page.meta.source_hash is None else original_hint(page, site.by_key))
                diags.error(Location(rel), "no original to stamp against", hint)
            continue
        updates[root / rel] = originals[0].digest
    if diags.errors:
        raise BuildError(diags)
    stamped: list[str] = []
    try:
        for path, digest in updates.items():
            write_file_atomic(path, _with_source_hash(path.read_bytes().decode("utf-8"), digest).encode("utf-8"))
            stamped.append(relpath(path, root))
            print(f"{stamped[-1]}: source_hash: {digest}")
    except BaseException as exc:    # a fault or a signal part-way: the command line ends with what was done
        rest = [relpath(path, root) for path in list(updates)[len(stamped):]]
        exc.add_note(f"stamped {', '.join(stamped)}; not stamped: {', '.join(rest)} (run stamp again for those)"
                     if stamped else "no file stamped")
        raise
    return 0


def _with_source_hash(text: str, digest: str) -> str:
    """`text` with its source_hash line set to `digest`; every other byte as it was (Windows line endings too)."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    cr = "\r" if lines[end].endswith("\r") else ""
    for i in range(1, end):
        if re.match(r"source_hash\s*:", lines[i]):
            lines[i] = f"source_hash: {digest}{cr}"
            return "\n".join(lines)
    lines.insert(end, f"source_hash: {digest}{cr}")
    return "\n".join(lines)


def _nearest(rel: str, sources: Iterable[str]) -> str:
    """'did you mean' the page of that folder whose name is nearest (the '.md' left out, or misspelt)."""
    folder, name = posixpath.split(rel)
    names = {posixpath.basename(source)[:-3]: source for source in sources if posixpath.dirname(source) == folder}
    near = did_you_mean(name.removesuffix(".md"), names)
    return next((f"did you mean '{source}'?" for stem, source in names.items() if near == f"did you mean '{stem}'?"),
                "give a path such as content/en/deal.md")
