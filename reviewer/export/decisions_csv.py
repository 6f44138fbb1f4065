"""Every screening decision of every reviewer (the audit trail), as CSV: each on the record it
was made on, and the record it counts on (another when that one was set aside as a duplicate)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from reviewer.export.claims_csv import safe_cell

if TYPE_CHECKING:
    from reviewer.review.folder import Review
    from reviewer.team.claims import ClaimEntry
    from reviewer.team.state import ReviewState


COLUMNS = ("record", "counts_on", "title", "reviewer", "role", "stage", "decision", "reason", "note", "at")


def write(review: Review, state: ReviewState, entries: list[ClaimEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = []
    for decisions in state.team.decisions.values():  # as made, on the records they were made on
        for d in decisions:
            record = review.record(d.record)
            rows.append(
                (
                    d.record,
                    state.kept_instead.get(d.record, d.record),
                    record.title if record else "",
                    d.reviewer,
                    d.role,
                    d.stage,
                    d.decision,
                    d.reason,
                    d.note,
                    d.at,
                )
            )
    for row in sorted(rows, key=lambda r: (r[9], r[3], r[0])):  # by time, reviewer, record
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
