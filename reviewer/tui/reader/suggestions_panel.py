"""The Reader's list of suggested claims: tag and score, causal strength and caveat, the quote."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from reviewer.suggesting.suggest import Suggestion
from reviewer.tui.widgets.cursor_list import CursorList


class SuggestionsPanel(CursorList):
    """The suggestions not yet accepted or rejected, in the text's order; the cursor follows
    the suggestion under the Reader's cursor.

    | Key(s) | Description |
    | :- | :- |
    | enter | Go to the suggestion under the cursor. |

    Messages: `SuggestionsPanel.Chosen` when one is chosen.
    """

    LINES_PER_ITEM = 2
    BINDINGS = [Binding("enter", "choose", "Go to suggestion")]

    class Chosen(Message):
        def __init__(self, panel: SuggestionsPanel, suggestion: Suggestion) -> None:
            super().__init__()
            self.panel = panel
            self.suggestion = suggestion

        @property
        def control(self) -> SuggestionsPanel:
            return self.panel

    def __init__(self, describe: Callable[[Suggestion], list[Text]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._describe = describe
        self.suggestions: Sequence[Suggestion] = ()

    @property
    def item_count(self) -> int:
        return len(self.suggestions)

    def set_suggestions(self, suggestions: Sequence[Suggestion]) -> None:
        self.suggestions = suggestions
        self.items_changed()

    def highlight(self, suggestion: Suggestion) -> None:
        if suggestion in self.suggestions:
            self.cursor = list(self.suggestions).index(suggestion)

    def render_line(self, y: int) -> Strip:
        return self.item_line(y, lambda number: self._describe(self.suggestions[number]))

    def choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.suggestions[index]))
