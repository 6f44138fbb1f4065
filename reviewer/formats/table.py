"""CSV and TSV (comma, semicolon or tab) from Rayyan, Covidence, ASReview and databases."""

from __future__ import annotations

import csv
import io
import re

from reviewer.domain.decision import Choice
from reviewer.domain.record import ReadResult
from reviewer.formats.fields import Fields, collect, decision_label

# Lower-cased column names, most specific first, for each field.
COLUMNS = {
    "title": ("title", "article title", "document title", "primary_title", "ti"),
    "authors": ("authors", "author", "author full names", "au", "first_authors"),
    "year": ("year", "publication year", "published year", "py", "pubyear", "date"),
    "journal": ("journal", "source title", "journal/book", "secondary_title", "journal_name", "so"),
    "doi": ("doi", "di"),
    "pmid": ("pmid", "pubmed id", "pubmed_id", "accession number"),
    "abstract": ("abstract", "ab", "abstract note"),
    "keywords": ("keywords", "author keywords", "kw", "de"),
    "label": ("included", "label_included", "asreview_label", "decision", "screening decision", "label"),
}
_RAYYAN_INCLUSION = re.compile(r"RAYYAN-INCLUSION:\s*\{([^}]*)\}")


def read(text: str, source: str) -> ReadResult:
    warnings: list[str] = []
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header = next(reader, None)
    if not header:
        return ReadResult("csv", [], [f"{source}: empty file"])
    names = [name.strip().lower() for name in header]
    where = {
        field: next((names.index(c) for c in candidates if c in names), None) for field, candidates in COLUMNS.items()
    }
    if where["title"] is None:
        warnings.append(f"{source}:1: no title column among {', '.join(header[:12])}")
    notes_column = names.index("notes") if "notes" in names else None
    found = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            warnings.append(f"{source}:{line}: {len(row)} cells where the header has {len(header)}")

        def cell(field: str, row: list[str] = row) -> str:
            index = where[field]
            return row[index] if index is not None and index < len(row) else ""

        label = decision_label(cell("label"))
        if not label and notes_column is not None and notes_column < len(row):
            label = _rayyan_label(row[notes_column])
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
                label=label,
            )
        )
    return collect("csv", found, warnings)


def _split_authors(value: str) -> list[str]:
    separator = ";" if ";" in value else " and " if " and " in value else None
    return [a.strip() for a in value.split(separator)] if separator else ([value] if value.strip() else [])


def _rayyan_label(notes: str) -> Choice | None:
    """Rayyan's notes: RAYYAN-INCLUSION: {"Ana"=>"Included", "Bo"=>"Excluded"} (one reviewer)."""
    match = _RAYYAN_INCLUSION.search(notes)
    if not match:
        return None
    labels = {decision_label(v.strip().strip('"')) for v in re.findall(r"=>\s*\"([^\"]*)\"", match.group(1))}
    return labels.pop() if len(labels) == 1 else "maybe" if labels else None
