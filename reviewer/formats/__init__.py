"""One module per file format; each turns a file's text into `Record`s.

`read_file` decodes a file, detects its format from its content (the extension only
breaks ties), and hands it to the right reader.
"""

from __future__ import annotations

from pathlib import Path

from reviewer.domain.errors import ReviewerError
from reviewer.domain.record import ReadResult
from reviewer.formats import bibtex, medline, ris, table, text
from reviewer.persistence.collector import collector_paused

HEAD_CHARS = 8192


class UnknownFormat(ReviewerError):
    pass


def decode(raw: bytes) -> tuple[str, str | None]:
    """Text from bytes: UTF-8 (a byte-order mark is dropped), else cp1252, else Latin-1.

    A file that is mostly UTF-8 with a few damaged bytes stays UTF-8, the damage shown as
    "�"; one whose non-ASCII bytes are mostly not UTF-8 is read as cp1252. Returns the
    text and a warning when it was not clean UTF-8.
    """
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        where = f"byte {error.start}"
    replaced = raw.decode("utf-8-sig", errors="replace")
    damaged = replaced.count("\ufffd")
    good = sum(1 for char in replaced if char > "\x7f" and char != "\ufffd")
    if good > damaged:
        return replaced, f"not valid UTF-8 (first bad {where}); {damaged} damaged characters shown as \ufffd"
    for encoding in ("cp1252", "latin-1"):
        try:
            return raw.decode(encoding), f"not UTF-8 (first bad {where}); read as {encoding}"
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def detect(content: str, suffix: str) -> str:
    """The format of a file: "ris", "medline", "bibtex", "csv" or "text"."""
    head = content[:HEAD_CHARS]
    if ris.looks_like(head):
        return "ris"
    if medline.looks_like(head):
        return "medline"
    if suffix == ".bib" or (suffix not in text.EXTENSIONS and bibtex.looks_like(head)):
        return "bibtex"
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix in text.EXTENSIONS:
        return "text"
    raise UnknownFormat("not a format reviewer reads (RIS, MEDLINE, BibTeX, CSV/TSV, .txt, .md)")


READERS = {"ris": ris.read, "medline": medline.read, "bibtex": bibtex.read, "csv": table.read, "text": text.read}


def read_file(path: Path, source: str) -> ReadResult:
    """Every record in the file at `path`; `source` is how records and warnings name it."""
    content, warning = decode(path.read_bytes())
    fmt = detect(content, path.suffix.lower())
    with collector_paused():
        result = READERS[fmt](content, source)
    if warning:
        result.warnings.insert(0, f"{source}: {warning}")
    return result
