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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from reviewer.domain.errors import ReviewerError
from reviewer.domain.record import Record

if TYPE_CHECKING:  # NumPy, SciPy and scikit-learn load where jobs run, not in the app
    from reviewer.ranking.model import Features
    from reviewer.ranking.stopping import StoppingEstimate


class NeedsRecords(LookupError):
    """The features of these records are not at hand: send the job again with its records."""


class FeatureCache:
    """The features of the records last asked for, fitted again only when they change; kept
    on disk too (`model.features_on_disk`), so a review's are fitted once, not per session."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._features: Features | None = None
        self._rows: dict[str, int] = {}

    def get(self, ids: tuple[str, ...], records: Sequence[Record] = ()) -> tuple[Features, dict[str, int]]:
        """The features of the records `ids`, fitted from `records` when not at hand."""
        from reviewer.ranking.model import features_on_disk

        with self._lock:
            if self._features is None or self._features.ids != ids:
                if not records:
                    raise NeedsRecords("the features of these records are not at hand")
                self._features = features_on_disk(records)
                self._rows = {record_id: row for row, record_id in enumerate(ids)}
            return self._features, self._rows


@dataclass(frozen=True)
class Ranking:
    generation: int  # which job: an older one arriving late is dropped
    ranked: tuple[str, ...]  # the records undecided when the job started, most likely relevant first
    stopping: StoppingEstimate


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
    offered: tuple[str, ...] = ()  # how each of `screened` was offered: a run in random order is a sample

    @property
    def can_rank(self) -> bool:
        return bool(self.relevant) and bool(self.irrelevant)

    def run(self, cache: FeatureCache) -> Ranking:
        import numpy as np

        from reviewer.ranking.model import Ranker
        from reviewer.ranking.stopping import estimate, sample_of

        sample = sample_of(self.screened, self.offered, len(self.ids))
        stopping = estimate(self.screened, len(self.ids), self.target, self.confidence, sample)
        decided = {*self.relevant, *self.irrelevant}
        undecided = [i for i in self.ids if i not in decided]
        if not self.can_rank:
            return Ranking(self.generation, tuple(undecided), stopping)
        features, rows = cache.get(self.ids, self.records)
        scores = Ranker(features).scores(
            [rows[i] for i in self.relevant], [rows[i] for i in self.irrelevant], self.screened
        )
        candidates = np.fromiter((rows[i] for i in undecided), dtype=np.int64, count=len(undecided))
        best_first = candidates[np.argsort(-scores[candidates], kind="stable")]
        ranked = tuple(features.ids[row] for row in best_first)
        return Ranking(self.generation, ranked, stopping)


class RankingStopped(ReviewerError):
    """The ranking process ended (the app is closing, or it failed): no ranking this time."""


def _serve(connection: Connection) -> None:
    """The ranking process: run each job it is sent, keeping the features between jobs."""
    cache = FeatureCache()
    while True:
        try:
            job = connection.recv()
        except EOFError:  # the app has gone
            return
        try:
            connection.send(("ranked", job.run(cache)))
        except NeedsRecords:
            connection.send(("needs records", None))
        except Exception as error:  # noqa: BLE001 - handed to the app, which shows and logs it
            connection.send(("failed", error))


class RankingProcess:
    """Runs ranking jobs in a process of its own, spawned on the first job (fork is unsafe
    beside threads). `rank` blocks until the ranking is ready: call it from a worker thread.
    `close` ends the process at once, even mid-job, so quitting never waits for a training."""

    def __init__(self) -> None:
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self._sent: tuple[str, ...] | None = None  # the records the process has
        self._lock = threading.Lock()  # one job at a time
        self._closed = False
        self.job_sent = threading.Event()  # set once a job has reached the process (what tests wait on)

    def rank(self, job: RankingJob) -> Ranking:
        with self._lock:
            if self._closed:
                raise RankingStopped("the ranking process has ended")
            if self._process is None or not self._process.is_alive():
                self._start()
            light = replace(job, records=()) if job.ids == self._sent else job
            said, answer = self._ask(light)
            if said == "needs records":  # the process started again, or has other records
                said, answer = self._ask(job)
            if said == "failed":
                raise answer
            self._sent = job.ids
            return answer

    def _ask(self, job: RankingJob) -> tuple[str, Any]:
        connection = self._connection
        if connection is None:
            raise RankingStopped("the ranking process has ended")
        try:
            connection.send(job)
            self.job_sent.set()
            return connection.recv()
        except (EOFError, OSError):  # the process ended (closed, or it failed)
            connection.close()
            self._process = self._connection = None
            raise RankingStopped("the ranking process has ended") from None

    def _start(self) -> None:
        """Python's resource tracker, started with the first spawned process, hands on the
        standard error's file descriptor, which a Textual app has replaced by a stream
        without one: the real one is lent for the start."""
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs,), name="reviewer-ranking", daemon=True)
        shown = sys.stderr
        try:
            sys.stderr = sys.__stderr__
            process.start()
        finally:
            sys.stderr = shown
        theirs.close()
        self._process, self._connection, self._sent = process, ours, None

    def close(self) -> None:
        """End the process; a job in flight then ends with RankingStopped (its thread closes
        the pipe: closing it here, under a send, would break the send in other ways)."""
        self._closed = True
        process = self._process
        if process is not None:
            process.terminate()
            process.join(timeout=5)
        if self._lock.acquire(blocking=False):  # no job in flight: the pipe is ours to close
            try:
                if self._connection is not None:
                    self._connection.close()
                    self._connection = None
            finally:
                self._lock.release()
