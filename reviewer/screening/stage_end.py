"""Ending title-abstract screening on the stopping aid's word, and taking it back.

The aid is asked of the team's screening as it stands (one truth: the same for the app and the
command line): the records the stage has decided, in the order they were first decided, an
include or a maybe counting as relevant, out of every record the stage screens, the decisions
made last in Screening's random order being its random sample. Only when it says the recall
target is reached (BUSCAR's test of the ranking, confirmed by the sample's) may the stage end:
the records nobody has decided are then marked as excluded by the stopping rule (counted in
PRISMA as "records marked as ineligible by automation tools", never deleted), with the method
and its statistic kept. In a team only an
adjudicator ends a stage; a reviewer working alone ends their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer.domain.decision import ADJUDICATOR, EXCLUDE, REVIEWER, TITLE_ABSTRACT, UNDECIDED, Decision, Role, Stage
from reviewer.domain.errors import ReviewerError
from reviewer.domain.stage_end import StageEnd
from reviewer.team.state import ReviewState

if TYPE_CHECKING:
    from reviewer.persistence.store import ReviewerStore
    from reviewer.ranking.stopping import StoppingEstimate


class StageEndRefused(ReviewerError):
    """The stage cannot be ended (or reopened) now; the message says why."""


def team_estimate(state: ReviewState, stage: Stage = TITLE_ABSTRACT) -> StoppingEstimate:
    """The stopping aid on the team's screening of `stage` (imports SciPy: ask it off the UI thread)."""
    from reviewer.ranking.stopping import estimate, sample_of

    screened = set(state.at_stage[stage])
    first: dict[str, Decision] = {}
    for decisions in state.decisions.values():
        for d in decisions:
            if d.stage == stage and d.record in screened and d.decision != UNDECIDED:
                if d.record not in first or d.at < first[d.record].at:
                    first[d.record] = d
    final = state.final[stage]
    decided = sorted((record for record in first if record in final), key=lambda record: first[record].at)
    labels = [not (isinstance(f := final[r], Decision) and f.decision == EXCLUDE) for r in decided]
    sample = sample_of(labels, [first[r].offered for r in decided], len(screened))
    config = state.review.config
    return estimate(labels, len(screened), config.recall_target, config.stopping_confidence, sample)


def may_end(state: ReviewState, slug: str) -> bool:
    """An adjudicator may, in a team; a reviewer alone in the review may end their own."""
    alone = set(state.review.reviewer_slugs()) <= {slug}
    return state.review.config.may_adjudicate(slug) or alone


def unscreened(state: ReviewState, stage: Stage = TITLE_ABSTRACT) -> list[str]:
    """The records of `stage` that nobody has decided (a conflict is decided, and waits)."""
    return [record for record in state.at_stage[stage] if record not in state.final[stage]]


def end_stage(state: ReviewState, store: ReviewerStore, stage: Stage = TITLE_ABSTRACT) -> StageEnd:
    """End `stage` on the aid's word: the records nobody decided marked by the stopping rule."""
    if stage != TITLE_ABSTRACT:
        raise StageEndRefused("only title-abstract screening ends on the stopping aid's word")
    if not may_end(state, store.slug):
        raise StageEndRefused(
            f"{store.reviewer} does not adjudicate this review: in a team, its adjudicators end a stage"
        )
    if state.stage_end is not None:
        raise StageEndRefused(f"title-abstract screening already ended ({state.stage_end.at[:16]}): take it back first")
    left = unscreened(state, stage)
    if not left:
        raise StageEndRefused("every record is decided at title-abstract: nothing is left to mark")
    found = team_estimate(state, stage)
    if not found.safe_to_stop:
        raise StageEndRefused(f"the stopping aid has not shown the target reached: {found.summary}")
    ended = StageEnd(
        stage,
        store.reviewer,
        True,
        tuple(left),
        found.to_json()["method"],
        found.summary,
        found.screened,
        found.target,
        found.confidence,
        _role(state, store.slug),
    )
    store.put("stage_ends", ended.to_doc())
    return ended


def reopen(state: ReviewState, store: ReviewerStore, stage: Stage = TITLE_ABSTRACT) -> StageEnd:
    """Take back the stage's end: its marked records are undecided again."""
    if state.stage_end is None or state.stage_end.stage != stage:
        raise StageEndRefused("title-abstract screening has not been ended: nothing to take back")
    if not may_end(state, store.slug):
        raise StageEndRefused(f"{store.reviewer} does not adjudicate this review: its adjudicators take it back")
    taken_back = StageEnd(stage, store.reviewer, False, role=_role(state, store.slug))
    store.put("stage_ends", taken_back.to_doc())
    return taken_back


def _role(state: ReviewState, slug: str) -> Role:
    return ADJUDICATOR if state.review.config.is_adjudicator(slug) else REVIEWER
