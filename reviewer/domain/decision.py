"""Screening decisions: the stages, the choices, and which decision counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final, Literal

from reviewer.domain.document import Document, new_id, now_iso

Stage = Literal["title-abstract", "full-text"]
TITLE_ABSTRACT: Final = "title-abstract"
FULL_TEXT: Final = "full-text"
STAGES: tuple[Stage, ...] = (TITLE_ABSTRACT, FULL_TEXT)

# What a decision says; "none" is a decision taken back: the record is undecided again.
Choice = Literal["include", "exclude", "maybe", "none"]
INCLUDE: Final = "include"
EXCLUDE: Final = "exclude"
MAYBE: Final = "maybe"
UNDECIDED: Final = "none"
DECISIONS: tuple[Choice, ...] = (INCLUDE, EXCLUDE, MAYBE)

Role = Literal["reviewer", "adjudicator"]
REVIEWER: Final = "reviewer"
ADJUDICATOR: Final = "adjudicator"


@dataclass(frozen=True)
class Decision(Document):
    """One screening decision; a reviewer's latest for a record and stage is the one that counts.

    Earlier ones stay in the file as the audit trail; undo appends the state it restores.
    """

    record: str
    reviewer: str
    stage: Stage
    decision: Choice
    reason: str = ""
    note: str = ""
    role: Role = REVIEWER  # an adjudicator's decision settles a conflict
    at: str = field(default_factory=now_iso)
    # How Screening offered the record: in its "relevance" order (ranked by the model), "unranked"
    # (that order before the model could rank: the priors), or the order chosen ("file", "random",
    # ...); "" when not decided in Screening (imported labels, adjudications, older files).
    offered: str = ""
    id: str = field(default_factory=new_id)


def latest_decisions(decisions: Iterable[Decision]) -> dict[tuple[str, str], Decision]:
    """(record, stage) -> the latest decision, for one reviewer's decisions in saved order.

    A latest decision of UNDECIDED ("none") means the record was taken back (or only noted).
    """
    latest: dict[tuple[str, str], Decision] = {}
    for decision in sorted(decisions, key=lambda d: d.at):  # stable: saved order breaks ties
        latest[(decision.record, decision.stage)] = decision
    return latest
