"""`suggest`: the claims the Reader would suggest on a record's text, or every sentence read."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reviewer.annotating.placing import reanchor
from reviewer.commands.common import REVIEW_HELP, VIEWER_HELP, print_json, review_of, state_of, text_of
from reviewer.review.identity import reviewer_name, slug
from reviewer.suggesting.learning import TeamModel
from reviewer.suggesting.suggest import read_sentences, suggestions
from reviewer.text.display import one_line


def _suggest(args: argparse.Namespace) -> int:
    review = review_of(args)
    full = text_of(review, args.record)
    team = state_of(review, args).team
    viewer = slug(reviewer_name(args.reviewer))
    model = TeamModel.learned_from(team.claims, team.rejections)  # what this reviewer may see
    tags = tuple(tag.key for tag in review.config.tags)
    own = [reanchor(c, full.text) for c in team.claims if c.record == full.id and slug(c.reviewer) == viewer]
    if args.all:
        found = read_sentences(full, tags, model, own)
    else:
        rejected = [r for r in team.rejections if r.record == full.id and slug(r.reviewer) == viewer]
        found = suggestions(full, tags, own, rejected, model)
    if not found and not args.all:  # said apart from the output, which stays empty for scripts
        print(
            f"{full.id}: nothing left to suggest (your accepted and rejected ones are not offered again)",
            file=sys.stderr,
        )
    for suggestion in found:
        if args.json:
            print_json(suggestion.to_json())
            continue
        scores = " ".join(
            f"{tag}={score:.2f}" for tag, score in sorted(suggestion.scores.items(), key=lambda kv: -kv[1])
        )
        shown = ",".join(suggestion.tags) or "-"
        page = f"p.{suggestion.page}" if suggestion.page else "-"
        flag = suggestion.flag or "-"
        print(
            f"{suggestion.start}-{suggestion.end}\t{page}\t{shown}\t{suggestion.causal}\t{flag}\t"
            + (f"{scores}\t" if args.all else "")
            + one_line(suggestion.exact, 100)
        )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add this command's parser beside its handler."""
    command = commands.add_parser(
        "suggest", help="the claims the Reader suggests on a record's text (tags, causal strength, caveat)"
    )
    command.add_argument("record", help="the record's id (its text or attached full text is read)")
    command.add_argument("--review", type=Path, help=REVIEW_HELP)
    command.add_argument("--reviewer", help=VIEWER_HELP)
    command.add_argument("--all", action="store_true", help="every sentence, with its tag scores, not only suggestions")
    command.add_argument("--json", action="store_true", help="one JSON object per line")
    command.set_defaults(handler=_suggest)
