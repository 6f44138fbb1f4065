"""Why a sentence is a caveat the review must carry: a hedge, a limitation, an association
said not to be causation, or a causal claim that the study's design cannot support."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from reviewer.domain.claim import Claim
from reviewer.suggesting.causal import Reading

OBSERVATIONAL = re.compile(
    r"\b(?:observational|cohort|case-control|case control|cross-sectional|retrospective|registry|"
    r"population-based|epidemiolog\w*|survey|ecological|case series)\b",
    re.IGNORECASE,
)
EXPERIMENTAL = re.compile(
    r"\b(?:randomi[sz]ed|randomly (?:assigned|allocated)|placebo-controlled|sham-controlled)\b", re.IGNORECASE
)
NOT_CAUSATION = re.compile(
    r"\b(?:not (?:absolute )?proof|does not (?:prove|establish|imply)|cannot (?:prove|establish|determine|infer)|"
    r"causality|causal (?:relationship|link|inference)s? (?:cannot|could not|can not)|not necessarily caus\w*)",
    re.IGNORECASE,
)
LIMITATION = re.compile(
    r"\b(?:limitations?|limited by|small (?:sample|number|study)|underpowered|short follow-?up|bias(?:ed)?|"
    r"confound\w*|surrogate|caution\w*|preliminary|further (?:research|studies|trials)|need(?:s|ed)? to be confirmed)",
    re.IGNORECASE,
)

CAUSAL_FROM_OBSERVATION: Final = "causal claim from an observational design"
NOT_PROOF: Final = "association, not proof of causation"
LIMIT: Final = "limitation"
HEDGED: Final = "hedged"


def observational_design(claims: Iterable[Claim], text: str) -> str | None:
    """The words saying a study is observational, if its claims tagged `design` (else its
    `text`) say so and none says it was randomised."""
    joined = "\n".join(claim.exact for claim in claims if "design" in claim.tags) or text
    if EXPERIMENTAL.search(joined):
        return None
    found = OBSERVATIONAL.search(joined)
    return found.group() if found else None


def flag_of(sentence: str, reading: Reading, observational: str | None) -> str | None:
    """Why `sentence` is a caveat, or None."""
    if reading.strength == "causal" and observational is not None:
        return CAUSAL_FROM_OBSERVATION
    if NOT_CAUSATION.search(sentence):
        return NOT_PROOF
    if LIMITATION.search(sentence):
        return LIMIT
    if reading.strength == "conditional" and reading.cue is not None:  # a hedge word said, not only learnt
        return HEDGED
    return None
