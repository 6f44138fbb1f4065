"""The Reader's side panel: the claims on this text, three lines each, drawn only when on screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.binding import Binding
from textual.message import Message

from reviewer.domain.claim import Claim
from reviewer.tui.widgets.described_list import DescribedList


class ClaimsPanel(DescribedList[Claim]):
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._index: dict[str, int] = {}  # claim id -> its place in the list

    def set_claims(self, claims: Sequence[Claim]) -> None:
        self._index = {claim.id: number for number, claim in enumerate(claims)}
        self.set_items(claims)

    def highlight_claim(self, claim_id: str) -> None:
        self.cursor = self._index.get(claim_id, self.cursor)

    def choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.items[index]))
