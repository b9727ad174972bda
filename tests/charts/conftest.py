"""Fixtures for the chart tests: the `charts` fixture site (real datasets, every chart on a page).

The first build draws every chart (~10 s); `built` does it once per session, and
`project` copies its warm cache into new projects, so most tests draw nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.charts import read_charts
from sitegen.diagnostics import Diagnostics
from sitegen.pipeline import BuildResult, build

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "sites" / "charts"
ENGINE_DIRS = ("templates", "locales", "static", "charts")
# The real site's charts (charts/), which `assemble` copies into the fixture site.
CHARTS = read_charts(REPO, Diagnostics())
CHART_IDS = frozenset(CHARTS)


@dataclass(frozen=True)
class Built:
    root: Path
    result: BuildResult

    def text(self, path: str) -> str:
        return (self.root / "site" / path).read_text(encoding="utf-8")


def assemble(dest: Path, files: dict[str, str] | None = None, remove: tuple[str, ...] = ()) -> Path:
    """The fixture site plus the repo's templates, locales, static files and charts, with changes."""
    shutil.copytree(FIXTURE, dest)
    for name in ENGINE_DIRS:
        shutil.copytree(REPO / name, dest / name)
    for rel in remove:
        (dest / rel).unlink()
    for rel, text in (files or {}).items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(text, encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = assemble(tmp_path_factory.mktemp("charts") / "project")
    return Built(root, build(root))


@pytest.fixture
def project(tmp_path: Path, built: Built) -> Callable[..., Path]:
    """project(files={...}, remove=(...), warm=True) → a fresh project root (warm: with the drawn charts)."""

    def make(files: dict[str, str] | None = None, remove: tuple[str, ...] = (), warm: bool = True) -> Path:
        root = assemble(tmp_path / "project", files, remove)
        if warm:
            shutil.copytree(built.root / ".cache", root / ".cache")
        return root

    return make
