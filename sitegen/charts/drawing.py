"""Vega-Lite specs → SVG drawings with vl-convert, here or in fresh Python processes.

A large build draws its charts while it renders pages. The drawing runs in a new Python
process, not a fork of the build: it then holds only vl-convert (~100 MB, most of it its
JavaScript engine), not a copy-on-write share of the build's own memory (~40 MB less at
2,000 pages). So this file runs as a script too (`python drawing.py`: specs in, drawings
out, as JSON) and imports nothing but the standard library and vl-convert.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from typing import Any

VEGA_LITE_VERSION = "6.4"          # what Altair 6.3 writes (schema v6.4.1)
Specs = dict[str, dict[str, Any]]  # output name (narrow, wide, live) → Vega-Lite spec
_registered: set[str] = set()


def draw(specs: Specs, font_dir: str) -> dict[str, str]:
    """SVG text per static output; the compiled Vega JSON for `live`."""
    import vl_convert as vlc  # ~0.4 s to start: only when a chart is drawn

    if font_dir not in _registered:
        vlc.register_font_directory(font_dir)
        _registered.add(font_dir)
    out = {}
    for name, spec in sorted(specs.items()):
        vega = vlc.vegalite_to_vega(json.dumps(spec, sort_keys=True), vl_version=VEGA_LITE_VERSION)
        if name == "live":
            vega.pop("$schema", None)      # a URL nobody loads; keep the site free of other hosts
            out[name] = json.dumps(vega, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        else:
            out[name] = vlc.vega_to_svg(vega)
    return out


class DrawingProcesses:
    """draw(specs) for each item (None stays None) in `processes` new Python processes,
    while this one goes on: `ready()` says whether they have finished, `results()` waits
    and gives the drawings in the order of the items. A process that fails gives None for
    its items (figures.py then draws them here, where the error is reported)."""

    def __init__(self, items: list[Specs | None], font_dir: str, processes: int = 1):
        self._results: list[dict[str, str] | None] = [None] * len(items)
        todo = [i for i, specs in enumerate(items) if specs is not None]
        count = max(1, min(processes, len(todo)))
        self._threads = []
        for part in (todo[start::count] for start in range(count)):
            if part:
                payload = json.dumps({"font_dir": font_dir, "specs": [items[i] for i in part]}).encode()
                # One thread per process feeds it and collects its answer (communicate never deadlocks).
                thread = threading.Thread(target=self._run, args=(part, payload), daemon=True)
                thread.start()
                self._threads.append(thread)

    def _run(self, part: list[int], payload: bytes) -> None:
        process = subprocess.run([sys.executable, __file__], input=payload, capture_output=True, check=False)
        if process.returncode == 0:
            for i, drawing in zip(part, json.loads(process.stdout), strict=True):
                self._results[i] = drawing

    def ready(self) -> bool:
        return not any(thread.is_alive() for thread in self._threads)

    def results(self) -> list[dict[str, str] | None]:
        for thread in self._threads:
            thread.join()
        return self._results


def _main() -> None:
    job = json.load(sys.stdin)
    json.dump([draw(specs, job["font_dir"]) for specs in job["specs"]], sys.stdout)


if __name__ == "__main__":
    _main()
