"""The team's numbers and their sharing: `decisions`, `stats`, `prisma`, `agreement`,
`conflicts`, `adjudicate`, `sync`, `check`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reviewer.commands.common import (
    REVIEW_HELP,
    VIEWER_HELP,
    print_json,
    review_of,
    state_of,
    store_of,
    title_of,
    write_out,
)
from reviewer.domain.decision import DECISIONS, STAGES
from reviewer.export import prisma_flow
from reviewer.review.folder import ReviewError
from reviewer.review.identity import reviewer_name, slug
from reviewer.team.adjudication import adjudicate
from reviewer.team.agreement import fleiss_for, pair_agreements, span_agreements
from reviewer.team.check import check_review
from reviewer.team.sync import sync, unshared
from reviewer.text.display import one_line, safe_json


def _decisions(args: argparse.Namespace) -> int:
    review = review_of(args)
    wanted = slug(args.reviewer) if args.reviewer else None
    state = state_of(review, args)
    for reviewer_slug in state.decisions:
        if wanted and reviewer_slug != wanted:
            continue
        for decision, decided_on in state.standing(reviewer_slug):
            doc = decision.to_doc()
            doc.pop("schema")
            doc["decided_on"] = decided_on  # the record set aside as a duplicate it was made on, or the same
            if args.json:
                print_json(doc)
            else:
                print("\t".join(one_line(str(doc[k])) for k in ("record", "reviewer", "stage", "decision", "reason")))
    return 0


def _stats(args: argparse.Namespace) -> int:
    review = review_of(args)
    counts = state_of(review, args).prisma()
    if args.json:
        print_json(counts)
        return 0
    print(f"records identified: {counts['records_identified']}")
    for source, number in counts["identified_from_databases"].items():
        print(f"  from {one_line(source)}: {number}")
    if counts["identified_from_other_sources"]:
        print(f"  from other sources (source texts): {counts['identified_from_other_sources']}")
    print(
        f"duplicates removed: {counts['duplicates_removed']} "
        f"({counts['duplicates_removed_automatically']} sharing a PMID or DOI, "
        f"{counts['duplicates_removed'] - counts['duplicates_removed_automatically']} by reviewers)"
    )
    if counts["marked_ineligible_by_automation"]:
        print(
            f"marked ineligible by automation tools: {counts['marked_ineligible_by_automation']} "
            "(left unscreened when title-abstract screening ended on the stopping rule; not human exclusions)"
        )
    print(f"records screened: {counts['records_screened']}")
    for stage in STAGES:
        stage_counts = counts[stage]
        print(f"{stage}: " + ", ".join(f"{k} {v}" for k, v in stage_counts.items() if k != "excluded_by_reason"))
        for reason, number in stage_counts["excluded_by_reason"].items():
            print(f"  excluded, {one_line(reason)}: {number}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from reviewer.export import html_report, methods_report

    review = review_of(args)
    state = state_of(review, args, needs_everyone="report")
    data = methods_report.report_data(state, replay=args.simulate)
    if args.format == "json":
        write_out(args, safe_json(data) + "\n")
    elif args.format == "html":
        write_out(args, html_report.page(f"Methods appendix: {review.name}", methods_report.markdown(data)))
    else:
        write_out(args, methods_report.markdown(data))
    return 0


def _prisma(args: argparse.Namespace) -> int:
    review = review_of(args)
    counts = state_of(review, args).prisma()
    write_out(args, prisma_flow.FORMATS[args.format](counts))
    return 0


def _agreement(args: argparse.Namespace) -> int:
    review = review_of(args)
    state = state_of(review, args, needs_everyone="agreement")
    labels = state.labels(args.stage)
    pairs = pair_agreements(labels)
    fleiss, fleiss_records = fleiss_for(labels, DECISIONS)
    spans = span_agreements(state.team.claims)
    if args.json:
        print_json(
            {
                "stage": args.stage,
                "pairs": [pair.to_json() for pair in pairs],
                "fleiss_kappa": None if fleiss is None else round(fleiss, 4),
                "fleiss_records": fleiss_records,
                "spans": spans,
            }
        )
        return 0
    print(f"stage: {args.stage}")
    for pair in pairs:
        kappa = "undefined" if pair.kappa is None else f"{pair.kappa:.3f}"
        percent = "-" if pair.percent is None else f"{pair.percent:.1f}%"
        print(
            one_line(
                f"{pair.reviewers[0]} & {pair.reviewers[1]}: {pair.records} records both screened, "
                f"{pair.agreed} agreed ({percent}), Cohen's kappa {kappa}; labels "
                f"({pair.reviewers[0]}/{pair.reviewers[1]}): "
                + ", ".join(f"{labels} {number}" for labels, number in sorted(pair.counts.items()))
            )
        )
    if len(labels) >= 3:
        print(
            f"Fleiss' kappa over {fleiss_records} records all screened: "
            + ("undefined" if fleiss is None else f"{fleiss:.3f}")
        )
    for entry in spans:
        for tag, figures in entry["tags"].items():
            mine, theirs = figures["spans"]
            found, back = figures["matched"]
            share = "-" if figures["agreement"] is None else f"{figures['agreement']:.0%}"
            print(
                one_line(
                    f"spans {entry['reviewers'][0]} & {entry['reviewers'][1]}, {tag}: {mine} and {theirs} spans, "
                    f"{found} and {back} of them found by the other; agreement {share}"
                )
            )
    return 0


def _conflicts(args: argparse.Namespace) -> int:
    review = review_of(args)
    state = state_of(review, args, needs_everyone="the list of conflicts")
    for conflict in state.conflicts(args.stage):
        doc: dict[str, Any] = {
            "record": conflict.record,
            "title": title_of(review, conflict.record),
            "stage": conflict.stage,
            "decisions": [
                {"reviewer": d.reviewer, "decision": d.decision, "reason": d.reason, "note": d.note, "at": d.at}
                for d in conflict.decisions
            ],
        }
        if args.json:
            print_json(doc)
        else:
            sides = " | ".join(
                f"{one_line(d.reviewer)}: {d.decision}"
                + (f" ({one_line(d.reason)})" if d.reason else "")
                + (f" “{one_line(d.note, 80)}”" if d.note else "")
                for d in conflict.decisions
            )
            print(f"{one_line(conflict.record)}\t{one_line(doc['title'], 60)}\t{one_line(sides)}")
    return 0


def _adjudicate(args: argparse.Namespace) -> int:
    review = review_of(args)
    state = state_of(review, args, needs_everyone="settling a conflict")
    conflict = next((c for c in state.conflicts(args.stage) if c.record == args.record), None)
    if conflict is None:
        if review.record(args.record) is None:
            raise ReviewError(f"{args.record}: no record with this id in the review")
        raise ReviewError(f"{args.record} has no open conflict at {args.stage} (see: reviewer conflicts)")
    with store_of(review, args.reviewer) as store:
        settled = adjudicate(review.config, store, conflict, args.decision, args.reason or "")
    print(f"{settled.record}: {settled.decision} at {settled.stage}, adjudicated by {one_line(settled.reviewer)}")
    return 0


def _sync(args: argparse.Namespace) -> int:
    review = review_of(args)
    name = reviewer_name(args.reviewer)
    report = sync(review, slug(name), name)
    print(
        ("committed your file" if report.committed else "your file had no new changes")
        + ("; pushed" if report.pushed else "")
    )
    for path in report.shared:
        print(one_line(f"  shared with the team: {path}"))
    for path in report.changed:
        print(one_line(f"  updated from the team: {path}"))
    for note in report.notes:
        print(one_line(f"  {note}"))
    return 0


def _check(args: argparse.Namespace) -> int:
    review = review_of(args)
    findings = check_review(review, fix=args.fix)
    for finding in findings:
        mark = " (fixed)" if args.fix and finding.fixable else " (--fix mends this)" if finding.fixable else ""
        print(f"{one_line(finding.file)}: {one_line(finding.problem)}{mark}")
    waiting = unshared(review)
    for path in waiting:
        print(one_line(f"{path}: not yet shared with the team (reviewer sync commits and pushes it)"))
    print(
        f"{len(findings)} problems found in {len(review.reviewer_slugs())} reviewer files"
        + (f"; {len(waiting)} of the team's files not yet shared" if waiting else ""),
        file=sys.stderr,
    )
    unmended = [f for f in findings if not (args.fix and f.fixable)]
    return 1 if unmended else 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add these commands' parsers, each beside its handler."""
    check = commands.add_parser("check", help="report problems in the reviewer files (--fix mends what it safely can)")
    check.add_argument("--review", type=Path, help=REVIEW_HELP)
    check.add_argument(
        "--fix", action="store_true", help="re-anchor moved claims and mend bad tag lists; never deletes"
    )
    check.set_defaults(handler=_check)

    sync_ = commands.add_parser(
        "sync", help="share your file, imports, full texts and settings; take the team's (git; app closed)"
    )
    sync_.add_argument("--review", type=Path, help=REVIEW_HELP)
    sync_.add_argument("--reviewer", help="you (default: as for the app)")
    sync_.set_defaults(handler=_sync)

    prisma = commands.add_parser("prisma", help="draw the PRISMA 2020 flow diagram from the counts of stats")
    prisma.add_argument("--format", choices=sorted(prisma_flow.FORMATS), default="txt")
    prisma.add_argument("--review", type=Path, help=REVIEW_HELP)
    prisma.add_argument("--reviewer", help=VIEWER_HELP)
    prisma.add_argument("-o", "--output", type=Path, help="the file to write (default, or -: standard output)")
    prisma.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    prisma.set_defaults(handler=_prisma)

    report = commands.add_parser(
        "report", help="the methods appendix RAISE and PRISMA 2020 ask for: the machine's part and the people's"
    )
    report.add_argument("--format", choices=("md", "html", "json"), default="md")
    report.add_argument("--simulate", action="store_true", help="add a replay of the team's decisions by the ranking")
    report.add_argument("--review", type=Path, help=REVIEW_HELP)
    report.add_argument("--reviewer", help=VIEWER_HELP)
    report.add_argument("-o", "--output", type=Path, help="the file to write (default, or -: standard output)")
    report.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    report.set_defaults(handler=_report)

    adjudicate_ = commands.add_parser("adjudicate", help="settle a conflict: your decision counts as final")
    adjudicate_.add_argument("record", help="the record's id (see: reviewer conflicts)")
    adjudicate_.add_argument("decision", choices=DECISIONS)
    adjudicate_.add_argument("--reason", help="the exclusion reason")
    adjudicate_.add_argument("--stage", choices=STAGES, default=STAGES[0])
    adjudicate_.add_argument("--review", type=Path, help=REVIEW_HELP)
    adjudicate_.add_argument("--reviewer", help="you, the adjudicator (default: as for the app)")
    adjudicate_.set_defaults(handler=_adjudicate)

    for name, handler, what in (
        ("decisions", _decisions, "latest screening decisions per record and stage"),
        ("stats", _stats, "PRISMA counts per screening stage"),
        ("agreement", _agreement, "agreement between reviewers (Cohen's and Fleiss' kappa, spans)"),
        ("conflicts", _conflicts, "records the reviewers decided differently"),
    ):
        command = commands.add_parser(name, help=f"print the review's {what}")
        command.add_argument("--review", type=Path, help=REVIEW_HELP)
        command.add_argument("--json", action="store_true", help="one JSON object per line")
        if name == "decisions":
            command.add_argument("--reviewer", help="you, and only your decisions (default: everyone's you may see)")
        else:
            command.add_argument("--reviewer", help=VIEWER_HELP)
        if name in ("agreement", "conflicts"):
            command.add_argument("--stage", choices=STAGES, default=STAGES[0])
        command.set_defaults(handler=handler)
