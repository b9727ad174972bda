"""The texts of data/ in every language, each checked to be there in every language: the glossary
(data/glossary.yaml), each chart's title, takeaway and labels (data/charts.yaml), and the labels of
the row of key numbers near the top of a page (data/key_numbers.yaml, written by render/pages.py).
Each key number is a fact from data/facts/, so the row can never disagree with the text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from pathlib import Path

from ..diagnostics import Diagnostics, Location, did_you_mean, misspelt_keys, relpath
from .model import ChartText, Fact, GlossaryEntry, KeyNumber, KeyNumbers
from .schema import Field, check_mapping, has_languages
from .yamltext import YamlDoc, entry_ids, read_data_file, read_entries

GLOSSARY_LANG = {
    "term": Field("text", required=True),
    "reading": Field("text", help="kana, for sorting"),
    "definition": Field("text", required=True),
}
CHART_TEXT = {
    "title": Field("lang_text", help="{ja: …, en: …} (default: the dataset's title)"),
    "takeaway": Field("lang_text", required=True, help="{ja: …, en: …}: one sentence, what the chart shows"),
    "labels": Field("any", help="{name: {ja: …, en: …}}: words the chart needs, e.g. category names"),
}
KEY_NUMBERS = {
    "pages": Field("text_list", required=True, help="[index, deal]: translation keys of the pages that show the row"),
    "numbers": Field("any", required=True, help="- {fact: key, label: {ja: …, en: …}}"),
}
KEY_NUMBER = {
    "fact": Field("text", required=True, help="a key from data/facts/"),
    "label": Field("lang_text", required=True, help="{ja: …, en: …}: a few words saying what the number is"),
}


def load_glossary(path: Path, root: Path, languages: tuple[str, ...], invalid: set[str],
                  diags: Diagnostics) -> list[GlossaryEntry]:
    """data/glossary.yaml. An entry that cannot be read goes into `invalid` (see invalid_glossary_entry):
    reported here, once, not again at every link to it."""
    doc = read_entries(path, root, diags, invalid, invalid_glossary_entry)
    if doc is None:
        _emptied(path, root, invalid_glossary_entry, invalid, diags)
        return []
    entries = []
    spec = {lang: Field("any", required=True) for lang in languages} | {"see": Field("text_list")}
    for gid in entry_ids(doc, "glossary", diags):
        top = check_mapping(doc, (gid,), spec, f"glossary entry '{gid}'", diags)
        per_lang = {lang: check_mapping(doc, (gid, lang), GLOSSARY_LANG, f"glossary entry '{gid}' ({lang})", diags)
                    for lang in languages} if top is not None else {}
        if top is None or any(v is None for v in per_lang.values()):
            invalid.add(invalid_glossary_entry(gid))
            continue
        entries.append(GlossaryEntry(
            id=gid, terms={lang: v["term"] for lang, v in per_lang.items()},
            readings={lang: v.get("reading", v["term"]) for lang, v in per_lang.items()},
            definitions={lang: v["definition"] for lang, v in per_lang.items()}, see=top.get("see", ()),
            location=doc.at(gid)))
    ids = {e.id for e in entries}
    referred = Counter(other for entry in entries for other in entry.see)
    for near, other, times in list(misspelt_keys(referred, ids, lambda name: invalid_glossary_entry(name) in invalid)):
        diags.error(doc.at(near), f"glossary entry '{near}': {times} entries refer to '{other}', which no entry "
                    f"is, and none to '{near}'", f"is the key misspelt? write {other}:")
        ids.add(other)       # said once, here, not at each entry referring to it
    for entry in entries:
        for other in entry.see:
            if other not in ids and invalid_glossary_entry(other) not in invalid:
                diags.error(doc.at(entry.id, "see"), f"glossary entry '{entry.id}' refers to unknown entry '{other}'",
                            did_you_mean(other, ids))
    # 'See also' only what the glossary shows: an entry with errors (reported) is not in it.
    shown = {e.id for e in entries}
    return [replace(entry, see=tuple(other for other in entry.see if other in shown)) for entry in entries]


def load_chart_texts(path: Path, root: Path, languages: tuple[str, ...], invalid: set[str],
                     diags: Diagnostics) -> dict[str, ChartText]:
    """data/charts.yaml: each chart's title, takeaway and labels, in every language. A chart whose
    text has errors goes into `invalid` (see invalid_chart_text): reported here, at its line, once."""
    doc = read_entries(path, root, diags, invalid, invalid_chart_text)
    if doc is None:
        _emptied(path, root, invalid_chart_text, invalid, diags)
        return {}
    texts = {}
    for cid in entry_ids(doc, "chart", diags):
        text = _chart_text(doc, cid, languages, diags)
        if text is None:
            invalid.add(invalid_chart_text(cid))
        else:
            texts[cid] = text
    return texts


def invalid_glossary_entry(entry_id: str) -> str:
    """How `SiteData.invalid` names a glossary entry that cannot be read: links to its anchor stay quiet."""
    return f"data/glossary.yaml#{entry_id}"


def _emptied(path: Path, root: Path, naming: Callable[[str], str], invalid: set[str], diags: Diagnostics) -> None:
    """A file of entries emptied (a failed save, say) read as none: the glossary was published empty, with a
    warning at each link to an entry. One error, and what uses its entries (`naming("*")`: all) stays quiet."""
    if path.is_file() and not path.read_bytes().strip():
        rel = relpath(path, root)
        diags.error(Location(rel, 1), "the file is empty",
                    f"restore its entries with git checkout {rel}, or delete the file if the site has none")
        invalid.add(naming("*"))


def invalid_chart_text(chart_id: str) -> str:
    """How `SiteData.invalid` names a chart whose text in data/charts.yaml has errors: pages placing it stay quiet."""
    return f"data/charts.yaml#{chart_id}"


def _chart_text(doc: YamlDoc, cid: str, languages: tuple[str, ...], diags: Diagnostics) -> ChartText | None:
    f = check_mapping(doc, (cid,), CHART_TEXT, f"chart '{cid}'", diags)
    if f is None:
        return None
    ok = True
    for key in ("title", "takeaway"):
        if key in f and not has_languages(f[key], doc, (cid, key), languages, diags):
            ok = False
    labels = f.get("labels") or {}
    if not isinstance(labels, dict):
        diags.error(doc.at(cid, "labels"), "labels must be a mapping of names to {ja: …, en: …}")
        return None
    for name, text in labels.items():
        if not isinstance(text, dict) or not all(isinstance(v, str) for v in text.values()):
            diags.error(doc.at(cid, "labels", name), f"label '{name}' must be {{ja: …, en: …}}")
            ok = False
        elif not has_languages(text, doc, (cid, "labels", name), languages, diags):
            ok = False
    if not ok:
        return None
    return ChartText(id=cid, title=f.get("title"), takeaway=f["takeaway"],
                     labels={str(k): dict(v) for k, v in labels.items()}, location=doc.at(cid))


def load_key_numbers(path: Path, root: Path, languages: tuple[str, ...], facts: Mapping[str, Fact],
                     invalid: set[str], diags: Diagnostics) -> KeyNumbers | None:
    """data/key_numbers.yaml, checked against the facts; None if there is none (or it is wrong)."""
    doc = read_data_file(path, root, diags)
    if doc is None:
        return None
    top = check_mapping(doc, (), KEY_NUMBERS, "key_numbers.yaml", diags)
    if top is None:
        return None
    if not isinstance(top["numbers"], list) or not top["numbers"]:
        diags.error(doc.at("numbers"), "'numbers' must be a list of {fact: key, label: {ja: …, en: …}}")
        return None
    numbers, unknown = [], []
    for index in range(len(top["numbers"])):
        fields = check_mapping(doc, ("numbers", index), KEY_NUMBER, f"key number {index + 1}", diags)
        if fields is None:
            continue
        key = fields["fact"]
        if key not in facts:
            if key not in invalid:      # reported with the pages' uses in view: the key may be what is misspelt
                unknown.append((key, doc.at("numbers", index, "fact")))
            continue
        if has_languages(fields["label"], doc, ("numbers", index, "label"), languages, diags):
            numbers.append(KeyNumber(key, fields["label"]))
    return KeyNumbers(frozenset(top["pages"]), tuple(numbers), doc.at("pages"), tuple(unknown))


def check_key_number_pages(key_numbers: KeyNumbers | None, keys: Collection[str], diags: Diagnostics) -> None:
    """Each page data/key_numbers.yaml names is one: a misspelt key left the row off its page without a word."""
    for key in sorted(key_numbers.pages - set(keys)) if key_numbers else ():
        diags.warning(key_numbers.where, f"no page has the translation key '{key}', so none shows the row for it",
                      did_you_mean(key, keys) or "name a page by its file name, without .md (or its translation_key)")
