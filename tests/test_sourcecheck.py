"""Sources point at their publishers: a kind each, links only to the publisher's own domains."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from sitegen.diagnostics import Diagnostics
from sitegen.load.data import load_data
from sitegen.load.sourcecheck import KINDS, host_is_on

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("host", "domains", "on"), [
    ("www.reuters.com", ("reuters.com",), True),
    ("reuters.com", ("reuters.com",), True),
    ("investors.coreweave.com", ("coreweave.com",), True),
    ("notreuters.com", ("reuters.com",), False),            # a suffix, not a subdomain
    ("reuters.com.mirror.example", ("reuters.com",), False),
    ("news.anyfans.com", ("reuters.com", "techspot.com"), False),
])
def test_a_host_is_on_a_domain_only_as_itself_or_a_subdomain(host: str, domains: tuple[str, ...], on: bool) -> None:
    assert host_is_on(host, domains) is on


def test_every_source_of_the_site_has_a_kind_and_links_only_to_its_publishers_domains() -> None:
    diags = Diagnostics()
    data = load_data(REPO, ("ja", "en"), diags)
    assert diags.items == []
    publishers = yaml.safe_load((REPO / "data/sources/publishers.yaml").read_text(encoding="utf-8"))
    linked = [s for s in data.sources.values() if s.url]
    assert linked, "the site cites linked sources"
    for source in data.sources.values():
        assert source.kind in KINDS, source.id
    for source in linked:
        host = urlsplit(source.url).hostname
        domains = publishers[source.publisher]["domains"]
        assert any(host == d or host.endswith("." + d) for d in domains), (source.id, host, domains)


def _project(tmp_path: Path, sources: str, publishers: str) -> Path:
    (tmp_path / "data/sources").mkdir(parents=True)
    (tmp_path / "data/sources/s.yaml").write_text(sources, encoding="utf-8")
    (tmp_path / "data/sources/publishers.yaml").write_text(publishers, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("url", ["ftp://reuters.com/a", "reuters.com/a", "https:///a"])
def test_a_link_that_is_not_a_web_address_is_an_error_at_its_line(tmp_path: Path, url: str) -> None:
    root = _project(tmp_path, f"a:\n  publisher: Reuters\n  title: T\n  kind: news\n  url: {url}\n",
                    "Reuters: {domains: [reuters.com]}\n")
    diags = Diagnostics()
    load_data(root, ("ja", "en"), diags)
    [item] = diags.items
    assert str(item.location) == "data/sources/s.yaml:5"
    assert "is not a web address" in item.message


def test_publishers_yaml_is_not_read_as_sources_and_its_shape_is_checked(tmp_path: Path) -> None:
    root = _project(tmp_path, "a:\n  publisher: Reuters\n  title: T\n  kind: primary\n",
                    "Reuters: {domain: [reuters.com]}\n")
    diags = Diagnostics()
    data = load_data(root, ("ja", "en"), diags)
    assert set(data.sources) == {"a"}
    assert [d.message for d in diags.items] == ["unknown key 'domain' in publisher 'Reuters'"]
