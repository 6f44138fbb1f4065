"""Claims across the review: every reviewer's claims with the records they are on."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from reviewer.annotating.placing import reanchor
from reviewer.domain.claim import Claim
from reviewer.domain.record import Record
from reviewer.formats.fields import UnreadableFile
from reviewer.review.folder import Review
from reviewer.review.identity import slug
from reviewer.suggesting.causal import Strength
from reviewer.suggesting.caveats import flag_of, observational_design
from reviewer.suggesting.grading import readings
from reviewer.team.agreement import spans_overlap
from reviewer.team.snapshot import TeamSnapshot


@dataclass(frozen=True)
class ClaimEntry:
    claim: Claim
    record: Record | None  # None when the record is no longer in the corpus
    page: int | None = None  # the page of a PDF's text the claim starts on
    causal: Strength | None = None  # how strongly the quote claims a relation (Yu et al.'s grades), if asked
    flag: str | None = None  # why the quote is a caveat, if it is (and it was asked)

    @property
    def title(self) -> str:
        return self.record.title if self.record else ""

    @property
    def year(self) -> int | None:
        return self.record.year if self.record else None


def collect_claims(
    review: Review,
    team: TeamSnapshot,
    tags: list[str] | None = None,
    reviewer: str | None = None,
    graded: bool = False,
) -> list[ClaimEntry]:
    """Claims in a stable order (record, position, id), filtered by any of `tags` and by reviewer;
    with `graded`, each quote's causal strength and caveat flag too (a model reads them: only
    what shows them asks)."""
    wanted_tags = set(tags or ())
    texts: dict[str, Record | None] = {}
    observational: dict[str, str | None] = {}  # record -> what says its study is observational
    designs: dict[str, list[Claim]] = {}  # record -> the claims tagged design on it
    for claim in team.claims:
        if "design" in claim.tags:
            designs.setdefault(claim.record, []).append(claim)
    kept: list[tuple[Claim, int | None]] = []
    seen: set[str] = set()
    for claim in team.claims:
        if claim.id in seen:  # one claim, one entry, even if two files hold its id
            continue
        seen.add(claim.id)
        if wanted_tags and not wanted_tags & set(claim.tags):
            continue
        if reviewer and slug(claim.reviewer) != slug(reviewer):
            continue
        text = _text(review, claim.record, texts)
        if text is not None:  # placed on the text as it is now, as the Reader places it (nothing is saved)
            claim = reanchor(claim, text.text)
        page = text.page_at(claim.start) if text is not None else None
        if graded and claim.record not in observational:  # once per record: a PDF's text is long
            observational[claim.record] = observational_design(designs.get(claim.record, []), text.text if text else "")
        kept.append((claim, page))
    if graded:
        strengths = readings([claim.exact for claim, _ in kept])  # all at once: the model reads them together
        entries = [
            ClaimEntry(
                claim,
                review.record(claim.record),
                page,
                reading.strength,
                flag_of(claim.exact, reading, observational[claim.record]),
            )
            for (claim, page), reading in zip(kept, strengths, strict=True)
        ]
    else:
        entries = [ClaimEntry(claim, review.record(claim.record), page) for claim, page in kept]
    return sorted(entries, key=lambda e: (e.claim.record, e.claim.start, e.claim.end, e.claim.id))


def _text(review: Review, record_id: str, texts: dict[str, Record | None]) -> Record | None:
    """The record with its text as the Reader shows it, each read once (None without one)."""
    if record_id not in texts:
        record = review.record(record_id)
        try:
            texts[record_id] = review.full_text_of(record) if record else None
        except (UnreadableFile, OSError):
            texts[record_id] = None
    return texts[record_id]


FIELDS = ("tag", "reviewer", "record")
TEXT_MIN_SCORE = 80.0


def filter_claims(entries: list[ClaimEntry], query: str) -> list[ClaimEntry]:
    """Claims matching `query`: `tag:X`, `reviewer:X` and `record:X` words narrow by field
    (prefix match); other words must each be found, typos allowed, in the quote, note or title."""
    fields: dict[str, list[str]] = {}
    words = []
    for word in query.split():
        name, _, value = word.partition(":")
        if value and name in FIELDS:
            fields.setdefault(name, []).append(value.casefold())
        else:
            words.append(word)
    text = " ".join(words)
    kept = []
    for entry in entries:
        claim = entry.claim
        values = {
            "tag": [t.casefold() for t in claim.tags],
            "reviewer": [claim.reviewer.casefold()],
            "record": [claim.record.casefold(), entry.title.casefold()],
        }
        if not all(
            any(_field_matches(name, w, v) for v in values[name] for w in wanted) for name, wanted in fields.items()
        ):
            continue
        if text and _text_score(text, f"{claim.exact} {claim.note} {entry.title}") < TEXT_MIN_SCORE:
            continue
        kept.append(entry)
    return kept


TAG_MIN_SCORE = 75.0


def _field_matches(name: str, wanted: str, value: str) -> bool:
    """A field word matches by prefix or part; a tag also with a typo (`tag:saftey`), as the
    tag picker forgives."""
    if value.startswith(wanted) or wanted in value:
        return True
    return name == "tag" and fuzz.ratio(wanted, value) >= TAG_MIN_SCORE


def _text_score(query: str, haystack: str) -> float:
    haystack = utils.default_process(haystack)
    scores = [fuzz.partial_ratio(word, haystack) for word in utils.default_process(query).split()]
    return min(scores) if scores else 100.0


def group_near_identical(entries: list[ClaimEntry]) -> dict[str, int]:
    """claim id -> how many claims (its own included) are the same claim: same record,
    overlapping spans, a tag in common; typically the same passage tagged by several reviewers."""
    by_record: dict[str, list[ClaimEntry]] = {}
    for entry in entries:
        by_record.setdefault(entry.claim.record, []).append(entry)
    sizes = {}
    for on_record in by_record.values():
        for entry in on_record:
            claim = entry.claim
            sizes[claim.id] = (
                sum(
                    1
                    for other in on_record
                    if set(claim.tags) & set(other.claim.tags) and spans_overlap(claim, other.claim)
                )
                or 1
            )
    return sizes
