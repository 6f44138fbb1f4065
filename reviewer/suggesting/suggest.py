"""The suggestions on one text: every sentence read for its tags, causal strength and caveat,
and those likely enough to be claims offered, minus what the reviewer has already tagged or
rejected."""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from typing import Any, Final

from reviewer.domain.claim import ANCHORED, Claim
from reviewer.domain.record import Record
from reviewer.domain.rejection import Rejection
from reviewer.suggesting.causal import Strength
from reviewer.suggesting.caveats import CAUSAL_FROM_OBSERVATION, HEDGED, flag_of, observational_design
from reviewer.suggesting.grading import readings
from reviewer.suggesting.learning import NO_MODEL, TeamModel
from reviewer.suggesting.tagging import BUILT_IN, rule_scores
from reviewer.text.navigation import sentence_spans

SUGGEST_AT: Final = 0.6  # a tag scoring this much is suggested
MIN_WORDS, MAX_WORDS = 3, 120  # shorter is a heading or a fragment; longer, a run-on paragraph
FLAG_WEIGHT: Final = {HEDGED: 0.5}  # what a flag adds to the caveat score (others: 1.5)
_WORDS = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")  # a rejection hides its sentence white space aside: it outlives re-extraction


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


def read_sentences(
    record: Record, tags: tuple[str, ...], model: TeamModel = NO_MODEL, claims: list[Claim] | None = None
) -> list[Suggestion]:
    """Every sentence of `record`'s text, scored for `tags` (the review's: built-in ones by the
    rules and the team's model, others by the model alone). The reviewer's `claims` on it
    tagged `design` say whether the study is observational (else its text does)."""
    text = record.text
    spans = [(s, e) for s, e in sentence_spans(text) if MIN_WORDS <= len(_WORDS.findall(text, s, e)) <= MAX_WORDS]
    sentences = [text[s:e] for s, e in spans]
    learned = model.scores(sentences)
    strengths = readings(sentences)
    observational = observational_design(claims or [], text)
    read = []
    for i, ((start, end), sentence) in enumerate(zip(spans, sentences, strict=True)):
        reading = strengths[i]
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
    return left_to_offer(read_sentences(record, tags, model, claims), claims, rejections)


def left_to_offer(read: list[Suggestion], claims: list[Claim], rejections: list[Rejection]) -> list[Suggestion]:
    """The sentences of `read` suggested with a tag that none of `claims` (anchored) overlaps
    and none of `rejections` rejected; claims are found by bisection (a text may hold 1,000)."""
    spans = sorted((c.start, c.end) for c in claims if c.status == ANCHORED)
    starts = [start for start, _ in spans]
    longest = max((end - start for start, end in spans), default=0)
    rejected = {_SPACE.sub(" ", r.exact).strip() for r in rejections}

    def claimed(start: int, end: int) -> bool:
        nearby = spans[bisect.bisect_left(starts, start - longest) : bisect.bisect_left(starts, end)]
        return any(s < end and start < e for s, e in nearby)

    return [
        s for s in read if s.tags and not claimed(s.start, s.end) and _SPACE.sub(" ", s.exact).strip() not in rejected
    ]
