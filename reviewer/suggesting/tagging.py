"""Which of the built-in tags a sentence likely deserves, by the words that mark each kind of
claim: a result on an outcome (efficacy), a harm (safety), a limit on the conclusion (caveat),
and the PICO and design statements. Each cue adds weight; a tag's score is 1 - e^(-weight),
so one strong cue suggests it and several make it near certain."""

from __future__ import annotations

import math
import re
from typing import Final

from reviewer.suggesting.cues import any_of

STATISTICS = (
    r"p\s*[<=≤]\s*0?\.\d|95\s*%\s*(?:ci|confidence)|odds ratio|hazard ratio|"
    r"relative risk|risk ratio|mean difference|\bor\s*[=:]|\bhr\s*[=:]|\brr\s*[=:]"
)

CUES: Final[dict[str, tuple[tuple[float, re.Pattern[str]], ...]]] = {  # tag -> (weight, words)
    "efficacy": (
        (0.9, any_of(r"effective(?:ness)?|efficacy|efficacious")),
        (0.7, any_of(r"improv(?:e|es|ed|ing|ement|ements)|relie(?:f|ve|ved)|benefit(?:s|ed|ted|icial)?")),
        (0.35, any_of(r"reduc(?:e|es|ed|ing|tion)|decreas(?:e|ed|es)|lower(?:ed)?|increas(?:e|ed|es)")),
        (0.7, any_of(r"superior|inferior|non-?inferior|outperform|response rates?|remission|recovery|cure")),
        (
            0.6,
            any_of(
                r"(?:compared|versus|vs\.?|than) (?:with |to )?(?:the )?"
                r"(?:placebo|sham|control|usual care|simulated)"
            ),
        ),
        (0.4, any_of(r"both groups|the two groups|between groups|treatment groups?|control group")),
        (0.25, any_of(r"pain|function|mortality|survival|quality of life|symptoms?|score")),
        (0.3, any_of(r"significant(?:ly)?|no (?:significant )?difference")),
        (0.5, re.compile(STATISTICS, re.IGNORECASE)),
    ),
    "safety": (
        (1.2, any_of(r"adverse (?:events?|effects?|reactions?|outcomes?)|side[- ]effects?|harms?|harmful")),
        (0.9, any_of(r"safe(?:ty|ly)?|tolerab(?:le|ility)|well tolerated|toxicit(?:y|ies)|complications?")),
        (0.6, any_of(r"risks?|hazards?|danger(?:ous)?|serious|deaths?|died|fatal")),
        (
            0.4,
            any_of(
                r"bleeding|haemorrhage|hemorrhage|infection|injur(?:y|ies)|fractures?|hospitali[sz]",
                r"withdr(?:ew|awal) due",
            ),
        ),
        (0.5, any_of(r"worse|worsen(?:s|ed|ing)?|make matters worse|increase(?:s|d)? the risk")),
    ),
    "caveat": (
        (1.1, any_of(r"limitations?|limited by|caution|cautious(?:ly)?|interpreted with")),
        (
            1.4,
            any_of(
                r"not (?:absolute )?proof|cannot (?:be )?(?:establish|determin|conclud|prove|rule)",
                r"does not prove|causal(?:ity)? cannot|not (?:necessarily )?caus",
            ),
        ),
        (
            1.0,
            any_of(
                r"small (?:sample|number|study)|underpowered|short follow-?up",
                r"few (?:patients|participants)|pilot",
            ),
        ),
        (0.8, any_of(r"bias(?:es|ed)?|confound(?:ing|ers?|ed)?|selection|surrogate|generali[sz]")),
        (
            0.8,
            any_of(
                r"further (?:research|studies|trials|work)|more research|larger (?:studies|trials)",
                r"need(?:s|ed)? to be confirmed|preliminary|uncertain(?:ty)?|unclear",
            ),
        ),
        (0.35, any_of(r"however|although|though|whereas|despite|nevertheless")),
        (0.3, any_of(r"association|associated|correlat(?:ed|ion)|observational")),
    ),
    "population": (
        (
            0.6,
            any_of(
                r"patients (?:with|who|aged)|participants|subjects|individuals (?:with|aged)",
                r"people (?:with|aged)|women|men|children|adults|adolescents|infants|elderly",
                r"older adults",
            ),
        ),
        (
            0.8,
            any_of(
                r"aged \d|years? (?:old|of age)|mean age",
                r"\d+ (?:patients|participants|subjects|people|individuals|women|men|children)",
            ),
        ),
        (0.6, any_of(r"enrolled|recruited|eligible|inclusion criteria|exclusion criteria|were included")),
        (0.6, any_of(r"affect(?:s|ed)? (?:approximately|about|some|nearly)")),
    ),
    "intervention": (
        (
            0.6,
            any_of(
                r"received|were given|treated with|assigned to|allocated to|underwent|administered",
                r"injecti(?:ng|on|ons)|procedure|surgery|therapy|treatment with",
            ),
        ),
        (
            0.7,
            any_of(
                r"\d+\s*(?:mg|g|ml|µg|mcg|iu)\b|dose|daily|twice|once a|weekly",
                r"for \d+ (?:days|weeks|months)",
            ),
        ),
        (0.4, any_of(r"involves|consists? of|intervention")),
    ),
    "comparator": (
        (
            1.1,
            any_of(
                r"placebo|sham|simulated|usual care|standard care|no treatment|waiting list|wait-list",
                r"control (?:group|arm|procedure)",
            ),
        ),
        (0.35, any_of(r"compared (?:with|to)|versus|vs\.?|than")),
    ),
    "outcome": (
        (
            1.2,
            any_of(
                r"primary (?:outcome|end ?point)|secondary (?:outcome|end ?point)|outcome measures?",
                r"end ?points?",
            ),
        ),
        (
            0.45,
            any_of(
                r"measured|assessed|evaluated|questionnaire|scale|score|index",
                r"at \d+ (?:days|weeks|months|years)|follow-?up",
            ),
        ),
        (0.3, any_of(r"pain|function|mortality|survival|quality of life|disability|incidence")),
    ),
    "design": (
        (
            1.2,
            any_of(
                r"randomi[sz]ed|randomly (?:assigned|allocated)|double-?blind|single-?blind|blinded",
                r"placebo-controlled|sham-controlled",
            ),
        ),
        (
            1.2,
            any_of(
                r"cohort|case-control|cross-sectional|retrospective|prospective|observational|registry",
                r"case series|meta-analys[ie]s|systematic review",
            ),
        ),
        (0.5, any_of(r"trial|multi-?cent(?:re|er)|study design|we conducted|was conducted")),
    ),
}
BUILT_IN: Final = tuple(CUES)
NAME = re.compile(  # a trial's or a body's name: "the Vertebroplasty Safety and Efficacy Trial (INVEST)"
    r"\b(?:[A-Z][\w'-]*\s+(?:(?:and|of|the|for|in|on|with|&)\s+)*){1,8}"
    r"(?:Trial|Study|Group|Network|Consortium|Initiative|Registry|Programme|Program|Project|Collaboration|"
    r"Society|Institute|Association|Foundation|Agency|Administration)s?\b(?:\s*\([A-Z0-9-]+\))?"
)


def rule_scores(sentence: str) -> dict[str, float]:
    """Each built-in tag's score for `sentence`, 0..1. Words in a name are not cues: the
    "Safety and Efficacy Trial" says nothing about safety."""
    words = NAME.sub(" ", sentence)
    scores = {}
    for tag, cues in CUES.items():
        weight = sum(w for w, cue in cues if cue.search(words))
        scores[tag] = 1.0 - math.exp(-weight)
    return scores
