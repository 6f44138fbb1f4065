"""Ranking while a reviewer screens: a job the Screening screen has run after every decision,
the ranking it gives back, and the process that runs the jobs.

The job carries copies of what it needs (the reviewer's own labels, nobody else's: dual
screening stays independent), so the screen never waits and never shares state with it. The
features are fitted once per set of records and kept in a `FeatureCache`.

Training holds the GIL for as long as it takes (a third of a second with 6,000 decisions on
10,000 records): in a thread it would take the UI's turn and a keypress would wait for it. So
the app runs the jobs in a process of its own (`RankingProcess`), which keeps the features
between jobs: a job sends the records once, then only their ids and the labels.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reviewer.domain.record import Record

if TYPE_CHECKING:  # NumPy, SciPy and scikit-learn load where jobs run, not in the app
    from reviewer.ranking.model import Features
    from reviewer.ranking.stopping import StoppingEstimate


class NeedsRecords(LookupError):
    """The features of these records are not at hand: send the job again with its records."""


class FeatureCache:
    """The features of the records last asked for, fitted again only when they change; kept
    on disk too (`model.features_on_disk`), so a review's are fitted once, not per session."""

    def __init__(self, on_disk: bool = True) -> None:
        self._lock = threading.Lock()
        self._features: Features | None = None
        self._rows: dict[str, int] = {}
        self._on_disk = on_disk

    def get(self, ids: tuple[str, ...], records: Sequence[Record] = ()) -> tuple[Features, dict[str, int]]:
        """The features of the records `ids`, fitted from `records` when not at hand."""
        from reviewer.ranking.model import Features, features_on_disk

        with self._lock:
            if self._features is None or self._features.ids != ids:
                if not records:
                    raise NeedsRecords("the features of these records are not at hand")
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
    ids: tuple[str, ...]  # the stage's records
    records: tuple[Record, ...]  # the same records, to fit their features; () once they are fitted
    relevant: tuple[str, ...]  # this reviewer's includes (and maybes) at the stage
    irrelevant: tuple[str, ...]
    screened: tuple[bool, ...]  # relevant or not, in the order decided (for the stopping aid)
    target: float
    confidence: float

    @property
    def can_rank(self) -> bool:
        return bool(self.relevant) and bool(self.irrelevant)

    def run(self, cache: FeatureCache) -> Ranking:
        import numpy as np

        from reviewer.ranking.model import Ranker
        from reviewer.ranking.stopping import estimate

        started = time.perf_counter()
        stopping = estimate(self.screened, len(self.ids), self.target, self.confidence)
        decided = {*self.relevant, *self.irrelevant}
        undecided = [i for i in self.ids if i not in decided]
        if not self.can_rank:
            return Ranking(self.generation, tuple(undecided), stopping, time.perf_counter() - started)
        features, rows = cache.get(self.ids, self.records)
        scores = Ranker(features).scores([rows[i] for i in self.relevant], [rows[i] for i in self.irrelevant])
        candidates = np.fromiter((rows[i] for i in undecided), dtype=np.int64, count=len(undecided))
        best_first = candidates[np.argsort(-scores[candidates], kind="stable")]
        ranked = tuple(features.ids[row] for row in best_first)
        return Ranking(self.generation, ranked, stopping, time.perf_counter() - started)


_CHILD_CACHE: FeatureCache | None = None  # in the ranking process: the features, kept between jobs


def _run_in_child(job: RankingJob) -> Ranking:
    global _CHILD_CACHE
    if _CHILD_CACHE is None:
        _CHILD_CACHE = FeatureCache()
    return job.run(_CHILD_CACHE)


def _start_process() -> ProcessPoolExecutor:
    """A pool of one spawned process (fork is unsafe beside threads), started now. Python's
    resource tracker, started with it, hands on the standard error's file descriptor, which a
    Textual app has replaced by a stream without one: the real one is lent for the start."""
    shown = sys.stderr
    try:
        sys.stderr = sys.__stderr__
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        pool.submit(int).result()
    finally:
        sys.stderr = shown
    return pool


class RankingProcess:
    """Runs ranking jobs in a process of its own (started on the first job; `close` ends it).
    `rank` blocks until the ranking is ready: call it from a worker thread."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._sent: tuple[str, ...] | None = None  # the records the process has
        self._lock = threading.Lock()

    def rank(self, job: RankingJob) -> Ranking:
        with self._lock:
            if self._pool is None:
                self._pool = _start_process()
                self._sent = None
            pool = self._pool
            light = replace(job, records=()) if job.ids == self._sent else job
        try:
            ranking = pool.submit(_run_in_child, light).result()
        except NeedsRecords:  # the process started again, or had other records
            ranking = pool.submit(_run_in_child, job).result()
        except BrokenProcessPool:
            with self._lock:
                self._pool = None
            raise
        with self._lock:
            self._sent = job.ids
        return ranking

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
