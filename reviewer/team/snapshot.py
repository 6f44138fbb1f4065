"""Every reviewer's file read once: what commands and screens that look across the team work from.

A command or a screen refresh reads the team's files once into a `TeamSnapshot` and asks
it everything (final decisions, conflicts, PRISMA counts, claims, duplicates set aside),
instead of reading each file again for every question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reviewer.domain.claim import Claim
from reviewer.domain.decision import Decision
from reviewer.persistence.store import load_tables
from reviewer.review.folder import Review


@dataclass(frozen=True)
class TeamSnapshot:
    decisions: dict[str, list[Decision]]  # reviewer slug -> their decisions, in saved order
    claims: list[Claim]  # every reviewer's, by reviewer then creation time
    resolutions: dict[tuple[str, ...], dict[str, Any]]  # group of records -> the latest word on it

    @classmethod
    def read(cls, review: Review) -> TeamSnapshot:
        """Read every reviewer's file (TinyDB file plus journal) once."""
        decisions: dict[str, list[Decision]] = {}
        claims: list[Claim] = []
        resolutions: dict[tuple[str, ...], dict[str, Any]] = {}
        for slug in review.reviewer_slugs():
            tables = load_tables(review.annotations_dir, slug)
            decisions[slug] = [Decision.from_doc(doc) for doc in tables["decisions"].values()]
            claims.extend(sorted((Claim.from_doc(doc) for doc in tables["annotations"].values()), key=_created))
            for doc in tables["duplicates"].values():  # any reviewer may settle a group: the latest counts
                key = tuple(doc["group"])
                if key not in resolutions or doc["at"] > resolutions[key]["at"]:
                    resolutions[key] = doc
        return cls(decisions, claims, resolutions)

    def removed_duplicates(self) -> set[str]:
        """Records set aside as duplicates of another (they count in PRISMA's duplicates removed)."""
        return {record for doc in self.resolutions.values() for record in doc["removed"]}


def _created(claim: Claim) -> str:
    return claim.created
