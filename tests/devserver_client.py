"""A small HTTP and server-sent-events client for tests and benchmarks of the dev server."""

from __future__ import annotations

import http.client
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: str


def get(origin: str, path: str, referer: str | None = None) -> Response:
    """GET `path`; `referer`, a path on the same server, is sent as a browser sends it for a page's loads."""
    host, port = origin.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request("GET", path, headers={"Referer": origin + referer} if referer else {})
        resp = conn.getresponse()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read().decode("utf-8"))
    finally:
        conn.close()


class EventStream:
    """/__dev__/events as a page opens it: for the page served by `build` (from build `good`), watching `watch`."""

    @classmethod
    def for_page(cls, origin: str, html: str) -> EventStream:
        return cls(origin, *page_state(html))

    def __init__(self, origin: str, build: str, good: str | None, watch: str, timeout: float = 60):
        host, port = origin.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
        query = urlencode({"build": build, "good": good or "", "watch": watch})
        self.conn.request("GET", f"/__dev__/events?{query}")
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next_event(self) -> tuple[str, dict, float]:
        """The next event's name and data, and the perf_counter() time it arrived; comments are skipped."""
        name, data = "message", []
        while True:
            line = self.response.fp.readline()
            if not line:
                raise ConnectionError("event stream closed")
            text = line.decode("utf-8").rstrip("\n")
            if text == "":
                if data:
                    return name, json.loads("\n".join(data)), time.perf_counter()
                name = "message"
                continue
            field, _, value = text.partition(": ")
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)

    def close(self) -> None:
        self.conn.close()


def page_state(html: str) -> tuple[str, str, str]:
    """What the dev server put on a page's reload script: build ids and the paths it watches."""
    def attribute(name: str) -> str:
        return html.split(f'data-{name}="', 1)[1].split('"', 1)[0]

    return attribute("build"), attribute("good"), attribute("watch")
