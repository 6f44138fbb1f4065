"""Making claims on a text, and keeping them on it when the text changes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from reviewer.annotating.anchor import Anchor, anchor_span, locate
from reviewer.domain.claim import ANCHORED, ORPHANED, Claim
from reviewer.persistence.store import ReviewerStore


def new_claim(
    record: str, reviewer: str, text: str, start: int, end: int, tags: Iterable[str] = (), note: str = ""
) -> Claim:
    anchor = anchor_span(text, start, end)
    return Claim(
        record=record,
        reviewer=reviewer,
        exact=anchor.exact,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        start=anchor.start,
        end=anchor.end,
        tags=tuple(tags),
        note=note,
    )


def reanchor(claim: Claim, text: str) -> Claim:
    """`claim` placed on the current `text`: the same object when nothing moved.

    A span that cannot be found is marked orphaned and keeps its quote, so it is listed
    and can be re-attached, never lost. An orphan that is found again is re-attached.
    """
    anchor = Anchor(claim.exact, claim.prefix, claim.suffix, claim.start, claim.end)
    placement = locate(text, anchor)
    if placement is None:
        if claim.status == ORPHANED:
            return claim
        return claim.edited(status=ORPHANED)
    if placement.method == "position" and claim.status == ANCHORED:
        return claim
    moved = anchor_span(text, placement.start, placement.end)
    # The quote keeps what the reviewer selected only if it is still there verbatim.
    return replace(
        claim.edited(status=ANCHORED),
        exact=moved.exact,
        prefix=moved.prefix,
        suffix=moved.suffix,
        start=moved.start,
        end=moved.end,
    )


def place_claims(store: ReviewerStore, record: str, text: str) -> list[Claim]:
    """Place the reviewer's claims on `record` on its current `text` and save those that
    moved (or became orphans); the claims as placed, orphans included."""
    placed_claims = []
    for claim in store.claims(record):
        placed = reanchor(claim, text)
        if placed is not claim:
            store.put_claim(placed)
        placed_claims.append(placed)
    return placed_claims
