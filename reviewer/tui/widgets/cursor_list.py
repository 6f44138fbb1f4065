"""A list drawn line by line with a cursor on one item: the Library's records, the
Reader's claims. Only the items on screen are ever drawn, and moving the cursor repaints
the two items it left and reached, so a list of 100,000 costs what a list of ten does.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reviewer.tui.widgets.line_drawn import LineDrawn

HIGHLIGHTED = Style(reverse=True)
HIGHLIGHTED_UNFOCUSED = Style(bold=True, underline=True)


class CursorList(LineDrawn, ScrollView, can_focus=True):
    """Subclasses give `item_count`, draw with `render_line` and act in `choose(index)`;
    their own BINDINGS add keys or rename one (Textual merges them over these)."""

    LINES_PER_ITEM = 1
    BINDINGS = [
        Binding("enter", "choose", "Open"),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home,g", "move(-1_000_000_000)", "Top", show=False),
        Binding("end,G", "move(1_000_000_000)", "Bottom", show=False),
    ]

    cursor: reactive[int | None] = reactive(None)

    @property
    def item_count(self) -> int:
        raise NotImplementedError

    def choose(self, index: int) -> None:
        raise NotImplementedError

    def items_changed(self) -> None:
        """Call after the items changed: sizes the list and keeps the cursor on an item."""
        self.virtual_size = Size(self.scrollable_content_region.width, self.item_count * self.LINES_PER_ITEM)
        if self.cursor is not None and self.cursor >= self.item_count:
            self.cursor = self.item_count - 1 if self.item_count else None
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.item_count * self.LINES_PER_ITEM)

    def item_at(self, y: int) -> tuple[int, int]:
        """(item, line within the item) drawn on screen line `y`."""
        return divmod(round(self.scroll_y) + y, self.LINES_PER_ITEM)

    def watch_cursor(self, old: int | None, new: int | None) -> None:
        if new is None:
            self.refresh()
            return
        top = self.scroll_y
        self.scroll_to_region(
            Region(0, new * self.LINES_PER_ITEM, 1, self.LINES_PER_ITEM), animate=False, immediate=True
        )
        if self.scroll_y != top or old is None:
            self.refresh()
            return
        for item in (old, new):  # only the two items whose look changed
            self.refresh_lines(item * self.LINES_PER_ITEM, self.LINES_PER_ITEM)

    def action_move(self, step: int) -> None:
        if self.item_count:
            current = self.cursor if self.cursor is not None else (-1 if step > 0 else self.item_count)
            self.cursor = max(0, min(current + step, self.item_count - 1))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.size.height // self.LINES_PER_ITEM))

    def action_choose(self) -> None:
        if self.item_count and self.cursor is not None:
            self.choose(self.cursor)

    def item_line(self, y: int, lines_of: Callable[[int], list[Text]]) -> Strip:
        """Screen line `y` for a list whose items are described in lines of text (`lines_of`
        an item's number): cut to the width, the cursor's item highlighted."""
        width, base = self.line_width, self.line_base
        number, part = self.item_at(y)
        if number >= self.item_count:
            return Strip.blank(width, base)
        lines = lines_of(number)
        text = lines[part].copy() if part < len(lines) else Text()
        text.truncate(width, overflow="ellipsis")
        style = base
        if number == self.cursor:
            style = base + (HIGHLIGHTED if self.has_focus else HIGHLIGHTED_UNFOCUSED)
        return self.drawn_line(text.render(self.app.console, end=""), style)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
