"""Claims as CSV, one row per claim, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

COLUMNS = ("record", "title", "year", "tags", "quote", "note", "reviewer", "start", "end")
# A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write(review, claims) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for claim in claims:
        a = claim.annotation
        row = (a.record, claim.title, claim.year or "", ";".join(a.tags), a.exact, a.note, a.reviewer, a.start, a.end)
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
