"""W3C Web Annotation JSON-LD: an AnnotationCollection of the claims.

Each annotation targets its record with a TextQuoteSelector and a TextPositionSelector;
tags are bodies with purpose "tagging", the note a body with purpose "commenting".
"""

from __future__ import annotations

import json

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SOURCE_PREFIX = "urn:x-reviewer:record:"


def to_web_annotation(annotation) -> dict:
    bodies = [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in annotation.tags]
    if annotation.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": annotation.note, "format": "text/plain"})
    return {
        "id": f"urn:uuid:{annotation.id}",
        "type": "Annotation",
        "created": annotation.created,
        "modified": annotation.modified,
        "creator": {"type": "Person", "name": annotation.reviewer},
        "body": bodies,
        "target": {
            "source": SOURCE_PREFIX + annotation.record,
            "selector": [
                {"type": "TextQuoteSelector", "exact": annotation.exact, "prefix": annotation.prefix, "suffix": annotation.suffix},
                {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
            ],
        },
    }


def write(review, claims) -> str:
    items = [to_web_annotation(claim.annotation) for claim in claims]
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": f"Claims of {review.name}",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
