"""Claims as CSV, one row per claim, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer.review.folder import Review
    from reviewer.team.claims import ClaimEntry
    from reviewer.team.snapshot import TeamSnapshot


COLUMNS = ("record", "title", "year", "tags", "quote", "note", "reviewer", "start", "end")
# A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write(review: Review, team: TeamSnapshot, entries: list[ClaimEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        claim = entry.claim
        row = (
            claim.record,
            entry.title,
            entry.year or "",
            ";".join(claim.tags),
            claim.exact,
            claim.note,
            claim.reviewer,
            claim.start,
            claim.end,
        )
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
