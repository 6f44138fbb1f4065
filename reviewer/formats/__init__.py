"""One module per file format; each turns a file's text into `Record`s.

`read_file` decodes a file, detects its format from its content (the extension only
breaks ties), and hands it to the right reader.
"""

from __future__ import annotations

from pathlib import Path

from reviewer.domain.record import ReadResult
from reviewer.formats import bibtex, endnote_xml, medline, refer, ris, table, text, wos
from reviewer.formats.fields import UnreadableFile
from reviewer.formats.full_text import FullText, read_full_text

__all__ = ["FullText", "UnknownFormat", "UnreadableFile", "decode", "read_file", "read_full_text"]
from reviewer.persistence.collector import collector_paused

HEAD_CHARS = 8192


class UnknownFormat(UnreadableFile):
    pass


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(raw: bytes) -> tuple[str, str | None]:
    """Text from bytes: by its byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8, else the
    encoding charset-normalizer finds (cp1252, GB18030, Shift-JIS, ...), else Latin-1.

    A file that is mostly UTF-8 with a few damaged bytes stays UTF-8, the damage shown as
    "�". Returns the text and a warning when it was not clean UTF-8.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), None if encoding == "utf-8-sig" else f"read as {encoding.upper()}"
            except UnicodeDecodeError:
                break
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1  # where a reader looks: its line, and the byte's value
        where = f"byte 0x{raw[error.start]:02x} on line {line}"
    replaced = raw.decode("utf-8", errors="replace")
    damaged = replaced.count("\ufffd")
    good = sum(1 for char in replaced if char > "\x7f" and char != "\ufffd")
    if good > damaged:
        return replaced, f"not valid UTF-8 (first bad {where}); {damaged} damaged characters shown as \ufffd"
    guessed = _guessed_encoding(raw)
    for encoding in (e for e in (guessed, "cp1252", "latin-1") if e is not None):
        try:
            return raw.decode(encoding), f"not UTF-8 (first bad {where}); read as {encoding}"
        except (UnicodeDecodeError, LookupError):
            continue
    raise AssertionError("latin-1 decodes any bytes")


def _guessed_encoding(raw: bytes) -> str | None:
    """The encoding charset-normalizer finds likeliest (from a sample, so a large export is
    not scanned whole), or None."""
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    best = from_bytes(raw[:200_000]).best()
    if best is None or len("中".encode(best.encoding, errors="ignore")) < 2:
        return None  # a single-byte guess (cp1250, latin-1, ...) on a short sample: cp1252 is likelier
    return best.encoding  # GB18030, Big5, Shift-JIS, EUC-KR: what cp1252 would turn into mojibake


# What a file that no reader takes looks like, by its first bytes: named in the refusal.
_LOOKS_LIKE = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8", "a JPEG image"),
)


def detect(content: str, suffix: str) -> str:
    """The format of a file: "ris", "medline", "wos", "refer", "endnote-xml", "bibtex", "csv" or "text".
    Tagged formats are recognised before the extension is looked at: a Web of Science or
    EndNote ".txt" export is never taken for a plain text."""
    head = content[:HEAD_CHARS]
    for name, module in (
        ("ris", ris),
        ("medline", medline),
        ("wos", wos),
        ("refer", refer),
        ("endnote-xml", endnote_xml),
    ):
        if module.looks_like(head):
            return name
    if suffix == ".bib" or (suffix not in text.EXTENSIONS and bibtex.looks_like(head)):
        return "bibtex"
    if suffix in (".csv", ".tsv", ".tab"):
        return "csv"
    if suffix in text.EXTENSIONS:
        return "text"
    raise UnknownFormat(
        "not a format reviewer reads (RIS, MEDLINE, Web of Science, EndNote tagged or XML, BibTeX, "
        "CSV/TSV, Excel .xlsx, .txt, .md)"
    )


READERS = {
    "ris": ris.read,
    "medline": medline.read,
    "wos": wos.read,
    "refer": refer.read,
    "endnote-xml": endnote_xml.read,
    "bibtex": bibtex.read,
    "csv": table.read,
    "text": text.read,
}


def read_file(path: Path, source: str) -> ReadResult:
    """Every record in the file at `path`; `source` is how records and warnings name it."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if path.suffix.lower() in (".xlsx", ".xlsm") and head.startswith(b"PK\x03\x04"):
        with collector_paused():
            return table.read_xlsx(path, source)
    looks = next((what for magic, what in _LOOKS_LIKE if head.startswith(magic)), None)
    if looks is not None:
        raise UnknownFormat(f"not a format reviewer reads: it looks like {looks} (full texts are attached)")
    content, warning = decode(path.read_bytes())  # the bytes go once decoded: a large export is held once
    if not content.strip():
        raise UnreadableFile("the file is empty")
    fmt = detect(content, path.suffix.lower())
    with collector_paused():
        result = READERS[fmt](content, source)
    if warning:
        result.warnings.insert(0, f"{source}: {warning}")
    return result
