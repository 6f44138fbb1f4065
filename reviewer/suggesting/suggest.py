"""The suggestions on one text: every sentence read for its tags, causal strength and caveat,
and those likely enough to be claims offered, minus what the reviewer has already tagged or
rejected."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Final

from reviewer.domain.claim import Claim
from reviewer.domain.record import Record
from reviewer.domain.rejection import Rejection
from reviewer.suggesting.causal import Strength, causal_strength
from reviewer.suggesting.caveats import CAUSAL_FROM_OBSERVATION, HEDGED, flag_of, observational_design
from reviewer.suggesting.learning import NO_MODEL, TeamModel
from reviewer.suggesting.tagging import BUILT_IN, rule_scores
from reviewer.text.navigation import sentence_spans

SUGGEST_AT: Final = 0.6  # a tag scoring this much is suggested
MIN_WORDS, MAX_WORDS = 3, 120  # shorter is a heading or a fragment; longer, a run-on paragraph
FLAG_WEIGHT: Final = {HEDGED: 0.5}  # what a flag adds to the caveat score (others: 1.5)
_WORDS = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    exact: str
    page: int | None
    tags: tuple[str, ...]  # suggested, best first (empty: a sentence read but not suggested)
    scores: dict[str, float] = field(compare=False)  # every tag scored, 0..1
    causal: Strength = "none"
    flag: str | None = None  # why it is a caveat

    @property
    def tag(self) -> str:
        """The best tag."""
        return self.tags[0] if self.tags else max(self.scores, key=self.scores.__getitem__, default="")

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "exact": self.exact,
            "page": self.page,
            "tags": list(self.tags),
            "scores": {tag: round(score, 3) for tag, score in self.scores.items()},
            "causal": self.causal,
            "flag": self.flag,
        }


def same_sentence(a: str, b: str) -> bool:
    """Whether two quotes are one sentence, white space aside (a rejection outlives re-extraction)."""
    return _SPACE.sub(" ", a).strip() == _SPACE.sub(" ", b).strip()


def read_sentences(
    record: Record, tags: tuple[str, ...], model: TeamModel = NO_MODEL, design: tuple[str, ...] = ()
) -> list[Suggestion]:
    """Every sentence of `record`'s text, scored for `tags` (the review's: built-in ones by the
    rules and the team's model, others by the model alone). `design` holds the quotes tagged
    `design` on this record, which say whether the study is observational (else its text does)."""
    text = record.text
    spans = [(s, e) for s, e in sentence_spans(text) if MIN_WORDS <= len(_WORDS.findall(text, s, e)) <= MAX_WORDS]
    sentences = [text[s:e] for s, e in spans]
    learned = model.scores(sentences)
    observational = observational_design(list(design) if design else [text])
    read = []
    for i, ((start, end), sentence) in enumerate(zip(spans, sentences, strict=True)):
        reading = causal_strength(sentence)
        flag = flag_of(sentence, reading, observational)
        rules = rule_scores(sentence)
        scores: dict[str, float] = {}
        for tag in tags:
            rule = rules.get(tag) if tag in BUILT_IN else None
            own = float(learned[tag][i]) if tag in learned else None
            known = [score for score in (rule, own) if score is not None]
            if not known:
                continue
            score = sum(known) / len(known)
            if tag == "caveat" and flag is not None:
                score = 1 - (1 - score) * math.exp(-FLAG_WEIGHT.get(flag, 1.5))
            scores[tag] = score
        suggested = tuple(sorted((t for t, s in scores.items() if s >= SUGGEST_AT), key=lambda t: -scores[t]))
        if flag == CAUSAL_FROM_OBSERVATION and "caveat" in scores and "caveat" not in suggested:
            suggested = (*suggested, "caveat")  # always said: the design cannot carry this claim
        read.append(Suggestion(start, end, sentence, record.page_at(start), suggested, scores, reading.strength, flag))
    return read


def suggestions(
    record: Record,
    tags: tuple[str, ...],
    claims: list[Claim],
    rejections: list[Rejection],
    model: TeamModel = NO_MODEL,
) -> list[Suggestion]:
    """The sentences worth offering to the reviewer whose `claims` and `rejections` on `record`
    are given: suggested, not already claimed by them, not rejected by them."""
    design = tuple(claim.exact for claim in claims if "design" in claim.tags)
    claimed = sorted((claim.start, claim.end) for claim in claims)
    offered = []
    for suggestion in read_sentences(record, tags, model, design):
        if not suggestion.tags:
            continue
        if any(start < suggestion.end and suggestion.start < end for start, end in claimed):
            continue
        if any(same_sentence(rejection.exact, suggestion.exact) for rejection in rejections):
            continue
        offered.append(suggestion)
    return offered
