"""A claim: a tagged span of a record's text (stored in the reviewer file's `annotations` table)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

from reviewer.domain.document import Document, new_id, now_iso

ClaimStatus = Literal["anchored", "orphaned"]
ANCHORED: Final = "anchored"
ORPHANED: Final = "orphaned"
BY_HAND: Final = ""
SUGGESTED: Final = "suggested"  # accepted from a suggestion: the methods section counts these
ORIGINS: Final = (BY_HAND, SUGGESTED)


@dataclass(frozen=True)
class Claim(Document):
    """A tagged span of a record's text, anchored W3C Web Annotation style.

    `start`/`end` are character offsets into the source text as decoded; `exact`,
    `prefix` and `suffix` let the span be found again when the text changes.
    """

    record: str
    reviewer: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    tags: tuple[str, ...] = ()
    note: str = ""
    status: ClaimStatus = ANCHORED
    origin: str = BY_HAND
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=now_iso)
    modified: str = ""

    def __post_init__(self) -> None:
        if not self.modified:
            object.__setattr__(self, "modified", self.created)

    def edited(self, **changes: Any) -> Claim:
        """A copy with `changes` applied and `modified` set to now."""
        return replace(self, modified=now_iso(), **changes)
