"""Problems an editor can cause, as values: collected, sorted, printed compiler-style."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a source file; `path` is relative to the project root, posix-style."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = (self.path, self.line, self.column if self.line is not None else None)
        return ":".join(str(part) for part in parts if part is not None)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    level: Level
    location: Location
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: {self.level}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.line or 0, loc.column or 0, self.level, self.message)


@dataclass
class Diagnostics:
    """Collects every problem of a build, so an editor sees all of them at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic("error", location, message, hint))

    def warning(self, location: Location, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic("warning", location, message, hint))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    def take_since(self, start: int) -> tuple[Diagnostic, ...]:
        """Remove and return what was reported after the first `start` items.

        For work done on another process (sitegen/parallel.py): what it reported travels
        back with its result, and is added here in the same order however it ran.
        """
        taken = tuple(self.items[start:])
        del self.items[start:]
        return taken

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "error"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.items) if strict else bool(self.errors)     # --strict: a warning fails too

    def sorted(self) -> list[Diagnostic]:
        unique = {str(d): d for d in self.items}
        return sorted(unique.values(), key=Diagnostic.sort_key)

    def lines(self, strict: bool = False) -> list[str]:
        """Every problem as the command line prints it (warnings read as errors under --strict)."""
        return [str(replace(diag, level="error") if strict else diag) for diag in self.sorted()]

    def summary(self, strict: bool = False) -> str:
        """'2 errors, 1 warning', or '' when there is nothing to report; counts the lines `lines`
        prints (a template error met by every page that uses it is one problem, said once)."""
        shown = self.sorted()
        errors = len(shown) if strict else sum(d.level == "error" for d in shown)
        counts = ((errors, "error"), (len(shown) - errors, "warning"))
        return ", ".join(f"{count} {word}{'s' * (count != 1)}" for count, word in counts if count)


class BuildError(Exception):
    """Raised to stop a build; carries every diagnostic found so far."""

    def __init__(self, diagnostics: Diagnostics):
        super().__init__(f"{len(diagnostics.errors)} error(s)")
        self.diagnostics = diagnostics


def did_you_mean(name: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """A hint naming the closest known name, or None."""
    near = closest(name, choices, cutoff)
    return f"did you mean '{near}'?" if near else None


def misspelt_keys(uses: Mapping[str, int], keys: Collection[str],
                  reported: Callable[[str], bool] = lambda name: False) -> Iterator[tuple[str, str, int]]:
    """(key, the name meant, how often it is used) for each key whose uses all name one near miss of it:
    several uses agree on a name no key is, and none names the key closest to it (the glossary's `see`,
    facts' shortcodes). Most used names first; a name `reported` already is left out."""
    taken: set[str] = set()
    for name, times in sorted(uses.items(), key=lambda item: (-item[1], item[0])):
        near = closest(name, keys) if name not in keys and not reported(name) else None
        if near and times > 1 and not uses.get(near) and near not in taken:
            taken.add(near)
            yield near, name, times


def closest(name: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name closest to `name` (difflib's ratio at least `cutoff`), or None."""
    import difflib  # here, not at the top: a build with nothing to report never needs it

    ordered, folded = sorted(choices), name.casefold()
    # The same name in other capitals first: difflib compares characters, and 'GPU' is nothing like 'gpu' to it.
    # Then two neighbouring letters swapped: difflib rates '--root' as close to '--prot' as '--port' is.
    swapped = {folded[:i] + folded[i + 1] + folded[i] + folded[i + 2:] for i in range(len(folded) - 1)}
    matches = [c for c in ordered if c != name and c.casefold() == folded][:1] or \
        [c for c in ordered if c.casefold() in swapped - {folded}][:1] or \
        difflib.get_close_matches(name, ordered, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def relpath(path: Path, root: Path) -> str:
    """The path as editors see it: relative to the project, with forward slashes."""
    if ".." not in path.parts:
        try:      # the usual case, answered without touching the disk (resolve() stats every part)
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
