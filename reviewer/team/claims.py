"""Claims across the review: every reviewer's annotations with the records they are on."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from reviewer.team.agreement import spans_overlap
from reviewer.review.identity import slug
from reviewer.domain.model import Annotation
from reviewer.domain.record import Record
from reviewer.review.folder import Review


@dataclass(frozen=True)
class Claim:
    annotation: Annotation
    record: Record | None  # None when the record is no longer in the corpus

    @property
    def title(self) -> str:
        return self.record.title if self.record else ""

    @property
    def year(self) -> int | None:
        return self.record.year if self.record else None


def collect_claims(review: Review, tags: list[str] | None = None, reviewer: str | None = None) -> list[Claim]:
    """Claims in a stable order (record, position, id), filtered by any of `tags` and by reviewer."""
    wanted_tags = set(tags or ())
    claims = []
    for annotation in review.all_annotations():
        if wanted_tags and not wanted_tags & set(annotation.tags):
            continue
        if reviewer and slug(annotation.reviewer) != slug(reviewer):
            continue
        claims.append(Claim(annotation, review.record(annotation.record)))
    return sorted(claims, key=lambda c: (c.annotation.record, c.annotation.start, c.annotation.end, c.annotation.id))


FIELDS = ("tag", "reviewer", "record")
TEXT_MIN_SCORE = 80.0


def filter_claims(claims: list[Claim], query: str) -> list[Claim]:
    """Claims matching `query`: `tag:X`, `reviewer:X` and `record:X` words narrow by field
    (prefix match); other words must each be found, typos allowed, in the quote, note or title."""
    fields: dict[str, list[str]] = {}
    words = []
    for word in query.split():
        name, _, value = word.partition(":")
        if value and name in FIELDS:
            fields.setdefault(name, []).append(value.casefold())
        else:
            words.append(word)
    text = " ".join(words)
    kept = []
    for claim in claims:
        a = claim.annotation
        values = {"tag": [t.casefold() for t in a.tags], "reviewer": [a.reviewer.casefold()], "record": [a.record.casefold(), claim.title.casefold()]}
        if not all(any(v.startswith(w) or w in v for v in values[name] for w in wanted) for name, wanted in fields.items()):
            continue
        if text and _text_score(text, f"{a.exact} {a.note} {claim.title}") < TEXT_MIN_SCORE:
            continue
        kept.append(claim)
    return kept


def _text_score(query: str, haystack: str) -> float:
    haystack = utils.default_process(haystack)
    scores = [fuzz.partial_ratio(word, haystack) for word in utils.default_process(query).split()]
    return min(scores) if scores else 100.0


def group_near_identical(claims: list[Claim]) -> dict[str, int]:
    """annotation id -> how many claims (its own included) are the same claim: same record,
    overlapping spans, a tag in common; typically the same passage tagged by several reviewers."""
    by_record: dict[str, list[Claim]] = {}
    for claim in claims:
        by_record.setdefault(claim.annotation.record, []).append(claim)
    sizes = {}
    for on_record in by_record.values():
        for claim in on_record:
            a = claim.annotation
            sizes[a.id] = sum(
                1 for other in on_record if set(a.tags) & set(other.annotation.tags) and spans_overlap(a, other.annotation)
            ) or 1
    return sizes
