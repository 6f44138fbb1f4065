"""A CursorList of items described in a few lines each, an item described only when its lines
are first drawn (and kept until the items change): the Reader's claims and suggestions.

An OptionList measured every item's prompt whenever the list changed: tagging a span in a text
with 1,000 claims took 0.4 s. Here a change costs the same with ten items or a thousand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual.strip import Strip

from reviewer.tui.widgets.cursor_list import CursorList

Item = TypeVar("Item")


class DescribedList(CursorList, Generic[Item]):
    """Subclasses set LINES_PER_ITEM and say what choosing an item does (`choose`)."""

    def __init__(self, describe: Callable[[Item], list[Text]], **kwargs: Any) -> None:
        """`describe` gives an item's lines (up to LINES_PER_ITEM), asked for only when drawn."""
        super().__init__(**kwargs)
        self._describe = describe
        self.items: Sequence[Item] = ()
        self._described: dict[int, list[Text]] = {}

    @property
    def item_count(self) -> int:
        return len(self.items)

    def set_items(self, items: Sequence[Item]) -> None:
        self.items = items
        self._described = {}
        self.items_changed()

    def render_line(self, y: int) -> Strip:
        return self.item_line(y, self._lines_of)

    def _lines_of(self, number: int) -> list[Text]:
        if number not in self._described:
            self._described[number] = self._describe(self.items[number])
        return self._described[number]
