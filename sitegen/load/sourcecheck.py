"""Sources must point at their publishers: a kind each, and links only to the publisher's own site.

`data/sources/publishers.yaml` declares every publisher's web domains once:

    Reuters:
      domains: [reuters.com]

A source's `url` must be on one of its publisher's domains (or a subdomain of one), so that a
copy of a Reuters story on an aggregator cannot be cited as "Reuters". A source whose original
address cannot be confirmed is cited without a `url` (publisher, headline and date only).
Every source also says what `kind` of source it is, shown on the sources page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from ..diagnostics import Diagnostics, Location, did_you_mean
from .model import Source
from .schema import Field, check_mapping
from .yamltext import YamlDoc

PUBLISHERS_FILE = "publishers.yaml"
KINDS = ("primary", "news", "analysis")       # the order of the sources page's sections
PUBLISHER = {"domains": Field("text_list", required=True, help="[example.com, …]: the sites it publishes on")}


def source_files(docs: Iterable[YamlDoc]) -> list[YamlDoc]:
    """The files of data/sources/ that hold sources (every one but publishers.yaml)."""
    return [doc for doc in docs if not _is_publishers(doc)]


def check_sources(docs: Iterable[YamlDoc], sources: Mapping[str, Source], diags: Diagnostics) -> None:
    """Report a source of unknown kind, or a link that is not on its publisher's declared domains."""
    docs = list(docs)
    domains = _publishers(next((d for d in docs if _is_publishers(d)), None), diags)
    where = {sid: doc for doc in source_files(docs) if isinstance(doc.value, dict) for sid in doc.value}
    for sid, source in sources.items():
        doc = where.get(sid)
        if source.kind not in KINDS:
            hint = did_you_mean(source.kind or "", KINDS) or "use one of " + ", ".join(KINDS)
            diags.error(doc.at(sid, "kind") if doc else source.location,
                        f"source '{sid}' has unknown kind '{source.kind}'", hint)
        if source.url:
            _check_url(sid, source, domains, doc.at(sid, "url") if doc else source.location, diags)


def host_is_on(host: str, domains: Iterable[str]) -> bool:
    """True if `host` is one of `domains` or a subdomain of one (www.reuters.com is on reuters.com)."""
    return any(host == d or host.endswith("." + d) for d in domains)


def _check_url(sid: str, source: Source, domains: Mapping[str, tuple[str, ...]], at: Location,
               diags: Diagnostics) -> None:
    try:
        parts = urlsplit(source.url)
        scheme, host = parts.scheme, (parts.hostname or "").lower()
    except ValueError:          # 'http://[': not a URL at all (was a traceback)
        scheme, host = "", ""
    if scheme not in ("https", "http") or not host:
        diags.error(at, f"source '{sid}': '{source.url}' is not a web address", "write https://…")
        return
    if source.publisher not in domains:
        hint = did_you_mean(source.publisher, domains) or \
            f"add '{source.publisher}: {{domains: [{host}]}}' to data/sources/{PUBLISHERS_FILE} if that is its own site"
        diags.error(at, f"source '{sid}': publisher '{source.publisher}' has no declared domains", hint)
    elif not host_is_on(host, domains[source.publisher]):
        own = ", ".join(domains[source.publisher])
        diags.error(at, f"source '{sid}': {host} is not {source.publisher}'s own site ({own})",
                    "link the publisher's own page, or remove 'url' and cite publisher, headline and date")


def _publishers(doc: YamlDoc | None, diags: Diagnostics) -> dict[str, tuple[str, ...]]:
    if doc is None or doc.value is None:
        return {}
    if not isinstance(doc.value, dict):
        diags.error(doc.at(), "expected a mapping of publisher names to {domains: [...]}")
        return {}
    out = {}
    for name in doc.value:
        fields = check_mapping(doc, (name,), PUBLISHER, f"publisher '{name}'", diags)
        if fields is not None:
            out[str(name)] = tuple(d.lower().removeprefix("www.") for d in fields["domains"])
    return out


def _is_publishers(doc: YamlDoc) -> bool:
    return doc.path.rsplit("/", 1)[-1] == PUBLISHERS_FILE
