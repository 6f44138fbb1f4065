"""Screening one reviewer's way through a stage: which records, in what order, decided how.

Plain Python, no Textual: the Screening screen and the tests drive the same object.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace

from reviewer.domain.decision import (
    EXCLUDE,
    INCLUDE,
    MAYBE,
    TITLE_ABSTRACT,
    UNDECIDED,
    Choice,
    Decision,
    Stage,
    latest_decisions,
)
from reviewer.domain.record import Record
from reviewer.persistence.store import ReviewerStore
from reviewer.review.folder import Review
from reviewer.team.decisions import final_decisions
from reviewer.team.snapshot import TeamSnapshot, carry_to_kept

FILTERS = ("all", "undecided", INCLUDE, EXCLUDE, MAYBE)
ORDERS = ("file", "year", "random")
RANDOM_SEED = 20091


@dataclass(frozen=True)
class Progress:
    screened: int
    total: int
    by_decision: dict[str, int]


class Screening:
    """One reviewer screening one stage of a review.

    `records` is the list being worked through (the stage's records, filtered and
    ordered); `position` is the record on screen.
    """

    def __init__(
        self, review: Review, store: ReviewerStore, stage: Stage = TITLE_ABSTRACT, team: TeamSnapshot | None = None
    ) -> None:
        team = team or TeamSnapshot.read(review, store.slug)
        self._team = team.carried_to_kept(review)
        self._kept = self._team.kept_instead(review)
        self.review = review
        self.store = store
        self.stage = stage
        self.filter = "all"
        self.reason_filter = ""
        self.order = "file"
        self._latest = latest_decisions(carry_to_kept(store.decisions(), self._kept))
        self._others = {} if review.config.blind else self._other_reviewers_decisions(self._team)
        self._removed = team.removed_duplicates(review)
        self._undo: list[tuple[str, Decision | None]] = []
        self.records: list[Record] = []
        self.position = 0
        self._arrange()
        self.position = self._first_undecided(0)

    # What is being screened ---------------------------------------------------------------

    def stage_records(self) -> list[Record]:
        """The records this stage screens, duplicates set aside left out: all of them at
        title-abstract; at full text, those whose title-abstract decision that counts (as
        `stats` counts it: this reviewer's own, with the colleagues' they may see, or an
        adjudicator's) is include or maybe. A record in conflict waits for its adjudicator."""
        records = [r for r in self.review.records() if r.id not in self._removed]
        if self.stage == TITLE_ABSTRACT:
            return records
        passed = self._passed_title_abstract()
        return [r for r in records if r.id in passed]

    def _passed_title_abstract(self) -> set[str]:
        own = carry_to_kept(self.store.decisions(), self._kept)
        team = replace(self._team, decisions={**self._team.decisions, self.store.slug: own})
        return {
            record
            for record, final in final_decisions(team, TITLE_ABSTRACT).items()
            if isinstance(final, Decision) and final.decision in (INCLUDE, MAYBE)
        }

    def set_stage(self, stage: Stage) -> None:
        self.stage = stage
        self._arrange()
        self.position = self._first_undecided(0)

    def set_filter(self, name: str, reason: str = "") -> None:
        if name not in FILTERS:
            raise ValueError(f"unknown filter {name!r}")
        self.filter, self.reason_filter = name, reason
        self._arrange()

    def set_order(self, order: str) -> None:
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r}")
        current = self.current
        self.order = order
        self._arrange()
        self.position = next((i for i, r in enumerate(self.records) if r is current), 0)

    def _arrange(self) -> None:
        stage_records = self.stage_records()
        self._stage_ids = {r.id for r in stage_records}
        self._counts = Counter(self._state(r.id, self.stage) for r in stage_records)
        records = [r for r in stage_records if self._matches(r.id)]
        if self.order == "year":
            records.sort(key=lambda r: (r.year is None, r.year or 0))
        elif self.order == "random":
            random.Random(RANDOM_SEED).shuffle(records)
        self.records = records
        self.position = 0

    def _matches(self, record_id: str) -> bool:
        decision = self.decision(record_id)
        state = decision.decision if decision else UNDECIDED
        if self.filter == "all":
            return True
        if self.filter == "undecided":
            return state == UNDECIDED
        if self.reason_filter and (decision is None or decision.reason != self.reason_filter):
            return False
        return state == self.filter

    # Where we are --------------------------------------------------------------------------

    @property
    def current(self) -> Record | None:
        return self.records[self.position] if self.records else None

    def decision(self, record_id: str, stage: Stage | None = None) -> Decision | None:
        """This reviewer's decision that counts for the record at `stage` (default: this one)."""
        return self._latest.get((record_id, stage or self.stage))

    def others(self, record_id: str) -> list[Decision]:
        """Other reviewers' decisions on the record at this stage; none while the review is blind."""
        return [
            latest[(record_id, self.stage)]
            for latest in self._others.values()
            if (record_id, self.stage) in latest and latest[(record_id, self.stage)].decision != UNDECIDED
        ]

    def _other_reviewers_decisions(self, team: TeamSnapshot) -> dict[str, dict[tuple[str, str], Decision]]:
        return {
            slug: latest_decisions(decisions) for slug, decisions in team.decisions.items() if slug != self.store.slug
        }

    def _state(self, record_id: str, stage: Stage) -> Choice:
        decision = self._latest.get((record_id, stage))
        return decision.decision if decision else UNDECIDED

    def show_record(self, record_id: str) -> None:
        """Go to a record: in the list as it is, else with the filter cleared."""
        index = next((i for i, r in enumerate(self.records) if r.id == record_id), None)
        if index is None:
            self.set_filter("all")
            index = next((i for i, r in enumerate(self.records) if r.id == record_id), self.position)
        self.position = index

    def move(self, step: int) -> None:
        if self.records:
            self.position = max(0, min(self.position + step, len(self.records) - 1))

    def upcoming(self) -> list[Record]:
        """The records most likely shown next: the next undecided one (after a decision)
        and the next in the list (after a step)."""
        if not self.records:
            return []
        after = (self.position + 1) % len(self.records)
        return list(dict.fromkeys((self.records[self._first_undecided(after)], self.records[after])))

    def _first_undecided(self, start: int) -> int:
        """The first undecided record from `start` on, wrapping; `start` if there is none."""
        count = len(self.records)
        for offset in range(count):
            index = (start + offset) % count
            if self._state(self.records[index].id, self.stage) == UNDECIDED:
                return index
        return min(start, max(0, count - 1))

    def progress(self) -> Progress:
        """Counts for the stage, kept up to date as decisions are made (no rescan per key)."""
        total = len(self._stage_ids)
        return Progress(total - self._counts[UNDECIDED], total, {d: self._counts[d] for d in (INCLUDE, EXCLUDE, MAYBE)})

    # Deciding ------------------------------------------------------------------------------

    def decide(self, decision: Choice, reason: str = "", note: str = "") -> Decision:
        """Decide on the current record, then move to the next undecided one.

        A note already on the record stays unless a new one is given.
        """
        record = self.current
        if record is None:
            raise LookupError("no record to decide on")
        existing = self.decision(record.id)
        saved = self._save(record.id, decision, reason, note or (existing.note if existing else ""))
        self.position = self._first_undecided(self.position)
        return saved

    def set_note(self, note: str) -> Decision:
        """Add a note to the current record's decision (or note it while still undecided)."""
        record = self.current
        if record is None:
            raise LookupError("no record to note")
        existing = self.decision(record.id)
        state = existing.decision if existing else UNDECIDED
        return self._save(record.id, state, existing.reason if existing else "", note)

    def _save(self, record_id: str, decision: Choice, reason: str, note: str) -> Decision:
        self._undo.append((record_id, self.decision(record_id)))
        saved = Decision(record_id, self.store.reviewer, self.stage, decision, reason, note)
        self._record(saved)
        return saved

    def _record(self, decision: Decision) -> None:
        self.store.put_decision(decision)
        if decision.stage == self.stage and decision.record in self._stage_ids:
            self._counts[self._state(decision.record, self.stage)] -= 1
            self._counts[decision.decision] += 1
        self._latest[(decision.record, decision.stage)] = decision

    def undo(self) -> Record | None:
        """Take back the last decision (or note) and go back to its record."""
        if not self._undo:
            return None
        record_id, previous = self._undo.pop()
        if previous is None:
            restored = Decision(record_id, self.store.reviewer, self.stage, UNDECIDED)
        else:
            restored = Decision(
                record_id, previous.reviewer, previous.stage, previous.decision, previous.reason, previous.note
            )
        self._record(restored)
        self.position = next((i for i, r in enumerate(self.records) if r.id == record_id), self.position)
        return self.current
