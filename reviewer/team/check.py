"""Checking a review's reviewer files: damaged files, bad fields, unknown records, orphans."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.annotating.placing import reanchor
from reviewer.domain.answer import Answer
from reviewer.domain.claim import ANCHORED, Claim
from reviewer.domain.record import Record
from reviewer.extraction.answering import placed_on
from reviewer.formats.fields import UnreadableFile
from reviewer.persistence import store
from reviewer.persistence.documents import TABLES, TAGS_AS_TEXT, document_problems
from reviewer.persistence.journal import JournalError, recover_journal
from reviewer.review.folder import Review


@dataclass
class Finding:
    file: str
    problem: str
    fixable: bool = False


def check_review(review: Review, fix: bool = False) -> list[Finding]:
    """What is wrong in every reviewer's file; with `fix`, what can be mended safely is.

    Fixing never deletes: it re-anchors claims and the quotes answers cite whose text moved
    (or marks claims orphaned),
    turns a tag list written as a string into a list, and recovers a damaged journal's
    changes before its damage (the damaged journal kept as a copy). A file that is not valid JSON is
    reported and left exactly as it is.
    """
    findings = []
    records = {r.id: r for r in review.records()}
    for slug in review.reviewer_slugs():
        name = f"annotations/{slug}.json"
        try:
            tables = store.load_tables(review.annotations_dir, slug)
        except JournalError as error:
            mended = recover_journal(store.journal_path(review.annotations_dir, slug)) if fix else ""
            findings.append(Finding(name, f"{error}" + (f"; {mended}" if mended else ""), fixable=True))
            continue
        except store.StoreError as error:
            findings.append(Finding(name, str(error)))
            continue
        repairs: list[Claim] = []
        moved: list[Answer] = []
        for table in TABLES:
            for doc_id, doc in tables.get(table, {}).items():
                where = f"{'claim' if table == 'annotations' else table[:-1]} {doc_id}"
                problems = [p for p in document_problems(table, doc) if p != TAGS_AS_TEXT]  # mended below
                findings.extend(Finding(name, f"{where}: {problem}") for problem in problems)
                if isinstance(doc.get("record"), str) and doc["record"] not in records:
                    findings.append(Finding(name, f"{where}: record {doc['record']} is not in the corpus"))
                if table == "annotations" and not problems:
                    repaired = _claim_problems(review, records, doc, name, where, findings)
                    if repaired is not None:
                        repairs.append(repaired)
                if table == "answers" and not problems and doc.get("start", -1) >= 0:
                    placed = _answer_problems(review, records, Answer.from_doc(doc), name, where, findings)
                    if placed is not None:
                        moved.append(placed)
        if fix and (repairs or moved):
            writer = review.open_store(slug, (repairs or moved)[0].reviewer)
            try:
                for claim in repairs:
                    writer.put_claim(claim)
                for answer in moved:
                    writer.put("answers", answer.to_doc())
            finally:
                writer.close()
    return findings


def _answer_problems(
    review: Review, records: dict[str, Record], answer: Answer, name: str, where: str, findings: list[Finding]
) -> Answer | None:
    """Findings about the quote an extraction answer cites, and the answer moved with its quote
    when the text changed (an answer whose quote is gone stands: only its evidence is orphaned)."""
    record = records.get(answer.record)
    try:
        text_record = review.full_text_of(record) if record else None
    except UnreadableFile:
        return None  # said for the record's claims, if it has any; its answer stands
    if text_record is None:
        return None
    placed = placed_on(answer, text_record.text)
    if placed is None:
        findings.append(Finding(name, f"{where}: the quote it cites is not in the text now (the answer stands)"))
        return None
    if placed is answer:
        return None
    findings.append(Finding(name, f"{where}: the quote it cites moved in the changed text", fixable=True))
    return placed


def _claim_problems(
    review: Review, records: dict[str, Record], doc: dict, name: str, where: str, findings: list[Finding]
) -> Claim | None:
    """Findings about one claim, and the mended claim if it can be mended."""
    if isinstance(doc.get("tags"), str):
        doc = {**doc, "tags": [t for t in doc["tags"].split(",") if t]}
        findings.append(Finding(name, f"{where}: {TAGS_AS_TEXT}", fixable=True))
        mended = True
    else:
        mended = False
    try:
        claim = Claim.from_doc(doc)
    except TypeError as error:
        findings.append(Finding(name, f"{where}: cannot be read ({error})"))
        return None
    record = records.get(claim.record)
    try:
        text_record = review.full_text_of(record) if record else None
    except UnreadableFile as error:
        findings.append(Finding(name, f"{where}: its full text cannot be read ({error})"))
        return claim if mended else None
    if text_record is None:
        if record is not None:
            findings.append(
                Finding(
                    name, f"{where}: {record.id} has no full text here (not yet shared? its author runs reviewer sync)"
                )
            )
        return claim if mended else None
    placed = reanchor(claim, text_record.text)
    if placed is not claim:
        status = "moved in the changed text" if placed.status == ANCHORED else "orphaned: quote not found"
        findings.append(Finding(name, f"{where}: {status}", fixable=True))
        return placed
    if claim.status != ANCHORED:
        findings.append(Finding(name, f"{where}: orphaned (its quote is kept)"))
    return claim if mended else None
