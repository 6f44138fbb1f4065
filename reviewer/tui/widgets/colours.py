"""Colours the app draws with, besides those of the review's tags."""

from __future__ import annotations

from rich.style import Style

SELECTION = Style(bgcolor="#264f78", color="#ffffff")
UNTAGGED = "#607d8b"  # an claim with a note but no tag yet


def text_on(background: str) -> str:
    """Black or white, whichever reads better on `background` ("#rrggbb")."""
    red, green, blue = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if luminance > 0.45 else "#ffffff"
