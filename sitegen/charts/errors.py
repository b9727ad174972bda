"""The one exception the chart pipeline raises for problems an editor (or the setup) can fix."""

from __future__ import annotations


class ChartError(Exception):
    """A chart cannot be built: a missing column, caption or font. Carries a hint for the fix."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint
