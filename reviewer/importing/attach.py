"""Attaching full texts (PDF, text, Markdown, HTML) to their records.

A file is copied into corpus/fulltext/ under its record's id and linked by, in turn: a DOI in
the file (its metadata or its first pages) equal to the record's; the record's title found on
the first page; a DOI, PMID or record id in the file's name. What matches nothing is reported
with the three nearest titles and left for the reviewer to link (`--to`, or the picker in the
app). A full text is never a record of its own.
"""

from __future__ import annotations

import filecmp
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from reviewer import formats
from reviewer.domain.errors import ReviewerError
from reviewer.domain.record import Record
from reviewer.persistence.atomic import copy_atomically, remove_cut_off_writes
from reviewer.review.folder import FULL_TEXT_DIR, FULL_TEXT_EXTENSIONS, Review, full_text_name

DOI = re.compile(r"10\.\d{4,9}/[^\s\"'<>]+", re.IGNORECASE)
WORDS = re.compile(r"\w+")
TITLE_KEY_WORDS = 4  # a title is looked for on the page by its first words, then compared whole
TITLE_SCORE = 90  # how alike (0-100) the page's words must be to the whole title
FIRST_PAGES_CHARS = 6000  # where a DOI or the title is looked for
NAME_PMID = re.compile(r"(?:pmid|pubmed)[-_ ]?(\d{1,9})", re.IGNORECASE)

# How a file was linked to its record.
BY_DOI, BY_TITLE, BY_NAME, GIVEN = "doi", "title", "name", "given"


class AttachRefused(ReviewerError):
    """A file cannot be attached; the message names it and says why."""


MATCHED_BY = {
    "doi": "by the DOI in the file",
    "title": "by its title on the first page",
    "name": "by its file name",
    "given": "as you chose",
}


@dataclass(frozen=True)
class Attachment:
    file: str  # as given
    record: str | None  # the record it is attached to; None when unmatched or refused
    how: str  # doi, title, name, given; "unmatched"; "refused"
    stored_as: str = ""  # its path in the review
    changed: bool = False  # False when that very file was attached already
    nearest: tuple[tuple[str, str], ...] = ()  # (record id, title) when unmatched
    problem: str = ""  # why it was refused, or what its text lacks
    title: str = ""

    @property
    def how_said(self) -> str:
        """How the file was matched to its record, in words."""
        return MATCHED_BY.get(self.how, self.how)

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "record": self.record,
            "title": self.title,
            "matched_by": self.how,
            "stored_as": self.stored_as,
            "changed": self.changed,
            "nearest": [{"record": r, "title": t} for r, t in self.nearest],
            "problem": self.problem,
        }


class Matcher:
    """Finds a file's record among the review's; built once for many files."""

    def __init__(self, records: Iterable[Record]) -> None:
        self.records = [r for r in records if not r.text]  # source texts have their text already
        self.by_doi = {r.doi.casefold(): r for r in self.records if r.doi}
        self.by_pmid = {r.pmid: r for r in self.records if r.pmid}
        self.by_name = {full_text_name(r.id).casefold(): r for r in self.records}
        self.title_words = {r.id: _words(r.title) for r in self.records}
        self.by_title_start: dict[tuple[str, ...], list[Record]] = defaultdict(list)
        for record in self.records:
            words = self.title_words[record.id]
            if len(words) >= 3:
                self.by_title_start[tuple(words[:TITLE_KEY_WORDS])].append(record)
        self.titles = {r.id: " ".join(self.title_words[r.id]) for r in self.records}
        self.by_id = {r.id: r for r in self.records}

    def match(self, path: Path, text: str, metadata: dict[str, str]) -> tuple[Record | None, str]:
        for doi in _dois(" ".join(metadata.values()) + " " + text[:FIRST_PAGES_CHARS]):
            if doi in self.by_doi:
                return self.by_doi[doi], BY_DOI
        record = self._by_title(text[:FIRST_PAGES_CHARS])
        if record is not None:
            return record, BY_TITLE
        record = self._by_file_name(path)
        if record is not None:
            return record, BY_NAME
        return None, "unmatched"

    def _by_title(self, page: str) -> Record | None:
        words = _words(page)
        best: tuple[float, Record] | None = None
        for start in range(len(words)):
            for record in self.by_title_start.get(tuple(words[start : start + TITLE_KEY_WORDS]), ()):
                wanted = self.title_words[record.id]
                score = fuzz.ratio(" ".join(wanted), " ".join(words[start : start + len(wanted)]))
                if score >= TITLE_SCORE and (best is None or score > best[0]):
                    best = (score, record)
        return best[1] if best else None

    def _by_file_name(self, path: Path) -> Record | None:
        stem = path.stem.casefold()
        if stem in self.by_name:
            return self.by_name[stem]
        for doi in _dois(stem.replace("_", "/")):
            if doi in self.by_doi:
                return self.by_doi[doi]
        for candidate in self.by_doi:  # 10.1234_abc.5 or doi-10.1234-abc.5
            if full_text_name(candidate).casefold() in stem or candidate.replace("/", "_") in stem:
                return self.by_doi[candidate]
        pmid = NAME_PMID.search(stem) or re.fullmatch(r"(\d{5,9})", stem)
        if pmid and pmid.group(1) in self.by_pmid:
            return self.by_pmid[pmid.group(1)]
        return None

    def nearest(self, text: str, limit: int = 3) -> tuple[tuple[str, str], ...]:
        opening = " ".join(_words(text[:600]))
        found = process.extract(opening, self.titles, scorer=fuzz.partial_ratio, limit=limit)
        return tuple((key, self.by_id[key].title) for _, _, key in found)


