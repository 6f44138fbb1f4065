"""What the suggestions learn from the team: per tag, a logistic regression on the words of the
quotes reviewers tagged (and accepted) and of the suggestions they rejected, blended with the
rules once a tag has a few of each. Trained in the background each time a text opens; a few
hundred quotes take milliseconds."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reviewer.domain.claim import Claim
from reviewer.domain.rejection import Rejection

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import HashingVectorizer

MIN_EXAMPLES = 3  # of each side, before a tag's own model is trusted


@functools.cache
def _features() -> HashingVectorizer:
    """Word and word-pair features; scikit-learn is imported here, in the worker that learns,
    never when the app starts (it costs most of a second)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(n_features=2**16, ngram_range=(1, 2), alternate_sign=False, norm="l2")


@dataclass(frozen=True)
class TeamModel:
    """Per tag, a model of the sentences the team wants tagged with it (none until it has examples)."""

    models: dict[str, Any]  # tag -> a fitted LogisticRegression

    @classmethod
    def learned_from(cls, claims: Iterable[Claim], rejections: Iterable[Rejection]) -> TeamModel:
        """Positives: the quotes tagged with the tag. Negatives: suggestions rejected while they
        carried it, and quotes the team tagged otherwise."""
        from sklearn.linear_model import LogisticRegression

        quotes = [(claim.exact, set(claim.tags)) for claim in claims if claim.exact.strip()]
        refused = [(rejection.exact, set(rejection.tags)) for rejection in rejections if rejection.exact.strip()]
        models = {}
        for tag in sorted({tag for _, tags in quotes for tag in tags}):
            positives = [text for text, tags in quotes if tag in tags]
            negatives = [text for text, tags in refused if tag in tags] + [
                text for text, tags in quotes if tag not in tags
            ]
            if len(positives) < MIN_EXAMPLES or len(negatives) < MIN_EXAMPLES:
                continue
            model = LogisticRegression(class_weight="balanced", C=1.0, solver="liblinear")  # sparse: milliseconds
            model.fit(_features().transform(positives + negatives), [1] * len(positives) + [0] * len(negatives))
            models[tag] = model
        return cls(models)

    def scores(self, sentences: list[str]) -> dict[str, list[float]]:
        """Per tag the model knows, each sentence's probability of deserving it."""
        if not self.models or not sentences:
            return {}
        features = _features().transform(sentences)
        return {tag: model.predict_proba(features)[:, 1].tolist() for tag, model in self.models.items()}


NO_MODEL = TeamModel({})
