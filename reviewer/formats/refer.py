"""EndNote tagged ("refer") exports, .enw: `%0 Journal Article`, then one `%X value` line per
field (authors and keywords repeat), a record's lines together, records apart by blank lines.
No well-kept library reads this small format, so it is read here, line by line."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.domain.record import ReadResult
from reviewer.formats.fields import Fields, collect
from reviewer.formats.lines import lines_of

_TAG = re.compile(r"^%([0-9A-Z@!#$&()*+^~>\]<|?]) ?(.*)$")
_PMID = re.compile(r"(?:PMID:?\s*)?(\d{1,9})$")


def looks_like(head: str) -> bool:
    lines = head.lstrip("\ufeff").splitlines()[:80]
    return any(line.startswith("%0 ") for line in lines) and any(line[:3] in ("%T ", "%A ") for line in lines)


def read(text: str, source: str) -> ReadResult:
    warnings: list[str] = []
    return collect("refer", _each_record(text, source), warnings)


def _each_record(text: str, source: str) -> Iterator[Fields]:
    tags: dict[str, list[str]] = {}
    start, last = 0, ""
    for number, line in enumerate(lines_of(text.lstrip("\ufeff")), 1):
        match = _TAG.match(line)
        if match and match.group(1) == "0" and "0" in tags:  # a second type line: a record with no blank line before it
            yield _fields(tags, source, start)
            tags = {}
        if match:
            if not tags:
                start = number
            last = match.group(1)
            tags.setdefault(last, []).append(match.group(2).strip())
        elif line.strip() and tags:  # a field's value goes on over several lines
            tags[last][-1] += " " + line.strip()
        elif not line.strip() and tags:
            yield _fields(tags, source, start)
            tags = {}
    if tags:
        yield _fields(tags, source, start)


def _fields(tags: dict[str, list[str]], source: str, line: int) -> Fields:
    def first(*names: str) -> str:
        return next((tags[name][0] for name in names if tags.get(name)), "")

    accession = _PMID.match(first("M"))
    return Fields(
        source=source,
        line=line,
        title=first("T"),
        authors=tags.get("A", []),
        year=first("D", "8"),
        journal=first("J", "B"),
        doi=first("R") or next((u for u in tags.get("U", []) if "doi.org/10." in u), ""),
        pmid=accession.group(1) if accession else "",
        abstract=first("X"),
        keywords=[k.strip() for value in tags.get("K", []) for k in re.split(r"[;\n]", value) if k.strip()],
        volume=first("V"),
        issue=first("N"),
        pages=first("P"),
        issn=first("@"),
        url=first("U"),
    )
