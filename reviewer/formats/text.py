"""Plain source texts (.txt, .md): one record per file, the whole text as its body."""

from __future__ import annotations

from pathlib import PurePosixPath

from reviewer.domain.record import ReadResult, Record
from reviewer.text.navigation import sentence_spans

EXTENSIONS = (".txt", ".md")
TITLE_LIMIT = 120


def title_of(text: str, fallback: str) -> str:
    """The first line, or its first sentence when the first line is a whole paragraph."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        if len(line) > TITLE_LIMIT:
            spans = sentence_spans(line[: TITLE_LIMIT * 4])
            line = line[spans[0][0] : spans[0][1]] if spans else line
        return line[: TITLE_LIMIT * 4]
    return fallback


def read(content: str, source: str) -> ReadResult:
    record = Record(
        id=f"file:{source}",
        title=title_of(content, fallback=PurePosixPath(source).stem),
        source=source,
        text=content,
    )
    return ReadResult("text", [record], [])
