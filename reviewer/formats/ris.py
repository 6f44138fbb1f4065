"""RIS, as exported by PubMed, Embase, Scopus, Web of Science, Ovid, ProQuest, Zotero,
EndNote and Mendeley. Tags are parsed by rispy; this module finds where each record
starts (for warnings with line numbers) and maps rispy's names to a Record's fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import rispy

from reviewer.domain.record import ReadResult, Record
from reviewer.formats.fields import Fields, collect, decision_label, text_of
from reviewer.formats.lines import lines_of
from reviewer.text.display import one_line

_TAG_LINE = re.compile(r"^[A-Z][A-Z0-9]  -( |$)")
_PMID_NOTE = re.compile(r"PMID:?\s*(\d{1,9})", re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|copyright|all rights reserved|published by", re.IGNORECASE)


def looks_like(head: str) -> bool:
    return any(line.startswith("TY  -") for line in head.splitlines()[:60])


def read(text: str, source: str) -> ReadResult:
    warnings: list[str] = []
    return collect("ris", _each_record(text, source, warnings), warnings)


def _each_record(text: str, source: str, warnings: list[str]) -> Iterator[Fields]:
    for start, lines in _records(text, source, warnings):
        entry = _parse_record(lines)
        if entry is None:
            warnings.append(f"{source}:{start}: this record could not be read; skipped")
            continue
        yield _fields(entry, source, start)


# Repeated tags are kept as lists; rispy fails on some damaged records in that mode
# (a continuation line after a repeated tag), so those are read again its default way.
_PARSERS = (rispy.RisParser(enforce_list_tags=False), rispy.RisParser())


def _parse_record(lines: list[str]) -> dict | None:
    for parser in _PARSERS:
        try:
            entries = parser.parse_lines(iter(lines))
        except Exception:  # noqa: BLE001 - rispy's own bugs on damaged input: try the next way, then skip
            continue
        return entries[0] if entries else {}
    return None


def _records(text: str, source: str, warnings: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines) of each record: from a TY line to its ER line.

    Lines between records (Ovid numbers them, others leave notes) are skipped, as rispy
    does; a record cut off at the end of the file is read as far as it goes, with a warning.
    """
    start, lines = 0, list[str]()
    for number, line in enumerate(lines_of(text), 1):
        if not lines:
            if line.startswith("TY  -"):
                start, lines = number, [line]
            continue
        if line.startswith("ER  -") or line.rstrip() == "ER  -":
            yield start, [*lines, line]
            lines = []
        elif line.startswith("TY  -"):
            warnings.append(f"{source}:{start}: record has no ER line; it ends where line {number} starts another")
            yield start, [*lines, "ER  - "]
            start, lines = number, [line]
        else:
            lines.append(line)
    if lines:
        warnings.append(f"{source}:{start}: last record has no ER line; read to the end of the file")
        yield start, [*lines, "ER  - "]


def _first(entry: dict, *names: str) -> str:
    for name in names:
        value = text_of(entry.get(name))
        if value:
            return value
    return ""


def _fields(entry: dict, source: str, line: int) -> Fields:
    notes = [text_of(n) for n in _as_list(entry.get("notes"))]
    unknown = entry.get("unknown_tag") or {}
    return Fields(
        source=source,
        line=line,
        title=_first(entry, "title", "primary_title", "translated_title", "short_title"),
        authors=[*_as_list(entry.get("authors")), *_as_list(entry.get("first_authors"))],
        year=_first(entry, "year", "publication_year", "date"),
        journal=_first(
            entry, "journal_name", "alternate_title3", "secondary_title", "alternate_title1", "alternate_title2"
        ),
        doi=_first(entry, "doi") or _doi_from_urls(entry.get("urls")),
        pmid=_pmid(entry, notes),
        abstract=_abstract(entry),
        keywords=_keywords(entry.get("keywords")),
        volume=_first(entry, "volume"),
        issue=_first(entry, "number"),
        pages="-".join(p for p in (_first(entry, "start_page"), _first(entry, "end_page")) if p),
        issn=_first(entry, "issn"),
        url=next((text_of(u) for u in _as_list(entry.get("urls")) if text_of(u)), ""),
        label=next((decision_label(n) for n in notes if decision_label(n)), None)
        or decision_label(text_of(unknown.get("LB"))),
    )


def _abstract(entry: dict) -> str:
    """The abstract: its AB lines joined (EndNote splits a long one), but for a publisher's
    copyright line (Scopus adds one as a second AB), which is no part of it."""
    for name in ("abstract", "notes_abstract"):
        parts = [text_of(v) for v in _as_list(entry.get(name)) if text_of(v)]
        kept = [part for part in parts[1:] if not _COPYRIGHT.search(part[:200]) or len(part) > 300]
        if parts:
            return " ".join([parts[0], *kept])
    return ""


def _as_list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _keywords(value: object) -> list[str]:
    words = _as_list(value)
    if len(words) == 1 and ";" in text_of(words[0]):
        return [w.strip() for w in text_of(words[0]).split(";")]
    return words


def _doi_from_urls(urls: object) -> str:
    return next((text_of(u) for u in _as_list(urls) if "doi.org/10." in text_of(u)), "")


def _pmid(entry: dict, notes: list[str]) -> str:
    """PubMed ids: Ovid and PubMed put them in AN (with DB naming MEDLINE/PubMed); others in notes."""
    database = _first(entry, "name_of_database", "database_provider").casefold()
    accession = _first(entry, "accession_number")
    if accession.isdigit() and ("medline" in database or "pubmed" in database):
        return accession
    for note in [*notes, _first(entry, "custom2"), _first(entry, "note")]:
        match = _PMID_NOTE.search(note)
        if match:
            return match.group(1)
    return ""


class _Writer(rispy.RisWriter):
    """rispy's RIS writer without the "1." line it puts before each record, which EndNote
    and Zotero do not expect."""

    def set_header(self, count: int) -> str:
        return ""


def write_records(records: list[Record]) -> str:
    """RIS for a reference manager: one JOUR entry per record with every field we read, in the
    usual tag order (TY first, ER last), empty fields left out."""
    entries = []
    for record in records:
        start_page, _, end_page = record.pages.partition("-")
        entry: dict[str, str | list[str]] = {"type_of_reference": "JOUR"}
        for key, value in (
            ("authors", list(record.authors)),
            ("title", record.title),
            ("journal_name", record.journal),
            ("year", str(record.year or "")),
            ("volume", record.volume),
            ("number", record.issue),
            ("start_page", start_page.strip()),
            ("end_page", end_page.strip()),
            ("issn", record.issn),
            ("doi", record.doi),
            ("urls", [record.url] if record.url else []),
            ("abstract", record.abstract),
            ("keywords", list(record.keywords)),
            ("notes", [f"PMID: {record.pmid}"] if record.pmid else []),
            ("id", record.id),
        ):
            if value:  # a field on one line, control characters shown (an escape code would run in a terminal)
                entry[key] = [one_line(v) for v in value] if isinstance(value, list) else one_line(value)
        entries.append(entry)
    return rispy.dumps(entries, implementation=_Writer) if entries else ""
