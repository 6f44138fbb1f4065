"""Where a screening session's decisions come from and go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from reviewer.domain.decision import Decision


class DecisionLog(Protocol):
    """Where a reviewer's decisions come from and go: their store, or a read-only copy."""

    slug: str
    reviewer: str

    def decisions(self) -> list[Decision]: ...

    def put_decision(self, decision: Decision) -> object: ...


@dataclass
class ReadOnlyLog:
    """A reviewer's decisions as read from the team's files, for commands that only look
    (`reviewer rank` works while the app holds the reviewer's file open)."""

    slug: str
    reviewer: str
    read: list[Decision]

    def decisions(self) -> list[Decision]:
        return list(self.read)

    def put_decision(self, decision: Decision) -> object:
        raise PermissionError("these decisions are read only")
