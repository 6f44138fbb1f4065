"""Full texts from PDFs: the text layer read with pypdfium2 (fast, and first for text quality in
py-pdf's benchmark; Apache/BSD licensed), then made readable.

Line ends hyphenated by the typesetter are joined (pdfium marks them), ligatures and soft hyphens
are normalised, lines are joined into paragraphs, and the running headers, footers and page
numbers that repeat on every page are left out of the reading flow. Pages are joined by a blank
line; `pages` holds where each starts, so the Reader can show and move by page and claims can be
cited by page. Extraction is cached by the file's content: opening it again costs a file read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import platformdirs

from reviewer.formats.fields import UnreadableFile
from reviewer.persistence.atomic import atomic_writer

EXTRACTION_VERSION = 6  # bump when the same PDF would give another text: cached texts are made again
HYPHEN_MARKS = ("\x02", "\ufffe")  # pdfium's mark for a hyphen it found at a line end
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\xad": ""})
EDGE_LINES = 2  # where running headers and footers are looked for, at each end of a page
PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
SENTENCE_END = (".", ":", "!", "?")
NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z][^.!?]*$")  # "3. Results", "2.1 Patients"
BOLD_WEIGHT = 600  # pdfium's font weight from which a line is bold (400 is regular)
BOLD_NAME = re.compile(r"bold|black|heavy", re.IGNORECASE)  # "Semibold", "DemiBold" included
FONT_NAME_BYTES = 256
DROP_CAP_RATIO = 2.0  # a drop cap is set at least this many times the size of the text beside it
DROP_CAP_REACH = 4  # lines before or after its word's line where pdfium may read a drop cap
LONE_CAPITAL = re.compile(r"(?:^|(?<= ))([A-Z])(?: |$)")  # "A", "I" or a drop cap pdfium read into a line
PAGE_CHARACTERS = 200_000  # a dense journal page holds about 6,000
EXTRACTION_SECONDS = 120.0  # the app stops reading a PDF's text after this (see cache_in_a_process)


class Line(NamedTuple):
    """A line of a page as pdfium reads it, with the font size (0 when pdfium cannot say) and
    weight it starts in: a heading, a title or a drop cap differs from the body in them."""

    text: str
    size: float
    bold: bool


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


def cache_in_a_process(path: Path, source: str, seconds: float = EXTRACTION_SECONDS) -> None:
    """Read the PDF's text into the cache in a process of its own, so that the app goes on
    answering beside it (an extraction holds the GIL while it runs), and give up after
    `seconds` with a message naming the file. Whatever else goes wrong is left to the read that
    follows, which meets it again in a moment and names it."""
    import multiprocessing
    import sys

    context = multiprocessing.get_context("spawn")
    process = context.Process(target=_cache, args=(path, source), name="reviewer-pdf", daemon=True)
    shown = sys.stderr
    try:
        sys.stderr = sys.__stderr__  # the resource tracker needs a real one (a Textual app replaces it)
        process.start()
    finally:
        sys.stderr = shown
    process.join(seconds)
    if process.is_alive():
        process.kill()
        process.join()
        raise UnreadableFile(
            f"{source}: reading its text took over {seconds:.0f} s and was stopped (a PDF this slow to read "
            "is damaged or built to be): try another copy, or one printed to PDF again"
        )


def _cache(path: Path, source: str) -> None:
    with contextlib.suppress(UnreadableFile, OSError):
        read_pdf(path, source)


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
    warnings: list[str] = []
    try:
        metadata = {k.lower(): str(v) for k, v in document.get_metadata_dict(skip_empty=True).items()}
        count = len(document)
        unreadable: set[int] = set()
        pages: list[list[Line]] = []
        for number in range(count):
            try:
                page = document[number]
                text_page = page.get_textpage()
            except pypdfium2.PdfiumError as error:  # a missing or damaged page object, a loop in the page tree
                warnings.append(f"{source}: page {number + 1} cannot be read ({error}); left out")
                unreadable.add(number + 1)
                pages.append([])
                continue
            pages.append(_sized_lines(text_page, f"{source}: page {number + 1}", warnings))
            text_page.close()
            page.close()
    finally:
        document.close()
    lines = [[line.text for line in page] for page in pages]
    edges = [set(_edges(page)) for page in lines]
    repeated = _running_lines(lines, edges)
    texts = _unhyphenate(
        [
            _paragraphs([sized for i, sized in enumerate(page) if not _is_running(lines[n], i, edges[n], repeated)])
            for n, page in enumerate(pages)
        ]
    )
    if len(unreadable) == len(texts):  # none at all, or none that loads
        raise UnreadableFile(f"{source}: no page can be read (a damaged page tree or page objects)")
    empty = [str(n) for n, text in enumerate(texts, 1) if not text.strip() and n not in unreadable]
    if len(empty) + len(unreadable) == len(texts):
        raise UnreadableFile(
            f"{source}: no text layer on any page (a scanned PDF?): run OCR on it first "
            "(for example `ocrmypdf in.pdf out.pdf`), then attach that"
        )
    if empty:
        warnings.append(f"{source}: no text on page{'s' * (len(empty) > 1)} {', '.join(empty)} (scanned?)")
    starts, parts, at = [], [], 0
    for text in texts:
        starts.append(at)
        parts.append(text)
        at += len(text) + 2
    return FullText("\n\n".join(parts), tuple(starts), tuple(warnings), metadata)


def readable(line: str) -> str:
    """A line of a PDF's text with ligatures written out, soft hyphens dropped, and accents that
    TeX sets apart from their letter ("Lemaˆıtre": a spacing circumflex, then a dotless i)
    composed with it ("Lemaître")."""
    line = line.translate(LIGATURES).translate(UNMAPPED).rstrip()
    if SPACING_ACCENT.search(line):
        line = unicodedata.normalize("NFC", SPACING_ACCENT.sub(_composed, line))
    return line


# A glyph of a font with no Unicode map (math, symbols) comes out as a control character: one
# replacement mark in its place keeps every offset (pdfium's own hyphen mark is kept for later).
UNMAPPED = str.maketrans({code: "\ufffd" for code in range(0x20) if chr(code) not in "\t\n\r\x02"})

# A spacing accent, then the letter it sits on: TeX's way of setting accents in a PDF's text.
SPACING_ACCENTS = {
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02dc": "\u0303",  # ˜ tilde
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u00b4": "\u0301",  # ´ acute
    "\u0060": "\u0300",  # ` grave
    "\u02da": "\u030a",  # ˚ ring
    "\u02c7": "\u030c",  # ˇ caron
    "\u02d8": "\u0306",  # ˘ breve
    "\u00b8": "\u0327",  # ¸ cedilla
}
# The acute and the grave double as quotes and backticks: those are taken for accents only inside a word.
_QUOTE_LIKE = "\u00b4\u0060"
SPACING_ACCENT = re.compile(
    f"((?<=[A-Za-z])[{_QUOTE_LIKE}]|[{''.join(a for a in SPACING_ACCENTS if a not in _QUOTE_LIKE)}])"
    "([A-Za-z\u0131\u0237])"
)


def _composed(match: re.Match) -> str:
    letter = {"\u0131": "i", "\u0237": "j"}.get(match.group(2), match.group(2))  # a dotless i takes the accent
    return letter + SPACING_ACCENTS[match.group(1)]


def _sized_lines(text_page: Any, where: str, warnings: list[str]) -> list[Line]:
    """The page's lines, each with the font size and weight it starts in. A page of more than
    PAGE_CHARACTERS is cut short there, and said (no article's page holds that)."""
    import pypdfium2.raw as pdfium_c

    text = text_page.get_text_range(count=min(text_page.count_chars(), PAGE_CHARACTERS + 1))
    if len(text) > PAGE_CHARACTERS:
        text = text[:PAGE_CHARACTERS]
        warnings.append(f"{where}: cut short after {PAGE_CHARACTERS:,} characters (the rest left out)")
    aligned = len(text) == text_page.count_chars()  # one str character per pdfium character
    lines, at = [], 0
    for line in text.split("\r\n"):
        size, bold, caps = 0.0, False, []
        if aligned and line:
            first = at + len(line) - len(line.lstrip())
            size = pdfium_c.FPDFText_GetFontSize(text_page.raw, first)
            bold = _bold(text_page, first)
            caps = [
                (match, cap_size)
                for match in LONE_CAPITAL.finditer(line)
                if (cap_size := pdfium_c.FPDFText_GetFontSize(text_page.raw, at + match.start(1)))
                >= DROP_CAP_RATIO * size
            ]
        for match, _ in reversed(caps):  # a drop cap read into the line beside it: taken out of it
            line = line[: match.start()] + line[match.end() :]
        lines.append(Line(readable(line), round(size, 1), bold))
        lines.extend(Line(match.group(1), round(cap_size, 1), False) for match, cap_size in caps)
        at += len(line) + sum(len(match.group()) for match, _ in caps) + 2
    return _drop_caps_joined(lines)


def _bold(text_page: Any, index: int) -> bool:
    """Whether the character is set bold: by its font's weight, else (the standard fonts, and
    many embedded ones, give none) by its name ("Times-Bold", "ABCDEF+Minion-Semibold")."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    weight = pdfium_c.FPDFText_GetFontWeight(text_page.raw, index)
    if weight > 0:
        return bool(weight >= BOLD_WEIGHT)
    name = ctypes.create_string_buffer(FONT_NAME_BYTES)
    pdfium_c.FPDFText_GetFontInfo(text_page.raw, index, name, FONT_NAME_BYTES, None)
    return BOLD_NAME.search(name.value.decode("latin-1")) is not None


def _drop_caps_joined(lines: list[Line]) -> list[Line]:
    """A drop cap (one capital letter, set far larger than the text beside it) put back at the
    start of its word: pdfium reads it as a line of its own, a few lines before or after the
    first line of its paragraph, which starts with the word's lowercase rest ("J", "ournal of")."""
    out = list(lines)
    typical = statistics.median([len(line.text) for line in lines if line.text.strip()] or [0])
    for i, line in enumerate(lines):
        letter = line.text.strip()
        if len(letter) != 1 or not letter.isupper() or not line.size:
            continue
        near = range(max(0, i - DROP_CAP_REACH), min(len(out), i + DROP_CAP_REACH + 1))
        for j in sorted((j for j in near if j != i), key=lambda j: abs(j - i)):
            rest = out[j].text.lstrip()
            before = next((out[k] for k in range(j - 1, -1, -1) if k != i), None)
            if (
                rest[:1].islower()
                and line.size >= DROP_CAP_RATIO * out[j].size
                and _ends_paragraph(before, out[j], typical)
            ):
                out[j] = out[j]._replace(text=letter + rest)
                out[i] = Line("", 0.0, False)
                break
    return [line for line, before in zip(out, lines, strict=True) if line.text or not before.text]


def _ends_paragraph(line: Line | None, after: Line, typical: float) -> bool:
    """Whether `line` (None: the page's start) ends the paragraph before `after`: it is empty,
    ends a sentence, is in another size, or is far shorter than the page's `typical` line (a heading)."""
    if line is None or not line.text.strip():
        return True
    text = line.text.strip()
    return text.endswith(SENTENCE_END) or abs(line.size - after.size) >= 1 or len(text) < 0.6 * typical


def _shape(line: str) -> str:
    """A line with its numbers blanked: a running header is the same shape on every page."""
    return re.sub(r"\d+", "#", line.strip().casefold())


def _edges(page: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(page) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def _running_lines(pages: list[list[str]], edges: list[set[int]]) -> set[str]:
    """Shapes of the lines at the top or bottom (`edges`) of at least half the pages (two at least)."""
    if len(pages) < 2:
        return set()
    counts = Counter(shape for page, at in zip(pages, edges, strict=True) for shape in {_shape(page[i]) for i in at})
    return {shape for shape, n in counts.items() if n >= max(2, len(pages) / 2) and shape}


def _is_running(page: list[str], index: int, edges: set[int], repeated: set[str]) -> bool:
    if index not in edges:  # the page's edges are worked out once: per line, it was quadratic
        return False
    line = page[index].strip()
    return _shape(line) in repeated or bool(PAGE_NUMBER.match(line))


def _paragraphs(lines: list[Line]) -> str:
    """The page's lines joined into paragraphs; a short line that ends a sentence, an empty one,
    or a change of font size ends a paragraph, and a heading (a short line that is numbered, or
    bold in a body that is not) is one of its own. Hyphens at line ends are settled later, by
    `_unhyphenate`."""
    lengths = [len(line.text) for line in lines if line.text.strip()]
    typical = statistics.median(lengths) if lengths else 0
    bold_body = sum(len(line.text) for line in lines if line.bold) > sum(lengths) / 2
    out: list[str] = []
    size_before = 0.0
    for text, size, bold in lines:
        stripped = text.strip()
        if not stripped:
            if out and out[-1] != "\n\n":
                out.append("\n\n")
            continue
        short = len(stripped) < 0.6 * typical
        heading = short and (NUMBERED_HEADING.match(stripped) is not None or (bold and not bold_body))
        if out and out[-1] != "\n\n" and (heading or (size and size_before and abs(size - size_before) >= 1)):
            out.append("\n\n")
        size_before = size
        if out and out[-1] not in ("\n\n", "") and not out[-1].endswith(HYPHEN_MARKS):
            out.append(" ")
        out.append(stripped)
        if heading or (short and stripped.endswith(SENTENCE_END)):
            out.append("\n\n")
    return "".join(out).strip()


MARKED = re.compile(r"\b(\w++)[\x02\ufffe](\w+)")  # from a word's start only: linear on long words
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
