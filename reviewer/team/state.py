"""The review's state, computed once from the team's files: the one truth every count is read from.

`ReviewState.of(review, team)` derives, in one place, which records are set aside as
duplicates (automatically, or by any reviewer's settlement, "not duplicates" included), each
reviewer's decisions with those made on a set-aside record counted on the record kept in its
place, the decision that counts per record and stage (an adjudication, else the reviewers'
when they agree, else a conflict), which records each stage screens, and the PRISMA counts.
The Library, Screening, `rank`, `stats`, `prisma`, `conflicts`, `agreement`, `decisions` and
every export read it; none counts on its own.

Blindness is a view: built from a snapshot read for a blind reviewer (their own decisions and
the adjudications that settled the team's conflicts), the same rules give what they may see.

The invariants (tested as properties over generated team reviews):
- identified - duplicates removed - marked ineligible by the stopping rule = records screened
  (each record once);
- at title-abstract: screened = excluded + awaiting (undecided, in conflict) + reports sought
  (included or maybe: a maybe goes on to be read in full, as in Covidence);
- at full text: sought - not retrieved = assessed = excluded (other reasons) + included +
  awaiting (undecided, in conflict, maybe);
- the conflicts listed are the conflicts counted; a set-aside record is in no stage's list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from reviewer.domain.decision import (
    ADJUDICATOR,
    EXCLUDE,
    FULL_TEXT,
    INCLUDE,
    MAYBE,
    REVIEWER,
    STAGES,
    TITLE_ABSTRACT,
    UNDECIDED,
    Choice,
    Decision,
    Stage,
    latest_decisions,
)
from reviewer.domain.record import Record
from reviewer.domain.stage_end import StageEnd
from reviewer.review.folder import Review
from reviewer.team.decisions import Conflict, final_decisions
from reviewer.team.extraction import TeamAnswers
from reviewer.team.snapshot import TeamSnapshot

NOT_RETRIEVED = "full text not available"  # the full-text exclusion reason that means "report not retrieved"
NO_REASON = "(no reason)"


@dataclass(frozen=True)
class StageCounts:
    """Where the records a stage screens stand, by the decision that counts."""

    records: int
    screened: int
    included: int
    excluded: int
    maybe: int
    conflicts: int
    undecided: int
    excluded_by_reason: dict[str, int]


@dataclass(frozen=True)
class ReviewState:
    review: Review
    team: TeamSnapshot  # as read (decisions where they were made): the audit trail
    set_aside: frozenset[str]  # duplicates removed, automatically or by a reviewer
    kept_instead: Mapping[str, str]  # set-aside record -> the record kept in its place
    decisions: Mapping[str, list[Decision]]  # reviewer slug -> their decisions, carried to the record kept
    final: Mapping[Stage, Mapping[str, Decision | Conflict]]  # of the records each stage screens
    at_stage: Mapping[Stage, tuple[str, ...]]  # the records each stage screens, in corpus order
    # Records left unscreened when title-abstract screening was ended on the stopping aid's word
    # (PRISMA's "marked as ineligible by automation tools"), and the stage end in force.
    marked_by_rule: frozenset[str] = frozenset()
    stage_end: StageEnd | None = None
    # What is asked of the state is computed once (it never changes): in the app, in the worker
    # that computed the state, so the screens that read it do not compute it on the UI thread.
    _latest: dict[str, dict[tuple[str, str], Decision]] = field(default_factory=dict, repr=False, compare=False)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, review: Review, team: TeamSnapshot) -> ReviewState:
        records = review.records()
        set_aside = team.removed_duplicates(review)
        kept = _kept_instead(team, review, set_aside)
        carried = {slug: carry_to_kept(decisions, kept) for slug, decisions in team.decisions.items()}
        seen = replace(team, decisions=carried)
        candidates = tuple(r.id for r in records if r.id not in set_aside)
        decided_ta = final_decisions(seen, TITLE_ABSTRACT)
        ended = _stage_end_in_force(team, TITLE_ABSTRACT)
        # A record a reviewer decided after all (even after the stage ended) is theirs, not the rule's.
        marked = (frozenset(ended.records) & set(candidates)) - set(decided_ta) if ended else frozenset()
        title_abstract = tuple(r for r in candidates if r not in marked)
        final_ta = _restricted(decided_ta, title_abstract)
        full_text = tuple(r for r in title_abstract if _passes(final_ta.get(r)))
        final_ft = _restricted(final_decisions(seen, FULL_TEXT), full_text)
        return cls(
            review,
            team,
            frozenset(set_aside),
            kept,
            carried,
            {TITLE_ABSTRACT: final_ta, FULL_TEXT: final_ft},
            {TITLE_ABSTRACT: title_abstract, FULL_TEXT: full_text},
            marked,
            ended,
        )

    @classmethod
    def read(cls, review: Review, viewer: str | None) -> ReviewState:
        """Every reviewer's file read once, as `viewer` may see it, and the state computed."""
        return cls.of(review, TeamSnapshot.read(review, viewer))

    def full_text_records_with(self, slug: str, decisions: list[Decision]) -> tuple[str, ...]:
        """The records full text screens, `slug`'s decisions taken as given (those a running
        app holds now): the same rule as `of`, with only the title-abstract stage computed again."""
        carried = {**self.decisions, slug: carry_to_kept(decisions, self.kept_instead)}
        final = final_decisions(replace(self.team, decisions=carried), TITLE_ABSTRACT)
        return tuple(r for r in self.at_stage[TITLE_ABSTRACT] if _passes(final.get(r)))

    @property
    def blind(self) -> bool:
        return self.team.blind

    @property
    def problems(self) -> tuple[str, ...]:
        return self.team.problems

    # Per reviewer -------------------------------------------------------------------------

    def latest(self, slug: str) -> dict[tuple[str, str], Decision]:
        """(record, stage) -> `slug`'s latest own screening decision (not adjudications),
        those on set-aside records counted on the record kept."""
        if slug not in self._latest:
            own = [d for d in self.decisions.get(slug, []) if d.role != ADJUDICATOR]
            self._latest[slug] = latest_decisions(own)
        return self._latest[slug]

    def standing(self, slug: str) -> list[tuple[Decision, str]]:
        """`slug`'s decisions that stand: the latest per record, stage and role (taken-back
        ones left out), counted on the record kept, each with the record it was made on."""
        made_on = {d.id: d.record for d in self.team.decisions.get(slug, [])}
        found = []
        for role in (REVIEWER, ADJUDICATOR):
            chosen = [d for d in self.decisions.get(slug, []) if d.role == role]
            found += [
                (d, made_on.get(d.id, d.record)) for d in latest_decisions(chosen).values() if d.decision != UNDECIDED
            ]
        return found

    def history(self, record: str) -> list[Decision]:
        """Every decision made on `record`, or on a record set aside in its place, that this
        state holds, oldest first: the audit trail (taken-back decisions and adjudications
        included), each on the record it was made on."""
        copies = {r for r, kept in self.kept_instead.items() if kept == record}
        found = [d for ds in self.team.decisions.values() for d in ds if d.record == record or d.record in copies]
        return sorted(found, key=lambda d: d.at)

    def labels(self, stage: Stage) -> dict[str, dict[str, Choice]]:
        """reviewer name -> record -> their decision at `stage`, on the records the stage
        screens (taken-back decisions left out): what agreement is measured on."""
        screened = set(self.at_stage[stage])
        found: dict[str, dict[str, Choice]] = {}
        for slug in self.decisions:
            for (record, decided_stage), decision in self.latest(slug).items():
                if decided_stage == stage and record in screened and decision.decision != UNDECIDED:
                    found.setdefault(decision.reviewer, {})[record] = decision.decision
        return found

    # The team's --------------------------------------------------------------------------

    def conflicts(self, stage: Stage) -> list[Conflict]:
        """Conflicts open at `stage`, in corpus order."""
        final = self.final[stage]
        return [c for r in self.at_stage[stage] if isinstance(c := final.get(r), Conflict)]

    @property
    def answers(self) -> TeamAnswers:
        """The extraction answers as this state's viewer may see them, and the team's value per field."""
        if "answers" not in self._derived:
            self._derived["answers"] = TeamAnswers(self.team.answers)
        return self._derived["answers"]

    def in_conflict(self) -> frozenset[str]:
        if "in_conflict" not in self._derived:
            self._derived["in_conflict"] = frozenset(c.record for stage in STAGES for c in self.conflicts(stage))
        return self._derived["in_conflict"]

    def counts(self, stage: Stage, among: set[str] | None = None) -> StageCounts:
        """Where the records `stage` screens stand (only those `among`, when given)."""
        final = self.final[stage]
        states: Counter[str] = Counter()
        reasons: Counter[str] = Counter()
        records = [r for r in self.at_stage[stage] if among is None or r in among]
        for record in records:
            decided = final.get(record)
            if decided is None:
                states["undecided"] += 1
            elif isinstance(decided, Conflict):
                states["conflict"] += 1
            else:
                states[decided.decision] += 1
                if decided.decision == EXCLUDE:
                    reasons[decided.reason or NO_REASON] += 1
        return StageCounts(
            records=len(records),
            screened=len(records) - states["undecided"],
            included=states[INCLUDE],
            excluded=states[EXCLUDE],
            maybe=states[MAYBE],
            conflicts=states["conflict"],
            undecided=states["undecided"],
            excluded_by_reason=dict(sorted(reasons.items())),
        )

    def included(self) -> list[Record]:
        """The records included at the last stage they reached (a record sought but not yet
        decided at full text counts as included at title-abstract)."""
        return [
            r
            for r in self.review.records()
            if isinstance(d := self.last_word(r.id), Decision) and d.decision == INCLUDE
        ]

    def last_word(self, record: str) -> Decision | Conflict | None:
        """What counts for `record` at the last stage that decided it (full text, else title-abstract)."""
        return self.final[FULL_TEXT].get(record) or self.final[TITLE_ABSTRACT].get(record)

    def prisma(self) -> dict[str, Any]:
        """The PRISMA 2020 counts (what `stats --json` prints), adding up at every level: for
        the whole review, and in `by_method` for the records found in databases and those
        found by other methods (source texts), as the diagram's two columns draw them."""
        if "prisma" not in self._derived:
            self._derived["prisma"] = self._prisma()
        return self._derived["prisma"]

    def _prisma(self) -> dict[str, Any]:
        review = self.review
        records = review.records()
        from_databases = {r.id for r in records if r.source not in review.text_sources}
        databases: Counter[str] = Counter()
        others: Counter[str] = Counter()
        for record in records:
            if record.id in from_databases:
                databases[review.config.database_of(record.source)] += 1
            else:
                others[record.source] += 1
        by_method = {
            "databases": {"identified": dict(sorted(databases.items())), **self._flow(from_databases)},
            "other": {
                "identified": dict(sorted(others.items())),
                **self._flow({r.id for r in records} - from_databases),
            },
        }
        return {
            "records_identified": len(records),
            "identified_from_databases": by_method["databases"]["identified"],
            "identified_from_other_sources": sum(others.values()),
            **self._flow(None),
            "by_method": by_method,
        }

    def _flow(self, among: set[str] | None) -> dict[str, Any]:
        """Duplicates removed, then each stage's counts, of the records `among` (all if None)."""
        removed = self.set_aside if among is None else self.set_aside & among
        marked = self.marked_by_rule if among is None else self.marked_by_rule & among
        title_abstract, full_text = self.counts(TITLE_ABSTRACT, among), self.counts(FULL_TEXT, among)
        not_retrieved = full_text.excluded_by_reason.get(NOT_RETRIEVED, 0)
        return {
            "duplicates_removed": len(removed),
            "duplicates_removed_automatically": sum(1 for r in removed if r in self.review.same_study),
            "marked_ineligible_by_automation": len(marked),
            "records_screened": title_abstract.records,
            TITLE_ABSTRACT: {
                **vars(title_abstract),
                "awaiting": title_abstract.undecided + title_abstract.conflicts,
                "passed": title_abstract.included + title_abstract.maybe,
            },
            FULL_TEXT: {
                **vars(full_text),
                "not_retrieved": not_retrieved,
                "assessed": full_text.records - not_retrieved,
                "awaiting": full_text.undecided + full_text.conflicts + full_text.maybe,
            },
        }


