"""Whose decision counts: the reviewers' when they agree, else a conflict until an adjudicator settles it."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.domain.decision import ADJUDICATOR, UNDECIDED, Decision, Stage, latest_decisions
from reviewer.team.snapshot import TeamSnapshot


@dataclass(frozen=True)
class Conflict:
    """Reviewers decided a record differently at a stage, and no adjudicator has settled it."""

    record: str
    stage: Stage
    decisions: tuple[Decision, ...]  # each reviewer's latest, side by side


def _latest_by_role(team: TeamSnapshot, stage: Stage) -> tuple[dict[str, list[Decision]], dict[str, list[Decision]]]:
    """At `stage`, record -> each reviewer's latest own decision, and record -> each
    adjudicator's latest adjudication; decisions taken back are left out."""
    screened: dict[str, list[Decision]] = {}
    adjudicated: dict[str, list[Decision]] = {}
    for decisions in team.decisions.values():
        for as_adjudicator, into in ((False, screened), (True, adjudicated)):
            chosen = [d for d in decisions if (d.role == ADJUDICATOR) == as_adjudicator]
            for (record, decided_stage), decision in latest_decisions(chosen).items():
                if decided_stage == stage and decision.decision != UNDECIDED:
                    into.setdefault(record, []).append(decision)
    return screened, adjudicated


def final_decisions(team: TeamSnapshot, stage: Stage) -> dict[str, Decision | Conflict]:
    """record -> what counts at `stage`: an adjudicator's decision if there is one, else the
    reviewers' when they agree (the first to decide, whose reason counts), else their
    Conflict. Undecided records are left out. `ReviewState` calls it on the decisions carried
    to the records kept; read that, not this."""
    screened, adjudicated = _latest_by_role(team, stage)
    final: dict[str, Decision | Conflict] = {}
    for record in screened.keys() | adjudicated.keys():
        if record in adjudicated:
            final[record] = max(adjudicated[record], key=lambda d: d.at)
        elif len({d.decision for d in screened[record]}) == 1:
            final[record] = min(screened[record], key=lambda d: d.at)  # the first to decide: their reason counts
        else:
            final[record] = Conflict(
                record, stage, tuple(sorted(screened[record], key=lambda d: d.reviewer.casefold()))
            )
    return final
