"""Turning the fields every format reads into one `Record`, the same way for all formats."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from reviewer.domain.decision import Choice
from reviewer.domain.errors import ReviewerError
from reviewer.domain.record import ReadResult, Record

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|2100)(?!\d)")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_PMID = re.compile(r"^\d{1,9}$")


class UnreadableFile(ReviewerError):
    """A file no reader can take, or one its reader cannot read; the message names it."""


@dataclass
class Fields:
    """What a reader found for one record, before it becomes a `Record`."""

    source: str
    line: int
    title: str = ""
    authors: list[str] = field(default_factory=list)
    year: str = ""
    journal: str = ""
    doi: str = ""
    pmid: str = ""
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)
    label: Choice | None = None  # an inclusion label the file carries (ASReview, Rayyan, ...)
    full_text_label: Choice | None = None  # a second, full-text label, where the file has two levels
    reason: str = ""  # the exclusion reason the file gives with an exclude label (Rayyan, Covidence)
    # Labels the file gives each reviewer by name (Abstrackr's column per reviewer): name -> label.
    reviewer_labels: dict[str, Choice] = field(default_factory=dict)
    volume: str = ""
    issue: str = ""
    pages: str = ""
    issn: str = ""
    url: str = ""


def text_of(value: object) -> str:
    """A field's value as one clean string (lists are joined, white space folded)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = " ".join(text_of(v) for v in value)
    return " ".join(str(value).split())


def clean_doi(value: str) -> str:
    match = _DOI.search(text_of(value))
    return match.group().rstrip(".,;").lower() if match else ""


def clean_pmid(value: str) -> str:
    value = text_of(value).removeprefix("PMID:").strip()
    return value if _PMID.match(value) and value.strip("0") else ""  # "0" stands for none


def normalised_title(title: str) -> str:
    """Lower case letters and digits only, accents removed: for matching, not display."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    return " ".join("".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)).split())


def record_id(pmid: str, doi: str, title: str, year: int | None) -> str:
    """Stable across re-imports and databases: the PMID, else the DOI, else a content hash."""
    if pmid:
        return f"pmid:{pmid}"
    if doi:
        return f"doi:{doi}"
    digest = hashlib.sha1(f"{normalised_title(title)}|{year or ''}".encode()).hexdigest()
    return f"hash:{digest[:16]}"


# Markup that databases leave in titles and abstracts (<p>, <i>, <sup>, JATS <jats:p>, MathML):
# known lower-case tag names only, so "p<0.05", "a < b" or a title's "<A>" are kept as written.
_TAG = re.compile(
    r"</?(?:(?:jats|mml):[a-z-]+|p|i|b|u|em|strong|sup|sub|br|span|div|a|sc|scp|small|italic|bold|inf|sec|title)"
    r"(?:\s[^<>]*)?/?>"
)


def plain(value: object) -> str:
    """A title's or abstract's text: markup reduced to text, entities (&amp;, &apos;) decoded."""
    text = text_of(value)
    if "<" in text or "&" in text:
        text = " ".join(html.unescape(_TAG.sub(" ", text)).split())
    return text


def to_record(fields: Fields, warnings: list[str]) -> Record:
    where = f"{fields.source}:{fields.line}"
    title = plain(fields.title)
    if not title:
        warnings.append(f"{where}: record has no title")
    year = None
    year_text = text_of(fields.year)
    if year_text:
        match = _YEAR.search(year_text)
        if match:
            year = int(match.group())
        else:
            warnings.append(f"{where}: year {year_text[:40]!r} is not a year; left empty")
    doi, pmid = clean_doi(fields.doi), clean_pmid(fields.pmid)
    authors = tuple(a for a in (text_of(a) for a in fields.authors) if a)
    keywords = tuple(k for k in (text_of(k) for k in fields.keywords) if k)
    return Record(
        id=record_id(pmid, doi, title, year),
        title=title,
        source=fields.source,
        line=fields.line,
        abstract=plain(fields.abstract),
        authors=authors,
        year=year,
        journal=text_of(fields.journal),
        doi=doi,
        pmid=pmid,
        keywords=keywords,
        volume=text_of(fields.volume),
        issue=text_of(fields.issue),
        pages=text_of(fields.pages),
        issn=text_of(fields.issn),
        url=text_of(fields.url),
    )


def collect(fmt: str, found: Iterable[Fields], warnings: list[str]) -> ReadResult:
    """Records from `found`, every entry its own record: an entry whose id an earlier one
    of the file has takes its position into its id (see `unique_id`), never merged.

    `found` may be a generator: each record's fields are let go once it is made, so a
    large file never holds both forms of every record at once."""
    records: list[Record] = []
    labels: dict[str, Choice] = {}
    full_text_labels: dict[str, Choice] = {}
    reasons: dict[str, str] = {}
    by_reviewer: dict[str, dict[str, Choice]] = {}
    seen: dict[str, int] = {}
    for fields in found:
        record = to_record(fields, warnings)
        if record.id in seen:
            warnings.append(
                f"{fields.source}:{fields.line}: same id as line {seen[record.id]} ({record.id}); "
                "kept as a record of its own"
            )
            record = replace(record, id=unique_id(record))
        seen.setdefault(record.id, fields.line)
        records.append(record)
        if fields.label:
            labels[record.id] = fields.label
        if fields.reason and "exclude" in (fields.label, fields.full_text_label):
            reasons[record.id] = text_of(fields.reason)
        if fields.full_text_label:
            full_text_labels[record.id] = fields.full_text_label
        for name, label in fields.reviewer_labels.items():
            by_reviewer.setdefault(name, {})[record.id] = label
    return ReadResult(fmt, records, warnings, labels, full_text_labels, reasons, by_reviewer)


def unique_id(record: Record) -> str:
    """The id of a record whose own id another record of the review already has: the same
    id with the record's place in its file, stable as long as the file is."""
    return f"{record.id}@{record.source}:{record.line}"


_INCLUDE = {"1", "true", "yes", "y", "include", "included", "relevant", "asreview_relevant"}
_EXCLUDE = {"0", "false", "no", "n", "exclude", "excluded", "irrelevant", "asreview_irrelevant"}
_MAYBE = {"maybe", "undecided", "conflict"}


def decision_label(value: str) -> Choice | None:
    """ "include", "exclude" or "maybe" for the labels other tools write; None for none."""
    value = text_of(value).casefold()
    if value in _INCLUDE:
        return "include"
    if value in _EXCLUDE:
        return "exclude"
    if value in _MAYBE:
        return "maybe"
    return None
