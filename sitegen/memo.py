"""Results of earlier builds' steps, reused while their inputs are unchanged (in memory)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from typing import TypeVar

from .diagnostics import Diagnostic, Diagnostics

T = TypeVar("T")
_numbers = itertools.count(1)
MISSING = object()          # Memo.lookup: nothing kept for that signature


class Memo:
    """Results of earlier builds' steps, reused while their inputs are unchanged.

    `memo(key, signature, compute, diags)` returns the value kept under `key` if it was
    computed for an equal `signature`, and reports again the diagnostics computing it
    reported; otherwise it calls `compute(diags)`. A result that came with errors is not
    kept, so a broken input is looked at again on every build.
    """

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[object, object, tuple[Diagnostic, ...]]] = {}
        self._tokens: dict[Hashable, tuple[int, object]] = {}

    def __call__(self, key: Hashable, signature: object, compute: Callable[[Diagnostics], T],
                 diags: Diagnostics) -> T:
        value = self.lookup(key, signature, diags)
        if value is not MISSING:
            return value            # type: ignore[return-value]
        # compute() reports into the build's own Diagnostics (templating de-duplicates
        # against it); what it added is this entry's share.
        start = len(diags.items)
        value = compute(diags)
        self.store(key, signature, value, tuple(diags.items[start:]))
        return value

    def lookup(self, key: Hashable, signature: object, diags: Diagnostics) -> object:
        """The value kept under `key` for an equal `signature` (reporting its diagnostics again), or MISSING.

        With `store`, for steps that compute their misses together (on several processes).
        """
        entry = self._entries.get(key)
        if entry is not None and (entry[0] is signature or entry[0] == signature):
            if entry[2]:
                diags.extend(entry[2])
            return entry[1]
        return MISSING

    def store(self, key: Hashable, signature: object, value: object, reported: tuple[Diagnostic, ...]) -> None:
        """Keep `value`, computed for `signature` with these diagnostics (not if any is an error)."""
        if any(d.level == "error" for d in reported):
            self._entries.pop(key, None)
        else:
            self._entries[key] = (signature, value, reported)

    def token(self, key: Hashable, value: object) -> int:
        """A number that stays the same for as long as `value` equals last build's value for `key`.

        Lets many signatures share one comparison of a large value (the navigation of a
        language, the set of output files) instead of each comparing it again.
        """
        previous = self._tokens.get(key)
        if previous is not None and (previous[1] is value or previous[1] == value):
            return previous[0]
        number = next(_numbers)
        self._tokens[key] = (number, value)
        return number

    def value(self, key: Hashable) -> object | None:
        entry = self._entries.get(key)
        return entry[1] if entry else None

    def drop(self, keep: Callable[[Hashable], bool]) -> None:
        self._entries = {k: v for k, v in self._entries.items() if keep(k)}

    def clear(self) -> None:
        self._entries.clear()
        self._tokens.clear()
