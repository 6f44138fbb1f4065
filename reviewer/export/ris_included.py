"""RIS of the records included at the last screening stage they reached, for a reference manager."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer.domain.decision import FULL_TEXT, INCLUDE, TITLE_ABSTRACT, Decision
from reviewer.formats import ris
from reviewer.team.decisions import final_decisions

if TYPE_CHECKING:
    from reviewer.domain.record import Record
    from reviewer.review.folder import Review
    from reviewer.team.claims import ClaimEntry
    from reviewer.team.snapshot import TeamSnapshot


def included_records(review: Review, team: TeamSnapshot) -> list[Record]:
    full_text = final_decisions(team, FULL_TEXT)
    title_abstract = final_decisions(team, TITLE_ABSTRACT)
    chosen = []
    for record in review.records():
        last = full_text.get(record.id) or title_abstract.get(record.id)
        if isinstance(last, Decision) and last.decision == INCLUDE:
            chosen.append(record)
    return chosen


def write(review: Review, team: TeamSnapshot, entries: list[ClaimEntry]) -> str:
    return ris.write_records(included_records(review, team))
