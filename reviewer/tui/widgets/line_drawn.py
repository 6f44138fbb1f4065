"""What every line of a line-drawn widget needs, worked out once per repaint.

Textual asks a Line-API widget for each line in turn. Its `rich_style` walks every
ancestor to blend their backgrounds, about 0.2 ms a call: asked for on every line, it
was a third of a screening keypress.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

# A mixin: type-checked as the Widget it is mixed into, an object at run time (so it adds
# nothing to the widget's class hierarchy or its CSS type names).
if TYPE_CHECKING:
    _Mixin = Widget
else:
    _Mixin = object


class LineDrawn(_Mixin):
    """Mixed into a line-drawn widget: `line_base` and `line_width` hold for the lines being drawn."""

    line_base: Style = Style()
    line_width: int = 0

    def render_lines(self, crop: Region) -> list[Strip]:
        self.line_base = self.rich_style
        self.line_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def drawn_line(self, segments: Iterable[Segment], style: Style | None = None) -> Strip:
        """`segments` as one screen line over `style` (the widget's own by default), cut or
        padded to the width."""
        style = style or self.line_base
        return Strip(Segment.apply_style(segments, style)).crop_extend(0, self.line_width, style)
