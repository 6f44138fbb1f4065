"""Reading every reviewer's file together: whose decision counts, and the PRISMA counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reviewer.domain.decision import (
    EXCLUDE,
    FULL_TEXT,
    INCLUDE,
    MAYBE,
    STAGES,
    TITLE_ABSTRACT,
    UNDECIDED,
    Decision,
    latest_decisions,
)
from reviewer.duplicates.groups import removed_duplicates
from reviewer.persistence import store
from reviewer.review.folder import Review

CONFLICT = "conflict"


def decisions_by_reviewer(review: Review) -> dict[str, list[Decision]]:
    """Every reviewer's decisions as saved (TinyDB file plus journal), by file slug."""
    return {
        slug: [Decision.from_doc(doc) for doc in store.load_tables(review.annotations_dir, slug)["decisions"].values()]
        for slug in review.reviewer_slugs()
    }


def _latest_by_role(review: Review, stage: str) -> tuple[dict[str, list[Decision]], dict[str, list[Decision]]]:
    """At `stage`, record -> each reviewer's latest own decision, and record -> each
    adjudicator's latest adjudication; decisions taken back are left out."""
    screened: dict[str, list[Decision]] = {}
    adjudicated: dict[str, list[Decision]] = {}
    for decisions in decisions_by_reviewer(review).values():
        for as_adjudicator, into in ((False, screened), (True, adjudicated)):
            chosen = [d for d in decisions if (d.role == "adjudicator") == as_adjudicator]
            for (record, decided_stage), decision in latest_decisions(chosen).items():
                if decided_stage == stage and decision.decision != UNDECIDED:
                    into.setdefault(record, []).append(decision)
    return screened, adjudicated


def final_decisions(review: Review, stage: str) -> dict[str, Decision | str]:
    """record -> the decision that counts at `stage`: an adjudicator's if there is one, else
    the reviewers' when they agree, else CONFLICT. Undecided records are left out."""
    screened, adjudicated = _latest_by_role(review, stage)
    final: dict[str, Decision | str] = {}
    for record in screened.keys() | adjudicated.keys():
        if record in adjudicated:
            final[record] = max(adjudicated[record], key=lambda d: d.at)
        elif len({d.decision for d in screened[record]}) == 1:
            final[record] = screened[record][0]
        else:
            final[record] = CONFLICT
    return final


@dataclass
class StageCounts:
    records: int
    screened: int
    included: int
    excluded: int
    maybe: int
    conflicts: int
    undecided: int
    excluded_by_reason: dict[str, int]


def stage_counts(review: Review, stage: str, eligible: list[str]) -> StageCounts:
    final = final_decisions(review, stage)
    states = Counter()
    reasons = Counter()
    for record in eligible:
        decided = final.get(record)
        if decided is None:
            states[UNDECIDED] += 1
        elif decided == CONFLICT:
            states[CONFLICT] += 1
        else:
            states[decided.decision] += 1
            if decided.decision == EXCLUDE:
                reasons[decided.reason or "(no reason)"] += 1
    return StageCounts(
        records=len(eligible),
        screened=len(eligible) - states[UNDECIDED],
        included=states[INCLUDE],
        excluded=states[EXCLUDE],
        maybe=states[MAYBE],
        conflicts=states[CONFLICT],
        undecided=states[UNDECIDED],
        excluded_by_reason=dict(sorted(reasons.items())),
    )


def prisma_counts(review: Review) -> dict:
    """The counts a PRISMA flow diagram needs, stage by stage."""
    removed = removed_duplicates(review)
    records = [r for r in review.records() if r.id not in removed]
    title_abstract = stage_counts(review, TITLE_ABSTRACT, [r.id for r in records])
    passed = final_decisions(review, TITLE_ABSTRACT)
    to_full_text = [
        r.id for r in records if isinstance(passed.get(r.id), Decision) and passed[r.id].decision in (INCLUDE, MAYBE)
    ]
    full_text = stage_counts(review, FULL_TEXT, to_full_text)
    return {
        "records_identified": len(review.records()) + len(review.same_id_copies),
        "duplicates_removed": len(review.same_id_copies) + len(removed),
        "records_screened": len(records),
        **{stage: vars(counts) for stage, counts in zip(STAGES, (title_abstract, full_text), strict=True)},
    }


def labels_at(review: Review, stage: str) -> dict[str, dict[str, str]]:
    """reviewer name -> record -> their latest decision at `stage` (reviewers' own, not adjudications)."""
    labels: dict[str, dict[str, str]] = {}
    for record, decisions in _latest_by_role(review, stage)[0].items():
        for decision in decisions:
            labels.setdefault(decision.reviewer, {})[record] = decision.decision
    return labels


@dataclass(frozen=True)
class Conflict:
    record: str
    stage: str
    decisions: tuple[Decision, ...]  # each reviewer's latest, side by side


def conflicts(review: Review, stage: str) -> list[Conflict]:
    """Records the reviewers decided differently at `stage` that no adjudicator has settled."""
    screened, adjudicated = _latest_by_role(review, stage)
    order = {r.id: i for i, r in enumerate(review.records())}
    found = [
        Conflict(record, stage, tuple(sorted(decisions, key=lambda d: d.reviewer.casefold())))
        for record, decisions in screened.items()
        if len({d.decision for d in decisions}) > 1 and record not in adjudicated
    ]
    return sorted(found, key=lambda c: order.get(c.record, len(order)))
