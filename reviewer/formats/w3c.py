"""W3C Web Annotation JSON-LD: an AnnotationCollection of the claims.

Each claim targets its record with a TextQuoteSelector and a TextPositionSelector;
tags are bodies with purpose "tagging", the note a body with purpose "commenting".
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer.review.folder import Review
    from reviewer.team.claims import ClaimEntry
    from reviewer.team.snapshot import TeamSnapshot


CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SOURCE_PREFIX = "urn:x-reviewer:record:"


def to_web_annotation(claim) -> dict:
    bodies = [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in claim.tags]
    if claim.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": claim.note, "format": "text/plain"})
    return {
        "id": f"urn:uuid:{claim.id}",
        "type": "Annotation",
        "created": claim.created,
        "modified": claim.modified,
        "creator": {"type": "Person", "name": claim.reviewer},
        "body": bodies,
        "target": {
            "source": SOURCE_PREFIX + claim.record,
            "selector": [
                {"type": "TextQuoteSelector", "exact": claim.exact, "prefix": claim.prefix, "suffix": claim.suffix},
                {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
            ],
        },
    }


def write(review: Review, team: TeamSnapshot, entries: list[ClaimEntry]) -> str:
    items = [to_web_annotation(entry.claim) for entry in entries]
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": f"Claims of {review.name}",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
