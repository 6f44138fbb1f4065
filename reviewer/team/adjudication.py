"""Settling a conflict: the adjudicator's decision, stored in their own file, counts as final."""

from __future__ import annotations

from reviewer.domain.decision import ADJUDICATOR, DECISIONS, UNDECIDED, Choice, Decision
from reviewer.domain.errors import ReviewerError
from reviewer.persistence.store import ReviewerStore
from reviewer.review.config import ReviewConfig
from reviewer.review.identity import slug
from reviewer.team.decisions import Conflict

NOTE = "adjudicated"


class AdjudicationRefused(ReviewerError):
    pass


def check_adjudicator(config: ReviewConfig, store: ReviewerStore, conflict: Conflict | None = None) -> None:
    """Refused unless the store's reviewer may settle conflicts (and, given one, is no party to it)."""
    if not config.may_adjudicate(store.slug):
        raise AdjudicationRefused(
            f"{store.reviewer} is not an adjudicator of this review: conflicts are settled by the "
            "adjudicators named in review.toml ([screening] adjudicators = [...])"
        )
    if conflict is not None and any(slug(d.reviewer, default="") == store.slug for d in conflict.decisions):
        raise AdjudicationRefused(
            f"{store.reviewer} screened {conflict.record} too: another adjudicator settles this conflict"
        )


def adjudicate(
    config: ReviewConfig, store: ReviewerStore, conflict: Conflict, decision: Choice, reason: str = ""
) -> Decision:
    """Store the adjudicator's `decision` on the conflict's record and stage."""
    check_adjudicator(config, store, conflict)
    if decision not in DECISIONS:
        raise ValueError(f"an adjudication is one of {', '.join(DECISIONS)}, not {decision!r}")
    settled = Decision(conflict.record, store.reviewer, conflict.stage, decision, reason, NOTE, role=ADJUDICATOR)
    store.put_decision(settled)
    return settled


def take_back(store: ReviewerStore, settled: Decision) -> Decision:
    """Undo an adjudication: the adjudicator's latest word on the record becomes "none", so the
    conflict is open again; both stay in the file, the audit trail."""
    taken_back = Decision(
        settled.record, store.reviewer, settled.stage, UNDECIDED, note="adjudication taken back", role=ADJUDICATOR
    )
    store.put_decision(taken_back)
    return taken_back
