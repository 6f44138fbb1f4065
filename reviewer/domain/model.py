"""The documents a reviewer's file holds, as plain immutable values."""

from __future__ import annotations

import functools
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone

SCHEMA_VERSION = 1

ANCHORED = "anchored"
ORPHANED = "orphaned"

TITLE_ABSTRACT = "title-abstract"
FULL_TEXT = "full-text"
STAGES = (TITLE_ABSTRACT, FULL_TEXT)
INCLUDE, EXCLUDE, MAYBE = "include", "exclude", "maybe"
DECISIONS = (INCLUDE, EXCLUDE, MAYBE)
UNDECIDED = "none"  # a decision taken back: the record is undecided again


def now_iso() -> str:
    """The current time in UTC, ISO 8601 to the millisecond."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def new_id() -> str:
    return str(uuid.uuid4())


class Document:
    """A value stored as a JSON document: tuples become lists, and the schema is noted."""

    def to_doc(self) -> dict:
        doc = {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}
        doc["schema"] = SCHEMA_VERSION
        return doc

    @classmethod
    def from_doc(cls, doc: dict):
        names, tuples = _field_plan(cls)
        fields = {name: doc[name] for name in names if name in doc}
        for name in tuples:
            if fields.get(name) is not None:
                fields[name] = tuple(fields[name])
        return cls(**fields)


@functools.cache
def _field_plan(cls) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A document class's field names, and those stored as lists but held as tuples."""
    specs = cls.__dataclass_fields__
    return tuple(specs), tuple(name for name, spec in specs.items() if spec.type.startswith("tuple"))


@dataclass(frozen=True)
class Annotation(Document):
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



@dataclass(frozen=True)
class Decision(Document):
    """One screening decision; a reviewer's latest for a record and stage is the one that counts.

    Earlier ones stay in the file as the audit trail; undo appends the state it restores.
    """

    record: str
    reviewer: str
    stage: str
    decision: str  # include | exclude | maybe | none (taken back)
    reason: str = ""
    note: str = ""
    role: str = "reviewer"  # or "adjudicator", whose decision settles a conflict
    at: str = field(default_factory=now_iso)
    id: str = field(default_factory=new_id)
