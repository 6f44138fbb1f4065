"""Settling a conflict: the adjudicator's decision, stored in their own file, counts as final."""

from __future__ import annotations

from reviewer.domain.decision import ADJUDICATOR, DECISIONS, Choice, Decision
from reviewer.persistence.store import ReviewerStore
from reviewer.team.decisions import Conflict

NOTE = "adjudicated"


def adjudicate(store: ReviewerStore, conflict: Conflict, decision: Choice, reason: str = "") -> Decision:
    """Store the adjudicator's `decision` on the conflict's record and stage."""
    if decision not in DECISIONS:
        raise ValueError(f"an adjudication is one of {', '.join(DECISIONS)}, not {decision!r}")
    settled = Decision(conflict.record, store.reviewer, conflict.stage, decision, reason, NOTE, role=ADJUDICATOR)
    store.put_decision(settled)
    return settled
