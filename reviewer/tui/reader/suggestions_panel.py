"""The Reader's list of suggested claims: tag and score, causal strength and caveat, the quote."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message

from reviewer.suggesting.suggest import Suggestion
from reviewer.tui.widgets.described_list import DescribedList


class SuggestionsPanel(DescribedList[Suggestion]):
    """The suggestions not yet accepted or rejected, in the text's order; the cursor follows
    the suggestion under the Reader's cursor.

    | Key(s) | Description |
    | :- | :- |
    | enter | Go to the suggestion under the cursor. |

    Messages: `SuggestionsPanel.Chosen` when one is chosen.
    """

    LINES_PER_ITEM = 3
    BINDINGS = [Binding("enter", "choose", "Go to suggestion")]

    class Chosen(Message):
        def __init__(self, panel: SuggestionsPanel, suggestion: Suggestion) -> None:
            super().__init__()
            self.panel = panel
            self.suggestion = suggestion

        @property
        def control(self) -> SuggestionsPanel:
            return self.panel

    def highlight(self, suggestion: Suggestion) -> None:
        if suggestion in self.items:
            self.cursor = list(self.items).index(suggestion)

    def choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.items[index]))
