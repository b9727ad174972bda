"""Shared fixtures: projects assembled from fixture sites plus the repo's engine files."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

import pytest

REPO = Path(__file__).resolve().parents[1]
SITES = REPO / "tests" / "sites"
GOLDEN = REPO / "tests" / "golden"
# A fixture site holds content, data and site.toml; the frame and the chart definitions come
# from the repo, unless the fixture has its own.
ENGINE_DIRS = ("templates", "locales", "static", "charts")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output instead of comparing")
    parser.addoption("--update-screenshots", action="store_true",
                     help="copy the README screenshots to docs/screenshots/ (make screenshots)")


def assemble(site: Path, dest: Path, repo: Path = REPO) -> Path:
    """Copy fixture site `site` to `dest` and add the templates, locales, static files and charts of `repo`
    (this checkout's, or a clone's)."""
    shutil.copytree(site, dest, dirs_exist_ok=True)
    for name in ENGINE_DIRS:
        if not (dest / name).exists():
            shutil.copytree(repo / name, dest / name)
    return dest


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """make_project(files={"content/ja/x.md": "..."}, remove=["content/en/x.md"]) → project root."""

    def make(site: str = "valid", files: dict[str, str | bytes] | None = None,
             remove: tuple[str, ...] | list[str] = ()) -> Path:
        root = assemble(SITES / site, tmp_path / "project")
        for rel in remove:
            target = root / rel
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        for rel, text in (files or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return root

    return make


def tree_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` as posix path → bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


REAL_SITE_INPUTS = ("site.toml", "content", "data", "templates", "locales", "static", "charts")


def build_real_site(dest: Path) -> dict[str, bytes]:
    """The real site built in memory from a copy of this checkout's inputs (skips without content/)."""
    from sitegen.pipeline import build

    if not all((REPO / "content" / lang).is_dir() for lang in ("ja", "en")):
        pytest.skip("no content/ja and content/en: the real site's pages are not in this checkout")
    dest.mkdir(parents=True)
    for name in REAL_SITE_INPUTS:
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copyfile
        copy(REPO / name, dest / name)
    if (REPO / ".cache" / "charts").is_dir():          # drawn charts: only a speed-up
        shutil.copytree(REPO / ".cache" / "charts", dest / ".cache" / "charts")
    return dict(build(dest, write=False, search=False).tree)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Mapping[str, bytes]:
    """The real site built once for the session's tests that only read it (read-only: a build of it
    costs 10–20 s, and eight tests each built their own)."""
    return MappingProxyType(build_real_site(tmp_path_factory.mktemp("real") / "project"))
