"""PubMed/MEDLINE text (.nbib, .txt): records parsed by Biopython's Bio.Medline."""

from __future__ import annotations

import re
from collections.abc import Iterator

from Bio import Medline

from reviewer.domain.record import ReadResult
from reviewer.formats.fields import Fields, collect
from reviewer.formats.lines import lines_of

_DOI_ID = re.compile(r"(\S+)\s*\[doi\]")


_TAG = re.compile(r"^[A-Z][A-Z0-9 ]{1,3}- ", re.MULTILINE)  # "TI  - ", "PMID- ", "AU  - "


def looks_like(head: str) -> bool:
    """PubMed's MEDLINE text, or another database's in its layout without PMIDs (ERIC, say):
    four-character tags, a title among them, and no RIS record start."""
    if re.search(r"^PMID- ?\d", head, re.MULTILINE):
        return True
    return (
        len(_TAG.findall(head)) >= 3
        and re.search(r"^TI  - ", head, re.MULTILINE) is not None
        and not re.search(r"^TY  - ", head, re.MULTILINE)
    )


def read(text: str, source: str) -> ReadResult:
    warnings: list[str] = []
    return collect("medline", _each_record(text, source, warnings), warnings)


def _each_record(text: str, source: str, warnings: list[str]) -> Iterator[Fields]:
    for start, lines in _records(text):
        try:
            record = next(Medline.parse(lines), None)
        except (KeyError, IndexError, ValueError):  # Bio.Medline on a damaged block
            warnings.append(f"{source}:{start}: this record could not be read; skipped")
            continue
        if not record:
            continue
        if "PMID" not in record and "TI" not in record:
            warnings.append(f"{source}:{start}: block without PMID or TI; skipped")
            continue
        yield Fields(
            source=source,
            line=start,
            title=record.get("TI", "") or record.get("BTI", ""),
            authors=record.get("FAU") or record.get("AU") or [],
            year=record.get("DP", ""),
            journal=record.get("JT", "") or record.get("TA", ""),
            doi=_doi(record),
            pmid=record.get("PMID", ""),
            abstract=record.get("AB", ""),
            keywords=[*record.get("OT", []), *record.get("MH", [])],
            volume=record.get("VI", ""),
            issue=record.get("IP", ""),
            pages=record.get("PG", ""),
            issn=record.get("IS", "").split(" ")[0] if isinstance(record.get("IS", ""), str) else "",
        )


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines) of each blank-line-separated record."""
    start, lines = 0, list[str]()
    for number, line in enumerate(lines_of(text), 1):
        if line.strip():
            if not lines:
                start = number
            lines.append(line + "\n")
        elif lines:
            yield start, lines
            lines = []
    if lines:
        yield start, lines


def _doi(record: dict) -> str:
    for identifier in [*record.get("AID", []), *record.get("LID", "").split(" [pii]")]:
        match = _DOI_ID.search(identifier)
        if match:
            return match.group(1)
    return ""
