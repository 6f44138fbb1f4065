"""The corpus: records, imports, duplicates, reasons, full texts (`records`, `import`,
`dedupe`, `reasons`, `attach`, `text`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reviewer.commands.common import (
    REVIEW_HELP,
    VIEWER_HELP,
    print_json,
    review_of,
    state_of_everyone,
    store_of,
    text_of,
    title_of,
)
from reviewer.duplicates.groups import find_duplicates, settle
from reviewer.importing.attach import attach
from reviewer.importing.files import ImportRefused, import_file
from reviewer.review.folder import Review, ReviewError
from reviewer.text.display import counted, inert, one_line

WARNINGS_SHOWN = 20


def _records(args: argparse.Namespace) -> int:
    review = review_of(args)
    kept_instead = state_of_everyone(review).kept_instead if args.json else {}
    for record in review.records():
        if args.json:  # the record kept in its place when it is set aside, as stats and the Library count it
            print_json({**record.to_json(), "duplicate_of": kept_instead.get(record.id)})
        else:
            print(f"{record.id}\t{record.word_count} words\t{one_line(record.shown_title, 80)}")
    for warning in review.warnings:
        print(f"warning: {one_line(warning)}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    review = review_of(args)
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
            f"{path}: {report.format}, {counted(report.records, 'record')}, {report.with_abstract:,} with abstract, "
            f"{report.new:,} new, {counted(len(report.warnings), 'warning')} ({state})"
        )
        if report.database:
            how = "named in the file" if report.database_named_in_file else "as given"
            print("  " + one_line(f"database: {report.database} ({how}; PRISMA counts its records under this name)"))
        elif report.stored_as in review.text_sources:
            print("  a source text: PRISMA counts it among records identified by other methods, not by database")
        elif not report.already_there:
            print(
                "  database: not named in the file; give it with --source NAME (say --source CINAHL), "
                "or in review.toml [sources]: the PRISMA diagram names it by its file name until then"
            )
        if args.as_reviewer and report.labels_stored:
            stored = counted(report.labels_stored, "label")
            print(one_line(f"  {stored} stored as {args.as_reviewer}'s decisions at their stage"))
        if report.set_aside:
            print(
                f"  {report.set_aside} set aside as duplicates: they share a PMID or DOI with a record imported "
                "before (reviewer dedupe shows the groups)"
            )
        for warning in report.warnings[:WARNINGS_SHOWN]:
            print(f"  warning: {one_line(warning)}")
        if len(report.warnings) > WARNINGS_SHOWN:
            print(f"  ... and {len(report.warnings) - WARNINGS_SHOWN} more warnings")
    return 1 if failed else 0


def _dedupe(args: argparse.Namespace) -> int:
    review = review_of(args)
    if args.keep or args.distinct:
        return _settle_duplicates(review, args)
    state = state_of_everyone(review)
    groups = find_duplicates(review.records())
    settled = 0
    for group in groups:
        word = state.team.resolutions.get(group.key)
        settled += word is not None
        if word is None:  # open: what stands is what the import did (a shared PMID or DOI sets the later aside)
            aside = [r for r in group.records if r in state.set_aside]
            keep = next((r for r in group.records if r not in state.set_aside), group.records[0]) if aside else None
            status = f"open, {len(aside)} set aside at import" if aside else "open"
        else:
            keep, status = word["keep"], f"settled by {word['reviewer']}"
        if args.json:
            print_json({**group.to_json(), "keep": keep, "settled": word is not None, "status": status})
        else:
            titles = " | ".join(one_line(title_of(review, i), 50) for i in group.records)
            kept = f"keep {one_line(keep)}" if keep else "not duplicates" if word else "none set aside yet"
            print(f"{group.reason}\t{kept}\t{status}\t{len(group.records)} records\t{titles}")
    if not args.json:
        print(
            f"{len(groups)} groups of duplicates ({settled} settled, {len(groups) - settled} open); "
            f"{len(state.set_aside)} records set aside as duplicates, as stats counts them "
            "(settle a group: dedupe --keep / --distinct, or D in the app)",
            file=sys.stderr,
        )
    return 0


def _settle_duplicates(review: Review, args: argparse.Namespace) -> int:
    """Keep one record of its group (the others are set aside), or say the group is not duplicates;
    a group settled before (or set aside at import) is settled again."""
    record = args.keep or args.distinct
    group = next((g for g in find_duplicates(review.records()) if record in g.records), None)
    if group is None:
        raise ReviewError(f"{record} is in no group of duplicates (see: reviewer dedupe)")
    with store_of(review, args.reviewer) as store:
        settle(store, group, args.keep)
    if args.keep:
        removed = ", ".join(r for r in group.records if r != args.keep)
        print(one_line(f"kept {args.keep}; set aside as duplicates: {removed}"))
    else:
        print(one_line(f"not duplicates: {', '.join(group.records)}"))
    return 0


def _reasons(args: argparse.Namespace) -> int:
    review = review_of(args)
    if args.add is not None:
        added = review.add_exclusion_reason(args.add)
        print(("added" if added else "already there") + f": {one_line(args.add.strip())}", file=sys.stderr)
    for reason in review.config.exclusion_reasons:
        print(one_line(reason))
    return 0


def _attach(args: argparse.Namespace) -> int:
    review = review_of(args)
    if args.to and len(args.files) > 1:
        raise ReviewError("--to links one file to one record: give a single file with it")
    kept_instead = state_of_everyone(review).kept_instead
    attachments = attach(review, args.files, to=args.to, replace=args.replace, kept_instead=kept_instead)
    for attachment in attachments:
        if args.json:
            print_json(attachment.to_json())
        elif attachment.record is not None:
            state = "attached" if attachment.changed else "already attached"
            print(
                one_line(
                    f"{attachment.file}: {state} to {attachment.record} ({attachment.how_said}): {attachment.title}",
                    200,
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
    return 0 if linked and all(a.how != "refused" for a in attachments) else 1  # none attached: a failure


def _text(args: argparse.Namespace) -> int:
    review = review_of(args)
    full = text_of(review, args.record)
    if args.json:
        starts = list(full.page_starts) or [0]
        ends = [*(start - 2 for start in starts[1:]), len(full.text)]
        pages = [{"page": n, "start": s, "end": e} for n, (s, e) in enumerate(zip(starts, ends, strict=True), 1)]
        print_json({"record": full.id, "source": full.source, "pages": pages, "text": full.text})
    else:
        sys.stdout.write(inert(full.text) + "\n")  # its paragraphs and tabs kept; escape codes shown, never run
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add these commands' parsers, each beside its handler."""
    import_ = commands.add_parser("import", help="copy search exports or texts into the review")
    import_.add_argument("files", nargs="+", type=Path, metavar="FILE")
    import_.add_argument("--review", type=Path, help=REVIEW_HELP)
    import_.add_argument(
        "--as-reviewer", metavar="NAME", help="store the inclusion labels the files carry as NAME's decisions"
    )
    import_.add_argument(
        "--source", metavar="NAME", help="the database the files came from, as PRISMA names it (say CINAHL)"
    )
    import_.set_defaults(handler=_import)

    reasons = commands.add_parser("reasons", help="list the exclusion reasons (--add one for the whole team)")
    reasons.add_argument("--add", metavar="REASON", help="add REASON to review.toml")
    reasons.add_argument("--review", type=Path, help=REVIEW_HELP)
    reasons.set_defaults(handler=_reasons)

    attach_ = commands.add_parser("attach", help="attach full texts (PDF, .txt, .md, .html) to their records")
    attach_.add_argument("files", type=Path, nargs="+", metavar="FILE")
    attach_.add_argument("--review", type=Path, help=REVIEW_HELP)
    attach_.add_argument("--to", metavar="RECORD", help="attach the one file given to this record")
    attach_.add_argument("--replace", action="store_true", help="replace a record's full text by another file")
    attach_.add_argument("--json", action="store_true", help="one JSON object per file")
    attach_.set_defaults(handler=_attach)

    text_ = commands.add_parser("text", help="print a record's full text as the Reader shows it")
    text_.add_argument("record", metavar="RECORD")
    text_.add_argument("--review", type=Path, help=REVIEW_HELP)
    text_.add_argument("--json", action="store_true", help="source file, pages with their offsets, and the text")
    text_.set_defaults(handler=_text)

    for name, handler, what, viewer in (
        ("records", _records, "records", False),
        ("dedupe", _dedupe, "groups of duplicate records", True),
    ):
        command = commands.add_parser(name, help=f"print the review's {what}")
        command.add_argument("--review", type=Path, help=REVIEW_HELP)
        command.add_argument("--json", action="store_true", help="one JSON object per line")
        if viewer:
            command.add_argument("--reviewer", help=VIEWER_HELP)
        if name == "dedupe":
            settle_group = command.add_mutually_exclusive_group()
            settle_group.add_argument("--keep", metavar="ID", help="keep this record; set its group's others aside")
            settle_group.add_argument("--distinct", metavar="ID", help="this record's group is not duplicates")
        command.set_defaults(handler=handler)
