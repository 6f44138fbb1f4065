"""Reading W3C Web Annotation JSON-LD (our `w3c` export, Hypothesis' JSON-LD) into a store.

Each claim is matched to a record by its target source (our own record URN, a DOI or
PubMed address, or the record's file name) and anchored on that record's text by its
selectors: position first, then the exact quote, then a fuzzy match. What cannot be
anchored is kept as orphaned and reported, never dropped. Ids come from the annotations'
own ids, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from reviewer.annotating.placing import reanchor
from reviewer.domain.claim import ORPHANED, Claim
from reviewer.domain.document import now_iso
from reviewer.domain.errors import ReviewerError
from reviewer.domain.record import Record
from reviewer.formats.w3c import SOURCE_PREFIX
from reviewer.persistence.store import ReviewerStore
from reviewer.review.folder import Review

_DOI = re.compile(r"(10\.\d{4,9}/[^\s?#]+)")
_PUBMED = re.compile(r"pubmed(?:\.ncbi\.nlm\.nih\.gov/|/)(\d{1,9})")


class ClaimsFileError(ReviewerError):
    pass


@dataclass
class ClaimsImportReport:
    read: int = 0
    added: int = 0
    already_there: int = 0
    orphaned: list[str] = field(default_factory=list)  # one line each: id, why
    unknown_source: list[str] = field(default_factory=list)


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


def import_claims(review: Review, store: ReviewerStore, path: Path) -> ClaimsImportReport:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ClaimsFileError(f"{path}: not readable JSON ({error})") from None
    report = ClaimsImportReport()
    known = {a.id for a in store.claims()}
    for item in web_annotations(data):
        report.read += 1
        claim = _annotation(item, store.reviewer)
        if claim is None:
            report.orphaned.append(f"{item.get('id', '?')}: no text quote or position to anchor by")
            continue
        if claim.id in known:
            report.already_there += 1
            continue
        record = _record_for(review, claim.record)
        if record is None:
            report.unknown_source.append(f"{item.get('id', '?')}: no record matches {claim.record}")
            claim = replace(claim, status=ORPHANED)
        else:
            text_record = review.full_text_of(record)
            claim = replace(claim, record=record.id)
            if text_record is None:
                claim = replace(claim, status=ORPHANED)
                report.orphaned.append(f"{item.get('id', '?')}: {record.id} has no source text")
            else:
                claim = reanchor(claim, text_record.text)
                if claim.status == ORPHANED:
                    report.orphaned.append(f"{item.get('id', '?')}: quote not found in {record.id}")
        store.put_claim(claim)
        known.add(claim.id)
        report.added += 1
    store.flush()
    return report


def _annotation(item: dict, reviewer: str) -> Claim | None:
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


def _record_for(review: Review, source: str) -> Record | None:
    if source.startswith(SOURCE_PREFIX):
        return review.record(source.removeprefix(SOURCE_PREFIX))
    doi, pubmed = _DOI.search(source), _PUBMED.search(source)
    for record in review.records():
        if pubmed and record.pmid == pubmed.group(1):
            return record
        if doi and record.doi and record.doi == doi.group(1).lower():
            return record
        if record.source and source.endswith(record.source):
            return record
    return review.record(source)
