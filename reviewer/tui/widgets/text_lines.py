"""A few fixed lines of text (a progress line, a status line), drawn as they are.

A Static measures, wraps and restyles its content on every update: 0.75 ms a line, a
sixth of a screening keypress. These lines are cut at the edge, never wrapped, and an
update repaints them without asking the screen for a layout pass; give the widget a
fixed height in CSS.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from reviewer.tui.widgets.line_drawn import LineDrawn


class TextLines(LineDrawn, Widget):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines: list[Text] = []

    def show(self, *lines: Text) -> None:
        self.lines = list(lines)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        if y >= len(self.lines):
            return Strip.blank(self.line_width, self.line_base)
        return self.drawn_line(self.lines[y].render(self.app.console, end=""))
