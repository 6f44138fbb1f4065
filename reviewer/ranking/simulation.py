"""Replaying a labelled file as one reviewer would screen it in the app's order.

Priors first (a few random included and excluded records, as ASReview starts), then always the
undecided record the model ranks highest, retrained after every decision, as the Screening
screen presents them. The stopping aid is asked after every decision. Once every relevant record
is found and the aid has said stop, the rest (all irrelevant) follow the last ranking without
retraining: no metric depends on their order, and the run takes a fraction of the time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from reviewer.domain.decision import FULL_TEXT, INCLUDE, MAYBE, Stage
from reviewer.domain.errors import ReviewerError
from reviewer.formats import read_file
from reviewer.ranking.metrics import Metrics, measure, recall_curve
from reviewer.ranking.model import Features, Ranker, place_unreadable
from reviewer.ranking.stopping import BUSCAR, DEFAULT_CONFIDENCE, DEFAULT_TARGET, METHOD, Replayed, p_value, replay


class SimulationError(ReviewerError):
    """The labelled file cannot be simulated (too few labels of a kind); the message says why."""


@dataclass(frozen=True)
class Simulation:
    order: list[int]  # positions in the file, in the order screened, priors first
    priors: int
    labels: list[int]  # 1/0 for each record of `order`
    metrics: Metrics
    stopped_at: int | None  # records screened (priors included) when the aid first said stop
    recall_at_stop: float | None
    p_values: list[float] = field(default_factory=list)  # after each decision past the priors

    @property
    def recall(self) -> np.ndarray:
        return recall_curve(np.asarray(self.labels[self.priors :]))


def choose_priors(labels: Sequence[int], included: int, excluded: int, seed: int) -> list[int]:
    """`included` random relevant and `excluded` random irrelevant positions, relevant first."""
    if seed < 0:
        raise SimulationError(f"--seed is a whole number from 0 up, not {seed}")
    rng = np.random.default_rng(seed)
    relevant = [i for i, label in enumerate(labels) if label]
    irrelevant = [i for i, label in enumerate(labels) if not label]
    if len(relevant) < max(included, 1) or len(irrelevant) < max(excluded, 1):
        raise SimulationError(
            f"the file has {len(relevant)} included and {len(irrelevant)} excluded records; "
            f"the simulation starts from {max(included, 1)} included and {max(excluded, 1)} excluded"
        )
    if included < 1 or excluded < 1:
        raise SimulationError("the model starts from at least one included and one excluded record")
    if included + excluded >= len(labels):
        raise SimulationError(
            f"the priors ({included} included, {excluded} excluded) take all {len(labels)} labelled records: "
            "nothing is left to screen in the model's order"
        )

    return [int(i) for i in rng.choice(relevant, included, replace=False)] + [
        int(i) for i in rng.choice(irrelevant, excluded, replace=False)
    ]


def screening_order(
    ranker: Ranker,
    truth: np.ndarray,
    order: list[int],
    settled: Callable[[list[int]], bool],
    retrain_every: Callable[[int], int] = lambda screened: 1,
) -> Iterator[int]:
    """Extend `order` (the priors) as Screening offers the records, yielding each one taken:
    the latest ranking's best, the model retrained after `retrain_every(screened)` decisions
    and the wordless records placed again after every one. Once `settled(order)` holds when
    the model is retrained, the rest are appended in that ranking's order, unyielded."""
    unreadable = ranker.features.unreadable
    undecided = np.ones(len(truth), dtype=bool)
    undecided[order] = False
    while undecided.any():
        relevant = [i for i in order if truth[i]]
        irrelevant = [i for i in order if not truth[i]]
        scores = ranker.scores(relevant, irrelevant, truth[order].astype(bool))
        if settled(order):
            rest = np.flatnonzero(undecided)
            order.extend(int(i) for i in rest[np.argsort(-scores[rest], kind="stable")])
            return
        for _ in range(retrain_every(len(order))):
            candidates = np.flatnonzero(undecided)
            if not candidates.size:
                return
            placed = place_unreadable(scores, unreadable, relevant, irrelevant, truth[order].astype(bool))
            best = int(candidates[np.argmax(placed[candidates])])  # ties: the first in the file
            order.append(best)
            undecided[best] = False
            (relevant if truth[best] else irrelevant).append(best)
            yield best


