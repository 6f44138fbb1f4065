"""Command line: `reviewer [PATH]` opens the app; subcommands work headless."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import combinations
from pathlib import Path
from typing import Any

from reviewer import __version__
from reviewer.annotating.claims_import import import_claims
from reviewer.domain.claim import Claim
from reviewer.domain.decision import DECISIONS, STAGES
from reviewer.domain.errors import ReviewerError
from reviewer.duplicates.groups import find_duplicates, settle
from reviewer.export import WRITERS as EXPORT_WRITERS
from reviewer.export import export_text, export_to_file, prisma_flow
from reviewer.importing.attach import attach
from reviewer.importing.files import ImportRefused, import_file
from reviewer.persistence.store import ReviewerStore
from reviewer.review.folder import Review, ReviewError, find_review, init_review
from reviewer.review.identity import reviewer_name, slug
from reviewer.search.index import open_index
from reviewer.team.adjudication import adjudicate
from reviewer.team.agreement import fleiss_for, pair_agreements, span_agreement
from reviewer.team.check import check_review
from reviewer.team.claims import collect_claims
from reviewer.team.snapshot import EVERYONE, TeamSnapshot
from reviewer.team.state import ReviewState
from reviewer.team.sync import SyncError, recover_interrupted_sync, sync, unshared
from reviewer.text.display import displayable, one_line

WARNINGS_SHOWN = 20
VIEWER_HELP = "you (default: as for the app); while the review is blind you see only your own work"


def _open(args: argparse.Namespace) -> int:
    review = find_review(args.path)
    notices = _mended_before_opening(review)
    name = reviewer_name(args.reviewer)
    store = review.open_store(slug(name), name)
    from reviewer.tui.app import ReviewerApp  # Textual loads only for the app itself

    app = ReviewerApp(review, store, notices)
    try:
        app.run()
    finally:
        store.close()
    return app.return_code or 0  # non-zero when the app ended on an error


def _mended_before_opening(review: Review) -> tuple[str, ...]:
    """A sync cut off mid-pull is undone before your file is read (else the app could open on an
    older copy of it); what was done, or what is in the way, to say when the app opens."""
    if review.is_sample:
        return ()
    try:
        return tuple(recover_interrupted_sync(review))
    except SyncError as error:
        return (str(error),)


def _init(args: argparse.Namespace) -> int:
    review = init_review(args.path, name=args.name)
    print(one_line(f"created review {review.name!r} in {review.root}"))
    print(
        "  "
        + one_line(
            f"add your search exports with: reviewer import FILE... --review {args.path} (or I in the app), "
            f"then open it: reviewer {args.path}"
        )
    )
    return 0


def _records(args: argparse.Namespace) -> int:
    review = _review_of(args)
    for record in review.records():
        if args.json:
            _print_json({**record.to_json(), "duplicate_of": review.same_study.get(record.id)})
        else:
            print(f"{record.id}\t{record.word_count} words\t{one_line(record.title, 80)}")
    for warning in review.warnings:
        print(f"warning: {one_line(warning)}", file=sys.stderr)
    return 0


def _claims(args: argparse.Namespace) -> int:
    review = _review_of(args)
    team = _state(review, args).team
    pages = {entry.claim.id: entry.page for entry in collect_claims(review, team)} if args.json else {}
    for claim in team.claims:
        if args.json:
            doc = claim.to_doc()
            doc.pop("schema")
            doc["page"] = pages.get(claim.id)
            _print_json(doc)
        else:
            tags = ",".join(claim.tags) or "-"
            print(
                f"{one_line(claim.record)}\t{one_line(claim.reviewer)}\t{one_line(tags)}\t{one_line(claim.exact, 80)}"
            )
    return 0


def _import(args: argparse.Namespace) -> int:
    review = _review_of(args)
    if review.is_sample:
        raise ReviewError("import into a review folder: reviewer import FILE --review PATH (see reviewer init)")
    failed = 0
    for path in args.files:
        try:
            report = import_file(review, path, as_reviewer=args.as_reviewer, source=args.source)
        except ImportRefused as error:
            print(f"reviewer: {error}", file=sys.stderr)
            failed += 1
            continue
        state = "already in the corpus" if report.already_there else f"stored as corpus/{report.stored_as}"
        print(
            f"{path}: {report.format}, {report.records} records, {report.with_abstract} with abstract, "
            f"{report.new} new, {len(report.warnings)} warnings ({state})"
        )
        if report.database:
            how = "named in the file" if report.database_named_in_file else "as given"
            print("  " + one_line(f"database: {report.database} ({how}; PRISMA counts its records under this name)"))
        elif not report.already_there:
            print(
                "  database: not named in the file; give it with --source NAME (say --source CINAHL), "
                "or in review.toml [sources]: the PRISMA diagram names it by its file name until then"
            )
        if args.as_reviewer and report.labels_stored:
            print(one_line(f"  {report.labels_stored} labels stored as {args.as_reviewer}'s decisions at their stage"))
        if report.set_aside:
            print(f"  {report.set_aside} share a PMID or DOI with a record read before them: set aside as duplicates")
        for warning in report.warnings[:WARNINGS_SHOWN]:
            print(f"  warning: {one_line(warning)}")
        if len(report.warnings) > WARNINGS_SHOWN:
            print(f"  ... and {len(report.warnings) - WARNINGS_SHOWN} more warnings")
    return 1 if failed else 0


def _dedupe(args: argparse.Namespace) -> int:
    review = _review_of(args)
    if args.keep or args.distinct:
        return _settle_duplicates(review, args)
    groups = find_duplicates(review.records())
    for group in groups:
        if args.json:
            _print_json(group.to_json())
        else:
            titles = " | ".join(one_line(_title_of(review, i), 50) for i in group.records)
            print(f"{group.reason}\tkeep {one_line(group.records[0])}\t{len(group.records)} records\t{titles}")
    if not args.json:
        print(
            f"{len(groups)} groups of duplicates; {len(review.same_study)} records that share a PMID or DOI "
            "with another are set aside until a reviewer settles their group (dedupe --keep / --distinct)",
            file=sys.stderr,
        )
    return 0


def _title_of(review: Review, record_id: str) -> str:
    record = review.record(record_id)
    return record.title if record else ""


def _settle_duplicates(review: Review, args: argparse.Namespace) -> int:
    """Keep one record of its group (the others are set aside), or say the group is not duplicates;
    a group settled before (or set aside at import) is settled again."""
    record = args.keep or args.distinct
    group = next((g for g in find_duplicates(review.records()) if record in g.records), None)
    if group is None:
        raise ReviewError(f"{record} is in no group of duplicates (see: reviewer dedupe)")
    with _store_of(review, args.reviewer) as store:
        settle(store, group, args.keep)
    if args.keep:
        removed = ", ".join(r for r in group.records if r != args.keep)
        print(one_line(f"kept {args.keep}; set aside as duplicates: {removed}"))
    else:
        print(one_line(f"not duplicates: {', '.join(group.records)}"))
    return 0


def _adjudicate(args: argparse.Namespace) -> int:
    review = _review_of(args)
    state = _state(review, args, needs_everyone="settling a conflict")
    conflict = next((c for c in state.conflicts(args.stage) if c.record == args.record), None)
    if conflict is None:
        raise ReviewError(f"{args.record} has no open conflict at {args.stage} (see: reviewer conflicts)")
    with _store_of(review, args.reviewer) as store:
        settled = adjudicate(review.config, store, conflict, args.decision, args.reason or "")
    print(f"{settled.record}: {settled.decision} at {settled.stage}, adjudicated by {one_line(settled.reviewer)}")
    return 0


def _reasons(args: argparse.Namespace) -> int:
    review = _review_of(args)
    if args.add is not None:
        added = review.add_exclusion_reason(args.add)
        print(("added" if added else "already there") + f": {one_line(args.add.strip())}", file=sys.stderr)
    for reason in review.config.exclusion_reasons:
        print(one_line(reason))
    return 0


def _review_of(args: argparse.Namespace) -> Review:
    """The review a headless command works on; one run outside any review says it used the sample."""
    review = find_review(args.review)
    if review.is_sample:
        print(
            "no review here: this is the bundled sample (give --review PATH, or run it inside a review folder)",
            file=sys.stderr,
        )
    return review


def _state(review: Review, args: argparse.Namespace, needs_everyone: str = "") -> ReviewState:
    """The review's state, from the team's files read once as the reviewer running the command
    may see them: while
    the review is blind, their own work only (adjudicators see everyone's). A command that
    `needs_everyone` is refused to a blind viewer; files left out are named on stderr."""
    viewer = slug(reviewer_name(getattr(args, "reviewer", None)))
    if needs_everyone and not review.config.sees_everyone(viewer):
        raise ReviewError(
            f"{needs_everyone} shows every reviewer's decisions: while the review is blind, only its "
            "adjudicators may (review.toml: [screening] adjudicators, or blind = false)"
        )
    state = ReviewState.read(review, viewer)
    for problem in state.problems:
        print(f"warning: {one_line(problem)}", file=sys.stderr)
    if state.blind:
        print(
            "blind review: only your own decisions and claims are shown (and the adjudicators' settlements)",
            file=sys.stderr,
        )
    return state


@contextmanager
def _store_of(review: Review, reviewer: str | None) -> Iterator[ReviewerStore]:
    """The reviewer's own store, open for writing while the block runs."""
    name = reviewer_name(reviewer)
    store = review.open_store(slug(name), name)
    try:
        yield store
    finally:
        store.close()


def _decisions(args: argparse.Namespace) -> int:
    review = _review_of(args)
    wanted = slug(args.reviewer) if args.reviewer else None
    state = _state(review, args)
    for reviewer_slug in state.decisions:
        if wanted and reviewer_slug != wanted:
            continue
        for decision, decided_on in state.standing(reviewer_slug):
            doc = decision.to_doc()
            doc.pop("schema")
            doc["decided_on"] = decided_on  # the record set aside as a duplicate it was made on, or the same
            if args.json:
                _print_json(doc)
            else:
                print("\t".join(one_line(str(doc[k])) for k in ("record", "reviewer", "stage", "decision", "reason")))
    return 0


def _stats(args: argparse.Namespace) -> int:
    review = _review_of(args)
    counts = _state(review, args).prisma()
    if args.json:
        _print_json(counts)
        return 0
    print(f"records identified: {counts['records_identified']}")
    for source, number in counts["identified_from_databases"].items():
        print(f"  from {one_line(source)}: {number}")
    if counts["identified_from_other_sources"]:
        print(f"  from other sources (source texts): {counts['identified_from_other_sources']}")
    print(
        f"duplicates removed: {counts['duplicates_removed']} "
        f"({counts['duplicates_removed_automatically']} sharing a PMID or DOI, the others by reviewers)"
    )
    print(f"records screened: {counts['records_screened']}")
    for stage in STAGES:
        stage_counts = counts[stage]
        print(f"{stage}: " + ", ".join(f"{k} {v}" for k, v in stage_counts.items() if k != "excluded_by_reason"))
        for reason, number in stage_counts["excluded_by_reason"].items():
            print(f"  excluded, {one_line(reason)}: {number}")
    return 0


def _export(args: argparse.Namespace) -> int:
    review = _review_of(args)
    tags = [t.strip() for t in args.tags.split(",") if t.strip()] if args.tags else None
    text = export_text(_state(review, args), args.format, tags=tags, reviewer=args.reviewer, bom=args.bom)
    _write_out(args, text)
    return 0


def _sync(args: argparse.Namespace) -> int:
    review = _review_of(args)
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


def _prisma(args: argparse.Namespace) -> int:
    review = _review_of(args)
    counts = _state(review, args).prisma()
    _write_out(args, prisma_flow.FORMATS[args.format](counts))
    return 0


def _write_out(args: argparse.Namespace, text: str | bytes) -> None:
    """To standard output (no -o, or -o -), else to the file, never over one without --force."""
    if args.output is None or str(args.output) == "-":
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
    else:
        export_to_file(args.output, text, force=args.force)
        print(f"wrote {args.output} ({args.format})", file=sys.stderr)


def _import_claims(args: argparse.Namespace) -> int:
    review = _review_of(args)
    with _store_of(review, args.reviewer) as store:
        team_ids = {claim.id for claim in TeamSnapshot.read(review, EVERYONE).claims}
        report = import_claims(review, store, args.file, team_ids, as_copies=args.copies)
    print(f"{args.file}: {report.read} claims read, {report.added} added, {report.already_there} already there")
    for line in report.unknown_source + report.orphaned:
        print(f"  kept as orphaned: {one_line(line)}")
    return 0


def _agreement(args: argparse.Namespace) -> int:
    review = _review_of(args)
    state = _state(review, args, needs_everyone="agreement")
    labels = state.labels(args.stage)
    pairs = pair_agreements(labels)
    fleiss, fleiss_records = fleiss_for(labels, DECISIONS)
    claims: dict[str, list[Claim]] = {}
    for claim in state.team.claims:
        claims.setdefault(claim.reviewer, []).append(claim)
    spans: list[dict[str, Any]] = [
        {"reviewers": [a, b], "tags": span_agreement(claims[a], claims[b])} for a, b in combinations(sorted(claims), 2)
    ]
    if args.json:
        _print_json(
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
            print(one_line(f"spans {entry['reviewers'][0]} & {entry['reviewers'][1]}, {tag}: {figures}"))
    return 0


def _conflicts(args: argparse.Namespace) -> int:
    review = _review_of(args)
    state = _state(review, args, needs_everyone="the list of conflicts")
    for conflict in state.conflicts(args.stage):
        doc: dict[str, Any] = {
            "record": conflict.record,
            "title": _title_of(review, conflict.record),
            "stage": conflict.stage,
            "decisions": [
                {"reviewer": d.reviewer, "decision": d.decision, "reason": d.reason, "note": d.note, "at": d.at}
                for d in conflict.decisions
            ],
        }
        if args.json:
            _print_json(doc)
        else:
            sides = " | ".join(
                f"{one_line(d.reviewer)}: {d.decision}" + (f" ({one_line(d.reason)})" if d.reason else "")
                for d in conflict.decisions
            )
            print(f"{one_line(conflict.record)}\t{one_line(doc['title'], 60)}\t{one_line(sides)}")
    return 0


def _search(args: argparse.Namespace) -> int:
    review = _review_of(args)
    index = open_index(review)
    try:
        viewer = slug(reviewer_name(args.reviewer))
        blind = not review.config.sees_everyone(viewer)
        hits = index.search(" ".join(args.query), limit=args.limit, claims_of=viewer if blind else None)
    finally:
        index.close()
    for hit in hits:
        if args.json:
            _print_json(hit.to_json())
        else:
            doc = hit.to_json()
            print(f"{doc['kind']}\t{doc['record']}\t{one_line(doc['title'], 60)}\t{one_line(doc['snippet'], 80)}")
    return 0


def _check(args: argparse.Namespace) -> int:
    review = _review_of(args)
    findings = check_review(review, fix=args.fix)
    for finding in findings:
        mark = " (fixed)" if args.fix and finding.fixable else " (--fix mends this)" if finding.fixable else ""
        print(f"{finding.file}: {one_line(finding.problem)}{mark}")
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


def _attach(args: argparse.Namespace) -> int:
    review = _review_of(args)
    if args.to and len(args.files) > 1:
        raise ReviewError("--to links one file to one record: give a single file with it")
    attachments = attach(review, args.files, to=args.to, replace=args.replace)
    for attachment in attachments:
        if args.json:
            _print_json(attachment.to_json())
        elif attachment.record is not None:
            state = "attached" if attachment.changed else "already attached"
            print(
                one_line(
                    f"{attachment.file}: {state} to {attachment.record} (by {attachment.how}): {attachment.title}", 200
                )
            )
        elif attachment.how == "refused":
            print(one_line(attachment.problem), file=sys.stderr)
        else:
            print(one_line(f"{attachment.file}: unmatched; nearest titles:"))
            for record_id, title in attachment.nearest:
                print("  " + one_line(f"{record_id}  {title}", 160))
        if attachment.problem and attachment.how != "refused" and not args.json:
            print(f"  note: {one_line(attachment.problem)}", file=sys.stderr)
    linked = sum(a.record is not None for a in attachments)
    print(f"{linked} of {len(attachments)} files attached", file=sys.stderr)
    return 0 if all(a.how != "refused" for a in attachments) else 1


def _text(args: argparse.Namespace) -> int:
    review = _review_of(args)
    record = review.record(args.record)
    if record is None:
        raise ReviewError(f"{args.record}: no record with this id in the review")
    full = review.full_text_of(record)
    if full is None:
        raise ReviewError(f"{args.record} has no full text: attach one with `reviewer attach FILE --to {args.record}`")
    if args.json:
        starts = list(full.page_starts) or [0]
        ends = [*(start - 2 for start in starts[1:]), len(full.text)]
        pages = [{"page": n, "start": s, "end": e} for n, (s, e) in enumerate(zip(starts, ends, strict=True), 1)]
        _print_json({"record": record.id, "source": full.source, "pages": pages, "text": full.text})
    else:
        sys.stdout.write(displayable(full.text) + "\n")
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from reviewer.ranking.curve import svg_curve, text_curve  # NumPy, SciPy and scikit-learn load only here
    from reviewer.ranking.simulation import replay_file
    from reviewer.ranking.stopping import DEFAULT_CONFIDENCE, DEFAULT_TARGET, METHOD

    replay = replay_file(args.file, args.stage, args.seed, args.prior_included, args.prior_excluded)
    simulation = replay.simulation
    if args.plot:
        title = f"{args.file.name}, {args.stage}: recall by records screened (seed {args.seed})"
        args.plot.write_text(svg_curve(simulation.recall, title, replay.stopped_after_priors), encoding="utf-8")
    if args.json:
        _print_json(replay.to_json())
        return 0
    for warning in replay.notes:
        print(one_line(warning), file=sys.stderr)
    metrics = simulation.metrics
    screened = len(simulation.order) - simulation.priors
    print(
        one_line(
            f"{args.file.name}, {args.stage}: {len(simulation.order):,} records, {sum(simulation.labels):,} included; "
            f"seed {args.seed}, priors {args.prior_included} included + {args.prior_excluded} excluded"
        )
    )
    print(f"  WSS@95   {metrics.wss95:.3f}")
    print(f"  WSS@100  {metrics.wss100:.3f}")
    print(f"  RRF@10   {metrics.rrf10:.1%}")
    print(f"  ATD      {metrics.atd:,.1f} records ({metrics.atd / screened:.1%} of those after the priors)")
    print(f"  loss     {metrics.loss:.3f}")
    if simulation.stopped_at is not None and simulation.recall_at_stop is not None:
        print(
            f"  stopping aid ({METHOD}, recall ≥ {DEFAULT_TARGET:.0%} at {DEFAULT_CONFIDENCE:.0%} confidence): "
            f"stop after {simulation.stopped_at:,} records ({simulation.stopped_at / len(simulation.order):.1%}), "
            f"recall there {simulation.recall_at_stop:.1%}"
        )
    print(text_curve(simulation.recall, replay.stopped_after_priors))
    if args.plot:
        print(f"recall curve saved to {args.plot}", file=sys.stderr)
    return 0


def _rank(args: argparse.Namespace) -> int:
    from reviewer.ranking.live import FeatureCache  # scikit-learn loads only here
    from reviewer.screening.session import ReadOnlyLog, Screening

    review = _review_of(args)
    name = reviewer_name(args.reviewer)
    viewer = slug(name)
    state = _state(review, args)  # as for every command: a colleague's damaged file is named
    screening = Screening(state, ReadOnlyLog(viewer, name, state.team.decisions.get(viewer, [])), args.stage)
    job = screening.ranking_job()
    ranking = job.run(FeatureCache())
    by_id = {r.id: r for r in job.records}
    if args.json:
        ranked_by = "relevance" if job.can_rank else "file order"
        _print_json(
            {
                "stage": args.stage,
                "ranked_by": ranked_by,
                "stopping": ranking.stopping.to_json(),
                "ranking": list(ranking.ranked),
            }
        )
        return 0
    if not job.can_rank:
        print(
            "no ranking yet: include and exclude at least one record at this stage (file order below)", file=sys.stderr
        )
    print(f"{args.stage}: {len(ranking.ranked):,} undecided, the likely included first")
    print(one_line(f"stopping aid: {ranking.stopping.summary}"))
    for place, record_id in enumerate(ranking.ranked[: args.limit], 1):
        print(f"{place:>6}  " + one_line(f"{record_id} · {by_id[record_id].title}", 150))
    return 0


def _print_json(doc: dict) -> None:
    print(json.dumps(doc, ensure_ascii=False))


class _Parser(argparse.ArgumentParser):
    command_names: frozenset[str] = frozenset()


def build_parser() -> _Parser:
    parser = _Parser(
        prog="reviewer",
        description="Screen records, tag claims in source texts, export evidence. "
        "`reviewer [PATH]` opens the app on a review folder (default: the current folder "
        "if it is a review, else the bundled sample).",
    )
    parser.add_argument("--version", action="version", version=f"reviewer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    review_help = "the review folder (default: current folder if a review, else the sample)"

    open_ = commands.add_parser("open", help="open the app (the default command)")
    open_.add_argument("path", nargs="?", type=Path, help=review_help)
    open_.add_argument("--reviewer", help="your name (default: $REVIEWER, git user.name, login)")
    open_.set_defaults(handler=_open)

    init = commands.add_parser("init", help="create an empty review folder")
    init.add_argument("path", type=Path)
    init.add_argument("--name", help="the review's name (default: the folder's name)")
    init.set_defaults(handler=_init)

    import_ = commands.add_parser("import", help="copy search exports or texts into the review")
    import_.add_argument("files", nargs="+", type=Path, metavar="FILE")
    import_.add_argument("--review", type=Path, help=review_help)
    import_.add_argument(
        "--as-reviewer", metavar="NAME", help="store the inclusion labels the files carry as NAME's decisions"
    )
    import_.add_argument(
        "--source", metavar="NAME", help="the database the files came from, as PRISMA names it (say CINAHL)"
    )
    import_.set_defaults(handler=_import)

    check = commands.add_parser("check", help="report problems in the reviewer files (--fix mends what it safely can)")
    check.add_argument("--review", type=Path, help=review_help)
    check.add_argument(
        "--fix", action="store_true", help="re-anchor moved claims and mend bad tag lists; never deletes"
    )
    check.set_defaults(handler=_check)

    search = commands.add_parser("search", help="search records and claims (typos and word forms forgiven)")
    search.add_argument(
        "query", nargs="+", help="words; filters in:title|abstract|text|notes, kind:record|claim, tag:X, reviewer:X"
    )
    search.add_argument("--review", type=Path, help=review_help)
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--reviewer", help=VIEWER_HELP)
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    search.set_defaults(handler=_search)

    export = commands.add_parser("export", help="write claims or screening results in another format")
    export.add_argument("--format", required=True, choices=sorted(EXPORT_WRITERS))
    export.add_argument("--review", type=Path, help=review_help)
    export.add_argument("--tags", help="only claims with any of these tags (comma-separated)")
    export.add_argument("--reviewer", help="you, and only your claims (default: every claim you may see)")
    export.add_argument("-o", "--output", type=Path, help="the file to write (default, or -: standard output)")
    export.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    export.add_argument("--bom", action="store_true", help="start with a UTF-8 byte-order mark (for Excel)")
    export.set_defaults(handler=_export)

    sync_ = commands.add_parser("sync", help="commit your file, pull the team's, push (git; the app closed)")
    sync_.add_argument("--review", type=Path, help=review_help)
    sync_.add_argument("--reviewer", help="you (default: as for the app)")
    sync_.set_defaults(handler=_sync)

    prisma = commands.add_parser("prisma", help="draw the PRISMA 2020 flow diagram from the counts of stats")
    prisma.add_argument("--format", choices=sorted(prisma_flow.FORMATS), default="txt")
    prisma.add_argument("--review", type=Path, help=review_help)
    prisma.add_argument("--reviewer", help=VIEWER_HELP)
    prisma.add_argument("-o", "--output", type=Path, help="the file to write (default, or -: standard output)")
    prisma.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    prisma.set_defaults(handler=_prisma)

    claims_in = commands.add_parser("import-claims", help="read W3C Web Annotation JSON-LD (ours, Hypothesis)")
    claims_in.add_argument("file", type=Path)
    claims_in.add_argument("--review", type=Path, help=review_help)
    claims_in.add_argument("--reviewer", help="whose file they go into (default: as for the app)")
    claims_in.add_argument("--copies", action="store_true", help="make them your own copies, with new ids")
    claims_in.set_defaults(handler=_import_claims)

    adjudicate_ = commands.add_parser("adjudicate", help="settle a conflict: your decision counts as final")
    adjudicate_.add_argument("record", help="the record's id (see: reviewer conflicts)")
    adjudicate_.add_argument("decision", choices=DECISIONS)
    adjudicate_.add_argument("--reason", help="the exclusion reason")
    adjudicate_.add_argument("--stage", choices=STAGES, default=STAGES[0])
    adjudicate_.add_argument("--review", type=Path, help=review_help)
    adjudicate_.add_argument("--reviewer", help="you, the adjudicator (default: as for the app)")
    adjudicate_.set_defaults(handler=_adjudicate)

    reasons = commands.add_parser("reasons", help="list the exclusion reasons (--add one for the whole team)")
    reasons.add_argument("--add", metavar="REASON", help="add REASON to review.toml")
    reasons.add_argument("--review", type=Path, help=review_help)
    reasons.set_defaults(handler=_reasons)

    attach_ = commands.add_parser("attach", help="attach full texts (PDF, .txt, .md, .html) to their records")
    attach_.add_argument("files", type=Path, nargs="+", metavar="FILE")
    attach_.add_argument("--review", type=Path, help=review_help)
    attach_.add_argument("--to", metavar="RECORD", help="attach the one file given to this record")
    attach_.add_argument("--replace", action="store_true", help="replace a record's full text by another file")
    attach_.add_argument("--json", action="store_true", help="one JSON object per file")
    attach_.set_defaults(handler=_attach)

    text_ = commands.add_parser("text", help="print a record's full text as the Reader shows it")
    text_.add_argument("record", metavar="RECORD")
    text_.add_argument("--review", type=Path, help=review_help)
    text_.add_argument("--json", action="store_true", help="source file, pages with their offsets, and the text")
    text_.set_defaults(handler=_text)

    simulate = commands.add_parser(
        "simulate", help="replay a labelled file in the app's ranking order and measure the work saved"
    )
    simulate.add_argument(
        "file", type=Path, help="a labelled export (any format import reads, labels as --as-reviewer)"
    )
    simulate.add_argument("--seed", type=int, default=0, help="chooses the priors (default 0)")
    simulate.add_argument("--prior-included", type=int, default=1, metavar="N", help="random included to start (1)")
    simulate.add_argument("--prior-excluded", type=int, default=1, metavar="M", help="random excluded to start (1)")
    simulate.add_argument("--stage", choices=STAGES, default=STAGES[0], help="whose labels (default title-abstract)")
    simulate.add_argument("--plot", type=Path, metavar="FILE.svg", help="save the recall curve as an SVG image")
    simulate.add_argument("--json", action="store_true", help="metrics, stopping and the order as JSON")
    simulate.set_defaults(handler=_simulate)

    rank = commands.add_parser("rank", help="print your undecided records, the likely included first")
    rank.add_argument("--review", type=Path, help=review_help)
    rank.add_argument("--reviewer", help="you: the ranking learns from your decisions only")
    rank.add_argument("--stage", choices=STAGES, default=STAGES[0])
    rank.add_argument("--limit", type=int, default=20, metavar="N", help="how many to print (default 20)")
    rank.add_argument("--json", action="store_true", help="the whole ranking and the stopping aid as JSON")
    rank.set_defaults(handler=_rank)

    for name, handler, what in (
        ("records", _records, "records"),
        ("claims", _claims, "claims of every reviewer (yours only while blind)"),
        ("dedupe", _dedupe, "groups of duplicate records"),
        ("decisions", _decisions, "latest screening decisions per record and stage"),
        ("stats", _stats, "PRISMA counts per screening stage"),
        ("agreement", _agreement, "agreement between reviewers (Cohen's and Fleiss' kappa, spans)"),
        ("conflicts", _conflicts, "records the reviewers decided differently"),
    ):
        command = commands.add_parser(name, help=f"print the review's {what}")
        command.add_argument("--review", type=Path, help=review_help)
        command.add_argument("--json", action="store_true", help="one JSON object per line")
        if name == "decisions":
            command.add_argument("--reviewer", help="you, and only your decisions (default: everyone's you may see)")
        elif name != "records":
            command.add_argument("--reviewer", help=VIEWER_HELP)
        if name == "dedupe":
            settle_group = command.add_mutually_exclusive_group()
            settle_group.add_argument("--keep", metavar="ID", help="keep this record; set its group's others aside")
            settle_group.add_argument("--distinct", metavar="ID", help="this record's group is not duplicates")
        if name in ("agreement", "conflicts"):
            command.add_argument("--stage", choices=STAGES, default=STAGES[0])
        command.set_defaults(handler=handler)
    parser.command_names = frozenset(commands.choices)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or (argv[0] not in parser.command_names and argv[0] not in ("-h", "--help", "--version")):
        argv = ["open", *argv]
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except BrokenPipeError:
        return 0
    except (ReviewerError, OSError) as error:
        print(f"reviewer: {error}", file=sys.stderr)
        return 1
