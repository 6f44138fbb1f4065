"""How well a screening order did, as ASReview and its insights package measure it.

All take `labels`: 1 for relevant, 0 for not, in the order screened, priors left out (as
ASReview's metrics leave them out), over every record that was not a prior.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Metrics:
    wss95: float
    wss100: float
    rrf10: float
    atd: float
    loss: float

    def to_json(self) -> dict[str, float]:
        return {"wss@95": self.wss95, "wss@100": self.wss100, "rrf@10": self.rrf10, "atd": self.atd, "loss": self.loss}


def measure(labels: Sequence[int] | np.ndarray) -> Metrics:
    order = np.asarray(labels, dtype=np.int64)
    return Metrics(wss(order, 0.95), wss(order, 1.0), rrf(order, 0.10), atd(order), loss(order))


def wss(labels: np.ndarray, recall: float) -> float:
    """Work saved over sampling at `recall`: the share of records not screened to reach it,
    over what screening in random order would have needed (Cohen et al. 2006; ASReview's
    insights: the records a random order needs for as many relevant ones, less those this
    order needed, over all records)."""
    total, relevant = len(labels), int(labels.sum())
    if relevant == 0:
        return 0.0
    needed = int(np.floor(recall * relevant + 1e-9))  # the most relevant records within the recall
    if needed == 0:
        return 0.0
    found = np.cumsum(labels)
    random_found = np.round(np.linspace(0, relevant, total))
    at = np.searchsorted(found, needed)
    random_at = np.searchsorted(random_found, needed)
    return float((random_at - at) / total)


def rrf(labels: np.ndarray, share: float) -> float:
    """Relevant records found (recall) after screening `share` of the records."""
    relevant = int(labels.sum())
    if relevant == 0:
        return 0.0
    screened = int(np.floor(share * len(labels) + 1e-9))
    return float(labels[:screened].sum() / relevant)


def atd(labels: np.ndarray) -> float:
    """Average time to discovery: the mean number of records screened to find each relevant one."""
    positions = np.flatnonzero(labels) + 1
    return float(positions.mean()) if len(positions) else 0.0


def loss(labels: np.ndarray) -> float:
    """How far the recall curve falls below the best possible, from 0 (best) to 1 (worst)."""
    total, relevant = len(labels), int(labels.sum())
    if relevant in (0, total):
        return 0.0
    best = relevant * (total - (relevant - 1) / 2)
    return float((best - np.cumsum(labels).sum()) / (relevant * (total - relevant)))


def recall_curve(labels: np.ndarray) -> np.ndarray:
    relevant = int(labels.sum())
    return np.cumsum(labels) / relevant if relevant else np.zeros(len(labels))
