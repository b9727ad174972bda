"""The dev server answers only to this computer's own names and the --host it was given: a page
whose name an attacker rebinds to 127.0.0.1 (DNS rebinding) gets nothing from it."""

from __future__ import annotations

import http.client
from collections.abc import Iterator

import pytest

from sitegen.cache.buildcache import BuildCache
from sitegen.devserver import DevServer
from sitegen.devserver.handler import allowed_host

PAGE = "/explainer/ja/deal/"        # the fixture site's base path, and a page of it


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    from .conftest import SITES, assemble

    root = assemble(SITES / "valid", tmp_path_factory.mktemp("host") / "project")
    # 127.0.0.2 is this computer too (all of 127/8 is): the --host a user gave.
    dev = DevServer(root, host="127.0.0.2", port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    assert dev.wait_for_build(timeout=120).good is not None
    yield dev
    dev.stop()


def _get(dev: DevServer, path: str, host: str | None) -> tuple[int, str]:
    address, port = dev.httpd.server_address[:2]
    conn = http.client.HTTPConnection(address, port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_host=True)
        if host is not None:
            conn.putheader("Host", host.replace("PORT", str(port)))
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        conn.close()


@pytest.mark.parametrize("host", ["127.0.0.2:PORT", "127.0.0.1:PORT", "localhost:PORT", "LOCALHOST:PORT",
                                  "localhost", "[::1]:PORT"])
def test_own_names_are_answered(server: DevServer, host: str) -> None:
    status, body = _get(server, PAGE, host)
    assert status == 200 and "<h1>" in body


@pytest.mark.parametrize("host", ["evil.example:PORT", "evil.example", "127.0.0.1.evil.example:PORT",
                                  "localhost.evil.example", "", None])
@pytest.mark.parametrize("path", [PAGE, "/__dev__/", "/__dev__/diagnostics.json", "/__dev__/reload.js"])
def test_other_names_get_nothing(server: DevServer, host: str | None, path: str) -> None:
    status, body = _get(server, path, host)
    assert status == 421
    assert "only to this computer's own names" in body and "<h1>" not in body


def test_the_rule() -> None:
    assert allowed_host("localhost:8000", "127.0.0.1")
    assert allowed_host("mybox.local:8000", "mybox.local")      # serve --host mybox.local
    assert not allowed_host("mybox.local:8000", "127.0.0.1")
    assert not allowed_host("evil.example:8000", "0.0.0.0")
