"""Results of earlier builds' steps, reused while their inputs are unchanged (in memory)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from ..diagnostics import Diagnostic, Diagnostics

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
MISSING = object()          # Memo.lookup: nothing kept for that signature


@dataclass
class _Each:
    """What `Memo.each` keeps of one step: its items, results, diagnostics and reads, by item."""

    items: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)
    reported: dict = field(default_factory=dict)
    reads: dict = field(default_factory=dict)


class Memo:
    """`memo(key, signature, compute, diags)` returns the value kept under `key` if it was
    computed for an equal `signature`, and reports again the diagnostics computing it
    reported; otherwise it calls `compute(diags)`. A result that came with errors is not
    kept, so a broken input is looked at again on every build.
    """

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[object, object, tuple[Diagnostic, ...]]] = {}

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

    def each(self, key: Hashable, shared: object, items: Mapping[K, V], compute: Callable[[K, V, Diagnostics], T],
             diags: Diagnostics | None = None, reads: Callable[[K, V], Iterable[K]] | None = None,
             together: Callable[[list[K]], Iterable[tuple[T, tuple[Diagnostic, ...]]]] | None = None) -> dict[K, T]:
        """`compute(k, v, diags)` for every item, reusing last build's result for each item
        whose value is the same object as then (or an equal one).

        For per-page (or per-translation-key) steps at 2,000 pages: after an edit, all but
        one value are the objects of the last build, and checking that costs far less than
        computing again. `shared` is what every result also depends on: while it compares
        unequal to last build's, everything is computed again. `reads(k, v)` names other
        items the result also depends on (a page's links into other pages): it is computed
        again when one of those changes, comes or goes. `together(keys)` computes the
        items to do all at once (on several processes), instead of `compute`: a (result,
        what computing it reported) pair for each.

        Results come in the order of `items`; when nothing changed, the very dict of last
        build (so later signatures compare it by identity). Diagnostics are kept and
        reported again per item; an item whose computing reported an error is computed
        again next build.
        """
        diags = diags if diags is not None else Diagnostics()
        before = self.lookup(key, shared, diags)
        old: _Each = before if isinstance(before, _Each) else _Each()
        stale = {k for k, v in items.items() if not ((was := old.items.get(k, MISSING)) is v or was == v)}
        if reads is not None and old.reads:
            moved = stale | (old.items.keys() - items.keys())
            if moved:
                stale |= {k for k, names in old.reads.items() if k in items and not moved.isdisjoint(names)}
        for k, reported in old.reported.items():
            if k not in stale and k in items:
                diags.extend(reported)
        if not stale and len(items) == len(old.results):      # the same keys, and nothing to do
            return old.results                                             # type: ignore[return-value]
        now = _Each(dict(items), reported={k: r for k, r in old.reported.items() if k in items and k not in stale})

        def one_by_one(keys: list[K]) -> Iterator[tuple[T, tuple[Diagnostic, ...]]]:
            for k in keys:      # lazily: each item's reports are back in `diags` before the next one runs
                start = len(diags.items)
                yield compute(k, items[k], diags), diags.take_since(start)

        todo = [k for k in items if k in stale]
        fresh = {}
        for k, (value, reported) in zip(todo, (together or one_by_one)(todo), strict=True):
            fresh[k] = value
            if reported:
                diags.extend(reported)
                now.reported[k] = reported
        now.results = {k: fresh[k] if k in stale else old.results[k] for k in items}
        if reads is not None:
            now.reads = {k: old.reads[k] if k not in stale else frozenset(reads(k, items[k])) for k in items}
        for k, reported in now.reported.items():
            if any(d.level == "error" for d in reported):
                del now.items[k]
        self._entries[key] = (shared, now, ())
        return now.results

    def value(self, key: Hashable) -> object | None:
        entry = self._entries.get(key)
        return entry[1] if entry else None

    def forget_items(self, key: Hashable, which: Callable[[Hashable], bool]) -> None:
        """Make `each` compute again the items of entry `key` that `which` selects (their inputs changed)."""
        entry = self._entries.get(key)
        if entry is not None and isinstance(entry[1], _Each):
            for item in [item for item in entry[1].items if which(item)]:
                del entry[1].items[item]

    def forget(self, key: Hashable) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()
