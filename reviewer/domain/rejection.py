"""A suggestion a reviewer rejected (stored in their file's `rejections` table): never shown
to them again on that text, and a lesson for the suggestions on every other."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer.domain.document import Document, new_id, now_iso


@dataclass(frozen=True)
class Rejection(Document):
    record: str
    reviewer: str
    exact: str  # the sentence as suggested: what hides it again, wherever the text puts it
    start: int
    end: int
    tags: tuple[str, ...] = ()  # the tags it was suggested with, best first
    id: str = field(default_factory=new_id)
    at: str = field(default_factory=now_iso)
