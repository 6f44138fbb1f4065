"""Plain source texts (.txt, .md): one record per file, the whole text as its body."""

from __future__ import annotations

from pathlib import Path

from reviewer.records import Record
from reviewer.textnav import sentence_spans

EXTENSIONS = (".txt", ".md")
TITLE_LIMIT = 120


def decode(raw: bytes) -> tuple[str, str | None]:
    """Text from bytes: UTF-8 (a byte-order mark is dropped), else cp1252, else Latin-1.

    Returns the text and a warning when it was not UTF-8.
    """
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        where = f"byte {error.start}"
    for encoding in ("cp1252", "latin-1"):
        try:
            return raw.decode(encoding), f"not UTF-8 (first bad {where}); read as {encoding}"
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def title_of(text: str, fallback: str) -> str:
    """The first line, or its first sentence when the first line is a whole paragraph."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        if len(line) > TITLE_LIMIT:
            spans = sentence_spans(line)
            line = line[spans[0][0] : spans[0][1]] if spans else line
        return line
    return fallback


def read(path: Path, corpus_dir: Path) -> Record:
    relative = path.relative_to(corpus_dir).as_posix()
    text, warning = decode(path.read_bytes())
    return Record(
        id=f"file:{relative}",
        title=title_of(text, fallback=path.stem),
        source=relative,
        text=text,
        warnings=(f"{relative}: {warning}",) if warning else (),
    )
