"""The relevance model: which undecided records a reviewer is most likely to include.

ASReview's default (ELAS u4) is the starting point: TF-IDF on title and abstract (word 1-2
grams, sublinear tf, max_df 0.95) and a linear SVM (squared hinge) whose sample weights
balance the included against the excluded (scaled to a mean of 1, as ASReview's balancer
does). Two changes won on every labelled set of the benchmark (`python -m
benchmarks.prioritisation`, ASReview 3 beside us): the title counts twice (it says what a study
is about) and C is 0.25 rather than 0.11. Tried and left out: the authors as features (worse on
ACE inhibitors). The features are fitted once per set of records (`Features`); a `Ranker`
retrains on the labels it is given, so Screening can retrain after every decision.

A record with no word to read (no title, no abstract: exports hold them) gets no score from
the words: ASReview leaves such records where its intercept puts them, last, and 2-12% of the
relevant records of the labelled sets are among them. Here they are left out of training (they
teach the words nothing) and offered once the ranking's recent yield has fallen below their own
estimated chance of being relevant (`place_unreadable`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import platformdirs
from scipy.sparse import csr_matrix, load_npz, save_npz
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from reviewer.domain.record import Record
from reviewer.persistence.atomic import atomic_writer
from reviewer.persistence.cache_folder import keep_within, mark_used
from reviewer.ranking.reading import ABSTRACT_ONLY_CHARS, record_text

# Bump when the features change for the same records: cached features of another version are fitted again.
FEATURES_VERSION = 3
# The excluded records together weigh this many times less than the included, per record.
BALANCE_RATIO = 9.8
SVM_C = 0.25
FEATURES_CACHE_BYTES = 1 << 30  # the features folder's size, least recently used reviews' going first
MAX_IRRELEVANT = 3000  # trained on at most this many irrelevant records (`training_sample`)
YIELD_WINDOW = 25  # the ranking's recent yield: the share relevant among the last this many decisions
UNREADABLE_PRIOR = 2.0  # records' worth of belief that a wordless record is as likely relevant as any
# The model as the methods report describes it (every setting above, said once).
SETTINGS = {
    "features": "TF-IDF of the title (counted twice) and the abstract: word 1-2 grams, sublinear tf, "
    "max_df 0.95, min_df 1 (scikit-learn TfidfVectorizer)",
    "classifier": f"linear SVM, squared hinge, C = {SVM_C}, its solver seeded (random_state 0) so the same "
    "decisions give the same ranking (scikit-learn LinearSVC)",
    "class balance": f"sample weights: the excluded together weigh {BALANCE_RATIO} times less than the "
    "included, per record, scaled to a mean of 1",
    "training": f"each reviewer's own decisions at the stage (include and maybe relevant, exclude not); at most "
    f"{MAX_IRRELEVANT:,} excluded records when there are more (the latest half, the rest spread over the older)",
    "retraining": "after every decision, in the background; the first ranking once the reviewer has both "
    "included (or maybe) and excluded a record",
    "records with no word": "(no title, no abstract) left out of training; offered next whenever the share "
    f"relevant among the last {YIELD_WINDOW} decisions is below their estimated chance of relevance: the "
    f"share relevant among those screened, with a prior of {UNREADABLE_PRIOR:g} records at the share of all "
    "records found relevant so far",
}


@dataclass(frozen=True)
class Features:
    """The records as rows of one sparse matrix, in the order given."""

    ids: tuple[str, ...]
    matrix: csr_matrix

    @property
    def unreadable(self) -> np.ndarray:
        """Which rows hold no word (no title, no abstract): the model cannot rank them."""
        return np.diff(self.matrix.indptr) == 0

    @classmethod
    def of(cls, records: Sequence[Record]) -> Features:
        words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_df=0.95, min_df=1)
        matrix = csr_matrix(_fitted(words, [f"{r.title} {record_text(r)}" for r in records]), dtype=np.float64)
        matrix.sort_indices()  # once: liblinear wants them sorted and would sort a copy per fit
        return cls(tuple(r.id for r in records), matrix)


def features_cache_dir() -> Path:
    return platformdirs.user_cache_path("reviewer") / "features"


def content_key(records: Sequence[Record]) -> str:
    """A digest of everything the features are made from, in order."""
    digest = hashlib.blake2b(f"v{FEATURES_VERSION}".encode(), digest_size=20)
    for record in records:
        for part in (record.id, record.title, record.abstract or record.text[:ABSTRACT_ONLY_CHARS], *record.keywords):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x1f")
        digest.update(b"\x1d")
    return digest.hexdigest()


def features_on_disk(records: Sequence[Record]) -> Features:
    """The records' features from the user's cache folder when they were fitted before for
    exactly these records, else fitted now and kept there (a cache that cannot be read or
    written is fitted again, never trusted)."""
    ids = tuple(r.id for r in records)
    path = features_cache_dir() / f"{content_key(records)}.npz"
    try:
        matrix = csr_matrix(load_npz(path))
        if matrix.shape[0] == len(ids):
            matrix.sort_indices()
            mark_used(path)
            return Features(ids, matrix)
    except Exception:  # noqa: BLE001 - missing or damaged: fit again
        pass
    features = Features.of(records)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(path) as handle:
            save_npz(handle, features.matrix, compressed=False)
        keep_within(path.parent, FEATURES_CACHE_BYTES, keep=path)
    except OSError:
        pass
    return features


def training_sample(irrelevant: Sequence[int]) -> Sequence[int]:
    """At most MAX_IRRELEVANT of the irrelevant records, in the order decided: all of them up to
    that, else the latest half (those the ranking put near the top: the informative ones) and
    the rest spread evenly over the older. Training time grows with the records trained on; at
    100,000 records with 60% decided, all of them took 8 s a decision, and at 10,000 a cap of
    5,000 took 144-165 ms. No labelled benchmark set reaches the cap, so their figures are the
    uncapped model's. Capped at 56% of its excluded records (1,300), as 3,000 caps 10,000
    records with 60% decided, ACE inhibitors' loss over seeds 0-3 was the same (0.1483 against
    0.1486 uncapped); at 34% (800) a little worse (0.1491; WSS@95 0.324 against 0.352)."""
    if len(irrelevant) <= MAX_IRRELEVANT:
        return irrelevant
    recent = MAX_IRRELEVANT // 2
    older = irrelevant[:-recent]
    step = len(older) / (MAX_IRRELEVANT - recent)
    return [*(older[int(i * step)] for i in range(MAX_IRRELEVANT - recent)), *irrelevant[-recent:]]


def _fitted(vectoriser: TfidfVectorizer, documents: Sequence) -> csr_matrix:
    """TF-IDF rows for `documents`; none at all when they hold no words."""
    try:
        return csr_matrix(vectoriser.fit_transform(documents))
    except ValueError:  # an empty vocabulary
        return csr_matrix((len(documents), 0))


class Ranker:
    """Scores every record from the labels given so far; higher is more likely relevant."""

    def __init__(self, features: Features) -> None:
        self.features = features

    def scores(
        self, relevant: Sequence[int], irrelevant: Sequence[int], screened: Sequence[bool] | np.ndarray
    ) -> np.ndarray:
        """A score per row of the features, from the rows labelled relevant and irrelevant
        (the latter in the order decided: see `training_sample`); `screened` says which of
        the decisions, in the order made, were relevant (where wordless records go)."""
        if not relevant or not irrelevant:
            raise ValueError("the model needs at least one relevant and one irrelevant record")
        if self.features.matrix.shape[1] == 0:  # no record has a word to learn from
            return np.zeros(self.features.matrix.shape[0])
        unreadable = self.features.unreadable
        relevant_rows, irrelevant_rows = np.asarray(relevant, dtype=np.int64), np.asarray(irrelevant, dtype=np.int64)
        readable_relevant = relevant_rows[~unreadable[relevant_rows]]
        readable_irrelevant = irrelevant_rows[~unreadable[irrelevant_rows]]
        if readable_relevant.size and readable_irrelevant.size:
            scores = self._trained(readable_relevant, training_sample(readable_irrelevant))
        else:  # every record of one kind is wordless: train on what there is
            scores = self._trained(relevant, training_sample(irrelevant))
        return place_unreadable(scores, unreadable, relevant, irrelevant, screened)

    def _trained(self, relevant: Sequence[int], irrelevant: Sequence[int]) -> np.ndarray:
        rows = np.fromiter([*relevant, *irrelevant], dtype=np.int64)
        labels = np.zeros(len(rows), dtype=np.int8)
        labels[: len(relevant)] = 1
        weights = np.where(labels == 1, 1.0, len(relevant) / (BALANCE_RATIO * len(irrelevant)))
        weights *= len(weights) / weights.sum()  # mean 1, as ASReview's balancer: C keeps its meaning
        # liblinear's dual solver visits the rows in a random order: seeded, the same decisions
        # give the same ranking on every run and machine (unseeded, near-ties flipped between runs)
        model = LinearSVC(C=SVM_C, loss="squared_hinge", random_state=0)
        model.fit(self.features.matrix[rows], labels, sample_weight=weights)
        return np.asarray(model.decision_function(self.features.matrix), dtype=np.float64)


def place_unreadable(
    scores: np.ndarray,
    unreadable: np.ndarray,
    relevant: Sequence[int],
    irrelevant: Sequence[int],
    screened: Sequence[bool] | np.ndarray,
) -> np.ndarray:
    """`scores` with the wordless records above every other when they are due, else below.

    They are due when their chance of being relevant beats the ranking's recent yield (the
    share relevant among the last YIELD_WINDOW decisions). Nothing about a wordless record
    sets it apart from the others, so its chance is the share relevant among those screened,
    starting from the share of all records found relevant so far (a lower bound on the
    review's prevalence) held as UNREADABLE_PRIOR records' worth of belief. Early on the
    ranking's yield is high and they wait; in the tail they come before the last relevant
    records the words can find, not after every record."""
    if not unreadable.any():
        return scores
    placed = scores.copy()
    readable = scores[~unreadable]
    top, bottom = (readable.max() + 1, readable.min() - 1) if readable.size else (1.0, -1.0)
    recent = screened[-YIELD_WINDOW:]
    found = int(unreadable[np.asarray(relevant, dtype=np.int64)].sum())
    seen = found + int(unreadable[np.asarray(irrelevant, dtype=np.int64)].sum())
    prevalence = len(relevant) / len(scores)
    chance = (found + UNREADABLE_PRIOR * prevalence) / (seen + UNREADABLE_PRIOR)
    due = len(recent) > 0 and chance > sum(recent) / len(recent)
    placed[unreadable] = top if due else bottom
    return placed
