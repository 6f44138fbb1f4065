"""Extraction answers as CSV: the settled table (`extraction-csv`), the audit trail
(`extraction-long-csv`) and the effect data R's `meta` and `metafor` read (`effects-csv`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from reviewer.export.claims_csv import safe_cell
from reviewer.export.rob_studies import extraction_records, study_label
from reviewer.extraction.answering import shown
from reviewer.extraction.catalogue import TOOLS, forms_of
from reviewer.extraction.forms import Form

if TYPE_CHECKING:
    from reviewer.review.folder import Review
    from reviewer.team.claims import ClaimEntry
    from reviewer.team.state import ReviewState


def _csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v if isinstance(v, (int, float)) else shown(v)) for v in row])
    return out.getvalue()


def _columns(state: ReviewState, form: Form) -> list[str]:
    """The form's fields, a group's as answered (`results.1.n`, ...), in the form's order."""
    answered = {field for record in state.answers.records(form.key) for field in state.answers.values(record, form.key)}
    keys: list[str] = []
    for field in form.fields:
        if field.type == "group":
            rows = sorted({int(k.split(".")[1]) for k in answered if k.startswith(field.key + ".")})
            keys += [f"{field.key}.{row}.{inner.key}" for row in rows for inner in field.fields]
        else:
            keys.append(field.key)
    return keys


def write_wide(review: Review, state: ReviewState, entries: list[ClaimEntry]) -> str:
    """One row per study (see `extraction_records`); per field its settled value, the quote and
    the page cited; risk-of-bias forms add their judgements."""
    forms = [form for form in forms_of(review) if state.answers.records(form.key)]
    columns = {form.key: _columns(state, form) for form in forms}
    header = ["record", "study", "title"]
    for form in forms:
        for key in columns[form.key]:
            header += [f"{form.key}.{key}", f"{form.key}.{key} quote", f"{form.key}.{key} page"]
        if form.tool:
            header += [f"{form.key}.judgement.{domain}" for domain in _judged(form)]
    rows = []
    for record_id in extraction_records(state, [form.key for form in forms]):
        record = state.review.record(record_id)
        assert record is not None
        row: list[Any] = [record.id, study_label(record, record.id), record.title]
        for form in forms:
            for key in columns[form.key]:
                found = state.answers.answer(record.id, form.key, key)
                row += [found.value, found.exact, found.page or ""] if found else ["", "", ""]
            if form.tool:
                judged = state.answers.judgements(record.id, form)
                row += [judged.get(domain, "") for domain in _judged(form)]
        rows.append(row)
    return _csv(header, rows)


def _judged(form: Form) -> list[str]:
    """Every domain of the form's tool, then overall: the same columns whatever was judged (they
    came and went with the answers)."""
    return [*TOOLS[form.tool].DOMAINS, "overall"]


def write_long(review: Review, state: ReviewState, entries: list[ClaimEntry]) -> str:
    """Every answer as made (the audit trail): record, form, field, reviewer, role, value, quote, page, when."""
    header = ["record", "study", "form", "field", "reviewer", "role", "value", "quote", "page", "note", "at"]
    rows: list[list[Any]] = []
    for answers in state.team.answers.values():
        for a in answers:
            record = review.record(a.record)
            rows.append(
                [a.record, study_label(record, a.record), a.form, a.field, a.reviewer, a.role, a.value]
                + [a.exact, a.page or "", a.note, a.at]
            )
    rows.sort(key=lambda row: (row[10], row[4], row[0]))  # when, who, which record
    return _csv(header, rows)


EFFECT_COLUMNS = ["study", "record", "outcome", "timepoint", "intervention", "comparator"]
EFFECT_COLUMNS += ["n.e", "event.e", "mean.e", "sd.e", "n.c", "event.c", "mean.c", "sd.c"]


def write_effects(review: Review, state: ReviewState, entries: list[ClaimEntry]) -> str:
    """One row per study, outcome, time point and comparison (each intervention arm against each
    comparator arm), named as `meta::metabin` and `metacont` take them (`n.e`, `event.e`, ...),
    from the settled rows of any form's group that has `outcome`, `arm` and `role` fields."""
    rows = []
    for form in forms_of(review):
        for group in (f for f in form.fields if {"outcome", "arm", "role"} <= {inner.key for inner in f.fields}):
            for record_id in extraction_records(state, [form.key]):
                rows += _comparisons(state, form.key, group.key, record_id)
    return _csv(EFFECT_COLUMNS, rows)


def _comparisons(state: ReviewState, form: str, group: str, record_id: str) -> list[list[Any]]:
    values = state.answers.values(record_id, form)
    arms: dict[int, dict[str, Any]] = {}
    for key, value in values.items():
        parts = key.split(".")
        if parts[0] == group and len(parts) == 3 and parts[1].isdigit():
            arms.setdefault(int(parts[1]), {})[parts[2]] = value
    label = study_label(state.review.record(record_id), record_id)
    out = []
    for _, arm in sorted(arms.items()):
        if arm.get("role") != "intervention":
            continue
        for _, other in sorted(arms.items()):
            same = (other.get("outcome"), other.get("timepoint")) == (arm.get("outcome"), arm.get("timepoint"))
            if other.get("role") == "comparator" and same:
                out.append(
                    [label, record_id, arm.get("outcome"), arm.get("timepoint"), arm.get("arm"), other.get("arm")]
                    + [arm.get(k) for k in ("n", "events", "mean", "sd")]
                    + [other.get(k) for k in ("n", "events", "mean", "sd")]
                )
    return out
