"""The studies of a risk-of-bias plot: each record with answers to the tool's form, its
judgements as the team's values give them (a blind reviewer: their own and the settlements)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from string import ascii_lowercase

from reviewer.domain.decision import EXCLUDE, FULL_TEXT, INCLUDE, Decision
from reviewer.domain.record import Record
from reviewer.export.rob_plot import StudyJudgements
from reviewer.extraction.forms import Form
from reviewer.team.state import ReviewState
from reviewer.text.display import one_line

WEIGHT_FIELD = "participants"  # the PICO template's; a study's weight in the summary plot, else 1


def extraction_records(state: ReviewState, forms: list[str]) -> list[str]:
    """The studies every extraction export lists, in corpus order: the records included at full
    text, and those with answers to `forms` that are neither excluded nor set aside as
    duplicates (a record only included at title-abstract, not yet read in full, is not a study
    to extract from until someone answers for it)."""
    included = {
        record
        for record, final in state.final[FULL_TEXT].items()
        if isinstance(final, Decision) and final.decision == INCLUDE
    }
    answered = {record for form in forms for record in state.answers.records(form)}
    out = []
    for record in state.review.records():
        last = state.last_word(record.id)
        excluded = isinstance(last, Decision) and last.decision == EXCLUDE
        gone = record.id in state.set_aside or record.id in state.marked_by_rule or excluded
        if record.id in included or (record.id in answered and not gone):
            out.append(record.id)
    return out


def studies_judged(state: ReviewState, form: Form) -> list[StudyJudgements]:
    studies = []
    answers = state.answers
    for record_id in extraction_records(state, [form.key]):
        judged = answers.judgements(record_id, form)
        if not judged:
            continue
        record = state.review.record(record_id)
        weight = next(
            (
                v
                for key in answers.forms_of(record_id)
                if isinstance(v := answers.values(record_id, key).get(WEIGHT_FIELD), int)
            ),
            1,
        )
        domains = {key: value for key, value in judged.items() if key != "overall"}
        studies.append(StudyJudgements(study_label(record, record_id), domains, judged.get("overall"), float(weight)))
    return _told_apart(sorted(studies, key=lambda study: study.study.casefold()))


def _told_apart(studies: list[StudyJudgements]) -> list[StudyJudgements]:
    """Two studies with one label ("Kallmes 2009": two reports, a copy) become 2009a and 2009b,
    as a reference list tells them apart."""
    labels = Counter(study.study for study in studies)
    seen: Counter = Counter()
    out = []
    for study in studies:
        if labels[study.study] > 1:
            seen[study.study] += 1
            study = replace(study, study=f"{study.study}{ascii_lowercase[(seen[study.study] - 1) % 26]}")
        out.append(study)
    return out


def study_label(record: Record | None, record_id: str) -> str:
    """ "Kallmes 2009": the first author's family name and the year; else the title (a source
    text has no authors), else the record's id."""
    if record is None or not record.authors:
        return one_line(record.title, 60) if record is not None and record.title else record_id
    first = record.authors[0]
    family = first.split(",")[0] if "," in first else first.split()[0]
    return f"{family} {record.year}".strip()