def simulate(
    features: Features,
    labels: Sequence[int],
    seed: int = 0,
    prior_included: int = 1,
    prior_excluded: int = 1,
    target: float = DEFAULT_TARGET,
    confidence: float = DEFAULT_CONFIDENCE,
) -> Simulation:
    """Screen every record in the order the app would present them."""
    truth = np.asarray(labels, dtype=np.int64)
    total = len(truth)
    relevant_total = int(truth.sum())
    order = choose_priors(truth.tolist(), prior_included, prior_excluded, seed)
    p_values: list[float] = []
    stopped_at: int | None = None

    def settled(order: list[int]) -> bool:  # the aid has said stop and nothing relevant is left
        return stopped_at is not None and int(truth[order].sum()) == relevant_total

    for _ in screening_order(Ranker(features), truth, order, settled):
        p = p_value(truth[order], total, target)
        p_values.append(p)
        if stopped_at is None and p < 1 - confidence:
            stopped_at = len(order)
    screened = truth[order].tolist()
    recall_at_stop = None if stopped_at is None else sum(screened[:stopped_at]) / relevant_total
    priors = prior_included + prior_excluded
    return Simulation(order, priors, screened, measure(screened[priors:]), stopped_at, recall_at_stop, p_values)


@dataclass(frozen=True)
class Replay:
    """A simulation of a labelled file, with the records' places in the file."""

    file: Path
    stage: Stage
    seed: int
    positions: list[int]  # for each record simulated, its 0-based place among the file's records
    simulation: Simulation
    notes: list[str]
    confirmed: Replayed  # where the aid stops once a random sample (seeded by `seed`) confirms BUSCAR

    @property
    def stopped_after_priors(self) -> int | None:
        """Where the stopping aid said stop, counted after the priors (as the recall curve is)."""
        stopped = self.simulation.stopped_at
        return None if stopped is None else max(0, stopped - self.simulation.priors)

    def to_json(self) -> dict:
        simulation = self.simulation
        return {
            "file": str(self.file),
            "stage": self.stage,
            "seed": self.seed,
            "records": len(simulation.order),
            "included": sum(simulation.labels),
            "priors": simulation.priors,
            "metrics": simulation.metrics.to_json(),
            "stopping": {
                "method": METHOD,
                "recall_target": DEFAULT_TARGET,
                "confidence": DEFAULT_CONFIDENCE,
                "screened": int(self.confirmed.screened),
                "recall": int(self.confirmed.found) / max(1, sum(simulation.labels)),
                "drawn_at_random": int(self.confirmed.drawn),
                "buscar": {"method": BUSCAR, "screened": simulation.stopped_at, "recall": simulation.recall_at_stop},
            },
            "order": [self.positions[i] for i in simulation.order],
        }


def replay_file(path: Path, stage: Stage, seed: int = 0, prior_included: int = 1, prior_excluded: int = 1) -> Replay:
    """Simulate screening the labelled records of the file at `path` (labels read as
    `import --as-reviewer` reads them; an include or a maybe counts as relevant)."""
    result = read_file(path, path.name)
    labels = result.full_text_labels if stage == FULL_TEXT else result.labels
    place = {record.id: i for i, record in enumerate(result.records)}
    records = [r for r in result.records if r.id in labels]
    if not records:
        raise SimulationError(f"{path}: no record carries a {stage} label (a column such as label_included)")
    notes = []
    if len(records) < len(result.records):
        notes.append(f"{path.name}: {len(result.records) - len(records):,} records without a {stage} label left out")
    truth = [1 if labels[r.id] in (INCLUDE, MAYBE) else 0 for r in records]
    simulation = simulate(Features.of(records), truth, seed, prior_included, prior_excluded)
    confirmed = replay(simulation.labels, DEFAULT_TARGET, DEFAULT_CONFIDENCE, np.random.default_rng(seed))
    return Replay(path, stage, seed, [place[r.id] for r in records], simulation, notes, confirmed)
