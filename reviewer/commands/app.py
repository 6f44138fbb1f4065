"""Opening the app, and making a review folder: `reviewer [open] [PATH]`, `reviewer init`."""

from __future__ import annotations

import argparse
from pathlib import Path

from reviewer.commands.common import (
    REVIEW_HELP,
)
from reviewer.persistence.read_only import ReadOnlyStore
from reviewer.persistence.store import ReviewerStore
from reviewer.review.folder import Review, find_review, init_review
from reviewer.review.identity import reviewer_name, slug
from reviewer.team.sync import SyncError, recover_interrupted_sync
from reviewer.text.display import one_line


def _open(args: argparse.Namespace) -> int:
    review = find_review(args.path)
    name = reviewer_name(args.reviewer)
    if args.read_only:
        store: ReviewerStore = ReadOnlyStore.open_read_only(review.annotations_dir, slug(name), name)
        notices: tuple[str, ...] = ("Read only: you can look and try, but nothing you do is saved",)
    else:
        notices = _mended_before_opening(review, slug(name))
        store = review.open_store(slug(name), name, retry_forever=True)
    from reviewer.tui.app import ReviewerApp  # Textual loads only for the app itself

    app = ReviewerApp(review, store, notices)
    try:
        app.run()
    finally:
        store.close()
    return app.return_code or 0  # non-zero when the app ended on an error


def _mended_before_opening(review: Review, viewer: str) -> tuple[str, ...]:
    """A sync cut off mid-pull is undone before your file is read (else the app could open on an
    older copy of it); what was done, or what is in the way, to say when the app opens."""
    if review.is_sample:
        return ()
    try:
        return tuple(recover_interrupted_sync(review, viewer))
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


def register(commands: argparse._SubParsersAction) -> None:
    """Add these commands' parsers, each beside its handler."""
    open_ = commands.add_parser("open", help="open the app (the default command)")
    open_.add_argument("path", nargs="?", type=Path, help=REVIEW_HELP)
    open_.add_argument("--reviewer", help="your name (default: $REVIEWER, git user.name, login)")
    open_.add_argument(
        "--read-only", action="store_true", help="look without writing (a file with a damaged journal opens so)"
    )
    open_.set_defaults(handler=_open)

    init = commands.add_parser("init", help="create an empty review folder")
    init.add_argument("path", type=Path)
    init.add_argument("--name", help="the review's name (default: the folder's name)")
    init.set_defaults(handler=_init)
