"""The code's shape as the developers' guide sets it: small modules, each named in ARCHITECTURE.md."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENGINE = REPO / "sitegen"
MAX_LINES = 350           # "no module over 350 lines" (docs: the developers' guide; issue 16)


def _modules() -> list[Path]:
    modules = sorted(ENGINE.rglob("*.py"))
    assert len(modules) > 50, "the engine's modules were found"
    return modules


def test_no_module_is_over_350_lines() -> None:
    long = {path.relative_to(REPO).as_posix(): lines for path in _modules()
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"split these modules (lines): {long}"


def test_every_module_is_named_in_architecture_md() -> None:
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    unnamed = [path.relative_to(REPO).as_posix() for path in _modules()
               if f"`{path.relative_to(REPO).as_posix()}`" not in text]
    assert unnamed == [], "name these modules in ARCHITECTURE.md's code map"
    # The site's own code is named by its folder (a chart is added with the content; the folder says what they are).
    assert "`charts/`" in text
