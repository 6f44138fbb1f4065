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
from reviewer.text.display import safe_json

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SOURCE_PREFIX = "urn:x-reviewer:record:"


PDF_FRAGMENT = "http://tools.ietf.org/rfc/rfc3778"


class ClaimsFileError(ReviewerError):
    pass


def to_web_annotation(claim: Claim, page: int | None = None) -> dict:
    """The claim as a W3C Web Annotation; on a PDF's text, a FragmentSelector names its page
    (RFC 3778's `page=N`) beside the quote and position in the extracted text."""
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
                *([{"type": "FragmentSelector", "conformsTo": PDF_FRAGMENT, "value": f"page={page}"}] if page else []),
            ],
        },
    }


def write_claims(label: str, claims: list[tuple[Claim, int | None]]) -> str:
    """An AnnotationCollection of the claims, each with the page it starts on (or None)."""
    items = [to_web_annotation(claim, page) for claim, page in claims]
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return safe_json(collection, indent=2) + "\n"


def read_claims(path: Path, reviewer: str) -> list[tuple[str, Claim | str]]:
    """(web id, claim) for every annotation in the file, or (web id, why it cannot be read).
    `reviewer` is the claim's author when the file names none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ClaimsFileError(f"{path}: not readable JSON ({error})") from None
    found: list[tuple[str, Claim | str]] = []
    for item in web_annotations(data):
        web_id = str(item.get("id", "?"))
        try:
            found.append((web_id, _claim_of(item, reviewer)))
        except (TypeError, ValueError, AttributeError, KeyError, OverflowError) as error:
            found.append((web_id, f"cannot be read as a claim ({error})"))
    return found


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


def _claim_of(item: dict, reviewer: str) -> Claim | str:
    """The claim an annotation holds, or why it has none; TypeError/ValueError when a field
    has the wrong type. Text fields are made savable (a lone surrogate becomes "?")."""
    targets = item.get("target")
    target = (targets[0] if targets else {}) if isinstance(targets, list) else (targets or {})
    if not isinstance(target, dict):
        return "no text quote or position to anchor by"
    selectors = target.get("selector") or []
    selectors = selectors if isinstance(selectors, list) else [selectors]
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), {})
    position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), {})
    if not quote.get("exact") and "start" not in position:
        return "no text quote or position to anchor by"
    bodies = item.get("body") or []
    bodies = bodies if isinstance(bodies, list) else [bodies]
    values = [(b.get("purpose"), b.get("value")) for b in bodies if isinstance(b, dict)]
    if any(value is not None and not isinstance(value, str) for _, value in values):
        raise TypeError("a body's value is not text")
    tags = tuple(_text(value) for purpose, value in values if purpose == "tagging" and value)
    notes = [_text(value) for purpose, value in values if purpose != "tagging" and value]
    creator = item.get("creator")
    name = creator.get("name") if isinstance(creator, dict) else creator
    start, end = int(position.get("start", 0)), int(position.get("end", 0))
    exact = _text(quote.get("exact"))
    return Claim(
        record=_text(target.get("source")),
        reviewer=_text(name) or reviewer,
        exact=exact,
        prefix=_text(quote.get("prefix")),
        suffix=_text(quote.get("suffix")),
        start=start,
        end=end if end > start else start + len(exact),
        tags=tags,
        note="\n\n".join(notes),
        id=_local_id(_text(item.get("id"))),
        created=_text(item.get("created")) or now_iso(),
        modified=_text(item.get("modified")) or _text(item.get("created")) or now_iso(),
    )


def _text(value: object) -> str:
    """A text field as a string that can be saved: other types refused, lone surrogates replaced."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value.encode("utf-8", "replace").decode("utf-8")


def _local_id(web_id: str) -> str:
    if web_id.startswith("urn:uuid:"):
        return web_id.removeprefix("urn:uuid:")
    return str(uuid.uuid5(uuid.NAMESPACE_URL, web_id)) if web_id else str(uuid.uuid4())
