"""CSV and TSV (comma, semicolon or tab) from Rayyan, Covidence, ASReview and databases."""

from __future__ import annotations

import ast
import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from reviewer.domain.decision import Choice
from reviewer.domain.record import ReadResult
from reviewer.formats.fields import Fields, UnreadableFile, collect, decision_label
from reviewer.text.display import one_line

# Lower-cased column names, most specific first, for each field.
COLUMNS = {
    "title": ("title", "article title", "document title", "primary_title", "title primary", "item title", "ti"),
    "authors": ("authors", "author", "author full names", "author/s", "au", "first_authors"),
    "year": (
        "year",
        "publication year",
        "publication_year",
        "published year",
        "py",
        "pubyear",
        "publication date",
        "date",
    ),
    "journal": ("journal", "source title", "journal/book", "secondary_title", "journal_name", "so"),
    "doi": ("doi", "di"),
    "pmid": ("pmid", "pubmed id", "pubmed_id", "pubmedid", "medline pmid"),
    "abstract": ("abstract", "ab", "abstract note"),
    "volume": ("volume", "vl"),
    "issue": ("issue", "number", "is"),
    "pages": ("pages", "page", "pg"),
    "issn": ("issn", "sn"),
    "url": ("url", "link", "ur"),
    "keywords": ("keywords", "author keywords", "kw", "de"),
    "label": ("included", "label_included", "asreview_label", "decision", "screening decision", "label"),
    # Two-level labels (ASReview's cleaned datasets): title-abstract, then label_included is final.
    "abstract_label": ("label_abstract_screening",),
    "reason": ("exclusion reason", "exclusion_reason", "reason for exclusion", "exclusion reasons"),
}
_RAYYAN_REASONS = re.compile(r"RAYYAN-EXCLUSION-REASONS:\s*([^|]*)")
_RAYYAN_INCLUSION = re.compile(r"RAYYAN-INCLUSION:\s*\{([^}]*)\}")


_KNOWN = frozenset(name for names in COLUMNS.values() for name in names)
DELIMITERS = (",", ";", "\t")
HEADER_SEARCH_ROWS = 30  # preamble lines (Embase's CSV has a few) above the header
FIELD_LIMIT = 1 << 30  # an abstract of a megabyte is still a field


def read(text: str, source: str) -> ReadResult:
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    delimiter, skipped = _layout(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)  # Excel's quoting
    return read_rows("csv", ((reader.line_num, row) for row in reader), skipped, source)


