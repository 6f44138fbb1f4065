"""W3C Web Annotation JSON-LD: claims written as an AnnotationCollection, and read back
(ours, or Hypothesis' JSON-LD: a collection, a page, a list or a single annotation).

Each claim targets its record with a TextQuoteSelector and a TextPositionSelector;
tags are bodies with purpose "tagging", the note a body with purpose "commenting".
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from reviewer.domain.claim import Claim
from reviewer.domain.document import now_iso
from reviewer.domain.errors import ReviewerError

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SOURCE_PREFIX = "urn:x-reviewer:record:"


class ClaimsFileError(ReviewerError):
    pass


def to_web_annotation(claim: Claim) -> dict:
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


def write_claims(label: str, claims: list[Claim]) -> str:
    items = [to_web_annotation(claim) for claim in claims]
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


def read_claims(path: Path, reviewer: str) -> list[tuple[str, Claim | None]]:
    """(web id, claim) for every annotation in the file; None for one with no quote or
    position to anchor by. `reviewer` is the claim's author when the file names none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ClaimsFileError(f"{path}: not readable JSON ({error})") from None
    return [(str(item.get("id", "?")), _claim_of(item, reviewer)) for item in web_annotations(data)]


def web_annotations(data: object) -> list[dict]:
    """The claims in a collection, a page, a list, or a single claim."""
    if isinstance(data, list):
        return [a for item in data for a in web_annotations(item)]
    if not isinstance(data, dict):
        return []
    kind = data.get("type")
    if kind == "AnnotationCollection":
        first = data.get("first") or {}
        return web_annotations(first.get("items", []) if isinstance(first, dict) else []) + web_annotations(
            data.get("items", [])
        )
    if kind == "AnnotationPage":
        return web_annotations(data.get("items", []))
    if kind == "Annotation" or "target" in data:
        return [data]
    return []


def _claim_of(item: dict, reviewer: str) -> Claim | None:
    targets = item.get("target")
    target = (targets[0] if targets else {}) if isinstance(targets, list) else (targets or {})
    if isinstance(target, str):
        return None
    selectors = target.get("selector") or []
    selectors = selectors if isinstance(selectors, list) else [selectors]
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), {})
    position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), {})
    if not quote.get("exact") and "start" not in position:
        return None
    bodies = item.get("body") or []
    bodies = bodies if isinstance(bodies, list) else [bodies]
    tags = tuple(b["value"] for b in bodies if isinstance(b, dict) and b.get("purpose") == "tagging" and b.get("value"))
    notes = [b["value"] for b in bodies if isinstance(b, dict) and b.get("purpose") != "tagging" and b.get("value")]
    creator = item.get("creator")
    name = creator.get("name") if isinstance(creator, dict) else creator
    start, end = int(position.get("start", 0)), int(position.get("end", 0))
    exact = quote.get("exact") or ""
    return Claim(
        record=str(target.get("source", "")),
        reviewer=str(name or reviewer),
        exact=exact,
        prefix=quote.get("prefix", ""),
        suffix=quote.get("suffix", ""),
        start=start,
        end=end if end > start else start + len(exact),
        tags=tags,
        note="\n\n".join(notes),
        id=_local_id(str(item.get("id") or "")),
        created=str(item.get("created") or now_iso()),
        modified=str(item.get("modified") or item.get("created") or now_iso()),
    )


def _local_id(web_id: str) -> str:
    if web_id.startswith("urn:uuid:"):
        return web_id.removeprefix("urn:uuid:")
    return str(uuid.uuid5(uuid.NAMESPACE_URL, web_id)) if web_id else str(uuid.uuid4())
