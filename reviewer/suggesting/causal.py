"""How strongly a sentence claims a relation, in the four grades Yu, Li and Wang (EMNLP 2019)
gave PubMed conclusions: none, correlational ("was associated with"), conditional ("may
reduce") and causal ("reduces").

Rules, not a trained model: the cues are the ones their annotation guideline and the
causal-language studies it builds on (Sumner et al. 2014, Adams et al. 2017) name, written here
from those descriptions. An association outranks a causal verb ("higher intake was associated
with improved survival" is correlational), and a relation stated only to be denied ("was not
associated", "did not reduce") is none: the sentence states no relation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from reviewer.suggesting.cues import any_of

Strength = Literal["none", "correlational", "conditional", "causal"]
STRENGTHS: Final[tuple[Strength, ...]] = ("none", "correlational", "conditional", "causal")


CORRELATIONAL = any_of(
    r"associat(?:ed|ion|ions|ing)\b",
    r"correlat(?:ed|es|ion|ions)\b",
    r"linked (?:to|with)\b",
    r"links? between\b",
    r"relat(?:ed|ionship|ionships) (?:to|with|between)\b",
    r"predict(?:s|ed|or|ors|ive)?\b",
    r"risk factors?\b",
    r"(?:higher|lower|increased|reduced|decreased|greater|elevated) "
    r"(?:risk|odds|likelihood|prevalence|incidence|rates?)\b",
    r"(?:more|less) likely\b",
    r"times (?:the|as|higher|more|greater)\b",
    r"(?:odds|hazard|risk) ratios?\b",
    r"co-?occur",
    r"correspond(?:s|ed)? (?:to|with)\b",
    r"in relation to\b",
    r"(?:tied|connected|coupled) (?:to|with)\b",
    r"(?:more|less) (?:common|frequent|prevalent)\b",
    r"(?:higher|lower|greater|smaller) (?:among|in|for) "
    r"(?:those|people|patients|participants|individuals|women|men|children)\b",
    r"(?:marker|indicator|predictor|determinant)s? of\b",
    r"dose-response\b",
    r"(?:differ|differed|differs|varied|varies) (?:by|between|across|with)\b",
    r"tend(?:s|ed)? to\b",
)
CAUSAL = any_of(
    r"(?<!the )caus(?:e|es)\b(?! of\b)",  # the verb: "the causes of heart failure" is a noun
    r"caus(?:ed|ing)\b",
    r"(?:lead|leads|led|leading) to\b",
    r"result(?:s|ed|ing)? in\b",
    r"reduc(?:e|es|ed|ing|tion)\b",
    r"increas(?:e|es|ed|ing)\b",
    r"decreas(?:e|es|ed|ing)\b",
    r"lower(?:s|ed|ing)\b",
    r"improv(?:e|es|ed|ing|ement|ements)\b",
    r"prevent(?:s|ed|ing)?\b",  # the verb: "the prevention trial" names a trial
    r"protect(?:s|ed|ing|ive)?\b",
    r"enhanc(?:e|es|ed|ing)\b",
    r"induc(?:e|es|ed|ing)\b",
    r"inhibit(?:s|ed|ing)?\b",
    r"promot(?:e|es|ed|ing)\b",
    r"attenuat(?:e|es|ed|ing)\b",
    r"alleviat(?:e|es|ed|ing)\b",
    r"worsen(?:s|ed|ing)?\b",
    r"impair(?:s|ed|ing)?\b",
    r"trigger(?:s|ed)?\b",
    r"boost(?:s|ed)?\b",
    r"(?:cut|cuts|slash(?:es|ed)?|halve[sd]?|raise[sd]?|spur(?:s|red)?|fuel(?:s|led)?|drive[sn]?|drove) ",
    r"help(?:s|ed)? (?:to )?(?:\w+ )?(?:reduce|prevent|improve|lower|protect|treat|control|slow|fight)",
    r"revers(?:e|es|ed|ing)\b",
    r"(?:stop|stops|stopped|halt|halts|halted|slow|slows|slowed) (?:the )?(?:progression|growth|spread|decline)",
    r"restor(?:e|es|ed|ing)\b",
    r"contribut(?:e|es|ed|ing) to\b",
    r"responsible for\b",
    r"due to\b",
    r"because of\b",
    r"owing to\b",
    r"(?:effective|efficacious|beneficial|superior|inferior|harmful)\b",
    r"benefit(?:s|ed|ted)?\b",
    r"effects? (?:of|on)\b",
    r"impact(?:s|ed)? on\b",
)
HEDGE = any_of(
    r"may\b",
    r"might\b",
    r"could\b",
    r"possibl[ey]\b",
    r"potential(?:ly)?\b",
    r"probabl[ey]\b",
    r"perhaps\b",
    r"likely\b",
    r"appear(?:s|ed)? to\b",
    r"seem(?:s|ed)? to\b",
    r"suggest(?:s|ed|ing)?\b",
    r"indicat(?:e|es|ed|ing) (?:that|a)\b",
    r"hypothes",
    r"would\b",
    r"presumabl[ey]\b",
    r"putative\b",
)
NEGATED = any_of(
    r"(?:not|no|neither|nor|without)\b(?:\W+\w+){0,3}?\W+(?:significant(?:ly)?\W+)?"
    r"(?:associat|correlat|relat|link|differ|effect|impact|benefit|improv|reduc|increas|decreas|chang|affect|"
    r"caus|alter|influenc|predict)",
    r"fail(?:s|ed)? to\b",
    r"did not\b",
    r"does not\b",
    r"do not\b",
    r"was not\b",
    r"were not\b",
    r"no (?:significant |statistically significant )?"
    r"(?:difference|differences|association|correlation|relationship|effect|change)s?\b",
    r"similar\b",
    r"comparable\b",
    r"unrelated\b",
    r"independent of\b",
)
DENIAL_REACH = 25  # characters between a denial and the relation it denies ("did not significantly reduce")
_SOFTENED_AFFIRMATION = any_of(r"not only\b", r"no longer\b", r"nonetheless\b", r"cannot be ruled out")


@dataclass(frozen=True)
class Reading:
    """A sentence's causal strength and the cue that decided it (None for none without cues)."""

    strength: Strength
    cue: str | None = None


def causal_strength(sentence: str) -> Reading:
    """The strongest relation `sentence` states, as Yu et al. grade it."""
    correlational = CORRELATIONAL.search(sentence)
    causal = CAUSAL.search(sentence)
    if correlational is None and causal is None:
        return Reading("none")
    denial = _denial(sentence, correlational, causal)
    if denial is not None:
        return Reading("none", denial)
    if correlational is not None:
        return Reading("correlational", correlational.group())
    assert causal is not None
    hedge = HEDGE.search(sentence, 0, causal.start() + 1) or HEDGE.search(sentence)
    if hedge is not None:
        return Reading("conditional", hedge.group())
    return Reading("causal", causal.group())


def _denial(sentence: str, correlational: re.Match | None, causal: re.Match | None) -> str | None:
    """The words denying the sentence's first relation ("did not reduce", "no association"),
    if they do: a relation affirmed first ("reduced pain but not disability") stands."""
    if _SOFTENED_AFFIRMATION.search(sentence):
        return None
    first = min(m.start() for m in (correlational, causal) if m is not None)
    for denial in NEGATED.finditer(sentence, 0, first + 60):
        if denial.start() <= first and (denial.end() > first or first - denial.end() <= DENIAL_REACH):
            return denial.group()
    return None
