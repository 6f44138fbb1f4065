"""Which decision counts: a reviewer's latest per record and stage."""

from __future__ import annotations

from collections.abc import Iterable

from reviewer.model import UNDECIDED, Decision


def latest_decisions(decisions: Iterable[Decision]) -> dict[tuple[str, str], Decision]:
    """(record, stage) -> the latest decision, for one reviewer's decisions in saved order.

    Taken-back decisions (UNDECIDED) leave the record undecided, so they are left out.
    """
    latest: dict[tuple[str, str], Decision] = {}
    for decision in sorted(decisions, key=lambda d: d.at):  # stable: saved order breaks ties
        latest[(decision.record, decision.stage)] = decision
    return {key: d for key, d in latest.items() if d.decision != UNDECIDED}
