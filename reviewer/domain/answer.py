"""An extraction answer: one reviewer's value for one field of a form, on one record (stored in
the reviewer file's `answers` table, history kept like decisions: the latest counts)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reviewer.domain.decision import REVIEWER, Role
from reviewer.domain.document import Document, new_id, now_iso


@dataclass(frozen=True)
class Answer(Document):
    """`value` is None when the answer was cleared. An answer may cite its evidence: the quote
    (`exact`, with `prefix` and `suffix`), its offsets in the record's text and its page, anchored
    as a claim is. An adjudicator's answer (`role`) settles the field for the team; `note` holds
    the reason for overriding a derived judgement."""

    record: str
    reviewer: str
    form: str
    field: str
    value: Any
    note: str = ""
    role: Role = REVIEWER
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int = -1  # -1: no quote
    end: int = -1
    page: int = 0  # 0: not paginated, or no quote
    at: str = dataclasses.field(default_factory=now_iso)  # `field` is the answer's
    id: str = dataclasses.field(default_factory=new_id)

    @property
    def quoted(self) -> bool:
        return self.start >= 0


def latest_answers(answers: Iterable[Answer]) -> dict[tuple[str, str, str], Answer]:
    """(record, form, field) -> one reviewer's latest answer, from their answers in saved order."""
    latest: dict[tuple[str, str, str], Answer] = {}
    for answer in sorted(answers, key=lambda a: a.at):
        latest[(answer.record, answer.form, answer.field)] = answer
    return latest
