"""How the documents in a reviewer's file are stored: JSON values with the schema noted."""

from __future__ import annotations

import functools
import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any, Self

SCHEMA_VERSION = 1


def now_iso() -> str:
    """The current time in UTC, ISO 8601 to the millisecond."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_id() -> str:
    return str(uuid.uuid4())


class Document:
    """A value stored as a JSON document: tuples become lists, and the schema is noted."""

    def to_doc(self) -> dict[str, Any]:
        doc = {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}  # type: ignore[call-overload]
        doc["schema"] = SCHEMA_VERSION
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Self:
        names, tuples = _field_plan(cls)  # type: ignore[arg-type]  # a class is hashable
        fields = {name: doc[name] for name in names if name in doc}
        for name in tuples:
            if fields.get(name) is not None:
                fields[name] = tuple(fields[name])
        return cls(**fields)


@functools.cache
def _field_plan(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A document class's field names, and those stored as lists but held as tuples."""
    specs = cls.__dataclass_fields__  # type: ignore[attr-defined]
    return tuple(specs), tuple(name for name, spec in specs.items() if str(spec.type).startswith("tuple"))
