"""How the pages of content/<lang>/ pair across languages: a page's counterpart, each translation's
state against its original, the warnings of pairs that are missing or say no original, and where a
page gone from one language went (as its translation tells).

Split from load/content.py (reading a file into a `Page`), which lays the pages out and calls
`check_pairs`; this module reads only the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ..diagnostics import Diagnostics
from .model import Page, Site, Translation
from .placeholders import UNTRANSLATED

CONTENT_DIR = "content"


def pairing_errors(diags: Diagnostics) -> Diagnostics:
    """The errors of loading that leave pages or their pairs unknown, those in content/ (a page
    that cannot be read, two claiming one URL or key): translation states despite them are guesses."""
    return Diagnostics([d for d in diags.errors if d.location.path.startswith(CONTENT_DIR + "/")])


def translation_states(site: Site) -> dict[tuple[str, str], Translation]:
    """Each page's state by (language, key)."""
    return {(lang, key): state for key, group in site.by_key.items() for lang, state in group_states(group).items()}


def group_states(group: Mapping[str, Page]) -> dict[str, Translation]:
    return {lang: translation_of(page, group) for lang, page in group.items()}


def translation_of(page: Page, group: Mapping[str, Page]) -> Translation:
    """State of `page`: an original, or a translation that is up to date, stale, not yet
    translated (as `new` makes it), or of unknown origin."""
    if page.meta.source_hash is None:
        return Translation("original", None)
    originals = [p for lang, p in sorted(group.items()) if lang != page.lang and p.meta.source_hash is None]
    if not originals:       # its original renamed or deleted (the build warns), or none of the pair is one
        return Translation("unknown", None)
    original = originals[0]
    if page.meta.source_hash == UNTRANSLATED:
        return Translation("untranslated", original)
    state = "translated" if page.meta.source_hash == original.digest else "stale"
    return Translation(state, original)


def check_pairs(by_key: dict[str, dict[str, Page]], languages: tuple[str, ...], broken: frozenset[str],
                diags: Diagnostics) -> None:
    """Warn about missing translations and pairs that do not say which page is the original."""
    keyed = {page.source: page for group in by_key.values() for page in group.values()}
    # Translations whose original is not found, by the original they most likely had (renamed in one language).
    orphans = {(likely.source, page.lang): page.source for group in by_key.values() if len(group) == 1
               for page in group.values() if page.meta.source_hash and (likely := likely_original(page, by_key))}
    for _key, group in sorted(by_key.items()):
        missing = [lang for lang in languages if lang not in group]
        for page in (page for page in group.values() if page.meta.source_hash is None):
            for lang in missing:
                if (twin := keyed.get(counterpart(page, lang))) is not None:   # there, with another key
                    diags.warning(page.at(), f"no {lang} translation: {twin.source} has translation key "
                                  f"'{twin.key}', this page '{page.key}'", "give the two the same translation_key")
                elif twin_source := orphans.get((page.source, lang)):
                    diags.warning(page.at(), f"no {lang} translation: {twin_source} may be it, renamed",
                                  "give the two the same file name or translation_key")
                elif counterpart(page, lang) not in broken:
                    diags.warning(page.at(), f"no {lang} translation", f"add {counterpart(page, lang)}")
        translations = [p for p in group.values() if p.meta.source_hash is not None]
        if len(group) > 1 and not translations:
            for page in list(group.values())[1:]:
                diags.warning(page.at(), "translation does not record which version of the original it was made from",
                              f"run: python build.py stamp {page.source}")
        if len(group) > 1 and len(translations) == len(group):
            for page in translations:
                diags.error(page.at("source_hash"), "every page of this pair has source_hash, so none is the original",
                            "remove source_hash from the original")
        for page in translations:
            if page.meta.source_hash == UNTRANSLATED and len(group) > 1:
                diags.warning(page.at("source_hash"), "not translated yet ('source_hash: untranslated')",
                              f"translate the page, then run: python build.py stamp {page.source}")
            # An original that could not be read has its own error; this would only echo it.
            if len(group) == 1 and not any(counterpart(page, lang) in broken for lang in languages):
                diags.warning(page.at("source_hash"), "source_hash is set but the original does not exist",
                              original_hint(page, by_key))


def original_hint(page: Page, by_key: Mapping[str, Mapping[str, Page]]) -> str:
    """How to mend translation `page` whose original is not found: an original renamed (the likeliest
    named), or the page is the original now."""
    original = likely_original(page, by_key)
    renamed = f"if its original is {original.source} (renamed?), " if original else "if its original was renamed, "
    return (f"{renamed}give the two the same file name or translation_key; if this page is the original now, "
            "remove its source_hash")


def likely_original(page: Page, by_key: Mapping[str, Mapping[str, Page]]) -> Page | None:
    """The original that translation `page`, whose own is not found, most likely had (renamed): of the
    originals without a translation in its language, the one unchanged since the stamp, or the closest key."""
    import difflib  # here, not at the top: only this message needs it

    alone = {p.key: p for group in by_key.values() if page.lang not in group
             for p in group.values() if p.meta.source_hash is None}
    near = ([key for key, p in alone.items() if p.digest == page.meta.source_hash]     # unchanged since the stamp
            or difflib.get_close_matches(page.key, sorted(alone), n=1))
    return alone[near[0]] if near else None


def moved_pages(pages: Iterable[Page]) -> dict[str, tuple[str, str]]:
    """Content files that do not exist, each → (the page that a page of that name in another language
    says it is now, that page): the page of its translation key (moved or renamed, keeping translation_key),
    or, for a translation whose original is gone, the original with the digest it was stamped against
    (moved or renamed unchanged: as `likely_original` finds it). For "did you mean" on links to them."""
    by_source = {page.source: page for page in pages}
    by_key = {(page.lang, page.key): page for page in by_source.values()}
    by_digest = {(page.lang, page.digest): page for page in by_source.values() if page.meta.source_hash is None}
    moved: dict[str, tuple[str, str]] = {}
    languages = sorted({lang for lang, _key in by_key})     # once: per page, it was 2,002² steps at 2,002 pages
    for page in by_source.values():
        for lang in (lang for lang in languages if lang != page.lang):
            now = by_key.get((lang, page.key)) or by_digest.get((lang, page.meta.source_hash or ""))
            if now is not None and (there := counterpart(page, lang)) not in by_source:
                moved.setdefault(there, (now.source, page.source))
    return moved


def counterpart(page: Page, lang: str) -> str:
    """The file that would be `page` in language `lang`: the same path under content/<lang>/."""
    return f"{CONTENT_DIR}/{lang}/" + Path(page.source).relative_to(Path(CONTENT_DIR) / page.lang).as_posix()
