"""Reading data/key_numbers.yaml (its format: docs/authoring.md, "Key numbers"): the row of key
numbers near the top of a page, which render/pages.py writes. Each number is a fact from
data/facts/, so the row can never disagree with the text; only its label is written there.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..diagnostics import Diagnostics, did_you_mean
from .model import Fact, KeyNumber, KeyNumbers
from .schema import Field, check_mapping, has_languages
from .yamltext import read_data_file

FILE = "key_numbers.yaml"
TOP = {
    "pages": Field("text_list", required=True, help="[index, deal]: translation keys of the pages that show the row"),
    "numbers": Field("any", required=True, help="- {fact: key, label: {ja: …, en: …}}"),
}
NUMBER = {
    "fact": Field("text", required=True, help="a key from data/facts/"),
    "label": Field("lang_text", required=True, help="{ja: …, en: …}: a few words saying what the number is"),
}


def load_key_numbers(base: Path, root: Path, languages: tuple[str, ...], facts: Mapping[str, Fact],
                     invalid: set[str], diags: Diagnostics) -> KeyNumbers | None:
    """data/key_numbers.yaml, checked against the facts; None if there is none (or it is wrong)."""
    path = base / FILE
    doc = read_data_file(path, root, diags)
    if doc is None:
        return None
    top = check_mapping(doc, (), TOP, FILE, diags)
    if top is None:
        return None
    if not isinstance(top["numbers"], list) or not top["numbers"]:
        diags.error(doc.at("numbers"), "'numbers' must be a list of {fact: key, label: {ja: …, en: …}}")
        return None
    numbers = []
    for index in range(len(top["numbers"])):
        fields = check_mapping(doc, ("numbers", index), NUMBER, f"key number {index + 1}", diags)
        if fields is None:
            continue
        key = fields["fact"]
        if key not in facts:
            if key not in invalid:
                diags.error(doc.at("numbers", index, "fact"), f"unknown fact '{key}'",
                            did_you_mean(key, facts) or "add it to data/facts/")
            continue
        if has_languages(fields["label"], doc, ("numbers", index, "label"), languages, diags):
            numbers.append(KeyNumber(key, fields["label"]))
    return KeyNumbers(frozenset(top["pages"]), tuple(numbers))
