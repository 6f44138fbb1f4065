"""Every screening decision of every reviewer (the audit trail), as CSV."""

from __future__ import annotations

import csv
import io

from reviewer.export.claims_csv import safe_cell
from reviewer.team.decisions import decisions_by_reviewer

COLUMNS = ("record", "title", "reviewer", "role", "stage", "decision", "reason", "note", "at")


def write(review, claims) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = []
    for decisions in decisions_by_reviewer(review).values():
        for d in decisions:
            record = review.record(d.record)
            rows.append(
                (
                    d.record,
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
    for row in sorted(rows, key=lambda r: (r[8], r[2], r[0])):
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
