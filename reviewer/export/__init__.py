"""Exports: one module per format, each `write(review, state, entries) -> str`.

Every export is deterministic: the same review gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reviewer.domain.errors import ReviewerError
from reviewer.export import claims_csv, claims_json, decisions_csv, extraction_csv, html_report, markdown, ris_included
from reviewer.formats import w3c
from reviewer.persistence.atomic import write_atomically
from reviewer.review.folder import Review
from reviewer.team.claims import ClaimEntry, collect_claims
from reviewer.team.state import ReviewState


def _web_annotations(review: Review, state: ReviewState, entries: list[ClaimEntry]) -> str:
    return w3c.write_claims(f"Claims of {review.name}", [(entry.claim, entry.page) for entry in entries])


WRITERS: dict[str, Callable[[Review, ReviewState, list[ClaimEntry]], str]] = {
    "csv": claims_csv.write,
    "json": claims_json.write,
    "md": markdown.write,
    "html": html_report.write,
    "w3c": _web_annotations,
    "ris": ris_included.write,
    "decisions-csv": decisions_csv.write,
    "extraction-csv": extraction_csv.write_wide,
    "extraction-long-csv": extraction_csv.write_long,
    "effects-csv": extraction_csv.write_effects,
}
GRADED = frozenset({"csv", "json"})  # the exports that carry each claim's causal strength and caveat
EXTENSIONS = {
    "csv": ".csv",
    "json": ".json",
    "md": ".md",
    "html": ".html",
    "w3c": ".jsonld",
    "ris": ".ris",
    "decisions-csv": ".csv",
    "extraction-csv": ".csv",
    "extraction-long-csv": ".csv",
    "effects-csv": ".csv",
}


class ExportRefused(ReviewerError):
    pass


def export_text(
    state: ReviewState,
    fmt: str,
    tags: list[str] | None = None,
    reviewer: str | None = None,
    bom: bool = False,
) -> str:
    """The export of the review's state (read as the exporting reviewer may see it)."""
    entries = collect_claims(state.review, state.team, tags, reviewer, graded=fmt in GRADED)
    text = WRITERS[fmt](state.review, state, entries)
    return ("\ufeff" + text) if bom else text


def export_to_file(path: Path, text: str | bytes, force: bool = False) -> None:
    """Write an export where the user said, never over an existing file without `force`. A
    device or a pipe (/dev/null, a FIFO) is written into, as a shell's `>` would: replacing it
    with a file, as an atomic write does, broke /dev/null for the whole machine."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if path.exists() and not path.is_file() and not path.is_dir():
        with path.open("wb") as handle:
            handle.write(data)
        return
    if path.exists() and not force:
        raise ExportRefused(f"{path} exists; add --force to overwrite it")
    if path.is_dir():
        raise ExportRefused(f"{path} is a folder; give a file name")
    write_atomically(path, data)
