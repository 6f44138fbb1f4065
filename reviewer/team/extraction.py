"""The team's extraction answers: what counts per field, where two reviewers differ, how well they agree.

Built from a `TeamSnapshot`, so blindness holds as it does for decisions: a blind reviewer's
snapshot holds their own answers and the adjudicators' settlements only. An adjudicator's
latest answer settles a field; else the field's value is the one every reviewer who answered
it gave; reviewers who gave different values leave it open (a disagreement) until settled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reviewer.domain.answer import Answer, latest_answers
from reviewer.domain.decision import ADJUDICATOR
from reviewer.extraction.catalogue import judgements
from reviewer.extraction.forms import Form
from reviewer.team.agreement import cohen_kappa

JUDGEMENT_KEYS = frozenset({"D1", "D2", "D3", "D4", "D5", "D6", "D7", "overall"})  # the tools' judgements


@dataclass(frozen=True)
class Disagreement:
    record: str
    form: str
    field: str
    answers: dict[str, Answer]  # reviewer slug -> their answer


@dataclass(frozen=True)
class FieldAgreement:
    field: str
    compared: int  # records two reviewers both answered
    agreed: int
    kappa: float | None  # Cohen's, for choice fields between the first two reviewers who answered

    @property
    def percent(self) -> float | None:
        return 100 * self.agreed / self.compared if self.compared else None


class TeamAnswers:
    """Every reviewer's latest answers, and the team's value of each field."""

    def __init__(self, answers: Mapping[str, list[Answer]]) -> None:
        self._latest: dict[tuple[str, str, str], dict[str, Answer]] = {}
        self._settled: dict[tuple[str, str, str], Answer] = {}
        for slug, made in sorted(answers.items()):
            for key, answer in latest_answers(a for a in made if a.role != ADJUDICATOR).items():
                if answer.value is not None:
                    self._latest.setdefault(key, {})[slug] = answer
            for key, answer in latest_answers(a for a in made if a.role == ADJUDICATOR).items():
                if key not in self._settled or answer.at > self._settled[key].at:
                    self._settled[key] = answer
        # A settlement taken back (its value cleared) leaves the field open again.
        self._settled = {key: answer for key, answer in self._settled.items() if answer.value is not None}

    def records(self, form: str) -> list[str]:
        """Records with any answer to `form`, in the order first answered."""
        keys = [*self._latest, *self._settled]
        return list(dict.fromkeys(record for record, form_key, _ in keys if form_key == form))

    def forms_of(self, record: str) -> list[str]:
        """The forms `record` has any answer to."""
        return list(dict.fromkeys(form for r, form, _ in [*self._latest, *self._settled] if r == record))

    def by_reviewer(self, record: str, form: str) -> dict[str, dict[str, Answer]]:
        """reviewer slug -> field -> their latest answer, for one record and form."""
        out: dict[str, dict[str, Answer]] = {}
        for (r, f, field), answers in self._latest.items():
            if r == record and f == form:
                for slug, answer in answers.items():
                    out.setdefault(slug, {})[field] = answer
        return out

    def answer(self, record: str, form: str, field: str) -> Answer | None:
        """The answer that counts for the team: the settlement, else the one all agree on."""
        key = (record, form, field)
        if key in self._settled:
            return self._settled[key]
        given = list(self._latest.get(key, {}).values())
        if not given or len({_comparable(a.value) for a in given}) > 1:
            return None
        return given[0]

    def values(self, record: str, form: str) -> dict[str, Any]:
        """field -> the team's value, for the fields that have one."""
        fields = {field for (r, f, field) in [*self._latest, *self._settled] if r == record and f == form}
        found = {field: self.answer(record, form, field) for field in sorted(fields)}
        return {field: answer.value for field, answer in found.items() if answer is not None}

    def reviewer_judgements(self, record: str, form: Form) -> dict[str, dict[str, str]]:
        """reviewer slug -> their judgements of a risk-of-bias form (derived from their answers,
        the settled ones in place of theirs, or overridden by them)."""
        settled = {f: a.value for (r, k, f), a in self._settled.items() if (r, k) == (record, form.key)}
        return {
            slug: judgements(form, {**{f: a.value for f, a in given.items()}, **settled})
            for slug, given in self.by_reviewer(record, form.key).items()
        }

    def judgements(self, record: str, form: Form) -> dict[str, str]:
        """The team's judgements: each one settled, else the one every reviewer who answered the
        form on the record reached (one reviewer's override against another's derived judgement
        is a disagreement; a judgement one reviewer reached while another's assessment is not
        that far yet is not the team's: a trial saw Bob's overall in the team's figure alone)."""
        if not form.tool:
            return {}
        per_reviewer = self.reviewer_judgements(record, form)
        keys = {key for judged in per_reviewer.values() for key in judged}
        keys |= {f for (r, k, f) in self._settled if (r, k) == (record, form.key) and f in JUDGEMENT_KEYS}
        found = {}
        for key in sorted(keys):
            settled = self._settled.get((record, form.key, key))
            reached = {judged[key] for judged in per_reviewer.values() if key in judged}
            everyone = all(key in judged for judged in per_reviewer.values())
            if settled is not None:
                found[key] = str(settled.value)
            elif len(reached) == 1 and everyone:
                found[key] = reached.pop()
        return found

    def judgement_disagreements(self, form: Form) -> list[Disagreement]:
        """Per record, the judgements of a risk-of-bias form that reviewers reached differently
        (derived or overridden) and no one has settled; each reviewer's as an answer ("derived",
        or their override with its reason, in `note`)."""
        found = []
        for record in self.records(form.key):
            per_reviewer = self.reviewer_judgements(record, form)
            given = self.by_reviewer(record, form.key)
            for key in sorted({key for judged in per_reviewer.values() for key in judged}):
                reached = {slug: judged[key] for slug, judged in per_reviewer.items() if key in judged}
                if (record, form.key, key) in self._settled or len(set(reached.values())) < 2:
                    continue
                answers = {
                    slug: given[slug].get(key)
                    or _derived(record, form.key, key, value, next(iter(given[slug].values())))
                    for slug, value in reached.items()
                }
                found.append(Disagreement(record, form.key, key, answers))
        return found

    def disagreements(self, form: str | None = None, tools: Sequence[Form] = ()) -> list[Disagreement]:
        """The fields, per record, that reviewers answered differently and no one has settled,
        and (for the risk-of-bias `tools` given) the judgements they reached differently."""
        found = [d for tool in tools if form in (None, tool.key) for d in self.judgement_disagreements(tool)]
        for (record, form_key, field), answers in self._latest.items():
            if form not in (None, form_key) or (record, form_key, field) in self._settled:
                continue
            if any(tool.key == form_key for tool in tools) and field in JUDGEMENT_KEYS:
                continue  # compared above, as judgements (an override against a derived one too)
            if len(answers) > 1 and len({_comparable(a.value) for a in answers.values()}) > 1:
                found.append(Disagreement(record, form_key, field, dict(answers)))
        return sorted(found, key=lambda d: (d.record, d.form, _field_order(d.field)))

    def agreement(self, form: Form) -> list[FieldAgreement]:
        """Per field of `form`: of the records two reviewers both answered, how many agree, and
        Cohen's kappa for choice fields (the first two reviewers of each record)."""
        rows = []
        for field in form.fields:
            pairs = [
                (_comparable(first.value), _comparable(second.value))
                for (_, form_key, key), answers in self._latest.items()
                if form_key == form.key and key == field.key and len(answers) > 1
                for first, second in [list(answers.values())[:2]]
            ]
            agreed = sum(a == b for a, b in pairs)
            kappa = cohen_kappa(pairs) if field.options and pairs else None
            rows.append(FieldAgreement(field.key, len(pairs), agreed, kappa))
        return rows


def _derived(record: str, form: str, key: str, value: str, theirs: Answer) -> Answer:
    """A judgement a reviewer's answers derive, shown as their answer (they did not type it)."""
    return Answer(record, theirs.reviewer, form, key, value, note="derived from their answers", at=theirs.at)


def _comparable(value: Any) -> str:
    """A value as compared across reviewers: case and spacing of text do not make a difference."""
    if isinstance(value, list):
        return "; ".join(sorted(_comparable(v) for v in value))
    return " ".join(str(value).split()).casefold()


def _field_order(field: str) -> tuple:
    """'2.10' after '2.9', 'results.10.n' after 'results.9.n'."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in field.split("."))
