"""Command line: `reviewer [PATH]` opens the app; subcommands work headless (reviewer/commands/)."""

from __future__ import annotations

import argparse
import sys

from reviewer import __version__
from reviewer.commands import app, claims, corpus, extraction, ranking, suggestions, team
from reviewer.domain.errors import ReviewerError


class _Parser(argparse.ArgumentParser):
    commands: dict[str, argparse.ArgumentParser] = {}  # each command's own parser, set by build_parser


def build_parser() -> _Parser:
    parser = _Parser(
        prog="reviewer",
        description="Screen records, tag claims in source texts, export evidence. "
        "`reviewer [PATH]` opens the app on a review folder (default: the current folder "
        "if it is a review, else the bundled sample).",
    )
    parser.add_argument("--version", action="version", version=f"reviewer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in (app, corpus, claims, suggestions, extraction, team, ranking):
        group.register(commands)
    parser.commands = dict(commands.choices)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or (argv[0] not in parser.commands and argv[0] not in ("-h", "--help", "--version")):
        argv = ["open", *argv]
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # said with the command's own usage, not the top level's
        parser.commands[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        return args.handler(args)
    except BrokenPipeError:
        return 0
    except (ReviewerError, OSError) as error:
        print(f"reviewer: {error}", file=sys.stderr)
        return 1
