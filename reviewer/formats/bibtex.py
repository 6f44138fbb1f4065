"""BibTeX, parsed by bibtexparser (v2), with LaTeX accents and braces decoded by pylatexenc.

Fields are decoded one by one, and only those that hold LaTeX: decoding grows faster than
the field, so a field over DECODE_LIMIT characters is kept as written (with a warning)
instead of holding the import for minutes."""

from __future__ import annotations

import logging

from reviewer.domain.record import ReadResult
from reviewer.formats.fields import Fields, collect

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # failures become our warnings


def looks_like(head: str) -> bool:
    return any(line.lstrip().startswith("@") and "{" in line for line in head.splitlines()[:80])


def read(text: str, source: str) -> ReadResult:
    # imported when a BibTeX file is read, not at every start of the app
    import bibtexparser

    warnings: list[str] = []
    library = bibtexparser.parse_string(text)
    for block in library.failed_blocks:
        warnings.append(f"{source}:{(block.start_line or 0) + 1}: could not read this BibTeX entry; skipped")
    found = []
    for entry in library.entries:
        where = f"{source}:{(entry.start_line or 0) + 1}"
        fields = {key.lower(): _decoded(str(field.value), where, warnings) for key, field in entry.fields_dict.items()}
        found.append(
            Fields(
                source=source,
                line=(entry.start_line or 0) + 1,
                title=fields.get("title", ""),
                authors=[a.strip() for a in fields.get("author", "").split(" and ") if a.strip()],
                year=fields.get("year", "") or fields.get("date", ""),
                journal=fields.get("journal", "") or fields.get("journaltitle", "") or fields.get("booktitle", ""),
                doi=fields.get("doi", ""),
                pmid=fields.get("pmid", ""),
                abstract=fields.get("abstract", ""),
                keywords=[k.strip() for k in fields.get("keywords", "").replace(";", ",").split(",")],
                volume=fields.get("volume", ""),
                issue=fields.get("number", "") or fields.get("issue", ""),
                pages=fields.get("pages", "").replace("--", "-"),
                issn=fields.get("issn", ""),
                url=fields.get("url", ""),
            )
        )
    return collect("bibtex", found, warnings)


DECODE_LIMIT = 50_000
_LATEX = frozenset("\\{}$~")


def _decoded(value: str, where: str, warnings: list[str]) -> str:
    """A field's text with LaTeX (accents, braces, math) turned into plain Unicode."""
    if not _LATEX.intersection(value):
        return value
    if len(value) > DECODE_LIMIT:
        warnings.append(f"{where}: a field of {len(value):,} characters is kept as written (its LaTeX not decoded)")
        return value
    from pylatexenc.latex2text import LatexNodes2Text  # bibtexparser's own LaTeX decoder

    return str(LatexNodes2Text().latex_to_text(value))
