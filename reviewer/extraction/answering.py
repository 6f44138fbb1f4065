"""Making an answer: a typed value checked against its field, and the quote it cites found in
the record's text and anchored as a claim is (so it is found again when the text changes)."""

from __future__ import annotations

import dataclasses
from typing import Any

from reviewer.annotating.anchor import Anchor, anchor_span, locate
from reviewer.domain.answer import Answer
from reviewer.domain.decision import Role
from reviewer.domain.record import Record
from reviewer.extraction.catalogue import overrides
from reviewer.extraction.forms import Form, FormError


def answer(
    form: Form,
    record: str,
    field: str,
    typed: str,
    reviewer: str,
    role: Role = "reviewer",
    note: str = "",
) -> Answer:
    """`typed` made the field's value (FormError says why it cannot be); empty clears the answer.
    Overriding a judgement the tool derives needs its reason in `note`."""
    value = form.field(field).value_of(typed)
    if value is not None and not note.strip() and overrides(form, field):
        raise FormError(
            f"{form.key} {field} is derived from the answers: overriding it needs its reason (extract --note)"
        )
    return Answer(record, reviewer, form.key, field, value, note=note, role=role)


def cited(made: Answer, text_record: Record | None, quote: str) -> Answer:
    """`made` citing `quote`, found in the record's text (as Reader shows it) by the exact words,
    then leniently as claims are found again; FormError when it is not there."""
    if text_record is None or not text_record.text:
        raise FormError(f"{made.record} has no text to quote from: attach its full text first")
    text = text_record.text
    start = text.find(quote.strip())
    if start < 0 and len(text.casefold()) == len(text):  # the same words in another case
        start = text.casefold().find(quote.strip().casefold())
    if start < 0:
        found = locate(text, Anchor(quote.strip(), "", "", -1, -1))
        if found is None:
            raise FormError(f"the quote {quote.strip()[:60]!r} is not in the text of {made.record}")
        start, end = found.start, found.end
    else:
        end = start + len(quote.strip())
    return with_evidence(made, text_record, start, end)


def with_evidence(made: Answer, text_record: Record, start: int, end: int) -> Answer:
    """`made` citing the span `start`..`end` of the record's text, with its page."""
    span = anchor_span(text_record.text, start, end)
    page = text_record.page_at(start) or 0
    return dataclasses.replace(
        made, exact=span.exact, prefix=span.prefix, suffix=span.suffix, start=span.start, end=span.end, page=page
    )


def placed_on(made: Answer, text: str) -> Answer | None:
    """`made` with its quote found again in `text` as it is now (moved if the text changed); None
    when the quote is gone (the answer stands, its evidence orphaned, as a claim's would be)."""
    if not made.quoted:
        return made
    found = locate(text, Anchor(made.exact, made.prefix, made.suffix, made.start, made.end))
    if found is None:
        return None
    return (
        made
        if (found.start, found.end) == (made.start, made.end)
        else dataclasses.replace(made, start=found.start, end=found.end)
    )


def shown(value: Any) -> str:
    """A value as one line of text ('' for none; a multiple choice joined with '; ')."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
