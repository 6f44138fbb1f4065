"""Claims across the review: every reviewer's annotations with the records they are on."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.identity import slug
from reviewer.model import Annotation
from reviewer.records import Record
from reviewer.review import Review


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
