"""Memo.each: per-item results reused by identity, with their diagnostics and dependencies."""

from __future__ import annotations

from sitegen.cache.memo import Memo
from sitegen.diagnostics import Diagnostics, Location


def _counting(calls: list[str]):
    def compute(key: str, value: str, diags: Diagnostics) -> str:
        calls.append(key)
        if value == "bad":
            diags.error(Location(key), "bad")
        elif value == "odd":
            diags.warning(Location(key), "odd")
        return value.upper()
    return compute


def test_each_computes_only_changed_items_and_keeps_order() -> None:
    memo, calls = Memo(), []
    first = memo.each("k", None, {"a": "x", "b": "y"}, _counting(calls))
    assert memo.each("k", None, {"a": "x", "b": "y"}, _counting(calls)) is first
    assert memo.each("k", None, {"b": "z", "a": "x", "c": "w"}, _counting(calls)) == {"b": "Z", "a": "X", "c": "W"}
    assert list(memo.each("k", None, {"b": "z", "a": "x", "c": "w"}, _counting(calls))) == ["b", "a", "c"]
    assert calls == ["a", "b", "b", "c"]
    assert memo.each("k", None, {"a": "x"}, _counting(calls)) == {"a": "X"}     # gone items are gone
    assert memo.each("k", "other", {"a": "x"}, _counting(calls)) == {"a": "X"}  # `shared` changed: all again
    assert calls == ["a", "b", "b", "c", "a"]


def test_each_reports_kept_diagnostics_and_recomputes_errors() -> None:
    memo, calls = Memo(), []
    for _ in range(2):
        diags = Diagnostics()
        memo.each("k", None, {"a": "odd", "b": "bad"}, _counting(calls), diags)
        assert sorted(d.message for d in diags.items) == ["bad", "odd"]
    assert calls == ["a", "b", "b"]


def test_items_computed_together_keep_their_diagnostics_like_the_others() -> None:
    memo, calls = Memo(), []
    compute = _counting(calls)

    def together(keys: list[str]) -> list[tuple[str, tuple]]:      # as a pool of workers would
        results = []
        for key in keys:
            found = Diagnostics()
            results.append((compute(key, items[key], found), tuple(found.items)))
        return results

    items = {"a": "odd", "b": "bad", "c": "x"}
    diags = Diagnostics()
    assert memo.each("k", None, items, compute, diags, together=together) == {"a": "ODD", "b": "BAD", "c": "X"}
    assert diags.lines() == ["a: warning: odd", "b: error: bad"]
    again = Diagnostics()
    memo.each("k", None, items, compute, again, together=together)
    assert again.lines() == ["a: warning: odd", "b: error: bad"]
    assert calls == ["a", "b", "c", "b"], "kept: the warning's item; computed again: the error's"


def test_each_recomputes_items_that_read_a_changed_item() -> None:
    memo, calls = Memo(), []
    reads = {"a": {"b"}, "b": set(), "c": set()}
    memo.each("k", None, {"a": "1", "b": "2", "c": "3"}, _counting(calls), reads=lambda k, v: reads[k])
    memo.each("k", None, {"a": "1", "b": "9", "c": "3"}, _counting(calls), reads=lambda k, v: reads[k])
    memo.each("k", None, {"a": "1", "c": "3"}, _counting(calls), reads=lambda k, v: reads[k])
    assert calls == ["a", "b", "c", "a", "b", "a"]


def test_forgotten_items_are_computed_again() -> None:
    memo, calls = Memo(), []
    memo.each("k", None, {"a": "x", "b": "y"}, _counting(calls))
    memo.forget_items("k", lambda key: key == "a")
    assert memo.each("k", None, {"a": "x", "b": "y"}, _counting(calls)) == {"a": "X", "b": "Y"}
    memo.forget_items("k", lambda key: key == "b")
    assert memo.each("k", None, {"a": "x"}, _counting(calls)) == {"a": "X"}
    assert calls == ["a", "b", "a"]
