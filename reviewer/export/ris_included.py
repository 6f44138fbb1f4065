"""RIS of the records included at the last screening stage they reached, for a reference manager."""

from __future__ import annotations

import rispy

from reviewer.domain.decision import FULL_TEXT, INCLUDE, TITLE_ABSTRACT, Decision
from reviewer.team.decisions import final_decisions


def included_records(review) -> list:
    full_text = final_decisions(review, FULL_TEXT)
    title_abstract = final_decisions(review, TITLE_ABSTRACT)
    chosen = []
    for record in review.records():
        last = full_text.get(record.id) or title_abstract.get(record.id)
        if isinstance(last, Decision) and last.decision == INCLUDE:
            chosen.append(record)
    return chosen


def write(review, claims) -> str:
    entries = []
    for record in included_records(review):
        entry = {"type_of_reference": "JOUR", "title": record.title, "authors": list(record.authors)}
        for key, value in (
            ("year", str(record.year or "")),
            ("journal_name", record.journal),
            ("doi", record.doi),
            ("abstract", record.abstract),
            ("keywords", list(record.keywords)),
            ("notes", [f"PMID: {record.pmid}"] if record.pmid else []),
            ("id", record.id),
        ):
            if value:
                entry[key] = value
        entries.append(entry)
    return rispy.dumps(entries) if entries else ""
