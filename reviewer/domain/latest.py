"""Which decision counts: a reviewer's latest per record and stage."""

from __future__ import annotations

from collections.abc import Iterable

from reviewer.domain.model import Decision


def latest_decisions(decisions: Iterable[Decision]) -> dict[tuple[str, str], Decision]:
    """(record, stage) -> the latest decision, for one reviewer's decisions in saved order.

    A latest decision of UNDECIDED ("none") means the record was taken back (or only noted).
    """
    latest: dict[tuple[str, str], Decision] = {}
    for decision in sorted(decisions, key=lambda d: d.at):  # stable: saved order breaks ties
        latest[(decision.record, decision.stage)] = decision
    return latest
