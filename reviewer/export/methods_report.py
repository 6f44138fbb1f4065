"""The methods appendix: what RAISE (responsible AI in evidence synthesis, 2025) and PRISMA 2020
items 8 (selection process) and 16 (study selection) ask a review to report of the machine's
part and the people's: the software and its version, the ranking model and every setting, the
priors, every decision in the order made (who, and whether the record was offered by the
ranking), the stopping method and its statistic, what was left unscreened and how it was
counted, agreement between reviewers, and (asked for) a replay of the team's own decisions.

Every figure is read from the review's state, as `stats` and the PRISMA diagram are.
"""

from __future__ import annotations

import platform
from collections import Counter
from importlib import metadata
from typing import Any

from reviewer import __version__
from reviewer.domain.claim import SUGGESTED
from reviewer.domain.decision import EXCLUDE, INCLUDE, MAYBE, STAGES, TITLE_ABSTRACT, UNDECIDED, Decision
from reviewer.domain.document import now_iso
from reviewer.export.markdown import escape
from reviewer.team.agreement import pair_agreements
from reviewer.team.state import ReviewState
from reviewer.text.display import counted, inert, one_line

LIBRARIES = ("scikit-learn", "numpy", "scipy", "textual", "rapidfuzz", "tinydb", "rispy", "pypdfium2")
OFFERED = {
    "relevance": "offered by the relevance ranking",
    "unranked": "in relevance order before the model could rank",
    "file": "in file order",
    "year": "by year",
    "random": "in a random order",
    "random, out of turn": "in a random order, but not the next one (ending a random sample)",
    "keywords": "by inclusion keywords",
    "": "not decided in Screening (imported labels, adjudications) or not recorded",
}
REPLAY_SEED = 0


def report_data(state: ReviewState, replay: bool = False) -> dict[str, Any]:
    """The report as data (what `--format json` prints, and the Markdown is written from)."""
    from reviewer.ranking.model import SETTINGS
    from reviewer.ranking.stopping import METHOD

    review, counts = state.review, state.prisma()
    decisions = sorted((d for ds in state.team.decisions.values() for d in ds), key=lambda d: d.at)
    config = review.config
    data: dict[str, Any] = {
        "review": review.name,
        "generated": now_iso(),
        "software": _software(),
        "identification": {
            "records_identified": counts["records_identified"],
            "by_database": counts["identified_from_databases"],
            "from_other_sources": counts["identified_from_other_sources"],
            "duplicates_removed": counts["duplicates_removed"],
            "duplicates_removed_automatically": counts["duplicates_removed_automatically"],
            "marked_ineligible_by_automation": counts["marked_ineligible_by_automation"],
            "records_screened": counts["records_screened"],
        },
        "screening": {stage: _stage(state, stage, decisions) for stage in STAGES},
        "prioritisation": {
            "model": SETTINGS,
            "priors": _priors(decisions),
            "offered": {
                who: dict(Counter(d.offered for d in decisions if d.reviewer == who and d.role != "adjudicator"))
                for who in dict.fromkeys(d.reviewer for d in decisions if d.role != "adjudicator")  # screeners
            },
        },
        "stopping": _stopping(state, METHOD, config.recall_target, config.stopping_confidence),
        "agreement": {stage: [pair.to_json() for pair in pair_agreements(state.labels(stage))] for stage in STAGES},
        "claims": _claims(state),
        "decisions": [_decision(number, d) for number, d in enumerate(decisions, 1)],
    }
    if replay:
        data["replay"] = _replay(state)
    return data


def _claims(state: ReviewState) -> dict[str, Any]:
    """How the claims were made: tagged by hand, or accepted from the machine's suggestions."""
    claims, rejections = state.team.claims, state.team.rejections
    return {
        "by_hand": sum(claim.origin != SUGGESTED for claim in claims),
        "accepted_from_suggestions": sum(claim.origin == SUGGESTED for claim in claims),
        "suggestions_rejected": len(rejections),
        "suggestions_enabled": state.review.config.suggestions,
    }


