"""The relevance ranking: `rank` (your undecided records, likely included first) and `simulate`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reviewer.commands.common import REVIEW_HELP, print_json, review_of, state_of, store_of
from reviewer.domain.decision import STAGES
from reviewer.review.folder import ReviewError
from reviewer.review.identity import reviewer_name, slug
from reviewer.text.display import one_line


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
        print_json(replay.to_json())
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
    total, relevant = len(simulation.order), max(1, sum(simulation.labels))
    aid = f"recall ≥ {DEFAULT_TARGET:.0%} at {DEFAULT_CONFIDENCE:.0%} confidence"
    if simulation.stopped_at is not None and simulation.recall_at_stop is not None:
        print(
            f"  BUSCAR's test of the ranking ({aid}): passed after {simulation.stopped_at:,} records "
            f"({simulation.stopped_at / total:.1%}), recall there {simulation.recall_at_stop:.1%}"
        )
    confirmed = replay.confirmed
    print(
        f"  stopping aid ({METHOD}, {aid}): stop after {confirmed.screened:,} records "
        f"({confirmed.screened / total:.1%}, {confirmed.drawn:,} of them drawn at random), "
        f"recall there {confirmed.found / relevant:.1%}"
    )
    print(text_curve(simulation.recall, replay.stopped_after_priors))
    if args.plot:
        print(f"recall curve saved to {args.plot}", file=sys.stderr)
    return 0


def _rank(args: argparse.Namespace) -> int:
    from reviewer.ranking.live import FeatureCache  # scikit-learn loads only here
    from reviewer.screening.decision_log import ReadOnlyLog
    from reviewer.screening.session import Screening

    review = review_of(args)
    name = reviewer_name(args.reviewer)
    viewer = slug(name)
    state = state_of(review, args)  # as for every command: a colleague's damaged file is named
    screening = Screening(state, ReadOnlyLog(viewer, name, state.team.decisions.get(viewer, [])), args.stage)
    job = screening.ranking_job()
    ranking = job.run(FeatureCache())
    by_id = {r.id: r for r in job.records}
    if args.json:
        ranked_by = "relevance" if job.can_rank else "file order"
        print_json(
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
    order = "the likely included first" if job.can_rank else "in file order"
    print(f"{args.stage}: {len(ranking.ranked):,} undecided, {order}")
    print(one_line(f"stopping aid: {ranking.stopping.summary}"))
    for place, record_id in enumerate(ranking.ranked[: args.limit], 1):
        print(f"{place:>6}  " + one_line(f"{record_id} · {by_id[record_id].shown_title}", 150))
    return 0


def _end_screening(args: argparse.Namespace) -> int:
    from reviewer.screening.stage_end import end_stage, reopen, team_estimate

    review = review_of(args)
    if review.is_sample:
        raise ReviewError("the bundled sample's screening is not ended: give --review PATH")
    state = state_of(review, args)
    if args.check:  # only reads: no reviewer file opened, none made
        aid = team_estimate(state)
        whose = (
            "the team's screening"
            if review.config.sees_everyone(slug(reviewer_name(args.reviewer)))
            else "your screening"
        )
        print(one_line(f"the stopping aid on {whose}: {aid.summary}"))
        return 0 if aid.safe_to_stop else 1
    with store_of(review, args.reviewer) as store:
        if args.take_back:
            reopen(state, store)
            print(f"title-abstract screening open again: {len(state.marked_by_rule)} records undecided again")
            return 0
        ended = end_stage(state, store)
    print(
        one_line(
            f"title-abstract screening ended on the stopping aid's word ({ended.statistic}): {len(ended.records)} "
            "records left unscreened are marked as excluded by the stopping rule (PRISMA: records marked as "
            "ineligible by automation tools); reviewer end-screening --take-back reopens it"
        )
    )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add these commands' parsers, each beside its handler."""
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
    rank.add_argument("--review", type=Path, help=REVIEW_HELP)
    rank.add_argument("--reviewer", help="you: the ranking learns from your decisions only")
    rank.add_argument("--stage", choices=STAGES, default=STAGES[0])
    rank.add_argument("--limit", type=int, default=20, metavar="N", help="how many to print (default 20)")
    rank.add_argument("--json", action="store_true", help="the whole ranking and the stopping aid as JSON")
    rank.set_defaults(handler=_rank)

    end = commands.add_parser(
        "end-screening", help="end title-abstract screening on the stopping aid's word (or --take-back)"
    )
    end.add_argument("--review", type=Path, help=REVIEW_HELP)
    end.add_argument("--reviewer", help="you (in a team, an adjudicator)")
    either = end.add_mutually_exclusive_group()
    either.add_argument("--check", action="store_true", help="only say what the aid says (exit 0 when reached)")
    either.add_argument("--take-back", action="store_true", help="reopen it: the marked records undecided again")
    end.set_defaults(handler=_end_screening)
