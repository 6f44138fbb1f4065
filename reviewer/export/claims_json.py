"""Claims with their records, as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer.text.display import safe_json

if TYPE_CHECKING:
    from reviewer.review.folder import Review
    from reviewer.team.claims import ClaimEntry
    from reviewer.team.state import ReviewState


def write(review: Review, state: ReviewState, entries: list[ClaimEntry]) -> str:
    documents = []
    for entry in entries:
        doc = entry.claim.to_doc()
        doc.pop("schema")
        doc["record"] = entry.record.to_json() if entry.record else {"id": entry.claim.record}
        doc["page"] = entry.page
        doc["causal"] = entry.causal
        doc["caveat"] = entry.flag
        documents.append(doc)
    return safe_json({"review": review.name, "claims": documents}, indent=2, sort_keys=True) + "\n"
