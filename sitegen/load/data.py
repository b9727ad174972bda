"""Read data/: sources, facts, the glossary and chart tables, each number stated once."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, Location, did_you_mean, misspelt_keys, relpath
from ..fingerprint import tree_digest
from .model import Column, Dataset, Fact, SiteData, Source, frozen_map
from .schema import Field, check_mapping, parse_date, parse_number
from .sourcecheck import KINDS, PUBLISHERS_FILE, check_url, publisher_domains
from .static import skipped
from .tables import read_table
from .textcheck import decode_utf8, file_to_read, report_lone_carriage_return
from .texts import load_chart_texts, load_glossary, load_key_numbers
from .yamltext import YamlDoc, entry_ids, read_entries, read_yaml_file

DATA_DIR = "data"
DATA_SUFFIXES = YAML, CSV = ".yaml", ".csv"    # the files of data/ read (the dev server watches these)
UNITS = ("usd", "jpy", "percent", "gw", "mw", "count", "people", "years", "date")
QUALIFIERS = ("approx", "over", "up_to", "at_least")

SOURCE = {      # Source's fields
    "publisher": Field("text", required=True, help="who published it"),
    "title": Field("text", required=True, help="the article or page title"),
    "url": Field("text", help="https://…"),
    "date": Field("partial_date", help="YYYY-MM-DD"),
    "lang": Field("text", help="language of the source, e.g. en"),
    "kind": Field("text", required=True, choices=KINDS),
    "title_ja": Field("text", help="the title in Japanese words, for a source in another language"),
}
FACT = {
    "value": Field("any", help="a number such as 38e9, or a date YYYY-MM-DD"),
    "unit": Field("text", required=True, choices=UNITS),
    "qualifier": Field("text", choices=QUALIFIERS),
    "sources": Field("any", help="[source-id, …]"),
    "note": Field("text"),
    "dataset": Field("text", help="name of a table in data/datasets/"),
    "row": Field("any", help="{column: value} picking one row"),
    "column": Field("text", help="the column to read"),
    "scale": Field("number", help="multiply the cell by this, e.g. 1e9"),
}
DATASET = {
    "title": Field("lang_text", required=True, help="{ja: …, en: …}"),
    "sources": Field("text_list", required=True, help="[source-id, …]"),
    "as_of": Field("date"),
    "notes": Field("lang_text"),
    "columns": Field("any", required=True, help="column: {type: …, label: {ja: …, en: …}}"),
    "description": Field("lang_text"),
}
COLUMN = {
    "type": Field("text", required=True, choices=("text", "number", "date")),
    "localized": Field("bool"),
    "unit": Field("text", help=" | ".join(UNITS)),
    "scale": Field("number"),
    "label": Field("lang_text", required=True, help="{ja: …, en: …}"),
}


def load_data(root: Path, languages: tuple[str, ...], diags: Diagnostics) -> SiteData:
    """Load and cross-check everything under data/."""
    base = root / DATA_DIR
    digest = tree_digest(base)      # before reading: a file edited meanwhile gives the next build another key
    sources: dict[str, Source] = {}
    invalid: set[str] = set()     # reported once here; pages using them stay quiet
    source_docs = _yaml_files(base / "sources", root, diags, invalid)
    # A publishers.yaml that cannot be read is reported once: links are not checked against it.
    unread = any(d.location.path == PUBLISHERS_FILE for d in diags.errors)
    domains = None if unread else publisher_domains(source_docs, diags)
    for doc in (doc for doc in source_docs if doc.path != PUBLISHERS_FILE):
        for sid in entry_ids(doc, "source", diags):
            fields = check_mapping(doc, (sid,), SOURCE, f"source '{sid}'", diags)
            if fields is None:
                invalid.add(sid)
                continue
            source = Source(id=sid, location=doc.at(sid), **(dict.fromkeys(SOURCE) | fields))
            _add_unique(sources, sid, source, "source", diags)
            if source.url:
                check_url(source, domains, doc.at(sid, "url"), diags)

    datasets: dict[str, Dataset] = {}
    ds_dir = base / "datasets"
    for csv_path in sorted(p for p in ds_dir.glob(f"*{CSV}") if not skipped(p.name)) if ds_dir.is_dir() else []:
        dataset = _load_dataset(csv_path, root, languages, diags)
        if dataset is None:
            invalid.add(relpath(csv_path, root))       # charts and facts reading it stay quiet
        else:
            datasets[dataset.name] = dataset
            _check_source_ids(dataset.sources, sources, invalid, dataset.location, diags)

    facts: dict[str, Fact] = {}
    for doc in _yaml_files(base / "facts", root, diags, invalid):
        for key in entry_ids(doc, "fact", diags):
            fact = _load_fact(doc, key, datasets, diags, invalid)
            if fact is None:
                invalid.add(key)
            else:
                _add_unique(facts, key, fact, "fact", diags)
                _check_source_ids(fact.sources, sources, invalid, doc.at(key, "sources"), diags)

    glossary = load_glossary(base / "glossary.yaml", root, languages, invalid, diags)
    charts = load_chart_texts(base / "charts.yaml", root, languages, invalid, diags)
    return SiteData(sources=frozen_map(sorted(sources.items())), facts=frozen_map(sorted(facts.items())),
                    glossary=tuple(glossary), datasets=frozen_map(sorted(datasets.items())),
                    digest=digest, invalid=frozenset(invalid),
                    charts=frozen_map(sorted(charts.items())),
                    key_numbers=load_key_numbers(base / "key_numbers.yaml", root, languages, facts, invalid, diags))


def report_fact_names(data: SiteData, uses: Counter[str], diags: Diagnostics) -> SiteData:
    """The names of facts that pages and their titles (`uses`: how often each) and data/key_numbers.yaml use and no
    fact is.

    When several uses agree on one and none names the fact closest to it, that fact's key is misspelt: one error at
    the key, and the name joins `invalid` (its uses stay quiet). Then data/key_numbers.yaml's other unknown facts
    (a page's are its shortcodes')."""
    known, unknown = (data.key_numbers.numbers, data.key_numbers.unknown) if data.key_numbers else ((), ())
    uses = uses + Counter([*(number.fact for number in known), *(name for name, _ in unknown)])
    meant: dict[str, str] = {}      # a misspelt key → the name its uses agree on
    for near, name, times in misspelt_keys(uses, data.facts, data.invalid.__contains__):
        diags.error(data.facts[near].location, f"fact '{near}': {times} uses refer to '{name}', which no fact "
                    f"is, and none to '{near}'", f"is the key misspelt? write {name}:")
        meant[near] = name
    for name, where in unknown:
        if name not in meant.values():
            diags.error(where, f"unknown fact '{name}'", did_you_mean(name, data.facts) or "add it to data/facts/")
    return replace(data, invalid=data.invalid | set(meant.values())) if meant else data


def _yaml_files(folder: Path, root: Path, diags: Diagnostics, invalid: set[str]) -> list[YamlDoc]:
    """The files of entries in `folder` that can be read (`read_entries`)."""
    paths = sorted(p for p in folder.glob(f"*{YAML}") if not skipped(p.name)) if folder.is_dir() else []
    docs = [read_entries(path, root, diags, invalid) for path in paths]
    return [doc for doc in docs if doc is not None]


def _add_unique(into: dict, key: str, item: Any, what: str, diags: Diagnostics) -> None:
    if key in into:
        diags.error(item.location, f"{what} '{key}' is defined twice (also at {into[key].location})",
                    "keep one definition and reuse its id")
    else:
        into[key] = item


def _check_source_ids(ids: tuple[str, ...], sources: dict[str, Source], invalid: set[str], where: Location,
                      diags: Diagnostics) -> None:
    for sid in ids:
        if sid not in sources and sid not in invalid:       # an invalid source is reported where it is
            diags.error(where, f"unknown source '{sid}'", did_you_mean(sid, sources) or "add it to data/sources/")


def _load_fact(doc: YamlDoc, key: str, datasets: dict[str, Dataset], diags: Diagnostics,
               invalid: set[str]) -> Fact | None:
    f = check_mapping(doc, (key,), FACT, f"fact '{key}'", diags)
    if f is None:
        return None
    where, unit = doc.at(key), f["unit"]
    if ("value" in f) == ("dataset" in f):
        # 'value:' written with nothing after it: said at its line, not as if it were missing.
        empty = next((name for name in ("value", "dataset") if name in doc.value[key] and name not in f), None)
        hints = {"value": "write the figure after it, e.g. value: 38e9",
                 "dataset": "name a table of data/datasets/ after it, e.g. dataset: commitments"}
        diags.error(doc.at(key, empty) if empty else where, f"'{empty}' is empty" if empty else
                    f"fact '{key}' needs either 'value' or 'dataset' (with row and column)", hints.get(empty or ""))
        return None
    if "value" in f:
        value, problem = _fact_value(f["value"], unit)
        if problem:
            diags.error(doc.at(key, "value"), f"'value' {problem}")
            return None
    else:
        value = _cell_value(doc, key, f, datasets, diags, invalid)
        if value is None:
            return None
    sources = f.get("sources") or []
    if not (isinstance(sources, list) and all(isinstance(s, str) for s in sources)):
        diags.error(doc.at(key, "sources"), "'sources' must be a list of source ids", "sources: [techspot-aws]")
        return None
    if not sources and not f.get("note"):
        diags.error(where, f"fact '{key}' has no sources",
                    "add 'sources: [id, …]', or a 'note' saying where it comes from")
        return None
    return Fact(key=key, value=value, unit=unit, qualifier=f.get("qualifier"), sources=tuple(sources),
                note=f.get("note"), location=where)


def _cell_value(doc: YamlDoc, key: str, f: dict, datasets: dict[str, Dataset], diags: Diagnostics,
                invalid: set[str]) -> float | dt.date | str | None:
    name = f["dataset"]
    dataset = datasets.get(name)
    if dataset is None and f"{DATA_DIR}/datasets/{name}.csv" in invalid:
        return None             # the table's own errors are reported
    if dataset is None:
        diags.error(doc.at(key, "dataset"), f"unknown dataset '{name}'",
                    did_you_mean(name, datasets) or "datasets live in data/datasets/<name>.csv")
        return None
    column, row = f.get("column"), f.get("row")
    if column is None or not isinstance(row, dict) or not row:
        diags.error(doc.at(key), f"fact '{key}' reads a dataset, so it needs 'row: {{column: value}}' and 'column'")
        return None
    header = dataset.rows[0].keys()       # a table has rows, or it is not read (tables.read_table)
    for name_ in [column, *row]:
        if name_ not in header:
            diags.error(doc.at(key, "column" if name_ == column else "row"),
                        f"dataset '{dataset.name}' has no column '{name_}'", did_you_mean(str(name_), header))
            return None
    matches = [r for r in dataset.rows if all(r[str(c)] == str(v) for c, v in row.items())]
    if len(matches) != 1:
        near = [did_you_mean(str(v), {r[str(c)] for r in dataset.rows}) for c, v in row.items() if not matches]
        diags.error(doc.at(key, "row"), f"{len(matches)} rows of dataset '{dataset.name}' match {row}",
                    next(filter(None, near), None) or "the row must pick exactly one row" if not matches
                    else "add a column to 'row' so that it picks exactly one row")
        return None
    cell = matches[0][column]
    value, problem = _fact_value(cell, f["unit"]) if cell else (None, "is empty (not disclosed)")
    if problem:
        diags.error(doc.at(key, "column"), f"cell {column} of the matching row {problem}",
                    "a fact needs a value; say in the text that the figure was not disclosed")
        return None
    return value * f.get("scale", 1.0) if isinstance(value, float) else value


def _fact_value(raw: Any, unit: str) -> tuple[Any, str | None]:
    """A number, or for the unit 'date' a date (YYYY-MM-DD) or a partial date, kept as text."""
    if unit == "date":
        return parse_date(raw, partial=len(str(raw)) != 10)
    return parse_number(raw)


def _load_dataset(csv_path: Path, root: Path, languages: tuple[str, ...], diags: Diagnostics) -> Dataset | None:
    rel = relpath(csv_path, root)
    meta_path = csv_path.with_suffix(".yaml")
    if not file_to_read(csv_path, root, diags):
        return None
    if not file_to_read(meta_path, root, diags):
        if not os.path.lexists(meta_path):      # else reported: a link to nothing, a named pipe
            diags.error(Location(rel), "chart table has no description",
                        f"add {relpath(meta_path, root)} with title, sources and columns")
        return None
    doc = read_yaml_file(meta_path, root, diags)
    text = decode_utf8(csv_path.read_bytes(), rel, diags)
    if doc is None or text is None:
        return None
    # Excel's "CSV UTF-8" starts with a BOM; Windows ends lines with CRLF; blank lines at the end
    # are nothing: the table, and its download (charts/<id>.csv), are what the plain file says.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").rstrip("\n") + "\n"
    if not report_lone_carriage_return(text, rel, diags):      # 'new-line character seen in unquoted field'
        return None
    if doc.value is None:       # an empty file: the table would vanish without a word
        diags.error(doc.at(), "the chart table's description is empty",
                    "write its title, sources and columns, as docs/authoring.md shows")
        return None
    meta = check_mapping(doc, (), DATASET, "dataset description", diags)
    if meta is None:
        return None
    columns: list[Column] = []
    if not isinstance(meta["columns"], dict):
        diags.error(doc.at("columns"), "columns must be a mapping of column names")
        return None
    described = True
    for name in meta["columns"]:
        spec = check_mapping(doc, ("columns", name), COLUMN, f"column '{name}'", diags)
        if spec is None:
            described = False
            continue
        columns.append(Column(name=name, type=spec["type"], localized=spec.get("localized", False),
                              unit=spec.get("unit"), scale=spec.get("scale", 1.0), label=spec["label"],
                              location=doc.at("columns", name)))
    types = {cell: col for col in columns
             for cell in ([f"{col.name}_{lang}" for lang in languages] if col.localized else [col.name])}
    table = read_table(text, rel, types, diags)
    if table is None:
        return None
    header, rows = table
    for cell in (cell for cell in types if cell not in header):
        diags.error(Location(rel, 1), f"column '{cell}' is described in {relpath(meta_path, root)} but missing here",
                    did_you_mean(cell, header) or "add it to the header row")
        described = False
    if not described:
        return None
    return Dataset(name=csv_path.stem, csv_path=rel, csv_text=text, title=meta["title"],
                   notes=meta.get("notes", {}), sources=meta["sources"], as_of=meta.get("as_of"),
                   columns=tuple(columns), rows=tuple(rows), location=Location(relpath(meta_path, root)))
