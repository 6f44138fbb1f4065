"""The documents a reviewer's file holds, as plain immutable values."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone

SCHEMA_VERSION = 1

ANCHORED = "anchored"
ORPHANED = "orphaned"


def now_iso() -> str:
    """The current time in UTC, ISO 8601 to the millisecond."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Annotation:
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
    status: str = ANCHORED
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=now_iso)
    modified: str = ""

    def __post_init__(self) -> None:
        if not self.modified:
            object.__setattr__(self, "modified", self.created)

    def edited(self, **changes) -> Annotation:
        """A copy with `changes` applied and `modified` set to now."""
        return replace(self, modified=now_iso(), **changes)

    def to_doc(self) -> dict:
        doc = asdict(self)
        doc["tags"] = list(self.tags)
        doc["schema"] = SCHEMA_VERSION
        return doc

    @classmethod
    def from_doc(cls, doc: dict) -> Annotation:
        fields = {name: doc[name] for name in cls.__dataclass_fields__ if name in doc}
        fields["tags"] = tuple(doc.get("tags") or ())
        return cls(**fields)
