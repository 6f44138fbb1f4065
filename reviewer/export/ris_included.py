"""RIS of the records included at the last screening stage they reached, for a reference manager."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rispy

from reviewer.domain.decision import FULL_TEXT, INCLUDE, TITLE_ABSTRACT, Decision
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
    entries = []
    for record in included_records(review, team):
        entry = {"type_of_reference": "JOUR", "title": record.title, "authors": list(record.authors)}
        for key, value in (
            ("year", str(record.year or "")),
            ("journal_name", record.journal),
            ("doi", record.doi),
            ("abstract", record.abstract),
            ("keywords", list(record.keywords)),
            ("notes", [f"PMID: {record.pmid}"] if record.pmid else []),
            ("id", record.id),
        ):
            if value:
                entry[key] = value
        entries.append(entry)
    return rispy.dumps(entries) if entries else ""
