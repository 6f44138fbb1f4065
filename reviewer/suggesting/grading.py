"""Causal strength as the suggestions and the claims exports report it: the rules'
(`causal.causal_strength`) wherever they find a cue, and where they find none a logistic
regression on words, letter runs and the rules' own grade, trained on `causal_sentences.csv`.

Those 2,240 sentences were written for this project, not taken from any paper or corpus, and
labelled by Yu, Li and Wang's guideline as `causal.py` reads it: abstract conclusions mostly
(a second thousand longer and nearer real conclusions; the last 240 "may" sentences that state
no relation, and hedged causal claims), some press-release and results sentences with
statistics. 117 of the first 2,000 were relabelled as `causal.py` learnt conventions of Yu et
al.'s annotators (a denied relation keeps its grade, a comparison is correlational, "suggest"
reports rather than hedges, a recommendation states no finding). Yu et al.'s own labelled sets
carry no licence, so nothing here is trained on them; the benchmark (`benchmarks.suggestions`)
measures on them, and tunes on their press releases and a third of their PubMed conclusions.
C was chosen by 5-fold cross-validation on our own sentences alone (`python -m
benchmarks.suggestions --cross-validate`: 0.856 at C = 16, the rules alone 0.801); letter runs
and the rules' grade as features were chosen the same way, on the first 1,000.

Trained once, in the worker that reads a text (scikit-learn loads there, never when the app
starts), and kept in the user's cache folder for the next session.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from reviewer.persistence.atomic import atomic_writer
from reviewer.suggesting import causal
from reviewer.suggesting.causal import STRENGTHS, Reading, Strength, causal_strength

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

TRAINING = Path(__file__).with_name("causal_sentences.csv")
C = 16.0  # chosen by cross-validation on TRAINING (1, 4, 16 tried)
GRADER_VERSION = 1  # bump when the features or the model change: a cached grader of another is trained again
RULES = Path(causal.__file__)  # the rules' grade is a feature: a change to them trains the grader again


@dataclass(frozen=True)
class Grader:
    words: Any  # fitted TfidfVectorizers: word 1-2 grams, and letter runs of 2-5 within words
    letters: Any
    model: Any  # a fitted LogisticRegression over both and the rules' grade

    def grades(self, sentences: Sequence[str], rules: Sequence[Reading]) -> list[Strength]:
        named = {strength: strength for strength in STRENGTHS}  # the model's labels as Strength
        return [named[label] for label in self.model.predict(_features(self.words, self.letters, sentences, rules))]


def _features(words: Any, letters: Any, sentences: Sequence[str], rules: Sequence[Reading]) -> csr_matrix:
    return _joined(words.transform(sentences), letters.transform(sentences), rules)


def _joined(words: csr_matrix, letters: csr_matrix, rules: Sequence[Reading]) -> csr_matrix:
    from scipy.sparse import csr_matrix, hstack

    grades = csr_matrix(
        ([1.0] * len(rules), ([*range(len(rules))], [STRENGTHS.index(r.strength) for r in rules])),
        shape=(len(rules), len(STRENGTHS)),
    )
    return csr_matrix(hstack([words, letters, grades]))


@functools.cache
def grader() -> Grader:
    """The grader trained on TRAINING: from the user's cache folder when it was trained
    there before on the same sentences, rules and scikit-learn (15 ms), else trained now
    (0.9 s) and kept there. A cache that cannot be read or written is trained
    again, never trusted."""
    import sklearn

    digest = hashlib.blake2b(TRAINING.read_bytes() + RULES.read_bytes(), digest_size=16)
    digest.update(f"{C}|{sklearn.__version__}|{GRADER_VERSION}".encode())
    path = platformdirs.user_cache_path("reviewer") / "grader" / f"{digest.hexdigest()}.pickle"
    try:
        with path.open("rb") as handle:
            kept = pickle.load(handle)
        if isinstance(kept, Grader):
            return kept
    except Exception:  # noqa: BLE001 - missing or damaged: train again
        pass
    fitted = trained(*training_sentences(), C)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(path) as handle:
            pickle.dump(fitted, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass
    return fitted


def training_sentences() -> tuple[list[str], list[str]]:
    """TRAINING's sentences and their labels, in the file's order."""
    with TRAINING.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row["sentence"] for row in rows], [row["label"] for row in rows]


def trained(sentences: Sequence[str], labels: Sequence[str], c: float) -> Grader:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    letters = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    features = _joined(
        words.fit_transform(sentences), letters.fit_transform(sentences), [causal_strength(s) for s in sentences]
    )
    # newton-cg: 0.4 s on the 2,000 sentences; lbfgs took 5 times as long to the same optimum
    model = LogisticRegression(C=c, solver="newton-cg", tol=1e-3, max_iter=2000, class_weight="balanced")
    return Grader(words, letters, model.fit(features, labels))


def readings(sentences: Sequence[str]) -> list[Reading]:
    """Each sentence's causal strength: the rules' wherever they find a cue, the grader's where
    they find none (chosen by the mean on the development sets: 0.730 and 0.709 there, against
    0.727 and 0.708 for the grader on every sentence and 0.739 and 0.691 for the rules alone;
    with today's rules 0.757 and 0.731, against 0.747 and 0.730, and 0.764 and 0.712)."""
    rules = [causal_strength(sentence) for sentence in sentences]
    unclear = [i for i, rule in enumerate(rules) if rule.cue is None]
    if not unclear:
        return rules
    learned = grader().grades([sentences[i] for i in unclear], [rules[i] for i in unclear])
    graded = list(rules)
    for i, grade in zip(unclear, learned, strict=True):
        graded[i] = Reading(grade)
    return graded
