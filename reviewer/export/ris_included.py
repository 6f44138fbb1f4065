"""RIS of the records included at the last screening stage they reached, for a reference manager."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer.formats import ris

if TYPE_CHECKING:
    from reviewer.review.folder import Review
    from reviewer.team.claims import ClaimEntry
    from reviewer.team.state import ReviewState


def write(review: Review, state: ReviewState, entries: list[ClaimEntry]) -> str:
    return ris.write_records(state.included())
