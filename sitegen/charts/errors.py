"""The one exception the chart pipeline raises for problems an editor (or the setup) can fix."""

from __future__ import annotations

from ..render.shortcodes import ShortcodeError


class ChartError(ShortcodeError):
    """A chart cannot be built: a missing column, caption or font. Carries a hint for the fix.

    A `ShortcodeError`, so that `{{ chart id }}` reports it at the shortcode's line."""
