"""Importing claims from W3C Web Annotation JSON-LD (our `w3c` export, Hypothesis' JSON-LD) into a store.

Each claim is matched to a record by its target source (our own record URN, a DOI or
PubMed address, or the record's file name) and anchored on that record's text by its
selectors: position first, then the exact quote, then a fuzzy match. What cannot be
anchored is kept as orphaned and reported, never dropped. Ids come from the annotations'
own ids, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from reviewer.annotating.placing import reanchor
from reviewer.domain.claim import ORPHANED
from reviewer.domain.document import new_id
from reviewer.domain.record import Record
from reviewer.formats import w3c
from reviewer.formats.fields import UnreadableFile
from reviewer.formats.w3c import SOURCE_PREFIX
from reviewer.persistence.store import ReviewerStore
from reviewer.review.folder import Review

_DOI = re.compile(r"(10\.\d{4,9}/[^\s?#]+)")
_PUBMED = re.compile(r"pubmed(?:\.ncbi\.nlm\.nih\.gov/|/)(\d{1,9})")


@dataclass
class ClaimsImportReport:
    read: int = 0
    added: int = 0
    already_there: int = 0
    orphaned: list[str] = field(default_factory=list)  # one line each: id, why
    unknown_source: list[str] = field(default_factory=list)


def import_claims(
    review: Review, store: ReviewerStore, path: Path, team_ids: set[str], as_copies: bool = False
) -> ClaimsImportReport:
    """Claims of the file into the store. A claim whose id any reviewer's file already holds
    (`team_ids`) is already there: a claim keeps one identity, so importing twice adds nothing.
    With `as_copies`, such claims become the store reviewer's own copies, with new ids."""
    report = ClaimsImportReport()
    known = team_ids | {a.id for a in store.claims()}
    for web_id, claim in w3c.read_claims(path, store.reviewer):
        report.read += 1
        if isinstance(claim, str):
            report.orphaned.append(f"{web_id}: {claim}")
            continue
        if claim.id in known and not as_copies:
            report.already_there += 1
            continue
        if as_copies:
            claim = replace(claim, id=new_id(), reviewer=store.reviewer)
        record = _record_for(review, claim.record)
        if record is None:
            report.unknown_source.append(f"{web_id}: no record matches {claim.record}")
            claim = replace(claim, status=ORPHANED)
        else:
            try:
                text_record = review.full_text_of(record)
            except UnreadableFile:
                text_record = None  # a scanned PDF: kept as orphaned, as below
            claim = replace(claim, record=record.id)
            if text_record is None:
                claim = replace(claim, status=ORPHANED)
                report.orphaned.append(f"{web_id}: {record.id} has no source text")
            else:
                claim = reanchor(claim, text_record.text)
                if claim.status == ORPHANED:
                    report.orphaned.append(f"{web_id}: quote not found in {record.id}")
        store.put_claim(claim)
        known.add(claim.id)
        report.added += 1
    store.flush()
    return report


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