def _stage_end_in_force(team: TeamSnapshot, stage: Stage) -> StageEnd | None:
    """The latest word on ending `stage` (of the ends this snapshot holds), if it ended it."""
    latest = max((end for end in team.stage_ends if end.stage == stage), key=lambda end: end.at, default=None)
    return latest if latest is not None and latest.ended else None


def _passes(final: Decision | Conflict | None) -> bool:
    """Whether a title-abstract decision sends the record on to full text."""
    return isinstance(final, Decision) and final.decision in (INCLUDE, MAYBE)


def _restricted(final: dict[str, Decision | Conflict], records: tuple[str, ...]) -> dict[str, Decision | Conflict]:
    return {r: final[r] for r in records if r in final}


def _kept_instead(team: TeamSnapshot, review: Review, set_aside: set[str]) -> dict[str, str]:
    """Set-aside record -> the record kept in its place, following a chain of settlements to a
    record that is not set aside itself."""
    direct = {copy: original for copy, original in review.same_study.items() if copy in set_aside}
    for doc in sorted(team.resolutions.values(), key=lambda doc: doc["at"]):
        if doc.get("keep"):
            direct.update({record: doc["keep"] for record in doc["removed"]})
    kept = {}
    for record, target in direct.items():
        seen = {record}
        while target in direct and target in set_aside and target not in seen:
            seen.add(target)
            target = direct[target]
        if target not in set_aside:
            kept[record] = target
    return kept


def carry_to_kept(decisions: list[Decision], kept: Mapping[str, str]) -> list[Decision]:
    """One reviewer's decisions, those on set-aside records moved to the record kept in their
    place, unless the reviewer decided on that record at that stage in that role themselves."""
    own = {(d.record, d.stage, d.role) for d in decisions if d.record not in kept}
    moved = [
        replace(d, record=kept[d.record])
        for d in decisions
        if d.record in kept and (kept[d.record], d.stage, d.role) not in own
    ]
    return [d for d in decisions if d.record not in kept] + moved