def _software() -> dict[str, str]:
    found = {"reviewer": __version__, "python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def _stage(state: ReviewState, stage: str, decisions: list[Decision]) -> dict[str, Any]:
    counts = state.prisma()[stage]
    own = [d for d in decisions if d.stage == stage and d.role != "adjudicator" and d.decision != UNDECIDED]
    per_record = Counter(d.record for d in {(d.record, d.reviewer): d for d in own}.values())
    return {
        "records": len(state.at_stage[stage]),  # type: ignore[index]
        "reviewers": sorted({d.reviewer for d in own}),
        "records_screened_by_two_or_more": sum(1 for n in per_record.values() if n >= 2),
        "adjudications": sum(1 for d in decisions if d.stage == stage and d.role == "adjudicator"),
        "conflicts_open": len(state.conflicts(stage)),  # type: ignore[arg-type]
        "included": counts["included"],
        "excluded": counts["excluded"],
        "excluded_by_reason": counts["excluded_by_reason"],
        "maybe": counts["maybe"],
        "undecided": counts["undecided"],
    }


def _priors(decisions: list[Decision]) -> dict[str, list[dict[str, str]]]:
    """Per reviewer who screened by relevance, their title-abstract decisions before the first
    the ranking offered: what the model learnt from first (ASReview's "prior knowledge")."""
    found: dict[str, list[dict[str, str]]] = {}
    ranked: set[str] = set()
    for d in decisions:
        if d.stage != TITLE_ABSTRACT or d.role == "adjudicator" or d.reviewer in ranked:
            continue
        if d.offered == "relevance":
            ranked.add(d.reviewer)
        elif d.offered:
            found.setdefault(d.reviewer, []).append({"record": d.record, "decision": d.decision, "at": d.at})
    return {who: priors for who, priors in found.items() if who in ranked}


def _stopping(state: ReviewState, method: str, target: float, confidence: float) -> dict[str, Any]:
    end = state.stage_end
    ended = None
    if end is not None:
        ended = {
            "stage": end.stage,
            "by": end.reviewer,
            "at": end.at,
            "method": end.method,
            "statistic": end.statistic,
            "records_screened_then": end.screened,
            "records_marked": len(state.marked_by_rule),
        }
    history = [
        {"at": e.at, "by": e.reviewer, "ended": e.ended, "records": len(e.records), "statistic": e.statistic or None}
        for e in sorted(state.team.stage_ends, key=lambda e: e.at)
    ]
    return {
        "method": method,
        "history": history,
        "recall_target": target,
        "confidence": confidence,
        "asked": "after every decision, on the reviewer's own screening in Screening; on the team's "
        "when a stage is ended",
        "ended": ended,
        "counted_as": "PRISMA 2020: records marked as ineligible by automation tools (removed before screening), "
        "apart from reviewers' exclusions",
    }


def _decision(number: int, d: Decision) -> dict[str, Any]:
    return {
        "n": number,
        "at": d.at,
        "reviewer": d.reviewer,
        "role": d.role,
        "stage": d.stage,
        "record": d.record,
        "decision": d.decision,
        "reason": d.reason,
        "offered": d.offered or None,
    }


def _replay(state: ReviewState) -> dict[str, Any]:
    """The ranking replayed on the team's own title-abstract decisions as labels (seed 0, one
    included and one excluded record as priors): how early it would have found the included."""
    import numpy as np

    from reviewer.ranking.model import Features
    from reviewer.ranking.simulation import SimulationError, simulate
    from reviewer.ranking.stopping import replay

    final = state.final[TITLE_ABSTRACT]
    decided = [(r, f) for r in state.at_stage[TITLE_ABSTRACT] if isinstance(f := final.get(r), Decision)]
    records = [record for r, _ in decided if (record := state.review.record(r)) is not None]
    labels = [1 if f.decision in (INCLUDE, MAYBE) else 0 for _, f in decided]
    try:
        run = simulate(Features.of(records), labels, seed=REPLAY_SEED)
    except SimulationError as error:
        return {"done": False, "why": str(error)}
    config = state.review.config
    aid = replay(run.labels, config.recall_target, config.stopping_confidence, np.random.default_rng(REPLAY_SEED))
    return {
        "done": True,
        "records": len(labels),
        "relevant": sum(labels),
        "excluded": sum(1 for _, f in decided if f.decision == EXCLUDE),
        "seed": REPLAY_SEED,
        "priors": "1 included and 1 excluded record, chosen at random by the seed",
        "metrics": run.metrics.to_json(),
        "buscar_screened": run.stopped_at,
        "buscar_recall": run.recall_at_stop,
        "stopping_screened": int(aid.screened),
        "stopping_recall": int(aid.found) / max(1, sum(labels)),
        "stopping_drawn_at_random": int(aid.drawn),
    }


def markdown(data: dict[str, Any]) -> str:
    """The report in Markdown: prose a methods section can take, and the decisions as a table."""
    ident, stopping = data["identification"], data["stopping"]
    lines = [f"# Methods appendix: {escape(one_line(data['review']))}", "", f"Generated {data['generated'][:16]} UTC."]
    software = ", ".join(f"{name} {version}" for name, version in data["software"].items())
    lines += ["", "## Software", "", escape(software) + "."]
    lines += ["", "## Records (PRISMA 2020 item 16)", ""]
    databases = "; ".join(f"{escape(one_line(name))} {n}" for name, n in ident["by_database"].items()) or "none"
    lines.append(
        f"{ident['records_identified']} records were identified (databases: {databases}; other sources: "
        f"{ident['from_other_sources']}). {ident['duplicates_removed']} duplicates were removed "
        f"({ident['duplicates_removed_automatically']} sharing a PMID or DOI, "
        f"{ident['duplicates_removed'] - ident['duplicates_removed_automatically']} by reviewers), "
        f"{ident['marked_ineligible_by_automation']} records were marked as ineligible by automation tools "
        f"(the stopping rule), and {ident['records_screened']} records were screened."
    )
    lines += ["", "## Selection process (PRISMA 2020 item 8)", ""]
    for stage, s in data["screening"].items():
        reviewers = ", ".join(escape(one_line(r)) for r in s["reviewers"]) or "no one yet"
        lines.append(
            f"- {stage}: {s['records']} records; {s['included']} included, {s['excluded']} excluded, "
            f"{s['maybe']} maybe, {s['undecided']} undecided; screened by {reviewers}; "
            f"{s['records_screened_by_two_or_more']} records screened independently by two or more; "
            f"{s['adjudications']} adjudications; {s['conflicts_open']} conflicts open."
        )
    lines += ["", "## Prioritisation (RAISE)", "", "Records were offered most likely relevant first by a model:", ""]
    lines += [f"- {escape(name)}: {escape(text)}" for name, text in data["prioritisation"]["model"].items()]
    lines += ["", "How each reviewer's records were offered:", ""]
    if not data["prioritisation"]["offered"]:
        lines.append("No decision yet.")
    for who, offered in data["prioritisation"]["offered"].items():
        said = "; ".join(f"{counted(n, 'decision')} {OFFERED.get(k, k)}" for k, n in sorted(offered.items()))
        lines.append(f"- {escape(one_line(who))}: {said}")
    priors = data["prioritisation"]["priors"]
    if priors:
        lines += ["", "Priors (decided before the first record the ranking offered):", ""]
        lines += [f"- {escape(one_line(who))}: {counted(len(made), 'record')}" for who, made in priors.items()]
    lines += ["", "## Stopping", ""]
    lines.append(
        f"Stopping aid: {stopping['method']}, recall target {stopping['recall_target']:.0%}, confidence "
        f"{stopping['confidence']:.0%}, asked {escape(stopping['asked'])}."
    )
    ended = stopping["ended"]
    if ended:
        lines.append(
            f"Title-abstract screening was ended on its word by {escape(one_line(ended['by']))} ({ended['at'][:16]}, "
            f"{escape(one_line(ended['statistic']))}) after {ended['records_screened_then']} records were screened; "
            f"the {ended['records_marked']} records left unscreened are counted as {escape(stopping['counted_as'])}."
        )
    else:
        lines.append("Screening was not ended early on the stopping aid's word.")
    for event in stopping["history"]:
        what = f"ended, {event['records']} records marked ({event['statistic']})" if event["ended"] else "reopened"
        who = escape(one_line(event["by"]))
        lines.append(f"- {event['at'][:16]}: title-abstract screening {escape(one_line(what))} by {who}")
    lines += ["", "## Agreement", ""]
    for stage, pairs in data["agreement"].items():
        for pair in pairs:
            kappa = "undefined" if pair["cohen_kappa"] is None else f"{pair['cohen_kappa']:.2f}"
            who = " and ".join(escape(one_line(r)) for r in pair["reviewers"])
            lines.append(f"- {stage}, {who}: {pair['agreed']} of {pair['records_both_screened']} agreed, κ {kappa}")
    if not any(data["agreement"].values()):
        lines.append("No record was screened by two reviewers.")
    lines += ["", "## Claims and the machine's suggestions (RAISE)", ""]
    claims = data["claims"]
    lines.append(
        f"{claims['by_hand']} claims were tagged by hand and {claims['accepted_from_suggestions']} accepted from "
        f"suggestions; {claims['suggestions_rejected']} suggestions were rejected. Suggestions "
        + (
            "were offered in the Reader: sentences scored for each tag by cue-word rules and by per-tag logistic "
            "regressions learnt from the team's own claims and rejections, each graded for causal strength "
            "(Yu et al. 2019) by a logistic regression trained on sentences written and labelled for the "
            "software (shipped with it), all on the reviewers' machines; every suggestion was accepted or "
            "rejected by a reviewer."
            if claims["suggestions_enabled"]
            else "were switched off in review.toml."
        )
    )
    if "replay" in data:
        lines += ["", "## Replay of the team's decisions", "", _replay_text(data["replay"])]
    lines += ["", "## Decisions in the order made", ""]
    lines += ["| # | When | Reviewer | Role | Stage | Record | Decision | Reason | Offered |", "|" + " --- |" * 9]
    for d in data["decisions"]:
        cells = [str(d["n"]), d["at"][:19], d["reviewer"], d["role"], d["stage"], d["record"], d["decision"]]
        cells += [d["reason"], d["offered"] or ""]
        lines.append("| " + " | ".join(escape(one_line(c)) for c in cells) + " |")
    return inert("\n".join(lines) + "\n")


def _replay_text(replay: dict[str, Any]) -> str:
    if not replay["done"]:
        return f"Not replayed: {escape(one_line(replay['why']))}"
    metrics = replay["metrics"]
    buscar = (
        f"BUSCAR's test of the ranking would have passed after {replay['buscar_screened']} records"
        if replay["buscar_screened"]
        else "BUSCAR's test of the ranking would not have passed"
    )
    stop = (
        f"{buscar}; the stopping aid, confirmed by {replay['stopping_drawn_at_random']} records drawn at random, "
        f"would have said stop after {replay['stopping_screened']} records, at {replay['stopping_recall']:.1%} recall"
    )
    return (
        f"The ranking was replayed on the team's own title-abstract decisions as labels ({replay['records']} "
        f"records, {replay['relevant']} included or maybe; seed {replay['seed']}, {replay['priors']}): "
        f"WSS@95 {metrics['wss@95']:.1%}, WSS@100 {metrics['wss@100']:.1%}, RRF@10 {metrics['rrf@10']:.1%}; {stop}."
    )
