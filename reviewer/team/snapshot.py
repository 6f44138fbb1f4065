"""Every reviewer's file read once: what commands and screens that look across the team work from.

A command or a screen refresh reads the team's files once into a `TeamSnapshot`, and
`team.state.ReviewState` derives from it everything counted (final decisions, conflicts,
PRISMA counts, duplicates set aside), instead of reading each file again for every question.

It is also where blinding holds: read for a viewer, a snapshot of a blind review holds only
the viewer's own decisions and claims (and the adjudications that settled the team's
conflicts) unless the viewer is an adjudicator, so nothing built
on it can show a reviewer a colleague's work. And a colleague's file that cannot be read
(damaged, half-merged, from a newer version) is left out and named in `problems`: one file
never stops the team.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from reviewer.domain.answer import Answer
from reviewer.domain.claim import Claim
from reviewer.domain.decision import ADJUDICATOR, Decision
from reviewer.domain.rejection import Rejection
from reviewer.domain.stage_end import StageEnd
from reviewer.persistence.documents import set_aside
from reviewer.persistence.journal import JournalError
from reviewer.persistence.store import ReviewerStore, StoreError, load_tables
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
    answers: dict[str, list[Answer]] = field(default_factory=dict)  # reviewer slug -> extraction answers, saved order
    stage_ends: tuple[StageEnd, ...] = ()  # stages ended on the stopping aid's word (and taken back)
    rejections: tuple[Rejection, ...] = ()  # suggestions rejected, by the reviewers whose claims are here

    @classmethod
    def read(cls, review: Review, viewer: str | None, own: ReviewerStore | None = None) -> TeamSnapshot:
        """Read every reviewer's file once, as `viewer` (a reviewer's slug) may see it: while
        the review is blind, only their own decisions and claims (and the adjudications that
        settled conflicts: the team's outcome, not a colleague's vote) unless they adjudicate.
        Settled duplicate groups are the team's, whoever looks. With `own` (the viewer's open
        store), their part is what the store holds in memory, saved or not yet."""
        blind = viewer is not EVERYONE and not review.config.sees_everyone(viewer)
        decisions: dict[str, list[Decision]] = {}
        answers: dict[str, list[Answer]] = {}
        stage_ends: list[StageEnd] = []
        claims: list[Claim] = []
        rejections: list[Rejection] = []
        resolutions: dict[tuple[str, ...], dict[str, Any]] = {}
        problems: list[str] = []
        read: dict[str, dict[str, dict[str, dict]]] = {}
        listed = {*review.reviewer_slugs(), *([own.slug] if own is not None else [])}
        for _ in range(LISTINGS):  # a file listed again later was being replaced (git checkout) the first time
            for slug in sorted(listed - read.keys()):
                tables = own.tables() if own is not None and slug == own.slug else _colleague(review, slug, problems)
                if tables is not None:
                    read[slug] = tables
            listed = set(review.reviewer_slugs())
            if listed <= read.keys() | {problem_slug for problem_slug in listed if _named(problem_slug, problems)}:
                break
        for slug, tables in sorted(read.items()):
            for doc in tables["duplicates"].values():  # any reviewer may settle a group: the latest word counts
                key = tuple(doc["group"])
                if key not in resolutions or doc["at"] > resolutions[key]["at"]:
                    resolutions[key] = doc
            made = [Decision.from_doc(doc) for doc in tables["decisions"].values()]
            answered = [Answer.from_doc(doc) for doc in tables["answers"].values()]
            ends = [StageEnd.from_doc(doc) for doc in tables["stage_ends"].values()]
            stage_ends += ends if not blind or slug == viewer else [e for e in ends if e.role == ADJUDICATOR]
            if blind and slug != viewer:  # a colleague's adjudications settle the team's conflicts: those count
                adjudications = [d for d in made if d.role == ADJUDICATOR]
                if adjudications:
                    decisions[slug] = adjudications
                settlements = [a for a in answered if a.role == ADJUDICATOR]
                if settlements:
                    answers[slug] = settlements
                continue
            decisions[slug] = made
            if answered:
                answers[slug] = answered
            claims.extend(sorted((Claim.from_doc(doc) for doc in tables["annotations"].values()), key=_created))
            rejections.extend(Rejection.from_doc(doc) for doc in tables["rejections"].values())
        return cls(
            decisions, claims, resolutions, tuple(problems), blind, answers, tuple(stage_ends), tuple(rejections)
        )

    def counts(self) -> dict[str, tuple[int, int]]:
        """reviewer slug -> how many decisions and claims their file holds (of what this snapshot sees)."""
        claims = Counter(slug_of(claim.reviewer, default="") for claim in self.claims)
        return {reviewer: (len(decisions), claims.get(reviewer, 0)) for reviewer, decisions in self.decisions.items()}

    def removed_duplicates(self, review: Review) -> set[str]:
        """Records set aside as duplicates of another (they count in PRISMA's duplicates
        removed): those a reviewer set aside, and those sharing a PMID or DOI with a record
        read before them, unless a reviewer has settled their group otherwise."""
        settled = {record for key in self.resolutions for record in key}
        by_reviewers = {record for doc in self.resolutions.values() for record in doc["removed"]}
        return by_reviewers | {record for record in review.same_study if record not in settled}


LISTINGS = 3  # the folder is listed again after reading, up to this often, for files caught mid-replace


def _colleague(review: Review, slug: str, problems: list[str]) -> dict[str, dict[str, dict]] | None:
    """A colleague's usable documents by table, or None when their file is left out (said in
    `problems`, as are the documents set aside)."""
    try:
        tables = load_tables(review.annotations_dir, slug)
    except (StoreError, JournalError) as error:
        problems.append(f"{error}; left out")
        return None
    _, unusable = set_aside(tables, f"annotations/{slug}.json")
    problems.extend(f"{problem} (left out)" for problem in unusable)
    return tables


def _named(slug: str, problems: list[str]) -> bool:
    """Whether a problem already names `slug`'s file (left out: no need to read it again)."""
    return any(f"{slug}.json" in problem or f"{slug}.journal" in problem for problem in problems)


def _created(claim: Claim) -> str:
    return claim.created
