"""Read data/: sources, facts, the glossary and chart tables, each number stated once."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, Location, did_you_mean, relpath
from .keynumbers import load_key_numbers
from .model import ChartText, Column, Dataset, Fact, GlossaryEntry, SiteData, Source, frozen_map
from .schema import Field, check_mapping, parse_date, parse_number
from .sourcecheck import check_sources, source_files
from .tables import ColumnType, read_table
from .yamltext import YamlDoc, parse_yaml

DATA_DIR = "data"
UNITS = ("usd", "jpy", "percent", "gw", "mw", "count", "people", "years", "date")
QUALIFIERS = ("approx", "over", "up_to", "at_least")

SOURCE = {
    "publisher": Field("text", required=True, help="who published it"),
    "title": Field("text", required=True, help="the article or page title"),
    "url": Field("text", help="https://…"),
    "date": Field("partial_date", help="YYYY-MM-DD"),
    "lang": Field("text", help="language of the source, e.g. en"),
    "kind": Field("text", required=True, help="primary | news | analysis"),
}
FACT = {
    "value": Field("any", help="a number such as 38e9, or a date YYYY-MM-DD"),
    "unit": Field("text", required=True, help=" | ".join(UNITS)),
    "qualifier": Field("text", help=" | ".join(QUALIFIERS)),
    "sources": Field("any", help="[source-id, …]"),
    "note": Field("text"),
    "dataset": Field("text", help="name of a table in data/datasets/"),
    "row": Field("any", help="{column: value} picking one row"),
    "column": Field("text", help="the column to read"),
    "scale": Field("number", help="multiply the cell by this, e.g. 1e9"),
}
GLOSSARY_LANG = {
    "term": Field("text", required=True),
    "reading": Field("text", help="kana, for sorting"),
    "definition": Field("text", required=True),
}
DATASET = {
    "title": Field("lang_text", required=True, help="{ja: …, en: …}"),
    "sources": Field("text_list", required=True, help="[source-id, …]"),
    "as_of": Field("date"),
    "notes": Field("lang_text"),
    "columns": Field("any", required=True, help="column: {type: …, label: {ja: …, en: …}}"),
    "description": Field("lang_text"),
}
CHART_TEXT = {
    "title": Field("lang_text", help="{ja: …, en: …} (default: the dataset's title)"),
    "takeaway": Field("lang_text", required=True, help="{ja: …, en: …}: one sentence, what the chart shows"),
    "labels": Field("any", help="{name: {ja: …, en: …}}: words the chart needs, e.g. category names"),
}
COLUMN = {
    "type": Field("text", required=True, help="text | number | date"),
    "localized": Field("bool"),
    "unit": Field("text", help=" | ".join(UNITS)),
    "scale": Field("number"),
    "label": Field("lang_text", required=True, help="{ja: …, en: …}"),
}


def load_data(root: Path, languages: tuple[str, ...], diags: Diagnostics) -> SiteData:
    """Load and cross-check everything under data/."""
    base = root / DATA_DIR
    digest = hashlib.sha256()
    for path in sorted(base.rglob("*")) if base.is_dir() else []:
        if path.is_file():
            digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())

    sources: dict[str, Source] = {}
    invalid: set[str] = set()     # reported once here; pages using them stay quiet
    source_docs = _yaml_files(base / "sources", root, diags)
    for doc in source_files(source_docs):
        for sid in _entries(doc, "source", diags):
            fields = check_mapping(doc, (sid,), SOURCE, f"source '{sid}'", diags)
            if fields is None:
                invalid.add(sid)
            else:
                _add_unique(sources, sid, Source(id=sid, location=doc.at(sid), publisher=fields["publisher"],
                            title=fields["title"], url=fields.get("url"), date=fields.get("date"),
                            lang=fields.get("lang"), kind=fields["kind"]), "source", diags)
    check_sources(source_docs, sources, diags)

    datasets: dict[str, Dataset] = {}
    ds_dir = base / "datasets"
    for csv_path in sorted(ds_dir.glob("*.csv")) if ds_dir.is_dir() else []:
        dataset = _load_dataset(csv_path, root, languages, diags)
        if dataset is None:
            invalid.add(relpath(csv_path, root))       # charts and facts reading it stay quiet
        else:
            datasets[dataset.name] = dataset
            _check_source_ids(dataset.sources, sources, dataset.location, diags)

    facts: dict[str, Fact] = {}
    for doc in _yaml_files(base / "facts", root, diags):
        for key in _entries(doc, "fact", diags):
            fact = _load_fact(doc, key, datasets, diags, invalid)
            if fact is None:
                invalid.add(key)
            else:
                _add_unique(facts, key, fact, "fact", diags)
                _check_source_ids(fact.sources, sources, doc.at(key, "sources"), diags)

    glossary = _load_glossary(base / "glossary.yaml", root, languages, diags)
    charts = _load_chart_texts(base / "charts.yaml", root, languages, diags)
    return SiteData(sources=frozen_map(sorted(sources.items())), facts=frozen_map(sorted(facts.items())),
                    glossary=tuple(glossary), datasets=frozen_map(sorted(datasets.items())),
                    digest=digest.hexdigest()[:16], invalid=frozenset(invalid),
                    charts=frozen_map(sorted(charts.items())),
                    key_numbers=load_key_numbers(base, root, languages, facts, invalid, diags))


def _yaml_files(folder: Path, root: Path, diags: Diagnostics) -> list[YamlDoc]:
    docs = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        doc = _read_yaml(path, root, diags)
        if doc is not None and doc.value is not None:
            docs.append(doc)
    return docs


def _read_yaml(path: Path, root: Path, diags: Diagnostics) -> YamlDoc | None:
    rel = relpath(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        diags.error(Location(rel), f"not UTF-8 ({exc.reason})", "save the file as UTF-8")
        return None
    return parse_yaml(text, rel, 1, diags)


def _entries(doc: YamlDoc, what: str, diags: Diagnostics) -> list[str]:
    if not isinstance(doc.value, dict):
        diags.error(doc.at(), f"expected a mapping of {what} ids to {what}s")
        return []
    return [str(k) for k in doc.value]


def _add_unique(into: dict, key: str, item: Any, what: str, diags: Diagnostics) -> None:
    if key in into:
        diags.error(item.location, f"{what} '{key}' is defined twice (also at {into[key].location})",
                    "keep one definition and reuse its id")
    else:
        into[key] = item


def _check_source_ids(ids: tuple[str, ...], sources: dict[str, Source], where: Location,
                      diags: Diagnostics) -> None:
    for sid in ids:
        if sid not in sources:
            diags.error(where, f"unknown source '{sid}'", did_you_mean(sid, sources) or "add it to data/sources/")


def _load_fact(doc: YamlDoc, key: str, datasets: dict[str, Dataset], diags: Diagnostics,
               invalid: set[str]) -> Fact | None:
    f = check_mapping(doc, (key,), FACT, f"fact '{key}'", diags)
    if f is None:
        return None
    where = doc.at(key)
    unit, qualifier = f["unit"], f.get("qualifier")
    if unit not in UNITS:
        diags.error(doc.at(key, "unit"), f"unknown unit '{unit}'",
                    did_you_mean(unit, UNITS) or "use one of " + ", ".join(UNITS))
        return None
    if qualifier is not None and qualifier not in QUALIFIERS:
        diags.error(doc.at(key, "qualifier"), f"unknown qualifier '{qualifier}'",
                    did_you_mean(qualifier, QUALIFIERS) or "use one of " + ", ".join(QUALIFIERS))
        return None
    if ("value" in f) == ("dataset" in f):
        diags.error(where, f"fact '{key}' needs either 'value' or 'dataset' (with row and column)")
        return None
    if "value" in f:
        raw = f["value"]
        value, problem = parse_date(raw, partial=True) if unit == "date" else parse_number(raw)
        if unit == "date" and not problem and len(str(raw)) == 10:
            value, _ = parse_date(raw)      # a full date: keep it a date
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
    return Fact(key=key, value=value, unit=unit, qualifier=qualifier, sources=tuple(sources),
                note=f.get("note"), location=where)


def _cell_value(doc: YamlDoc, key: str, f: dict, datasets: dict[str, Dataset], diags: Diagnostics,
                invalid: set[str]):
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
    header = dataset.rows[0].keys() if dataset.rows else ()
    for name_ in [column, *row]:
        if name_ not in header:
            diags.error(doc.at(key, "column" if name_ == column else "row"),
                        f"dataset '{dataset.name}' has no column '{name_}'", did_you_mean(str(name_), header))
            return None
    matches = [r for r in dataset.rows if all(r[str(c)] == str(v) for c, v in row.items())]
    if len(matches) != 1:
        diags.error(doc.at(key, "row"), f"{len(matches)} rows of dataset '{dataset.name}' match {row}",
                    "the row must pick exactly one row")
        return None
    cell = matches[0][column]
    if f.get("unit") == "date":
        value, problem = parse_date(cell, partial=len(cell) != 10)
    else:
        value, problem = parse_number(cell) if cell else (None, "is empty (not disclosed)")
    if problem:
        diags.error(doc.at(key, "column"), f"cell {column} of the matching row {problem}",
                    "a fact needs a value; say in the text that the figure was not disclosed")
        return None
    return value * f.get("scale", 1.0) if isinstance(value, float) else value


def _load_dataset(csv_path: Path, root: Path, languages: tuple[str, ...], diags: Diagnostics) -> Dataset | None:
    rel = relpath(csv_path, root)
    meta_path = csv_path.with_suffix(".yaml")
    if not meta_path.is_file():
        diags.error(Location(rel), "chart table has no description",
                    f"add {relpath(meta_path, root)} with title, sources and columns")
        return None
    doc = _read_yaml(meta_path, root, diags)
    try:
        text = csv_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        diags.error(Location(rel), f"not UTF-8 ({exc.reason})", "save the file as UTF-8")
        return None
    if doc is None or doc.value is None:
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
        if spec["type"] not in ("text", "number", "date"):
            diags.error(doc.at("columns", name, "type"), f"unknown column type '{spec['type']}'",
                        "text | number | date")
            described = False
            continue
        columns.append(Column(name=name, type=spec["type"], localized=spec.get("localized", False),
                              unit=spec.get("unit"), scale=spec.get("scale", 1.0), label=spec["label"]))
    types = {cell: ColumnType(col.type, col.scale) for col in columns
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
    as_of = meta.get("as_of")
    return Dataset(name=csv_path.stem, csv_path=rel, csv_text=text, title=meta["title"],
                   notes=meta.get("notes", {}), sources=meta["sources"], as_of=as_of,
                   columns=tuple(columns), rows=tuple(rows), location=Location(relpath(meta_path, root)))


def _load_glossary(path: Path, root: Path, languages: tuple[str, ...], diags: Diagnostics) -> list[GlossaryEntry]:
    if not path.is_file():
        return []
    doc = _read_yaml(path, root, diags)
    if doc is None or doc.value is None:
        return []
    entries = []
    spec = {lang: Field("any", required=True) for lang in languages} | {"see": Field("text_list")}
    for gid in _entries(doc, "glossary", diags):
        top = check_mapping(doc, (gid,), spec, f"glossary entry '{gid}'", diags)
        if top is None:
            continue
        per_lang = {lang: check_mapping(doc, (gid, lang), GLOSSARY_LANG, f"glossary entry '{gid}' ({lang})", diags)
                    for lang in languages}
        if any(v is None for v in per_lang.values()):
            continue
        entries.append(GlossaryEntry(
            id=gid,
            terms={lang: v["term"] for lang, v in per_lang.items()},
            readings={lang: v.get("reading", v["term"]) for lang, v in per_lang.items()},
            definitions={lang: v["definition"] for lang, v in per_lang.items()},
            see=top.get("see", ()),
            location=doc.at(gid),
        ))
    ids = {e.id for e in entries}
    for entry in entries:
        for other in entry.see:
            if other not in ids:
                diags.error(doc.at(entry.id, "see"), f"glossary entry '{entry.id}' refers to unknown entry '{other}'",
                            did_you_mean(other, ids))
    return entries


def _load_chart_texts(path: Path, root: Path, languages: tuple[str, ...], diags: Diagnostics) -> dict[str, ChartText]:
    """data/charts.yaml: each chart's title, takeaway and labels, in every language."""
    if not path.is_file():
        return {}
    doc = _read_yaml(path, root, diags)
    if doc is None or doc.value is None:
        return {}
    texts = {}
    for cid in _entries(doc, "chart", diags):
        f = check_mapping(doc, (cid,), CHART_TEXT, f"chart '{cid}'", diags)
        if f is None:
            continue
        ok = all(_has_languages(f[key], doc, (cid, key), languages, diags) for key in ("title", "takeaway") if key in f)
        labels = f.get("labels") or {}
        if not isinstance(labels, dict):
            diags.error(doc.at(cid, "labels"), "labels must be a mapping of names to {ja: …, en: …}")
            continue
        for name, text in labels.items():
            if not isinstance(text, dict) or not all(isinstance(v, str) for v in text.values()):
                diags.error(doc.at(cid, "labels", name), f"label '{name}' must be {{ja: …, en: …}}")
                ok = False
            elif not _has_languages(text, doc, (cid, "labels", name), languages, diags):
                ok = False
        if ok:
            texts[cid] = ChartText(id=cid, title=f.get("title"), takeaway=f["takeaway"],
                                   labels={str(k): dict(v) for k, v in labels.items()}, location=doc.at(cid))
    return texts


def _has_languages(text: dict, doc: YamlDoc, key: tuple, languages: tuple[str, ...], diags: Diagnostics) -> bool:
    missing = [lang for lang in languages if not str(text.get(lang) or "").strip()]
    if missing:
        diags.error(doc.at(*key), f"'{key[-1]}' has no {', '.join(missing)} text", "write {ja: …, en: …}")
    return not missing
