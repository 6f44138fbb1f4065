"""The Reader's side panel: the claims on this text, three lines each, drawn only when on screen.

An OptionList measured every claim's prompt whenever the list changed: tagging a span
in a text with 1,000 claims took 0.4 s. Here a claim is described only when its lines
are drawn, so a change costs the same with ten claims or a thousand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from reviewer.domain.claim import Claim
from reviewer.tui.widgets.cursor_list import CursorList


class ClaimsPanel(CursorList):
    """The claims of the text beside it; the cursor is on the claim under the Reader's cursor
    (None when there is none).

    | Key(s) | Description |
    | :- | :- |
    | enter | Go to the claim under the cursor (and CursorList's keys to move). |

    Messages: `ClaimsPanel.Chosen` when a claim is chosen.
    """

    LINES_PER_ITEM = 3
    BINDINGS = [Binding("enter", "choose", "Go to claim")]

    class Chosen(Message):
        """A claim was chosen (enter): the Reader moves its cursor to it."""

        def __init__(self, panel: ClaimsPanel, claim: Claim) -> None:
            super().__init__()
            self.panel = panel
            self.claim = claim

        @property
        def control(self) -> ClaimsPanel:
            return self.panel

    def __init__(self, describe: Callable[[Claim], list[Text]], **kwargs: Any) -> None:
        """`describe` gives a claim's lines (up to three), asked for only when drawn."""
        super().__init__(**kwargs)
        self._describe = describe
        self.claims: Sequence[Claim] = []
        self._index: dict[str, int] = {}
        self._described: dict[str, list[Text]] = {}  # a claim's lines, made once for its three lines

    @property
    def item_count(self) -> int:
        return len(self.claims)

    def set_claims(self, claims: Sequence[Claim]) -> None:
        self.claims = claims
        self._index = {claim.id: number for number, claim in enumerate(claims)}
        self._described = {}
        self.items_changed()

    def highlight_claim(self, claim_id: str) -> None:
        self.cursor = self._index.get(claim_id, self.cursor)

    def render_line(self, y: int) -> Strip:
        return self.item_line(y, self._lines_of)

    def _lines_of(self, number: int) -> list[Text]:
        claim = self.claims[number]
        if claim.id not in self._described:
            self._described[claim.id] = self._describe(claim)
        return self._described[claim.id]

    def choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.claims[index]))
