"""Records: the studies and source texts a review works on."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from reviewer.domain.decision import Choice


@dataclass(frozen=True)
class Record:
    id: str
    title: str
    source: str  # the file it came from, relative to the review's corpus folder
    line: int = 1  # where in that file the record starts
    text: str = ""
    abstract: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str = ""
    doi: str = ""
    pmid: str = ""
    keywords: tuple[str, ...] = ()
    # Where in its journal: written back to RIS so a reference manager gets the whole record.
    volume: str = ""
    issue: str = ""
    pages: str = ""
    issn: str = ""
    url: str = ""
    # Where each page of the text starts (a PDF's); empty for texts without pages.
    page_starts: tuple[int, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding `offset` of the text; None for a text without pages."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset) or 1

    @property
    def shown_title(self) -> str:
        """The title as screens and listings show it: exports hold records without one."""
        return self.title or "(no title)"

    @property
    def word_count(self) -> int:
        return len((self.text or self.abstract).split())

    def to_json(self) -> dict:
        """The public fields, as `reviewer records --json` prints them."""
        return {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "year": self.year,
            "journal": self.journal,
            "doi": self.doi,
            "pmid": self.pmid,
            "abstract": self.abstract,
            "keywords": list(self.keywords),
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "issn": self.issn,
            "url": self.url,
            "source": self.source,
            "line": self.line,
            "words": self.word_count,
        }


@dataclass
class ReadResult:
    """What one imported file held: its records, in file order, and what could not be read."""

    format: str
    records: list[Record]
    warnings: list[str]
    labels: dict[str, Choice] = field(default_factory=dict)  # record id -> title-abstract label
    full_text_labels: dict[str, Choice] = field(default_factory=dict)  # record id -> full-text label
    reasons: dict[str, str] = field(default_factory=dict)  # record id -> the reason given with an exclusion
    # reviewer's name -> record id -> label, where the file gives each reviewer a column (Abstrackr)
    labels_by_reviewer: dict[str, dict[str, Choice]] = field(default_factory=dict)
