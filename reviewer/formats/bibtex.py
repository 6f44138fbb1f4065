"""BibTeX, parsed by bibtexparser (v2), with LaTeX accents and braces decoded by pylatexenc.

Fields are decoded one by one, and only those that hold LaTeX; pylatexenc reads about
12,000 characters a second, so a field over DECODE_LIMIT characters, and every field once a
file has had FILE_BUDGET decoded, is kept as written (with a warning) instead of holding the
import for minutes. Braces that only group are dropped without it."""

from __future__ import annotations

import logging
from typing import Any

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
    decoder = _Decoder(warnings)
    for line, raw in sorted(entries, key=lambda item: item[0]):
        where = f"{source}:{line}"
        fields = {key.lower(): decoder.decoded(value, where) for key, value in raw.items()}
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


DECODE_LIMIT = 20_000  # a field longer than this is kept as written (pylatexenc reads ~12,000 characters a second)
FILE_BUDGET = 200_000  # and once a file has had this many decoded, the rest of its fields are kept as written
_LATEX = frozenset("\\{}$~")
_MARKUP = frozenset("\\$~%&#^_")  # beyond grouping braces
_LIGATURES = ("--", "``", "''")  # dashes and quotes LaTeX writes as pairs


class _Decoder:
    """Turns fields' LaTeX (accents, braces, math) into plain Unicode with pylatexenc, within a
    budget per field and per file, so a file heavy with LaTeX reads in bounded time."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self.spent = 0
        self._latex: Any = None

    def decoded(self, value: str, where: str) -> str:
        if not _LATEX.intersection(value):
            return value
        if not _MARKUP.intersection(value) and not any(ligature in value for ligature in _LIGATURES):
            return value.replace("{", "").replace("}", "")  # only grouping braces ("{V}ertebroplasty"): they go
        if len(value) > DECODE_LIMIT or self.spent + len(value) > FILE_BUDGET:
            why = "a field" if len(value) > DECODE_LIMIT else "past the file's LaTeX budget, a field"
            self.warnings.append(
                f"{where}: {why} of {len(value):,} characters is kept as written (its LaTeX not decoded)"
            )
            return value
        if self._latex is None:
            from pylatexenc.latex2text import LatexNodes2Text  # bibtexparser's own LaTeX decoder

            self._latex = LatexNodes2Text()
        self.spent += len(value)
        return str(self._latex.latex_to_text(value))


def _unenclosed(value: str) -> str:
    """A raw field value without its enclosing braces or quotes (as bibtexparser's own step does)."""
    value = value.strip()
    if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
        return value[1:-1]
    return value
