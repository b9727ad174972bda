"""Sources point at their publishers: a link must be on its publisher's own domains (declared once,
in data/sources/publishers.yaml), so that a copy of a Reuters story on an aggregator cannot be
cited as "Reuters" (docs/authoring.md, "Publishers' domains").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from ..diagnostics import Diagnostics, Location, did_you_mean
from .model import Source
from .schema import Field, check_mapping
from .yamltext import YamlDoc

PUBLISHERS_FILE = "data/sources/publishers.yaml"
KINDS = ("primary", "news", "analysis")       # the order of the sources page's sections
PUBLISHER = {"domains": Field("text_list", required=True, help="[example.com, …]: the sites it publishes on")}


def publisher_domains(docs: Iterable[YamlDoc], diags: Diagnostics) -> dict[str, tuple[str, ...]]:
    """Each publisher's domains, from publishers.yaml among the files of data/sources/."""
    doc = next((doc for doc in docs if doc.path == PUBLISHERS_FILE), None)
    if doc is None:
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


def host_is_on(host: str, domains: Iterable[str]) -> bool:
    """True if `host` is one of `domains` or a subdomain of one (www.reuters.com is on reuters.com)."""
    return any(host == d or host.endswith("." + d) for d in domains)


def check_url(source: Source, domains: Mapping[str, tuple[str, ...]] | None, at: Location, diags: Diagnostics) -> None:
    """Report a link that is not on the source's publisher's declared domains (None: they could not be read)."""
    try:
        parts = urlsplit(source.url)
        scheme, host = parts.scheme, (parts.hostname or "").lower()
    except ValueError:          # 'http://[': not a URL at all (was a traceback)
        scheme, host = "", ""
    if scheme not in ("https", "http") or not host:
        diags.error(at, f"source '{source.id}': '{source.url}' is not a web address", "write https://…")
    elif domains is None:
        return
    elif source.publisher not in domains:
        hint = did_you_mean(source.publisher, domains) or \
            f"add '{source.publisher}: {{domains: [{host}]}}' to {PUBLISHERS_FILE} if that is its own site"
        diags.error(at, f"source '{source.id}': publisher '{source.publisher}' has no declared domains", hint)
    elif not host_is_on(host, domains[source.publisher]):
        own = ", ".join(domains[source.publisher])
        diags.error(at, f"source '{source.id}': {host} is not {source.publisher}'s own site ({own})",
                    "link the publisher's own page, or remove 'url' and cite publisher, headline and date")
