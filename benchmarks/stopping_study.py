"""Stopping rules replayed on the labelled sets (issue #29).

Work in progress: the replay part.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from benchmarks.prioritisation import DATASETS, labelled
from reviewer.ranking.model import Features, Ranker
from reviewer.ranking.simulation import choose_priors

CACHE = Path(os.environ.get("STOPPING_ORDERS", "/tmp/stopping-orders"))
SCHEDULE = "batch50"  # retrain after every max(1, screened // 50) decisions
_FEATURES: dict[str, tuple[Features, np.ndarray]] = {}


def step(screened: int) -> int:
    """Decisions taken from one ranking before the model is retrained."""
    return max(1, screened // 50)


def set_data(path: Path) -> tuple[Features, np.ndarray]:
    if path.stem not in _FEATURES:
        records, labels = labelled(path)
        _FEATURES[path.stem] = (Features.of(records), np.asarray(labels, dtype=np.int8))
    return _FEATURES[path.stem]


def replay(path: Path, seed: int, per_decision: bool = False) -> np.ndarray:
    """The records' positions in the order screened: priors, then the model's order, retrained
    after every `step` decisions (every decision with `per_decision`), until every relevant
    record is found; the rest (all irrelevant) in the last ranking's order."""
    features, truth = set_data(path)
    total, relevant_total = len(truth), int(truth.sum())
    ranker = Ranker(features)
    order = choose_priors(truth.tolist(), 1, 1, seed)
    undecided = np.ones(total, dtype=bool)
    undecided[order] = False
    found = int(truth[order].sum())
    while undecided.any():
        relevant = [i for i in order if truth[i]]
        irrelevant = [i for i in order if not truth[i]]
        scores = ranker.scores(relevant, irrelevant)
        candidates = np.flatnonzero(undecided)
        ranked = candidates[np.argsort(-scores[candidates], kind="stable")]  # ties: the first in the file
        take = len(ranked) if found == relevant_total else (1 if per_decision else step(len(order)))
        chosen = ranked[:take]
        order.extend(int(i) for i in chosen)
        undecided[chosen] = False
        found += int(truth[chosen].sum())
    return np.asarray(order, dtype=np.int32)


def cached_order(job: tuple[str, int, bool]) -> tuple[str, int, float]:
    name, seed, per_decision = job
    path = DATASETS / f"{name}.csv"
    file = CACHE / f"{name}-{seed}-{'each' if per_decision else SCHEDULE}.npy"
    if file.exists():
        return name, seed, 0.0
    started = time.perf_counter()
    order = replay(path, seed, per_decision)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = file.with_suffix(".part.npy")
    np.save(partial, order)
    partial.replace(file)
    return name, seed, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=45)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--per-decision", action="store_true")
    parser.add_argument("--sets", nargs="*")
    args = parser.parse_args()
    names = args.sets or sorted(p.stem for p in DATASETS.glob("*.csv"))
    jobs = [(n, s, args.per_decision) for s in range(args.seeds) for n in names]
    with Pool(args.jobs) as pool:
        for name, seed, took in pool.imap_unordered(cached_order, jobs):
            print(f"{name} {seed} {took:.1f}s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
