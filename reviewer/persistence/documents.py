"""What a stored document must hold to be used: one schema per table of a reviewer's file.

Anything else in a hand-edited, half-merged or damaged file is set aside (kept in the file,
named, never used) instead of breaking whoever reads it.
"""

from __future__ import annotations

from reviewer.domain.claim import ANCHORED, ORIGINS, ORPHANED
from reviewer.domain.decision import ADJUDICATOR, DECISIONS, REVIEWER, STAGES, UNDECIDED

TABLES = ("annotations", "decisions", "duplicates", "answers", "stage_ends", "rejections")

REQUIRED: dict[str, dict[str, type]] = {
    "annotations": {
        "record": str,
        "reviewer": str,
        "exact": str,
        "prefix": str,
        "suffix": str,
        "start": int,
        "end": int,
    },
    "decisions": {"record": str, "reviewer": str, "stage": str, "decision": str},
    "duplicates": {"group": list, "removed": list, "at": str},
    "answers": {"record": str, "reviewer": str, "form": str, "field": str},
    "stage_ends": {"stage": str, "reviewer": str, "ended": bool, "records": list, "at": str},
    "rejections": {"record": str, "reviewer": str, "exact": str, "start": int, "end": int},
}
OPTIONAL: dict[str, dict[str, type]] = {
    "annotations": {"note": str, "status": str, "created": str, "modified": str, "origin": str},
    "decisions": {"reason": str, "note": str, "role": str, "at": str, "offered": str},
    "duplicates": {},
    "answers": {
        "note": str,
        "role": str,
        "exact": str,
        "prefix": str,
        "suffix": str,
        "start": int,
        "end": int,
        "page": int,
        "at": str,
    },
    "stage_ends": {"method": str, "statistic": str, "screened": int, "role": str},
    "rejections": {"at": str},
}
# Lists each of whose items must be a string: a claim's tags, a duplicate group's records.
STRING_LISTS = {
    ("annotations", "tags"),
    ("duplicates", "group"),
    ("duplicates", "removed"),
    ("stage_ends", "records"),
    ("rejections", "tags"),
}
TAGS_AS_TEXT = "tags written as a string"  # `reviewer check --fix` mends it into a list
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("decisions", "stage"): STAGES,
    ("decisions", "decision"): (*DECISIONS, UNDECIDED),
    ("decisions", "role"): (REVIEWER, ADJUDICATOR),
    ("answers", "role"): (REVIEWER, ADJUDICATOR),
    ("stage_ends", "role"): (REVIEWER, ADJUDICATOR),
    ("stage_ends", "stage"): STAGES,
    ("annotations", "status"): (ANCHORED, ORPHANED),
    ("annotations", "origin"): ORIGINS,
}


def document_problems(table: str, doc: dict) -> list[str]:
    """What keeps a stored document from being used, one line each (none: it is fine)."""
    problems = []
    for field, kind in REQUIRED.get(table, {}).items():
        if not isinstance(doc.get(field), kind) or (kind is not bool and isinstance(doc.get(field), bool)):
            problems.append(f"{field} should be {kind.__name__}, is {doc.get(field)!r}")
    for field, kind in OPTIONAL.get(table, {}).items():
        if field in doc and not isinstance(doc[field], kind):
            problems.append(f"{field} should be {kind.__name__}, is {doc[field]!r}")
    for in_table, field in STRING_LISTS:
        value = doc.get(field)
        if in_table != table or field not in doc:
            continue
        if table == "annotations" and isinstance(value, str):
            problems.append(TAGS_AS_TEXT)
        elif not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.append(f"{field} should be a list of strings, is {value!r}")
    if table == "answers" and "value" not in doc:
        problems.append("value missing")
    if table == "duplicates" and doc.get("keep") is not None and not isinstance(doc.get("keep"), str):
        problems.append(f"keep should be a record id or null, is {doc['keep']!r}")
    for (in_table, field), allowed in CHOICES.items():
        if in_table == table and field in doc and isinstance(doc[field], str) and doc[field] not in allowed:
            problems.append(f"unknown {field} {doc[field]!r}")
    return problems


def set_aside(tables: dict[str, dict[str, dict]], name: str) -> tuple[dict[str, dict[str, dict]], list[str]]:
    """Move the documents that cannot be used out of `tables` (its owner's store keeps them
    in the file; a colleague's snapshot leaves them out); they, and one line per problem."""
    set_aside: dict[str, dict[str, dict]] = {}
    problems = []
    for table in TABLES:
        for doc_id, doc in list(tables[table].items()):
            found = document_problems(table, doc)
            if found:
                set_aside.setdefault(table, {})[doc_id] = tables[table].pop(doc_id)
                problems.append(f"{name}: {table} document {doc_id}: {'; '.join(found)}")
    return set_aside, problems
