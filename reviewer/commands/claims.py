"""Claims and what is made of them: `claims`, `import-claims`, `export`, `search`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reviewer.annotating.claims_import import import_claims
from reviewer.commands.common import (
    REVIEW_HELP,
    VIEWER_HELP,
    print_json,
    review_of,
    state_of,
    store_of,
    team_of_everyone,
    write_out,
)
from reviewer.export import WRITERS as EXPORT_WRITERS
from reviewer.export import export_text
from reviewer.review.identity import reviewer_name, slug
from reviewer.search.index import SearchIndexDamaged, open_index, rebuilt_index
from reviewer.team.claims import collect_claims
from reviewer.text.display import one_line


def _claims(args: argparse.Namespace) -> int:
    review = review_of(args)
    team = state_of(review, args).team
    for entry in collect_claims(review, team):  # each placed on its text as it is now, as the Reader places it
        claim = entry.claim
        if args.json:
            doc = claim.to_doc()
            doc.pop("schema")
            doc["page"] = entry.page
            print_json(doc)
        else:
            tags = ",".join(claim.tags) or "untagged"
            print(
                f"{one_line(claim.record)}\t{one_line(claim.reviewer)}\t{one_line(tags)}\t{one_line(claim.exact, 80)}"
            )
    return 0


def _import_claims(args: argparse.Namespace) -> int:
    review = review_of(args)
    with store_of(review, args.reviewer) as store:
        team_ids = {claim.id for claim in team_of_everyone(review).claims}
        report = import_claims(review, store, args.file, team_ids, as_copies=args.copies)
    print(f"{args.file}: {report.read} claims read, {report.added} added, {report.already_there} already there")
    for line in report.unknown_source + report.orphaned:
        print(f"  kept as orphaned: {one_line(line)}")
    return 0


def _export(args: argparse.Namespace) -> int:
    review = review_of(args)
    tags = [t.strip() for t in args.tags.split(",") if t.strip()] if args.tags else None
    text = export_text(state_of(review, args), args.format, tags=tags, reviewer=args.reviewer, bom=args.bom)
    write_out(args, text)
    return 0


def _search(args: argparse.Namespace) -> int:
    review = review_of(args)
    index = open_index(review)
    viewer = slug(reviewer_name(args.reviewer))
    blind = not review.config.sees_everyone(viewer)
    query = " ".join(args.query)
    try:
        try:
            hits = index.search(query, limit=args.limit, claims_of=viewer if blind else None)
        except SearchIndexDamaged as damaged:
            print(f"reviewer: {damaged}", file=sys.stderr)
            index = rebuilt_index(review, index)
            hits = index.search(query, limit=args.limit, claims_of=viewer if blind else None)
    finally:
        index.close()
    for hit in hits:
        if args.json:
            print_json(hit.to_json())
        else:
            doc = hit.to_json()
            print(f"{doc['kind']}\t{doc['record']}\t{one_line(doc['title'], 60)}\t{one_line(doc['snippet'], 80)}")
    if not hits:
        print(
            one_line(f"nothing matches {query!r} (typos and word forms are forgiven; try fewer words)"), file=sys.stderr
        )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add these commands' parsers, each beside its handler."""
    search = commands.add_parser("search", help="search records and claims (typos and word forms forgiven)")
    search.add_argument(
        "query", nargs="+", help="words; filters in:title|abstract|text|notes, kind:record|claim, tag:X, reviewer:X"
    )
    search.add_argument("--review", type=Path, help=REVIEW_HELP)
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--reviewer", help=VIEWER_HELP)
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    search.set_defaults(handler=_search)

    export = commands.add_parser("export", help="write claims or screening results in another format")
    export.add_argument("--format", required=True, choices=sorted(EXPORT_WRITERS))
    export.add_argument("--review", type=Path, help=REVIEW_HELP)
    export.add_argument("--tags", help="only claims with any of these tags (comma-separated)")
    export.add_argument("--reviewer", help="you, and only your claims (default: every claim you may see)")
    export.add_argument("-o", "--output", type=Path, help="the file to write (default, or -: standard output)")
    export.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    export.add_argument("--bom", action="store_true", help="start with a UTF-8 byte-order mark (for Excel)")
    export.set_defaults(handler=_export)

    claims_in = commands.add_parser("import-claims", help="read W3C Web Annotation JSON-LD (ours, Hypothesis)")
    claims_in.add_argument("file", type=Path)
    claims_in.add_argument("--review", type=Path, help=REVIEW_HELP)
    claims_in.add_argument("--reviewer", help="whose file they go into (default: as for the app)")
    claims_in.add_argument("--copies", action="store_true", help="make them your own copies, with new ids")
    claims_in.set_defaults(handler=_import_claims)

    command = commands.add_parser("claims", help="print the review's claims of every reviewer (yours only while blind)")
    command.add_argument("--review", type=Path, help=REVIEW_HELP)
    command.add_argument("--json", action="store_true", help="one JSON object per line")
    command.add_argument("--reviewer", help=VIEWER_HELP)
    command.set_defaults(handler=_claims)
