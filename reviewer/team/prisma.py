"""The counts a PRISMA flow diagram needs, stage by stage, from one snapshot of the team."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from reviewer.domain.decision import (
    EXCLUDE,
    FULL_TEXT,
    INCLUDE,
    MAYBE,
    STAGES,
    TITLE_ABSTRACT,
    Decision,
    Stage,
)
from reviewer.review.folder import Review
from reviewer.team.decisions import Conflict, final_decisions
from reviewer.team.snapshot import TeamSnapshot


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


def stage_counts(team: TeamSnapshot, stage: Stage, eligible: list[str]) -> StageCounts:
    final = final_decisions(team, stage)
    states: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for record in eligible:
        decided = final.get(record)
        if decided is None:
            states["undecided"] += 1
        elif isinstance(decided, Conflict):
            states["conflict"] += 1
        else:
            states[decided.decision] += 1
            if decided.decision == EXCLUDE:
                reasons[decided.reason or "(no reason)"] += 1
    return StageCounts(
        records=len(eligible),
        screened=len(eligible) - states["undecided"],
        included=states[INCLUDE],
        excluded=states[EXCLUDE],
        maybe=states[MAYBE],
        conflicts=states["conflict"],
        undecided=states["undecided"],
        excluded_by_reason=dict(sorted(reasons.items())),
    )


def prisma_counts(review: Review, team: TeamSnapshot) -> dict[str, Any]:
    """Records identified (per database export; source texts apart, as other sources) and
    duplicates removed, then screened, included and excluded per stage. They add up:
    identified - duplicates removed = the records title-abstract screening works on."""
    removed = team.removed_duplicates(review)
    team = team.carried_to_kept(review)
    records = [r for r in review.records() if r.id not in removed]
    title_abstract = stage_counts(team, TITLE_ABSTRACT, [r.id for r in records])
    passed = final_decisions(team, TITLE_ABSTRACT)
    to_full_text = [
        r.id
        for r in records
        if isinstance(decided := passed.get(r.id), Decision) and decided.decision in (INCLUDE, MAYBE)
    ]
    full_text = stage_counts(team, FULL_TEXT, to_full_text)
    by_source = Counter(r.source for r in review.records())
    return {
        "records_identified": len(review.records()),
        "identified_from_databases": {s: n for s, n in sorted(by_source.items()) if s not in review.text_sources},
        "identified_from_other_sources": sum(n for s, n in by_source.items() if s in review.text_sources),
        "duplicates_removed": len(removed),
        "duplicates_removed_automatically": sum(1 for r in removed if r in review.same_study),
        "records_screened": len(records),
        **{stage: vars(counts) for stage, counts in zip(STAGES, (title_abstract, full_text), strict=True)},
    }