def _words(text: str) -> list[str]:
    return WORDS.findall(text.casefold())


def _dois(text: str) -> list[str]:
    return [match.rstrip(".,;:)]}").casefold() for match in DOI.findall(text)]


def attach(
    review: Review,
    paths: list[Path],
    to: str | None = None,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
    kept_instead: Mapping[str, str] | None = None,
) -> list[Attachment]:
    """Attach each file to its record (all to `to` when given: one file, then); a file that
    cannot be read or linked is reported, and the others go on. A record set aside as a
    duplicate (`kept_instead`: it -> the record kept, as the review's state says) passes its
    file to the record kept: a study has one full text, where it is screened."""
    matcher = Matcher(review.records())
    done = []
    for number, path in enumerate(paths, 1):
        try:
            done.append(_attach_one(review, matcher, path, to, replace, kept_instead or {}))
        except (AttachRefused, formats.UnreadableFile) as error:  # their messages name the file
            done.append(Attachment(str(path), None, "refused", problem=str(error)))
        except OSError as error:
            done.append(Attachment(str(path), None, "refused", problem=f"{path}: {error.strerror or error}"))
        if progress is not None:
            progress(number, len(paths))
    return done


def _attach_one(
    review: Review, matcher: Matcher, path: Path, to: str | None, replace: bool, kept_instead: Mapping[str, str]
) -> Attachment:
    suffix = path.suffix.lower()
    if suffix not in FULL_TEXT_EXTENSIONS:
        raise AttachRefused(f"{path}: a full text is a PDF, .txt, .md or .html file")
    if not path.is_file():
        raise AttachRefused(f"{path}: no such file")
    problem = ""
    try:
        full_text = formats.read_full_text(path, path.name)
        text, metadata, problem = full_text.text, full_text.metadata, "; ".join(full_text.warnings)
    except formats.UnreadableFile as error:  # a scanned PDF: it can still be linked by name or by hand
        text, metadata, problem = "", {}, str(error)
    if to is not None:
        record = review.record(to)
        if record is None:
            raise AttachRefused(f"{to}: no record with this id in the review")
        how = GIVEN
    else:
        found, how = matcher.match(path, text, metadata)
        if found is None:
            return Attachment(str(path), None, how, nearest=matcher.nearest(text or path.stem), problem=problem)
        record = found
    kept = review.record(kept_instead.get(record.id, record.id))
    record = kept if kept is not None else record
    existing = review.full_text_path(record.id)
    target = review.corpus_dir / FULL_TEXT_DIR / f"{full_text_name(record.id)}{suffix}"
    if existing is not None and existing.is_file() and filecmp.cmp(existing, path, shallow=False):
        return Attachment(
            str(path), record.id, how, _relative(review, existing), False, problem=problem, title=record.title
        )
    if existing is not None and not replace:
        raise AttachRefused(
            f"{path}: record {record.id} already has a full text ({_relative(review, existing)}); "
            "give --replace to put this one in its place"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_cut_off_writes(target.parent)
    copy_atomically(path, target)
    if existing is not None and existing != target:
        existing.unlink()
    return Attachment(str(path), record.id, how, _relative(review, target), True, problem=problem, title=record.title)


def _relative(review: Review, path: Path) -> str:
    return path.relative_to(review.root).as_posix()
