"""Full texts from PDFs: the text layer read with pypdfium2 (fast, and first for text quality in
py-pdf's benchmark; Apache/BSD licensed), then made readable.

Line ends hyphenated by the typesetter are joined (pdfium marks them), ligatures and soft hyphens
are normalised, lines are joined into paragraphs, and the running headers, footers and page
numbers that repeat on every page are left out of the reading flow. Pages are joined by a blank
line; `pages` holds where each starts, so the Reader can show and move by page and claims can be
cited by page. Extraction is cached by the file's content: opening it again costs a file read.
"""

from __future__ import annotations

import hashlib
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from reviewer.formats.fields import UnreadableFile
from reviewer.persistence.atomic import atomic_writer

EXTRACTION_VERSION = 2  # bump when the same PDF would give another text: cached texts are made again
HYPHEN_MARKS = ("\x02", "\ufffe")  # pdfium's mark for a hyphen it found at a line end
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\xad": ""})
EDGE_LINES = 2  # where running headers and footers are looked for, at each end of a page
PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
SENTENCE_END = (".", ":", "!", "?")


@dataclass(frozen=True)
class FullText:
    text: str
    pages: tuple[int, ...]  # where each page starts in `text`
    warnings: tuple[str, ...]
    metadata: dict[str, str]  # title, DOI and the like, from the document information

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "pages": list(self.pages),
            "warnings": list(self.warnings),
            "metadata": self.metadata,
        }


def read_pdf(path: Path, source: str) -> FullText:
    """The readable text of the PDF at `path` (from the cache when this content was read before)."""
    data = path.read_bytes()
    entry = _cache_dir() / f"{hashlib.sha256(data).hexdigest()}.json"
    try:
        doc = json.loads(entry.read_text(encoding="utf-8"))
        if doc["version"] == _version():
            return FullText(doc["text"], tuple(doc["pages"]), tuple(doc["warnings"]), dict(doc["metadata"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    extracted = extract(data, source)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(entry) as handle:
            handle.write(json.dumps({"version": _version(), **extracted.to_json()}).encode("utf-8"))
    except OSError:
        pass
    return extracted


def _cache_dir() -> Path:
    return platformdirs.user_cache_path("reviewer") / "fulltext"


def _version() -> str:
    import pypdfium2

    return f"{EXTRACTION_VERSION}/{pypdfium2.version.PYPDFIUM_INFO}"


def extract(data: bytes, source: str) -> FullText:
    import pypdfium2  # only where PDFs are read

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise UnreadableFile(f"{source}: not a PDF that can be read ({error})") from None
    try:
        metadata = {k.lower(): str(v) for k, v in document.get_metadata_dict(skip_empty=True).items()}
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(_sized_lines(text_page))
            text_page.close()
            page.close()
    finally:
        document.close()
    lines = [[line for line, _ in page] for page in pages]
    repeated = _running_lines(lines)
    texts = _unhyphenate(
        [
            _paragraphs([sized for i, sized in enumerate(page) if not _is_running(lines[n], i, repeated)])
            for n, page in enumerate(pages)
        ]
    )
    empty = [str(n) for n, text in enumerate(texts, 1) if not text.strip()]
    if len(empty) == len(texts):
        raise UnreadableFile(
            f"{source}: no text layer on any page (a scanned PDF?): run OCR on it first "
            "(for example `ocrmypdf in.pdf out.pdf`), then attach that"
        )
    warnings = [f"{source}: no text on page{'s' * (len(empty) > 1)} {', '.join(empty)} (scanned?)"] if empty else []
    starts, parts, at = [], [], 0
    for text in texts:
        starts.append(at)
        parts.append(text)
        at += len(text) + 2
    return FullText("\n\n".join(parts), tuple(starts), tuple(warnings), metadata)


def readable(line: str) -> str:
    """A line of a PDF's text with ligatures written out and soft hyphens dropped."""
    return line.translate(LIGATURES).rstrip()


def _sized_lines(text_page: Any) -> list[tuple[str, float]]:
    """The page's lines, each with the font size it starts in (0 when pdfium cannot say): a
    title, a DOI line and the body differ in size, so a change of size ends a paragraph."""
    import pypdfium2.raw as pdfium_c

    text = text_page.get_text_range()
    aligned = len(text) == text_page.count_chars()  # one str character per pdfium character
    lines, at = [], 0
    for line in text.split("\r\n"):
        size = pdfium_c.FPDFText_GetFontSize(text_page.raw, at) if aligned and line else 0.0
        lines.append((readable(line), round(size, 1)))
        at += len(line) + 2
    return lines


def _shape(line: str) -> str:
    """A line with its numbers blanked: a running header is the same shape on every page."""
    return re.sub(r"\d+", "#", line.strip().casefold())


def _edges(page: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(page) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of the lines at the top or bottom of at least half the pages (two at least)."""
    if len(pages) < 2:
        return set()
    counts = Counter(shape for page in pages for shape in {_shape(page[i]) for i in _edges(page)})
    return {shape for shape, n in counts.items() if n >= max(2, len(pages) / 2) and shape}


def _is_running(page: list[str], index: int, repeated: set[str]) -> bool:
    if index not in _edges(page):
        return False
    line = page[index].strip()
    return _shape(line) in repeated or bool(PAGE_NUMBER.match(line))


def _paragraphs(lines: list[tuple[str, float]]) -> str:
    """The page's lines joined into paragraphs; a short line that ends a sentence, an empty one,
    or a change of font size ends a paragraph. Hyphens at line ends are settled later, by
    `_unhyphenate`."""
    lengths = [len(line) for line, _ in lines if line.strip()]
    typical = statistics.median(lengths) if lengths else 0
    out: list[str] = []
    size_before = 0.0
    for line, size in lines:
        stripped = line.strip()
        if not stripped:
            if out and out[-1] != "\n\n":
                out.append("\n\n")
            continue
        if out and out[-1] != "\n\n" and size and size_before and abs(size - size_before) >= 1:
            out.append("\n\n")
        size_before = size
        if out and out[-1] not in ("\n\n", "") and not out[-1].endswith(HYPHEN_MARKS):
            out.append(" ")
        out.append(stripped)
        if len(stripped) < 0.6 * typical and stripped.endswith(SENTENCE_END):
            out.append("\n\n")
    return "".join(out).strip()


MARKED = re.compile(r"(\w+)[\x02\ufffe](\w+)")
WORD = re.compile(r"\w+(?:-\w+)*")


def _unhyphenate(texts: list[str]) -> list[str]:
    """Settle the hyphens pdfium marked at line ends: "treat-ment" is joined when the document
    writes "treatment" elsewhere or not "treat-ment"; "placebo-controlled" keeps its hyphen when
    the document writes it so elsewhere (typesetters' hyphens are the common case)."""
    words = Counter(word.casefold() for text in texts for word in WORD.findall(text))

    def settle(match: re.Match) -> str:
        head, tail = match.group(1), match.group(2)
        joined, hyphened = f"{head}{tail}".casefold(), f"{head}-{tail}".casefold()
        keep = words[hyphened] > 0 and words[joined] == 0
        return f"{head}-{tail}" if keep else f"{head}{tail}"

    settled = [MARKED.sub(settle, text) for text in texts]
    return [re.sub("[\x02\ufffe]", "-", text) for text in settled]  # a mark with no word beside it
