"""Web of Science tagged files: the "Plain text" and "Other file formats" exports (.txt,
.ciw, .isi). Each record starts at a `PT` line and ends at `ER`; rispy's WokParser reads
the tags, this module finds where records start (for warnings) and maps the fields."""

from __future__ import annotations

import re
from collections.abc import Iterator

import rispy

from reviewer.domain.record import ReadResult
from reviewer.formats.fields import Fields, collect, text_of
from reviewer.formats.lines import lines_of

_START = re.compile(r"^PT [A-Z]\s*$")
# Tags rispy does not know (a Zoological Record export's AN, a new field) are left out, never
# the record with them: they are named in one warning per file.
_PARSER = rispy.WokParser(skip_unknown_tags=True)
_TAG = re.compile(r"^([A-Z][A-Z0-9]) ")


def looks_like(head: str) -> bool:
    """A header naming Web of Science, or a PT line followed by WoS tags."""
    lines = head.splitlines()[:60]
    if lines and lines[0].lstrip("\ufeff").startswith("FN ") and any(line.startswith("VR ") for line in lines[:3]):
        return True
    return any(_START.match(line) for line in lines) and any(line[:3] in ("TI ", "AU ", "SO ") for line in lines)


def read(text: str, source: str) -> ReadResult:
    warnings: list[str] = []
    unknown: set[str] = set()
    result = collect("wos", _each_record(text, source, warnings, unknown), warnings)
    if unknown:
        result.warnings.append(f"{source}: tags not read (their values left out): {', '.join(sorted(unknown))}")
    return result


def _each_record(text: str, source: str, warnings: list[str], unknown: set[str]) -> Iterator[Fields]:
    start, lines = 0, list[str]()
    for number, line in enumerate(lines_of(text), 1):
        tag = _TAG.match(line)
        if tag and tag.group(1) not in _PARSER.mapping and tag.group(1) not in ("FN", "VR", "EF", "ER", "PT"):
            unknown.add(tag.group(1))
        if _START.match(line):
            if lines:
                warnings.append(f"{source}:{start}: record has no ER line; it ends where line {number} starts another")
                yield from _parsed(lines, source, start, warnings)
            start, lines = number, [line]
        elif lines:
            lines.append(line)
            if line.rstrip() == "ER":
                yield from _parsed(lines, source, start, warnings)
                lines = []
    if lines:
        warnings.append(f"{source}:{start}: last record has no ER line; read to the end of the file")
        yield from _parsed([*lines, "ER"], source, start, warnings)


def _parsed(lines: list[str], source: str, start: int, warnings: list[str]) -> Iterator[Fields]:
    try:
        [entry] = _PARSER.parse_lines(iter(lines))
    except Exception:  # noqa: BLE001 - rispy raises anything on a damaged record: skip it, say where
        warnings.append(f"{source}:{start}: this record could not be read; skipped")
        return
    yield Fields(
        source=source,
        line=start,
        title=text_of(entry.get("document_title")),
        authors=list(entry.get("author_full_name") or entry.get("authors") or []),
        year=text_of(entry.get("publication_year")) or text_of(entry.get("publication_date")),
        journal=text_of(entry.get("publication_name")),
        doi=text_of(entry.get("doi")),
        pmid=text_of(entry.get("pubmed_id")),
        abstract=text_of(entry.get("abstract")),
        keywords=[k.strip() for k in text_of(entry.get("author_keywords")).split(";") if k.strip()],
        volume=text_of(entry.get("volume")),
        issue=text_of(entry.get("issue")),
        pages="-".join(p for p in (text_of(entry.get("beginning_page")), text_of(entry.get("ending_page"))) if p),
        issn=text_of(entry.get("issn")),
    )
