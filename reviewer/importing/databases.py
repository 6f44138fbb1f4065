"""Which database an export came from, where the file says so: PRISMA names each database.

Exports that name their database: RIS with a `DB` tag (Ovid, Scopus, EBSCOhost, ProQuest),
Web of Science's tagged files, PubMed's MEDLINE text, Embase's and Scopus's CSV (their
preamble or their `Source` column). Others (Rayyan, Covidence, Zotero, EndNote, BibTeX) do
not: `reviewer import --source NAME` names them, and review.toml's [sources] keeps the name.
"""

from __future__ import annotations

import re
from collections import Counter

_RIS_DATABASE = re.compile(r"^DB  - (.+?)\s*$", re.MULTILINE)
_CSV_SOURCE = re.compile(r'(?:^|,)"?(Scopus|Embase|Web of Science|PubMed|Lens\.org|CINAHL)"?(?:,|$)', re.MULTILINE)
_PREAMBLE = re.compile(r'^"?(Embase|Scopus|CINAHL|PsycINFO) (?:Session Results|Export)', re.IGNORECASE)


def named_database(head: str, file_format: str) -> str:
    """The database the export's opening text (`head`) names, or "" when it names none."""
    if file_format == "wos":
        return "Web of Science"
    if file_format == "medline" and re.search(r"^PMID- ", head, re.MULTILINE):
        return "PubMed"
    if file_format == "ris":
        named = Counter(match.group(1) for match in _RIS_DATABASE.finditer(head))
        return named.most_common(1)[0][0] if named else ""
    if file_format in ("csv", "tsv", "xlsx"):
        preamble = _PREAMBLE.match(head.lstrip("\ufeff"))
        if preamble:
            return preamble.group(1)
        named = Counter(match.group(1) for match in _CSV_SOURCE.finditer(head))
        return named.most_common(1)[0][0] if named else ""
    return ""
