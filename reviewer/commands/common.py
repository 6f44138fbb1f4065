"""What every command shares: finding the review, reading its state as the viewer may see it,
the reviewer's store, and printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from reviewer.domain.record import Record
from reviewer.export import export_to_file
from reviewer.persistence.store import ReviewerStore
from reviewer.review.folder import Review, ReviewError, find_review
from reviewer.review.identity import reviewer_name, slug
from reviewer.team.snapshot import EVERYONE, TeamSnapshot
from reviewer.team.state import ReviewState
from reviewer.text.display import one_line, safe_json

REVIEW_HELP = "the review folder (default: current folder if a review, else the sample)"
VIEWER_HELP = "you (default: as for the app); while the review is blind you see only your own work"


def review_of(args: argparse.Namespace) -> Review:
    """The review a headless command works on; one run outside any review says it used the sample."""
    review = find_review(args.review)
    if review.is_sample:
        print(
            "no review here: this is the bundled sample (give --review PATH, or run it inside a review folder)",
            file=sys.stderr,
        )
    return review


def state_of(review: Review, args: argparse.Namespace, needs_everyone: str = "") -> ReviewState:
    """The review's state, from the team's files read once as the reviewer running the command
    may see them: while the review is blind, their own work only (adjudicators see everyone's),
    and whose view it is is said. A command that `needs_everyone` is refused to a blind viewer;
    files left out are named on stderr."""
    name = reviewer_name(getattr(args, "reviewer", None))
    viewer = slug(name)
    colleagues = set(review.reviewer_slugs()) - {viewer}  # alone in a review, everyone's is one's own
    if needs_everyone and colleagues and not review.config.sees_everyone(viewer):
        raise ReviewError(
            f"{needs_everyone} shows every reviewer's decisions: while the review is blind, only its "
            "adjudicators may (review.toml: [screening] adjudicators, or blind = false)"
        )
    state = ReviewState.read(review, viewer)
    for problem in state.problems:
        print(f"warning: {one_line(problem)}", file=sys.stderr)
    if state.blind and colleagues:
        print(
            one_line(
                f"blind review: showing what {name} may see: their own "
                "decisions and claims, and the adjudicators' settlements (not you? --reviewer YOUR NAME)"
            ),
            file=sys.stderr,
        )
    return state


@contextmanager
def store_of(review: Review, reviewer: str | None) -> Iterator[ReviewerStore]:
    """The reviewer's own store, open for writing while the block runs."""
    name = reviewer_name(reviewer)
    store = review.open_store(slug(name), name)
    try:
        yield store
    finally:
        store.close()


def print_json(doc: dict) -> None:
    print(safe_json(doc))


def write_out(args: argparse.Namespace, text: str | bytes) -> None:
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


def text_of(review: Review, record_id: str) -> Record:
    """The record `record_id` with its source text as the Reader shows it (refused, saying how
    to attach one, when it has none)."""
    record = review.record(record_id)
    if record is None:
        raise ReviewError(f"{record_id}: no record with this id in the review")
    full = review.full_text_of(record)
    if full is None:
        raise ReviewError(f"{record_id} has no full text: attach one with `reviewer attach FILE --to {record_id}`")
    return full


def title_of(review: Review, record_id: str) -> str:
    record = review.record(record_id)
    return record.title if record else ""


def state_of_everyone(review: Review) -> ReviewState:
    """The review's state from every reviewer's file, for what no single reviewer's view
    decides (which copy of a duplicate is kept); never to show anyone's decisions."""
    return ReviewState.of(review, team_of_everyone(review))


def team_of_everyone(review: Review) -> TeamSnapshot:
    """Every reviewer's file read whole, for a command that checks against all of them (never
    to show them): a colleague's file left out is named on stderr, as every command does."""
    team = TeamSnapshot.read(review, EVERYONE)
    for problem in team.problems:
        print(f"warning: {one_line(problem)}", file=sys.stderr)
    return team
