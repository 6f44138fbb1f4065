"""Bringing search exports into a review: copy them into corpus/ as given, read their records."""

from __future__ import annotations

import filecmp
from dataclasses import dataclass, field
from pathlib import Path

from reviewer import formats
from reviewer.domain.decision import FULL_TEXT, TITLE_ABSTRACT, Choice, Decision, Stage, latest_decisions
from reviewer.domain.errors import ReviewerError
from reviewer.importing.databases import named_database
from reviewer.persistence.atomic import copy_atomically, remove_cut_off_writes
from reviewer.persistence.record_cache import remember
from reviewer.review.folder import Review
from reviewer.review.identity import slug

HEAD_BYTES = 65536


class ImportRefused(ReviewerError):
    """A file cannot be imported; nothing was copied."""


@dataclass
class ImportReport:
    file: str  # as given
    stored_as: str  # its name in corpus/
    format: str
    records: int
    with_abstract: int
    already_there: bool
    warnings: list[str] = field(default_factory=list)
    new: int = 0  # records of studies not in the review before (neither already there nor set aside)
    labels_stored: int = 0
    set_aside: int = 0  # of its records, set aside: sharing a PMID or DOI with one imported before
    database: str = ""  # the database it came from, as PRISMA names it ("" when unnamed)
    database_named_in_file: bool = False


def import_file(review: Review, path: Path, as_reviewer: str | None = None, source: str | None = None) -> ImportReport:
    """Copy `path` into the review's corpus (unchanged) and report what it holds.

    A file whose bytes are already in the corpus is not copied again, so importing the
    same file twice adds nothing. With `as_reviewer`, the inclusion labels the file
    carries become that reviewer's title-abstract decisions. The database it came from
    (`source`, else the one the file names) is kept in review.toml for PRISMA.
    """
    try:
        existing = _same_file_in_corpus(review, path)
        name = existing or _free_name(review.corpus_dir, path.name)
        result = formats.read_file(path, name)
    except OSError as error:
        raise ImportRefused(f"{path}: {error.strerror or error}") from None
    except formats.UnreadableFile as error:
        raise ImportRefused(f"{path}: {error}; nothing imported") from None
    aside_before = set(review.same_study)
    if existing is None:
        review.corpus_dir.mkdir(parents=True, exist_ok=True)
        remove_cut_off_writes(review.corpus_dir)
        copy_atomically(path, review.corpus_dir / name)
        remember(review.corpus_dir / name, name, result)  # no second parse when the review opens
        review.remember_import(name)
        review.reload()
    in_file = [record for record in review.records() if record.source == name]  # their ids as the review gives them
    report = ImportReport(
        file=str(path),
        stored_as=name,
        format=result.format,
        records=len(result.records),
        with_abstract=sum(1 for r in result.records if r.abstract),
        already_there=existing is not None,
        warnings=list(result.warnings),  # what the import adds is not the file's
    )
    named = "" if source else named_database(_head(path), result.format)
    report.database, report.database_named_in_file = (source or named).strip(), bool(named)
    if report.database and not review.is_sample:
        review.name_source(name, report.database)
    # Of a PMID or DOI shared, the copy imported first is kept (the review reads the files in
    # the order imported): counted from the review as read now, so the report says what the Library shows.
    newly = set(review.same_study) - aside_before
    report.set_aside = len(newly & {record.id for record in in_file})
    report.new = 0 if existing else len(in_file) - report.set_aside  # a study already there is no new one
    labels = result.labels
    if result.labels_by_reviewer:
        labels = _labels_of(as_reviewer, result.labels_by_reviewer, report) or labels
    if as_reviewer and (labels or result.full_text_labels):
        # The file's ids are the review's ids but where another file had the id first: map by place.
        placed = {(r.source, r.line): r.id for r in in_file}
        final = {r.id: placed.get((r.source, r.line), r.id) for r in result.records}
        report.labels_stored = _store_labels(
            review,
            as_reviewer,
            {
                TITLE_ABSTRACT: {final[i]: label for i, label in labels.items()},
                FULL_TEXT: {final[i]: label for i, label in result.full_text_labels.items()},
            },
            {final[i]: reason for i, reason in result.reasons.items()},
        )
    return report


def _labels_of(
    reviewer: str | None, by_reviewer: dict[str, dict[str, Choice]], report: ImportReport
) -> dict[str, Choice]:
    """The labels of the file's column for `reviewer` (Abstrackr's, named after each reviewer);
    without one, the report says whose columns there are and how to import them."""
    for name, labels in by_reviewer.items():
        if reviewer and name.casefold() == reviewer.strip().casefold():
            return labels
    names = ", ".join(f"'{name}'" for name in by_reviewer)
    asked = f"none is named '{reviewer}'" if reviewer else "none stored"
    report.warnings.append(
        f"{report.stored_as}: labels in a column per reviewer ({names}); {asked}: import the file "
        "with --as-reviewer NAME once for each of them to keep their decisions"
    )
    return {}


def _head(path: Path) -> str:
    """The file's opening text, where exports name their database."""
    with path.open("rb") as file:
        return formats.decode(file.read(HEAD_BYTES))[0]


def _same_file_in_corpus(review: Review, path: Path) -> str | None:
    size = path.stat().st_size
    for candidate in review.source_files():
        if candidate.stat().st_size == size and filecmp.cmp(candidate, path, shallow=False):
            return candidate.relative_to(review.corpus_dir).as_posix()
    return None


def _free_name(corpus: Path, given: str) -> str:
    """A name for a new file in corpus/: the given base name, numbered if taken."""
    base = Path(given).name.lstrip(".") or "imported"
    stem, suffix = Path(base).stem, Path(base).suffix
    candidate, number = base, 1
    while (corpus / candidate).exists():
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    return candidate


def _store_labels(
    review: Review, reviewer: str, labels: dict[Stage, dict[str, Choice]], reasons: dict[str, str]
) -> int:
    """Store the labels as the reviewer's decisions at their stage, an exclusion with the reason
    the file gives; those already there are not repeated."""
    store = review.open_store(slug(reviewer), reviewer)
    try:
        latest = latest_decisions(store.decisions())
        stored = 0
        for stage, by_record in labels.items():
            for record_id, label in by_record.items():
                current = latest.get((record_id, stage))
                reason = reasons.get(record_id, "") if label == "exclude" else ""
                if current is not None and current.decision == label and current.reason == reason:
                    continue
                store.put_decision(Decision(record_id, reviewer, stage, label, reason, note="imported label"))
                stored += 1
        return stored
    finally:
        store.close()
