"""Which of the built-in tags a sentence likely deserves, by the words that mark each kind of
claim: a result on an outcome (efficacy), a harm (safety), a limit on the conclusion (caveat),
and the PICO and design statements. Each cue adds weight; a tag's score is 1 - e^(-weight),
so one strong cue suggests it and several make it near certain."""

from __future__ import annotations

import math
import re
from typing import Final


def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern + r")", re.IGNORECASE)


STATISTICS = (
    r"p\s*[<=≤]\s*0?\.\d|95\s*%\s*(?:ci|confidence)|odds ratio|hazard ratio|"
    r"relative risk|risk ratio|mean difference|\bor\s*[=:]|\bhr\s*[=:]|\brr\s*[=:]"
)

CUES: Final[dict[str, tuple[tuple[re.Pattern[str], float], ...]]] = {
    "efficacy": (
        (_cue(r"effective(?:ness)?|efficacy|efficacious"), 0.9),
        (_cue(r"improv(?:e|es|ed|ing|ement|ements)|relie(?:f|ve|ved)|benefit(?:s|ed|ted|icial)?"), 0.7),
        (_cue(r"reduc(?:e|es|ed|ing|tion)|decreas(?:e|ed|es)|lower(?:ed)?|increas(?:e|ed|es)"), 0.35),
        (_cue(r"superior|inferior|non-?inferior|outperform|response rates?|remission|recovery|cure"), 0.7),
        (
            _cue(
                r"(?:compared|versus|vs\.?|than) (?:with |to )?(?:the )?(?:placebo|sham|control|usual care|simulated)"
            ),
            0.6,
        ),
        (_cue(r"both groups|the two groups|between groups|treatment groups?|control group"), 0.4),
        (_cue(r"pain|function|mortality|survival|quality of life|symptoms?|score"), 0.25),
        (_cue(r"significant(?:ly)?|no (?:significant )?difference"), 0.3),
        (re.compile(STATISTICS, re.IGNORECASE), 0.5),
    ),
    "safety": (
        (_cue(r"adverse (?:events?|effects?|reactions?|outcomes?)|side[- ]effects?|harms?|harmful"), 1.2),
        (_cue(r"safe(?:ty|ly)?|tolerab(?:le|ility)|well tolerated|toxicit(?:y|ies)|complications?"), 0.9),
        (_cue(r"risks?|hazards?|danger(?:ous)?|serious|deaths?|died|fatal"), 0.6),
        (
            _cue(
                r"bleeding|haemorrhage|hemorrhage|infection|injur(?:y|ies)|fractures?|"
                r"hospitali[sz]|withdr(?:ew|awal) due"
            ),
            0.4,
        ),
        (_cue(r"worse|worsen(?:s|ed|ing)?|make matters worse|increase(?:s|d)? the risk"), 0.5),
    ),
    "caveat": (
        (_cue(r"limitations?|limited by|caution|cautious(?:ly)?|interpreted with"), 1.1),
        (
            _cue(
                r"not (?:absolute )?proof|"
                r"cannot (?:be )?(?:establish|determin|conclud|prove|rule)|"
                r"does not prove|causal(?:ity)? cannot|not (?:necessarily )?caus"
            ),
            1.4,
        ),
        (
            _cue(
                r"small (?:sample|number|study)|underpowered|short follow-?up|"
                r"few (?:patients|participants)|pilot"
            ),
            1.0,
        ),
        (_cue(r"bias(?:es|ed)?|confound(?:ing|ers?|ed)?|selection|surrogate|generali[sz]"), 0.8),
        (
            _cue(
                r"further (?:research|studies|trials|work)|more research|"
                r"larger (?:studies|trials)|need(?:s|ed)? to be confirmed|preliminary|"
                r"uncertain(?:ty)?|unclear"
            ),
            0.8,
        ),
        (_cue(r"however|although|though|whereas|despite|nevertheless"), 0.35),
        (_cue(r"association|associated|correlat(?:ed|ion)|observational"), 0.3),
    ),
    "population": (
        (
            _cue(
                (
                    r"patients (?:with|who|aged)|participants|subjects|"
                    r"individuals (?:with|aged)|people (?:with|aged)|women|men|children|"
                    r"adults|adolescents|infants|elderly|older adults"
                )
            ),
            0.6,
        ),
        (
            _cue(
                r"aged \d|years? (?:old|of age)|mean age|"
                r"\d+ (?:patients|participants|subjects|people|individuals|women|men|children)"
            ),
            0.8,
        ),
        (_cue(r"enrolled|recruited|eligible|inclusion criteria|exclusion criteria|were included"), 0.6),
        (_cue(r"affect(?:s|ed)? (?:approximately|about|some|nearly)"), 0.6),
    ),
    "intervention": (
        (
            _cue(
                (
                    r"received|were given|treated with|assigned to|allocated to|underwent|"
                    r"administered|injecti(?:ng|on|ons)|procedure|surgery|therapy|treatment with"
                )
            ),
            0.6,
        ),
        (_cue(r"\d+\s*(?:mg|g|ml|µg|mcg|iu)\b|dose|daily|twice|once a|weekly|for \d+ (?:days|weeks|months)"), 0.7),
        (_cue(r"involves|consists? of|intervention"), 0.4),
    ),
    "comparator": (
        (
            _cue(
                (
                    r"placebo|sham|simulated|usual care|standard care|no treatment|"
                    r"waiting list|wait-list|control (?:group|arm|procedure)"
                )
            ),
            1.1,
        ),
        (_cue(r"compared (?:with|to)|versus|vs\.?|than"), 0.35),
    ),
    "outcome": (
        (
            _cue(
                (
                    r"primary (?:outcome|end ?point)|secondary (?:outcome|end ?point)|"
                    r"outcome measures?|end ?points?"
                )
            ),
            1.2,
        ),
        (
            _cue(
                r"measured|assessed|evaluated|questionnaire|scale|score|index|"
                r"at \d+ (?:days|weeks|months|years)|follow-?up"
            ),
            0.45,
        ),
        (_cue(r"pain|function|mortality|survival|quality of life|disability|incidence"), 0.3),
    ),
    "design": (
        (
            _cue(
                (
                    r"randomi[sz]ed|randomly (?:assigned|allocated)|double-?blind|"
                    r"single-?blind|blinded|placebo-controlled|sham-controlled"
                )
            ),
            1.2,
        ),
        (
            _cue(
                r"cohort|case-control|cross-sectional|retrospective|prospective|"
                r"observational|registry|case series|meta-analys[ie]s|systematic review"
            ),
            1.2,
        ),
        (_cue(r"trial|multi-?cent(?:re|er)|study design|we conducted|was conducted"), 0.5),
    ),
}
BUILT_IN: Final = tuple(CUES)


def rule_scores(sentence: str) -> dict[str, float]:
    """Each built-in tag's score for `sentence`, 0..1."""
    scores = {}
    for tag, cues in CUES.items():
        weight = sum(w for cue, w in cues if cue.search(sentence))
        scores[tag] = 1.0 - math.exp(-weight)
    return scores
