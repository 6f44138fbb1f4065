"""Screening one reviewer's way through a stage: which records, in what order, decided how.

Plain Python, no Textual: the Screening screen and the tests drive the same object.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewer.domain.decision import (
    ADJUDICATOR,
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
from reviewer.ranking.live import Ranking, RankingJob
from reviewer.ranking.reading import record_text
from reviewer.screening.decision_log import DecisionLog
from reviewer.team.state import ReviewState, carry_to_kept
from reviewer.text.keywords import keyword_count, keyword_pattern

if TYPE_CHECKING:
    from reviewer.ranking.stopping import StoppingEstimate

FILTERS = ("all", "undecided", INCLUDE, EXCLUDE, MAYBE)
# relevance: the records decided, in the order decided, then the undecided, most likely
# relevant first; keywords: those with the most inclusion keywords first.
ORDERS = ("relevance", "file", "year", "random", "keywords")
# The orders in which the stopping aid's test holds (records screened in a random order, or
# the likely relevant first, which only makes it more cautious).
TESTABLE_ORDERS = ("relevance", "random")
OUT_OF_TURN = "random, out of turn"  # a record decided in random order but not the next undecided one
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

    def __init__(self, state: ReviewState, store: DecisionLog, stage: Stage = TITLE_ABSTRACT) -> None:
        review = state.review
        self.review_state = state  # the review as this reviewer may see it, read once
        self.review = review
        self.store = store
        self.stage = stage
        self.filter = "all"
        self.reason_filter = ""
        self._order_chosen = False  # once the reviewer picks an order, it stays
        self._ranked: dict[str, int] = {}  # record -> rank in the latest ranking, best first
        self._ranking_generation = 0
        self.stopping: StoppingEstimate | None = None
        self._latest = latest_decisions(self._own_decisions())
        self._others = {} if review.config.blind else self._other_reviewers_decisions()
        self._decided = 0  # decisions made here: the full-text list follows them
        self._full_text: tuple[str, ...] = ()
        self._full_text_for: tuple[ReviewState, int] | None = None
        self._undo: list[tuple[str, Decision | None]] = []
        self.records: list[Record] = []
        self.position = 0
        self.order = self._default_order()
        self._arrange()
        self.position = self._first_undecided(0)

    def update(self, state: ReviewState) -> None:
        """The review changed (a duplicate settled, an import, a colleague's work read): take
        its new state, staying on the record on screen."""
        self.review_state, self.review = state, state.review
        self._latest = latest_decisions(self._own_decisions())
        self._others = {} if self.review.config.blind else self._other_reviewers_decisions()
        self._rearrange()

    # What is being screened ---------------------------------------------------------------

    def stage_records(self) -> list[Record]:
        """The records this stage screens, as the review's state has them (duplicates set
        aside left out; at full text, those whose title-abstract decision that counts is
        include or maybe, this reviewer's decisions taken as they are now). A record in
        conflict waits for its adjudicator."""
        state = self.review_state
        if self.stage != TITLE_ABSTRACT:
            if self._full_text_for != (state, self._decided):  # computed again only after a decision
                self._full_text = state.full_text_records_with(self.store.slug, self.store.decisions())
                self._full_text_for = (state, self._decided)
            return [record for r in self._full_text if (record := self.review.record(r)) is not None]
        return [record for r in state.at_stage[self.stage] if (record := self.review.record(r)) is not None]

    def _own_decisions(self) -> list[Decision]:
        """This reviewer's screening decisions (not adjudications), those on set-aside
        records counted on the record kept."""
        own = [d for d in self.store.decisions() if d.role != ADJUDICATOR]
        return carry_to_kept(own, self.review_state.kept_instead)

    def set_stage(self, stage: Stage) -> None:
        self.stage = stage
        self._ranked, self.stopping = {}, None
        self._ranking_generation += 1  # a ranking of the other stage, still running, is dropped
        if not self._order_chosen:
            self.order = self._default_order()
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
        self.order = order
        self._order_chosen = True
        self._rearrange()
        aid = self.stopping
        if order == "random" and aid is not None and (aid.sample_due or aid.sample is not None):
            self.position = self._first_undecided(0)  # the sample's next draw, not the record on screen

    def _default_order(self) -> str:
        """Relevance once this reviewer has included and excluded at the stage; before that
        the inclusion keywords' order when the review has some, else the file's."""
        if self._can_rank():
            return "relevance"
        return "keywords" if self.review.config.include_keywords else "file"

    def _rearrange(self) -> None:
        """Arrange again, staying on the record on screen."""
        current = self.current
        self._arrange(pinned=current)
        self.position = next((i for i, r in enumerate(self.records) if r is current), 0)

    def _arrange(self, pinned: Record | None = None) -> None:
        stage_records = self.stage_records()
        self._stage_records = tuple(stage_records)
        self._stage_ids_in_order = tuple(r.id for r in stage_records)
        self._stage_ids = {r.id for r in stage_records}
        self._counts = Counter(self._state(r.id, self.stage) for r in stage_records)
        records = [r for r in stage_records if self._matches(r.id)]
        if self.order == "year":
            records.sort(key=lambda r: (r.year is None, r.year or 0))
        elif self.order == "random":
            random.Random(RANDOM_SEED).shuffle(records)
        elif self.order == "keywords":
            records = self._by_keywords(records)
        elif self.order == "relevance":
            records = self._by_relevance(records, pinned)
        self.records = records
        self.position = 0

    def _by_keywords(self, records: list[Record]) -> list[Record]:
        include = keyword_pattern(self.review.config.include_keywords)
        exclude = keyword_pattern(self.review.config.exclude_keywords)

        def matches(record: Record) -> int:
            text = record_text(record)
            return keyword_count(include, text) - keyword_count(exclude, text)

        return sorted(records, key=matches, reverse=True)  # stable: file order among equals

    def _by_relevance(self, records: list[Record], pinned: Record | None) -> list[Record]:
        """The decided in the order decided, then the record on screen (a new ranking never
        takes it away), then the undecided by the latest ranking (before there is one, by
        keywords or file order)."""
        decided = [r for r in records if self._state(r.id, self.stage) != UNDECIDED]
        decided.sort(key=lambda r: self._latest[(r.id, self.stage)].at)
        undecided = [r for r in records if self._state(r.id, self.stage) == UNDECIDED and r is not pinned]
        if self._ranked:
            undecided = self._in_ranked_order(undecided)
        elif self.review.config.include_keywords:
            undecided = self._by_keywords(undecided)
        if pinned is not None and pinned in records and self._state(pinned.id, self.stage) == UNDECIDED:
            undecided.insert(0, pinned)
        return decided + undecided

    # Ranking -------------------------------------------------------------------------------

    def _own_labels(self) -> list[Decision]:
        """This reviewer's decisions that count at the stage, on the stage's records, oldest first."""
        return sorted(
            (
                d
                for (record, stage), d in self._latest.items()
                if stage == self.stage and record in self._stage_ids and d.decision != UNDECIDED
            ),
            key=lambda d: d.at,
        )

    def since_last_include(self) -> int:
        """Decisions since this reviewer's last include or maybe at the stage, counted now (the
        stopping aid's own count waits for the ranking that follows a decision)."""
        since = 0
        for decision in reversed(self._own_labels()):
            if decision.decision != EXCLUDE:
                break
            since += 1
        return since

    def _can_rank(self) -> bool:
        states = {d.decision for (_, stage), d in self._latest.items() if stage == self.stage}
        return EXCLUDE in states and bool(states & {INCLUDE, MAYBE})

    def ranking_job(self) -> RankingJob:
        """What the background ranking needs, copied: this reviewer's own labels at the stage
        (an include or a maybe counts as relevant), and the stage's records."""
        self._ranking_generation += 1
        labels = self._own_labels()
        relevant = tuple(d.record for d in labels if d.decision in (INCLUDE, MAYBE))
        irrelevant = tuple(d.record for d in labels if d.decision == EXCLUDE)
        config = self.review.config
        return RankingJob(
            self._ranking_generation,
            self._stage_ids_in_order,
            self._stage_records,
            relevant,
            irrelevant,
            tuple(d.decision != EXCLUDE for d in labels),
            config.recall_target,
            config.stopping_confidence,
            tuple(d.offered for d in labels),
        )

    def apply_ranking(self, ranking: Ranking) -> bool:
        """Take a finished ranking (unless a newer job has started since); with the order by
        relevance, the undecided records come in its order from the next one on."""
        if ranking.generation != self._ranking_generation:
            return False
        self._ranked = {record: rank for rank, record in enumerate(ranking.ranked)}
        self.stopping = ranking.stopping
        if not self._order_chosen and self.order != "relevance" and self._can_rank():
            self.order = "relevance"
            self._rearrange()
        elif self.order == "relevance":
            self._reorder_upcoming()
        return True

    def _reorder_upcoming(self) -> None:
        """A new ranking, in relevance order: what comes after the record on screen is put in
        its order (the decided first, as they were); nothing before it moves, nothing is
        read or counted again (this runs on the UI thread after every decision)."""
        after = self.records[self.position + 1 :]
        decided = [r for r in after if self._state(r.id, self.stage) != UNDECIDED]
        undecided = [r for r in after if self._state(r.id, self.stage) == UNDECIDED]
        self.records[self.position + 1 :] = decided + self._in_ranked_order(undecided)

    def _in_ranked_order(self, records: list[Record]) -> list[Record]:
        """`records` as the latest ranking orders them (any it did not rank, last)."""
        unranked = len(self._ranked)
        return sorted(records, key=lambda r: self._ranked.get(r.id, unranked))

    @property
    def stopping_holds(self) -> bool:
        """Whether the stopping aid's test holds for the order being screened."""
        return self.order in TESTABLE_ORDERS

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

    def _other_reviewers_decisions(self) -> dict[str, dict[tuple[str, str], Decision]]:
        return {slug: self.review_state.latest(slug) for slug in self.review_state.decisions if slug != self.store.slug}

    def _state(self, record_id: str, stage: Stage) -> Choice:
        decision = self._latest.get((record_id, stage))
        return decision.decision if decision else UNDECIDED

    def show_record(self, record_id: str) -> bool:
        """Go to a record: in the list as it is, else with the filter cleared; False (staying
        put) when this stage does not screen it (set aside, or marked by the stopping rule)."""
        index = next((i for i, r in enumerate(self.records) if r.id == record_id), None)
        if index is None:
            if all(r.id != record_id for r in self.stage_records()):
                return False
            self.set_filter("all")
            index = next(i for i, r in enumerate(self.records) if r.id == record_id)
        self.position = index
        return True

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
        offered = self.order if self.order != "relevance" or self._ranked else "unranked"
        if self.order == "random" and record_id != self._next_in_turn():
            offered = OUT_OF_TURN  # not the sample's next draw: it ends the sample (see ranking.stopping)
        saved = Decision(record_id, self.store.reviewer, self.stage, decision, reason, note, offered=offered)
        self._record(saved)
        return saved

    def _next_in_turn(self) -> str | None:
        """The first record of the list still undecided: the random order's next draw."""
        return next((r.id for r in self.records if self._state(r.id, self.stage) == UNDECIDED), None)

    def _record(self, decision: Decision) -> None:
        self.store.put_decision(decision)
        self._decided += 1
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
