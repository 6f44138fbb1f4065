"""Claims as CSV, one row per claim, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from typing import TYPE_CHECKING

from reviewer.text.display import inert

if TYPE_CHECKING:
    from reviewer.review.folder import Review
    from reviewer.team.claims import ClaimEntry
    from reviewer.team.state import ReviewState


COLUMNS = (
    "record",
    "title",
    "year",
    "tags",
    "quote",
    "note",
    "reviewer",
    "page",
    "start",
    "end",
    "causal",  # none | correlational | conditional | causal
    "caveat",  # why the quote is a caveat, if it is
    "origin",  # "suggested" when accepted from a suggestion, else empty (tagged by hand)
)
# A cell whose first visible character is one of these is read as a formula by spreadsheets
# (CSV injection), whatever invisible characters or spaces come before it.
FORMULA_STARTS = frozenset("=+-@")
_INVISIBLE = ("Cc", "Cf", "Zs", "Zl", "Zp")


def safe_cell(value: object) -> str:
    """`value` as a cell: control characters shown as symbols (a bare CR ends a line), and
    a leading "'" when a spreadsheet would take the cell for a formula. A number is written as
    it is: -3.9 is a value for R and a spreadsheet, not a formula."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        whole = isinstance(value, int) or (math.isfinite(value) and value.is_integer())
        return str(int(value)) if whole else repr(value)
    text = "" if value is None else str(value)
    text = inert(text.replace("\r\n", "\n").replace("\r", "\n"))
    starts_a_formula = _first_visible(text) in FORMULA_STARTS or text.startswith("\t")  # OWASP: a tab too
    return "'" + text if starts_a_formula else text


def _first_visible(text: str) -> str:
    """The first character a spreadsheet would not skip (past white space, invisible format
    characters and the symbols shown for control characters), in its compatibility form: a
    fullwidth "＝" is "="."""
    for character in text:
        skipped = character.isspace() or unicodedata.category(character) in _INVISIBLE
        if not skipped and not "\u2400" <= character <= "\u2421":
            return unicodedata.normalize("NFKC", character)[:1]
    return ""


def write(review: Review, state: ReviewState, entries: list[ClaimEntry]) -> str:
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
            entry.page or "",
            claim.start,
            claim.end,
            entry.causal,
            entry.flag or "",
            claim.origin,
        )
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
