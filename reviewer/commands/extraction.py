"""Extraction and risk of bias: `forms`, `extract`, `rob`."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

from reviewer.commands.common import REVIEW_HELP, VIEWER_HELP, print_json, review_of, state_of, store_of, write_out
from reviewer.domain.answer import Answer, latest_answers
from reviewer.domain.decision import ADJUDICATOR, REVIEWER
from reviewer.export import rob_plot
from reviewer.export.rob_studies import studies_judged
from reviewer.extraction.answering import answer, cited, shown
from reviewer.extraction.catalogue import BUILT_IN, add_template, form_of, forms_of, judgements
from reviewer.extraction.forms import Field, Form, FormError
from reviewer.extraction.templates import TEMPLATES
from reviewer.review.folder import Review, ReviewError
from reviewer.review.identity import reviewer_name, slug
from reviewer.text.display import one_line

ROB_FORMATS = {"txt": rob_plot.text, "svg": rob_plot.svg, "html": rob_plot.html, "csv": rob_plot.robvis_csv}


def _forms(args: argparse.Namespace) -> int:
    review = review_of(args)
    if args.add:
        if review.is_sample:
            raise ReviewError("forms are added to a review folder's review.toml: give --review PATH")
        form = add_template(review, args.add)
        print(f"added the form {form.key!r} ({form.label}) to review.toml: edit its fields there")
        return 0
    for form in forms_of(review):
        if args.json:
            print_json(
                {
                    "key": form.key,
                    "label": form.label,
                    "stage": form.stage or None,
                    "tool": form.tool or None,
                    "fields": [_field_json(field) for field in form.fields],
                }
            )
            continue
        fields = f"{len(form.fields)} field" + "s" * (len(form.fields) != 1)
        built_in = ", built in" if form.tool else ""
        stage = f", offered for records included at {form.stage}" if form.stage else ""
        print(one_line(f"{form.key}: {form.label} ({fields}{built_in}{stage})"))
        width = max(len(field.key) for field in form.fields) + 2
        for field in form.fields:
            print("  " + one_line(field.key).ljust(width) + one_line(_described(field)))
    return 0


def _described(field: Field) -> str:
    """ "Design (choice: RCT / cohort)", "Results (rows of: outcome, arm, n)", with its help."""
    kind = f"{field.type}: {' / '.join(field.options)}" if field.options else field.type
    if field.fields:
        kind = f"rows of: {', '.join(f.key for f in field.fields)}"
    return f"{field.label} ({kind})" + (f" — {field.help}" if field.help else "")


def _field_json(field: Field) -> dict:
    doc: dict[str, Any] = {"key": field.key, "label": field.label, "type": field.type}
    doc |= {"section": field.section, "help": field.help}
    if field.options:
        doc["choices"] = list(field.options)
    if field.fields:
        doc["fields"] = [_field_json(inner) for inner in field.fields]
    return doc


def _extract(args: argparse.Namespace) -> int:
    review = review_of(args)
    if args.disagreements:
        return _disagreements(review, args)
    if not args.record or not args.form:
        raise ReviewError("extract RECORD --form KEY (or extract --disagreements)")
    form = form_of(review, args.form)
    record = review.record(args.record)
    if record is None:
        raise ReviewError(f"no record {args.record!r} in this review")
    if args.quote and not args.set:
        raise FormError("--quote cites the answer of the last --set FIELD=VALUE: give one")
    name = reviewer_name(args.reviewer)
    state = state_of(review, args)
    if record.id in state.set_aside:
        kept = state.kept_instead.get(record.id)
        instead = f"extract on {kept}, the record kept" if kept else "its group is not settled (reviewer dedupe)"
        raise ReviewError(f"{record.id} is set aside as a duplicate: {instead}")
    own = latest_answers(state.team.answers.get(slug(name), []))
    if args.set:
        return _set_answers(review, form, record.id, args, own)
    given = {key[2]: a for key, a in own.items() if key[:2] == (record.id, form.key) and a.value is not None}
    derived = judgements(form, {field: a.value for field, a in given.items()})
    if args.json:
        answers = {
            field: {"value": a.value, "quote": a.exact or None, "page": a.page or None, "note": a.note or None}
            for field, a in given.items()
        }
        print_json({"record": record.id, "form": form.key, "reviewer": name, "answers": answers, "judgements": derived})
        return 0
    _print_answers(form, given, derived)
    return 0


def _set_answers(
    review: Review, form: Form, record: str, args: argparse.Namespace, own: dict[tuple[str, str, str], Answer]
) -> int:
    """Each --set saved; a changed value keeps the quote it cited (unless --quote gives another)."""
    settle = bool(args.settle)
    name = reviewer_name(args.reviewer)
    if settle and not review.config.may_adjudicate(slug(name)):
        raise ReviewError(f"{name} does not adjudicate this review: --settle is for its adjudicators")
    made: list[Answer] = []
    for number, assignment in enumerate(args.set, 1):
        field, equals, typed = assignment.partition("=")
        if not equals:
            raise FormError(f"--set {assignment!r}: write FIELD=VALUE")
        one = answer(form, record, field.strip(), typed, name, ADJUDICATOR if settle else REVIEWER, args.note or "")
        before = own.get((record, form.key, one.field))
        if args.quote and number == len(args.set):
            found = review.record(record)
            one = cited(one, review.full_text_of(found) if found else None, args.quote)
        elif before is not None and before.quoted and one.value is not None:
            kept = {part: getattr(before, part) for part in ("exact", "prefix", "suffix", "start", "end", "page")}
            one = dataclasses.replace(one, **kept)
        made.append(one)
    with store_of(review, args.reviewer) as store:
        for one in made:
            store.put("answers", one.to_doc())
    for one in made:
        if args.json:  # as this command prints an answer without --set: one object per line
            answer_doc = {"value": one.value, "quote": one.exact or None, "page": one.page or None}
            print_json({"record": record, "form": form.key, "field": one.field, **answer_doc, "note": one.note or None})
            continue
        quote = (
            f" · citing «{one_line(one.exact, 60)}»" + (f" (p. {one.page})" if one.page else "") if one.exact else ""
        )
        print(one_line(f"{form.key} {one.field} = {shown(one.value) or '(cleared)'}{quote}"))
    return 0


def _print_answers(form: Form, given: dict[str, Answer], derived: dict[str, str]) -> None:
    known = set()
    for field in form.fields:
        keys = [field.key] if field.type != "group" else sorted(k for k in given if k.startswith(field.key + "."))
        for key in keys:
            known.add(key)
            found = given.get(key)
            value = shown(found.value) if found else ""
            if not value and key in derived:
                value = f"{derived[key]} (derived)"
            quote = (
                f"  «{one_line(found.exact, 60)}»" + (f" p. {found.page}" if found.page else "")
                if found and found.exact
                else ""
            )
            print(one_line(f"{key} {field.label}: {value or '-'}{quote}"))
    for key in sorted(set(given) - known):
        print(one_line(f"{key} (orphaned: no such field in the form now): {shown(given[key].value)}"))


def _disagreements(review: Review, args: argparse.Namespace) -> int:
    state = state_of(review, args, needs_everyone="extract --disagreements")
    found = state.answers.disagreements(args.form, BUILT_IN)
    for d in found:
        values = {who: shown(a.value) for who, a in d.answers.items()}
        if args.json:
            print_json({"record": d.record, "form": d.form, "field": d.field, "values": values})
        else:
            said = " · ".join(
                f"{a.reviewer}: {shown(a.value)}" + (f" ({a.note})" if a.note else "") for a in d.answers.values()
            )
            print(one_line(f"{d.record}  {d.form} {d.field}  {said}"))
    if not found and not args.json:
        print("no disagreements" + (f" on {args.form}" if args.form else ""), file=sys.stderr)
    return 0


def _rob(args: argparse.Namespace) -> int:
    review = review_of(args)
    form = form_of(review, args.form)
    if not form.tool:
        raise FormError(f"{form.key} is no risk-of-bias tool: rob --form rob2 or --form robins-i")
    state = state_of(review, args)
    studies = studies_judged(state, form)
    if not studies:
        print(f"no record has {form.key} judgements yet (reviewer extract RECORD --form {form.key})", file=sys.stderr)
    write_out(args, ROB_FORMATS[args.format](studies, form.tool))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    forms = commands.add_parser("forms", help="list the extraction forms (and the built-in risk-of-bias tools)")
    forms.add_argument("--review", type=Path, help=REVIEW_HELP)
    forms.add_argument("--json", action="store_true", help="one JSON object per form")
    forms.add_argument("--add", choices=sorted(TEMPLATES), help="add a template form to review.toml")
    forms.set_defaults(handler=_forms)

    extract = commands.add_parser("extract", help="set or print a record's answers to a form")
    extract.add_argument("record", nargs="?", help="the record's id")
    extract.add_argument("--form", help="the form's key (see reviewer forms)")
    extract.add_argument("--set", action="append", metavar="FIELD=VALUE", help="answer a field (repeat)")
    extract.add_argument("--quote", help="the text the last --set answer cites, as found in the record's text")
    extract.add_argument("--note", help="why (for an override of a derived judgement)")
    extract.add_argument("--settle", action="store_true", help="answer as adjudicator: the team's value")
    extract.add_argument("--disagreements", action="store_true", help="the fields reviewers answered differently")
    extract.add_argument("--review", type=Path, help=REVIEW_HELP)
    extract.add_argument("--reviewer", help=VIEWER_HELP)
    extract.add_argument("--json", action="store_true", help="print JSON")
    extract.set_defaults(handler=_extract)

    rob = commands.add_parser("rob", help="risk-of-bias plots: traffic light and summary, as robvis draws them")
    rob.add_argument("--form", required=True, choices=["rob2", "robins-i"])
    rob.add_argument("--format", default="txt", choices=sorted(ROB_FORMATS))
    rob.add_argument("--review", type=Path, help=REVIEW_HELP)
    rob.add_argument("--reviewer", help=VIEWER_HELP)
    rob.add_argument("-o", "--output", type=Path, help="the file to write (default, or -: standard output)")
    rob.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    rob.set_defaults(handler=_rob)
