"""PubMed/MEDLINE text (.nbib, .txt): records parsed by Biopython's Bio.Medline."""

from __future__ import annotations

import re

from Bio import Medline

from reviewer.formats.fields import Fields, ReadResult, collect

_DOI_ID = re.compile(r"(\S+)\s*\[doi\]")


def looks_like(head: str) -> bool:
    return bool(re.search(r"^PMID- ?\d", head, re.MULTILINE))


def read(text: str, source: str) -> ReadResult:
    warnings: list[str] = []
    found = []
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
        found.append(
            Fields(
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
            )
        )
    return collect("medline", found, warnings)


def _records(text: str):
    """(first line number, lines) of each blank-line-separated record."""
    start, lines = 0, []
    for number, line in enumerate(text.replace("\r\n", "\n").splitlines(keepends=True), 1):
        if line.strip():
            if not lines:
                start = number
            lines.append(line if line.endswith("\n") else line + "\n")
        elif lines:
            yield start, lines
            lines = []
    if lines:
        yield start, lines


def _doi(record) -> str:
    for identifier in [*record.get("AID", []), *record.get("LID", "").split(" [pii]")]:
        match = _DOI_ID.search(identifier)
        if match:
            return match.group(1)
    return ""
