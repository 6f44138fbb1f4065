"""Every reviewer's file read once: what commands and screens that look across the team work from.

A command or a screen refresh reads the team's files once into a `TeamSnapshot` and asks
it everything (final decisions, conflicts, PRISMA counts, claims, duplicates set aside),
instead of reading each file again for every question.

It is also where blinding holds: read for a viewer, a snapshot of a blind review holds only
the viewer's own decisions and claims unless the viewer is an adjudicator, so nothing built
on it can show a reviewer a colleague's work. And a colleague's file that cannot be read
(damaged, half-merged, from a newer version) is left out and named in `problems`: one file
never stops the team.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from reviewer.domain.claim import Claim
from reviewer.domain.decision import Decision
from reviewer.persistence.journal import JournalError
from reviewer.persistence.store import StoreError, load_tables, set_aside
from reviewer.review.folder import Review
from reviewer.review.identity import slug as slug_of

EVERYONE = None  # a viewer who sees every reviewer's work: integrity checks, never a blind display


@dataclass(frozen=True)
class TeamSnapshot:
    decisions: dict[str, list[Decision]]  # reviewer slug -> their decisions, in saved order
    claims: list[Claim]  # by reviewer then creation time
    resolutions: dict[tuple[str, ...], dict[str, Any]]  # group of records -> the latest word on it
    problems: tuple[str, ...] = ()  # one message per reviewer file left out
    blind: bool = False  # only the viewer's own decisions and claims are here

    @classmethod
    def read(cls, review: Review, viewer: str | None) -> TeamSnapshot:
        """Read every reviewer's file once, as `viewer` (a reviewer's slug) may see it: while
        the review is blind, only their own decisions and claims unless they adjudicate.
        Settled duplicate groups are the team's, whoever looks."""
        blind = viewer is not EVERYONE and not review.config.sees_everyone(viewer)
        decisions: dict[str, list[Decision]] = {}
        claims: list[Claim] = []
        resolutions: dict[tuple[str, ...], dict[str, Any]] = {}
        problems: list[str] = []
        for slug in review.reviewer_slugs():
            try:
                tables = load_tables(review.annotations_dir, slug)
            except (StoreError, JournalError) as error:
                problems.append(f"{error}; left out")
                continue
            _, unusable = set_aside(tables, f"annotations/{slug}.json")
            problems.extend(f"{problem} (left out)" for problem in unusable)
            for doc in tables["duplicates"].values():  # any reviewer may settle a group: the latest word counts
                key = tuple(doc["group"])
                if key not in resolutions or doc["at"] > resolutions[key]["at"]:
                    resolutions[key] = doc
            if blind and slug != viewer:
                continue
            decisions[slug] = [Decision.from_doc(doc) for doc in tables["decisions"].values()]
            claims.extend(sorted((Claim.from_doc(doc) for doc in tables["annotations"].values()), key=_created))
        return cls(decisions, claims, resolutions, tuple(problems), blind)

    def history(self, record: str) -> list[Decision]:
        """Every decision made on `record` that this snapshot holds, by whom, oldest first:
        the audit trail (taken-back decisions and adjudications included)."""
        found = [d for decisions in self.decisions.values() for d in decisions if d.record == record]
        return sorted(found, key=lambda d: d.at)

    def counts(self) -> dict[str, tuple[int, int]]:
        """reviewer slug -> how many decisions and claims their file holds (of what this snapshot sees)."""
        claims = Counter(slug_of(claim.reviewer, default="") for claim in self.claims)
        return {reviewer: (len(decisions), claims.get(reviewer, 0)) for reviewer, decisions in self.decisions.items()}

    def kept_instead(self, review: Review) -> dict[str, str]:
        """record set aside as a duplicate -> the record kept in its place."""
        removed = self.removed_duplicates(review)
        kept = {copy: original for copy, original in review.same_study.items() if copy in removed}
        for doc in self.resolutions.values():
            if doc.get("keep"):
                kept.update({record: doc["keep"] for record in doc["removed"]})
        return kept

    def carried_to_kept(self, review: Review) -> TeamSnapshot:
        """This snapshot with the decisions made on records since set aside as duplicates
        carried to the record kept in their place (where the reviewer has none of their own
        there), so no decision is lost when its record turns out to be a duplicate."""
        kept = self.kept_instead(review)
        if not kept:
            return self
        carried = {reviewer: carry_to_kept(decisions, kept) for reviewer, decisions in self.decisions.items()}
        return replace(self, decisions=carried)

    def removed_duplicates(self, review: Review) -> set[str]:
        """Records set aside as duplicates of another (they count in PRISMA's duplicates
        removed): those a reviewer set aside, and those sharing a PMID or DOI with a record
        read before them, unless a reviewer has settled their group otherwise."""
        settled = {record for key in self.resolutions for record in key}
        by_reviewers = {record for doc in self.resolutions.values() for record in doc["removed"]}
        return by_reviewers | {record for record in review.same_study if record not in settled}


def carry_to_kept(decisions: list[Decision], kept: dict[str, str]) -> list[Decision]:
    """One reviewer's decisions, those on set-aside records moved to the record kept in their
    place unless the reviewer decided on that record at that stage themselves."""
    own = {(d.record, d.stage) for d in decisions if d.record not in kept}
    moved = [
        replace(d, record=kept[d.record])
        for d in decisions
        if d.record in kept and (kept[d.record], d.stage) not in own
    ]
    return [d for d in decisions if d.record not in kept] + moved


def _created(claim: Claim) -> str:
    return claim.created
