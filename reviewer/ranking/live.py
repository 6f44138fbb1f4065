"""Ranking while a reviewer screens: a job the Screening screen runs in the background after
every decision, and the ranking it gives back.

The job carries copies of what it needs (the reviewer's own labels, nobody else's: dual
screening stays independent), so the screen never waits and never shares state with it. The
features are fitted once per set of records and kept in a `FeatureCache` shared by the jobs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from reviewer.domain.record import Record
from reviewer.ranking.model import Features, Ranker, features_on_disk
from reviewer.ranking.stopping import StoppingEstimate, estimate


class FeatureCache:
    """The features of the records last asked for, fitted again only when they change; kept
    on disk too (`model.features_on_disk`), so a review's are fitted once, not per session."""

    def __init__(self, on_disk: bool = True) -> None:
        self._lock = threading.Lock()
        self._features: Features | None = None
        self._rows: dict[str, int] = {}
        self._on_disk = on_disk

    def get(self, records: Sequence[Record]) -> tuple[Features, dict[str, int]]:
        ids = tuple(r.id for r in records)
        with self._lock:
            if self._features is None or self._features.ids != ids:
                self._features = features_on_disk(records) if self._on_disk else Features.of(records)
                self._rows = {record_id: row for row, record_id in enumerate(ids)}
            return self._features, self._rows


@dataclass(frozen=True)
class Ranking:
    generation: int  # which job: an older one arriving late is dropped
    ranked: tuple[str, ...]  # the records undecided when the job started, most likely relevant first
    stopping: StoppingEstimate
    seconds: float  # to fit (if needed), train and rank


@dataclass(frozen=True)
class RankingJob:
    generation: int
    records: tuple[Record, ...]  # the stage's records
    relevant: tuple[str, ...]  # this reviewer's includes (and maybes) at the stage
    irrelevant: tuple[str, ...]
    screened: tuple[bool, ...]  # relevant or not, in the order decided (for the stopping aid)
    target: float
    confidence: float

    @property
    def can_rank(self) -> bool:
        return bool(self.relevant) and bool(self.irrelevant)

    def run(self, cache: FeatureCache) -> Ranking:
        started = time.perf_counter()
        stopping = estimate(self.screened, len(self.records), self.target, self.confidence)
        decided = {*self.relevant, *self.irrelevant}
        undecided = [r.id for r in self.records if r.id not in decided]
        if not self.can_rank:
            return Ranking(self.generation, tuple(undecided), stopping, time.perf_counter() - started)
        features, rows = cache.get(self.records)
        scores = Ranker(features).scores([rows[i] for i in self.relevant], [rows[i] for i in self.irrelevant])
        candidates = np.fromiter((rows[i] for i in undecided), dtype=np.int64, count=len(undecided))
        best_first = candidates[np.argsort(-scores[candidates], kind="stable")]
        ranked = tuple(features.ids[row] for row in best_first)
        return Ranking(self.generation, ranked, stopping, time.perf_counter() - started)
