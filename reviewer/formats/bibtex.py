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
    entries: list[tuple[int, dict[str, str]]] = [
        ((entry.start_line or 0) + 1, {key: str(field.value) for key, field in entry.fields_dict.items()})
        for entry in library.entries
    ]
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        recovered = block.ignore_error_block if isinstance(block, bibtexparser.model.DuplicateFieldKeyBlock) else None
        if isinstance(recovered, bibtexparser.model.Entry):  # a field given twice: keep the first
            first: dict[str, str] = {}
            for field in recovered.fields:
                first.setdefault(field.key, _unenclosed(str(field.value)))
            twice = ", ".join(sorted(getattr(block, "duplicate_keys", ())))
            warnings.append(f"{source}:{line}: {twice} given twice; the first kept")
            entries.append((line, first))
        else:
            warnings.append(f"{source}:{line}: could not read this BibTeX entry; skipped")
    found = []
    for line, raw in sorted(entries, key=lambda item: item[0]):
        where = f"{source}:{line}"
        fields = {key.lower(): _decoded(value, where, warnings) for key, value in raw.items()}
        found.append(
            Fields(
                source=source,
                line=line,
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


def _unenclosed(value: str) -> str:
    """A raw field value without its enclosing braces or quotes (as bibtexparser's own step does)."""
    value = value.strip()
    if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
        return value[1:-1]
    return value