def read_xlsx(path: Path, source: str) -> ReadResult:
    """The first sheet of an Excel workbook (Covidence, Rayyan, databases), read with openpyxl."""
    import openpyxl  # only for workbooks: it adds to every start otherwise

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise UnreadableFile(f"{source}: not a readable Excel workbook ({error})") from None
    try:
        sheet = workbook.worksheets[0]
        rows = [
            (number, ["" if value is None else str(value) for value in row])
            for number, row in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
    finally:
        workbook.close()
    skipped = -max((_known_columns(row), -index) for index, (_, row) in enumerate(rows[:HEADER_SEARCH_ROWS]))[1]
    return read_rows("xlsx", iter(rows), skipped, source)


def read_rows(fmt: str, rows: Iterator[tuple[int, list[str]]], skipped: int, source: str) -> ReadResult:
    """Records from numbered rows: `skipped` preamble rows, the header, then one record a row."""
    warnings: list[str] = []
    for _ in range(skipped):
        next(rows, None)
    header = next(rows, (0, []))[1]
    if not header:
        return ReadResult(fmt, [], [f"{source}: empty file"])
    if skipped:
        warnings.append(f"{source}: {skipped} lines above the header skipped")
    names = [name.strip().lower() for name in header]
    where = {
        field: next((names.index(c) for c in candidates if c in names), None) for field, candidates in COLUMNS.items()
    }
    if where["title"] is None:
        warnings.append(f"{source}:{skipped + 1}: no title column among {', '.join(header[:12])}")
    notes_column = names.index("notes") if "notes" in names else None
    per_reviewer = _abstrackr_reviewer_columns(header)
    found = []
    for line, row in rows:
        if not any(character.isalnum() for cell in row for character in cell):
            if not all(_drawn_line(cell) for cell in row):  # an empty or drawn separator row ("-----") goes unsaid
                warnings.append(
                    f"{source}:{line}: a row with no letter or digit ({one_line(' '.join(row), 40)}) skipped"
                )
            continue
        if _section_heading(row, where["title"]):
            warnings.append(f"{source}:{line}: a heading row ({one_line(' '.join(row), 60)}) skipped, not a record")
            continue
        if len(row) != len(header):
            warnings.append(f"{source}:{line}: {len(row)} cells where the header has {len(header)}")

        def cell(field: str, row: list[str] = row) -> str:
            index = where[field]
            return row[index] if index is not None and index < len(row) else ""

        label = decision_label(cell("label"))
        reviewer_labels = {
            name: choice
            for name, index in per_reviewer.items()
            if index < len(row) and (choice := _ABSTRACKR_LABELS.get(row[index].strip()))
        }
        reason = cell("reason")
        if not label and notes_column is not None and notes_column < len(row):
            label = _rayyan_label(row[notes_column])
            reason = reason or _rayyan_reasons(row[notes_column])
        full_text_label = None
        if where["abstract_label"] is not None:  # label_included is then the full-text decision
            label, full_text_label = decision_label(cell("abstract_label")), label
            if label not in ("include", "maybe"):
                full_text_label = None  # excluded at title-abstract: never assessed in full text
        found.append(
            Fields(
                source=source,
                line=line,
                title=cell("title"),
                authors=_split_authors(cell("authors")),
                year=cell("year"),
                journal=cell("journal"),
                doi=cell("doi"),
                pmid=cell("pmid"),
                abstract=cell("abstract"),
                keywords=[k.strip() for k in re.split(r"[;,]", cell("keywords"))],
                volume=cell("volume"),
                issue=cell("issue"),
                pages=cell("pages"),
                issn=cell("issn"),
                url=cell("url"),
                label=label,
                full_text_label=full_text_label,
                reason=reason,
                reviewer_labels=reviewer_labels,
            )
        )
    return collect(fmt, found, warnings)


# Abstrackr's labels in a reviewer's column: accept, reject, borderline ("o": not labelled by them).
_ABSTRACKR_LABELS: dict[str, Choice] = {"1": "include", "-1": "exclude", "0": "maybe"}


def _abstrackr_reviewer_columns(header: list[str]) -> dict[str, int]:
    """Abstrackr's label export: after its fixed columns, up to "notes", one column per reviewer,
    named after them (and "consensus", the team's label, is no reviewer)."""
    names = [name.strip().lower() for name in header]
    if "(internal) id" not in names or "notes" not in names:
        return {}
    first = names.index("notes") + 1
    return {header[i].strip(): i for i in range(first, len(header)) if header[i].strip() and names[i] != "consensus"}


def _known_columns(row: list[str]) -> int:
    return len({cell.strip().lower() for cell in row} & _KNOWN)


def _layout(text: str) -> tuple[str, int]:
    """The delimiter and the number of preamble lines above the header: the reading whose
    header row names the most known columns, else the one whose rows agree on their width.
    (csv.Sniffer guesses quote characters and delimiters from a sample and misreads exports
    whose fields hold quotes, delimiters or new lines.)"""
    best: tuple[int, int, str, int] = (-1, -1, ",", 0)
    for delimiter in DELIMITERS:
        rows = list(itertools.islice(csv.reader(io.StringIO(text[:500_000], newline=""), delimiter=delimiter), 200))
        if not rows:
            continue
        known, header = max((_known_columns(row), -index) for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]))
        widths = [len(row) for row in rows[-header:] if any(cell.strip() for cell in row)]
        agreeing = widths.count(widths[0]) if widths and widths[0] > 1 else 0
        best = max(best, (known, agreeing, delimiter, -header))
    return best[2], best[3]


def _split_authors(value: str) -> list[str]:
    if value.startswith("[") and value.endswith("]"):  # ASReview writes Python lists: ['Marx, Karl', ...]
        try:
            listed = ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            listed = None
        if isinstance(listed, list) and all(isinstance(a, str) for a in listed):
            return [a.strip() for a in listed if a.strip()]
    separator = ";" if ";" in value else " and " if " and " in value else None
    return [a.strip() for a in value.split(separator)] if separator else ([value] if value.strip() else [])


def _rayyan_reasons(notes: str) -> str:
    """Rayyan's notes: RAYYAN-EXCLUSION-REASONS: wrong study design,foreign language"""
    match = _RAYYAN_REASONS.search(notes)
    return "; ".join(r.strip() for r in match.group(1).split(",") if r.strip()) if match else ""


def _rayyan_label(notes: str) -> Choice | None:
    """Rayyan's notes: RAYYAN-INCLUSION: {"Ana"=>"Included", "Bo"=>"Excluded"} (one reviewer)."""
    match = _RAYYAN_INCLUSION.search(notes)
    if not match:
        return None
    labels = {decision_label(v.strip().strip('"')) for v in re.findall(r"=>\s*\"([^\"]*)\"", match.group(1))}
    return labels.pop() if len(labels) == 1 else "maybe" if labels else None


def _drawn_line(cell: str) -> bool:
    """Blank, or one character drawn again and again ("-----", "====="): a separator."""
    drawn = cell.strip()
    return not drawn or (len(set(drawn)) == 1 and drawn[0] in "-=_*~#+." and len(drawn) > 1)


def _section_heading(row: list[str], title_column: int | None) -> bool:
    """A row that is a heading between sections of an export (Abstrackr writes "citations that
    are not yet labeled by anyone"): one cell filled, not the title's, with words and no digit.
    A record with only an id keeps its row: an id has digits."""
    filled = [(index, cell.strip()) for index, cell in enumerate(row) if cell.strip()]
    if len(filled) != 1 or filled[0][0] == title_column:
        return False
    words = filled[0][1].split()
    return len(words) >= 3 and not any(character.isdigit() for character in filled[0][1])
