"""Finding the same study exported by different databases.

Records that share an id (PMID or DOI) are merged when the corpus is read. Here, records
with different ids are grouped when they share a DOI or PMID, or when their normalised
titles are near-identical (rapidfuzz) with the same year (or one apart, for an e-pub
ahead of print) and, for less-than-exact titles, the same first author's surname.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from reviewer.domain.document import new_id, now_iso
from reviewer.domain.record import Record
from reviewer.formats.fields import normalised_title
from reviewer.persistence.store import ReviewerStore
from reviewer.review.folder import Review
from reviewer.team.snapshot import TeamSnapshot

EXACT_TITLE = 97.0
SIMILAR_TITLE = 94.0


@dataclass(frozen=True)
class DuplicateGroup:
    records: tuple[str, ...]  # ids, the one to keep by default first
    reason: str  # "doi", "pmid" or "title"

    @property
    def key(self) -> tuple[str, ...]:
        """Its records in id order: how a settlement names the group (`resolution`), and how
        the team's latest word on it is looked up (TeamSnapshot.resolutions)."""
        return tuple(sorted(self.records))

    def to_json(self) -> dict:
        return {"records": list(self.records), "keep": self.records[0], "reason": self.reason}


def find_duplicates(records: list[Record]) -> list[DuplicateGroup]:
    parent = list(range(len(records)))
    reasons: dict[int, str] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int, reason: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra
            reasons[ra] = reasons.get(ra) or reasons.pop(rb, None) or reason

    for key in ("doi", "pmid"):
        first_with: dict[str, int] = {}
        for i, record in enumerate(records):
            value = getattr(record, key)
            if value:
                if value in first_with:
                    join(first_with[value], i, key)
                else:
                    first_with[value] = i
    _join_similar_titles(records, join)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(records)):
        groups[root(i)].append(i)
    found = []
    for group_root, members in groups.items():
        if len(members) > 1:
            ordered = sorted(members, key=lambda i: (_completeness(records[i]), -i), reverse=True)
            found.append(DuplicateGroup(tuple(records[i].id for i in ordered), reasons.get(group_root, "title")))
    return sorted(found, key=lambda g: g.records)


def _join_similar_titles(records: list[Record], join: Callable[[int, int, str], None]) -> None:
    titles = [normalised_title(r.title) for r in records]
    by_year: dict[int | None, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        if titles[i]:
            by_year[record.year].append(i)
    for year, members in by_year.items():
        candidates = members + (by_year.get(year + 1, []) if year is not None else [])
        choices = {i: titles[i] for i in candidates}
        same_year = set(members)
        for i in members:
            for _, score, j in process.extract(
                titles[i], choices, scorer=fuzz.ratio, score_cutoff=SIMILAR_TITLE, limit=None
            ):
                if j <= i and j in same_year:
                    continue
                if _distinct_works(records[i].title, records[j].title):
                    continue
                if score >= EXACT_TITLE or _first_surname(records[i]) == _first_surname(records[j]):
                    join(i, j, "title")


NUMBERS = re.compile(r"\d+|\b(?:i{1,3}|iv|vi{0,3}|ix|x)\b", re.IGNORECASE)  # 2, 8th, Part II
CORRECTION = re.compile(
    r"\b(?:errat(?:um|a)|corrigend(?:um|a)|correction|retract(?:ion|ed)|reply|response|comment on)\b", re.IGNORECASE
)


def _distinct_works(one: str, other: str) -> bool:
    """Titles alike but for a number ("Part 1 of 4" / "Part 2 of 4", "8th" / "9th annual
    conference", "Trial II") or for one being an erratum, retraction or reply to the other:
    different works, however close the strings."""
    if NUMBERS.findall(one.casefold()) != NUMBERS.findall(other.casefold()):
        return True
    return bool(CORRECTION.search(one)) != bool(CORRECTION.search(other))


def _first_surname(record: Record) -> str:
    if not record.authors:
        return ""
    author = record.authors[0]
    surname = author.split(",")[0] if "," in author else author.split()[-1] if author.split() else ""
    return normalised_title(surname)


def _completeness(record: Record) -> tuple[int, int, int]:
    """Keep the record that says the most: how many of abstract, ids, authors, journal and year
    it has, then the longer abstract, then more authors (a 7-word abstract with 2 authors was
    suggested over a 52-word one with 5: a trial found it)."""
    present = sum(
        bool(v) for v in (record.abstract, record.doi, record.pmid, record.authors, record.journal, record.year)
    )
    return present, len(record.abstract.split()), len(record.authors)


def most_complete(records: list[Record]) -> str:
    """The id of the record of a group that says the most (abstract, ids, authors, journal,
    year): the one to suggest keeping; the first of them among equals."""
    return max(enumerate(records), key=lambda item: (_completeness(item[1]), -item[0]))[1].id


def resolution(group: DuplicateGroup, keep: str | None, reviewer: str) -> dict:
    """The document that records a decision on a group: keep one (the others are
    duplicates removed), or keep=None: not duplicates after all."""
    return {
        "id": new_id(),
        "group": list(group.key),
        "keep": keep,
        "removed": sorted(r for r in group.records if r != keep) if keep else [],
        "reviewer": reviewer,
        "at": now_iso(),
    }


def open_groups(review: Review, team: TeamSnapshot) -> list[DuplicateGroup]:
    """Groups of likely duplicates that no reviewer has settled. Those whose copies were set
    aside at import (same PMID or DOI) are among them, the record they were set aside for
    first, so a reviewer sees, confirms or reverses what was done without them."""
    by_reviewers = {record for doc in team.resolutions.values() for record in doc["removed"]}
    candidates = [r for r in review.records() if r.id not in by_reviewers]
    found = [g for g in find_duplicates(candidates) if g.key not in team.resolutions]
    return [_read_first(review, g) for g in found]


def every_group(review: Review) -> list[DuplicateGroup]:
    """Every group of likely duplicates, settled or open, each ordered as `open_groups` orders them."""
    return [_read_first(review, g) for g in find_duplicates(review.records())]


def _read_first(review: Review, group: DuplicateGroup) -> DuplicateGroup:
    """The group with the records set aside at import last: the one they were set aside for first."""
    return DuplicateGroup(tuple(sorted(group.records, key=lambda r: r in review.same_study)), group.reason)


def settle(store: ReviewerStore, group: DuplicateGroup, keep: str | None) -> None:
    """Record the reviewer's word on a group: keep one record (the others are set aside as
    duplicates removed), or keep=None: not duplicates after all (remembered)."""
    if keep is not None and keep not in group.records:
        raise ValueError(f"{keep} is not in the group {', '.join(group.records)}")
    store.put("duplicates", resolution(group, keep, store.reviewer))
