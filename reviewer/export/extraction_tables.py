"""The evidence table's extraction part: per form, a row per study with the team's answers
(a quote's page beside its answer), and per risk-of-bias tool, each study's judgements."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reviewer.export.rob_studies import extraction_records, studies_judged, study_label
from reviewer.extraction.answering import shown
from reviewer.extraction.catalogue import forms_of
from reviewer.extraction.forms import Form
from reviewer.text.display import one_line

if TYPE_CHECKING:
    from reviewer.team.state import ReviewState

CELL_WIDTH = 80


def extraction_markdown(state: ReviewState, escape: Callable[[str], str]) -> list[str]:
    """Markdown lines (tables) for every form with answers; none when nothing was extracted."""
    lines: list[str] = []
    for form in forms_of(state.review):
        if not state.answers.records(form.key):
            continue
        lines += _judgements(state, form, escape) if form.tool else _answers(state, form, escape)
    return (["## Extraction", ""] + lines) if lines else []


def _answers(state: ReviewState, form: Form, escape: Callable[[str], str]) -> list[str]:
    fields = [field for field in form.fields if field.type != "group"]  # rows of a group: extraction-long-csv
    head = ["Study", *(escape(one_line(field.label, 40)) for field in fields)]
    lines = [f"### {escape(one_line(form.label))}", "", _row(head), _row(["---"] * len(head))]
    for record_id in extraction_records(state, [form.key]):
        cells = [escape(study_label(state.review.record(record_id), record_id))]
        for field in fields:
            found = state.answers.answer(record_id, form.key, field.key)
            page = f" (p. {found.page})" if found is not None and found.page else ""
            cells.append(escape(one_line(shown(found.value), CELL_WIDTH)) + page if found is not None else "")
        lines.append(_row(cells))
    return [*lines, ""]


def _judgements(state: ReviewState, form: Form, escape: Callable[[str], str]) -> list[str]:
    studies = studies_judged(state, form)
    if not studies:
        return []
    domains = sorted({domain for study in studies for domain in study.domains})
    head = ["Study", *domains, "Overall"]
    lines = [f"### {escape(one_line(form.label))}", "", _row(head), _row(["---"] * len(head))]
    for study in studies:
        judged = [study.domains.get(domain, "") for domain in domains]
        lines.append(_row([escape(study.study), *judged, study.overall or ""]))
    return [*lines, ""]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
