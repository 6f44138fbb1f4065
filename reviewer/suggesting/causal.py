"""How strongly a sentence claims a relation, in the four grades Yu, Li and Wang (EMNLP 2019)
gave PubMed conclusions: none, correlational ("was associated with"), conditional ("may
reduce") and causal ("reduces").

Rules, not a trained model: the cues are the ones their annotation guideline and the
causal-language studies it builds on (Sumner et al. 2014, Adams et al. 2017) name, written here
from those descriptions, read in this order:
- A recommendation, a call for research or a question ("should be offered", "further trials
  are needed", "to determine whether") states no finding: none, whatever relation it names.
- An association or a comparison of groups outranks a causal verb: "higher intake was
  associated with improved survival", "similar improvements", "no difference in mortality"
  are correlational.
  A change that goes with another ("risk increases with age", "improved with time") or is
  only observed ("there was an improvement in quality of life"), and a state a group is in
  ("patients with BED had increased utilization"), names no cause: correlational.
  But a comparison that is a causal verb's outcome ("resulted in similar improvements", "led
  to an increased risk") is that verb's: causal.
- A causal verb is causal, conditional when hedged ("may", "appears to"), and none when it
  reports what was known before ("previous studies have shown that X reduces Y", "is known
  to reduce": 13 of 18 so graded in the development sets). "Suggest" and
  "indicate" report a finding rather than hedge it: "the data suggest that X reduces Y" is
  causal.
- A comparison without a causal verb ("more common in A than in B") is correlational.
A relation stated to be absent keeps its grade: "did not reduce" is causal language and "was
not associated" correlational, since the sentence still speaks of that relation. The
conventions beyond the guideline were read from their annotators' labels on their press
releases (38 of 43 denials graded so; of the "suggest" sentences without a modal, 21 graded
causal and 3 conditional) and a third of their PubMed conclusions (benchmarks/suggestions.py).
Of those two sets' sentences with a change seen alongside another or only observed, 17 of 18
are graded correlational; of those where a comparison is the outcome of "result in", "lead to"
or "cause", 11 of 13 causal or conditional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from reviewer.suggesting.cues import any_of

Strength = Literal["none", "correlational", "conditional", "causal"]
STRENGTHS: Final[tuple[Strength, ...]] = ("none", "correlational", "conditional", "causal")


CORRELATIONAL = any_of(
    r"associat(?:e|es|ed|ion|ions|ing)\b",
    r"correlat(?:e|ed|es|ing|ion|ions)\b",
    r"linked (?:to|with)\b",
    r"links? between\b",
    r"relat(?:ed|ionship|ionships) (?:to|with|between)\b",
    r"predict(?:s|ed|ing|or|ors|ive)?\b",
    r"prognostic\b",
    r"risk factors?\b",
    r"(?:higher|lower|increased|reduced|decreased|greater|elevated) "
    r"(?:risk|odds|likelihood|prevalence|incidence|rates?)\b",
    r"(?:more|less) likely\b",
    r"(?:more|less) (?:prone|susceptible|vulnerable) to\b",
    r"(?:twice|double|triple) (?:as|the)\b",
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
    r"differ(?:s|ed|ence|ences)?\b",  # a comparison, made or denied: "no difference in mortality"
    r"similar\b",
    r"different (?:between|from|in|among|across)\b",
    r"comparable\b",
    r"unrelated\b",
    r"independent(?:ly)? of\b",
    # a change that goes with another, or is only seen, names no cause: "risk increases with age"
    r"(?:increas|decreas|declin|improv|reduc|worsen)(?:e|es|ed|ing)\b (?:\w+ly )?with\b",
    r"there (?:was|were|is|are|has been) (?:a |an |no )?(?:\w+ ){0,3}"
    r"(?:increase|improvement|reduction|decrease|decline|rise|worsening)s?\b",
    r"(?:increase|improvement|reduction|decrease|decline)s? (?:\w+ ){0,6}(?:was|were) "
    r"(?:\w+ )?(?:observed|seen|noted)\b",
    # a state a group is in, not what put it there: "patients with BED had increased utilization"
    r"(?:had|showed?|shows|displayed|exhibited|experienced|ha(?:ve|s) (?=an?\b|no\b))(?: an?| no)? (?:\w+ )?"
    r"(?:increased|decreased|reduced|improved|elevated|impaired|enhanced)\b"
    r"(?! (?:the|a|an|their|its|his|her|our|this|these|those|by|from)\b)",  # "had reduced the number" acts
)
CAUSAL = any_of(
    r"(?<!the )caus(?:e|es)\b(?! of\b| and effect)",  # the verb: "the causes of", "cause and effect" are nouns
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
    r"weaken(?:s|ed|ing)?\b",
    r"ma(?:ke|kes|de|king) (?:\w+ ){0,2}(?:worse|better)\b",
    r"impair(?:s|ed|ing)?\b",
    r"trigger(?:s|ed)?\b",
    r"boost(?:s|ed)?\b",
    r"(?:cut|cuts|slash(?:es|ed)?|halve[sd]?|spur(?:s|red)?|fuel(?:s|led)?|drive[sn]?|drove) ",
    r"raise[sd]? (?!questions?|concerns?|awareness|doubts?|the (?:question|possibility))",
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
    r"impact(?:s|ed|ing)?\b",
    r"affect(?:s|ing)?\b",
    r"(?<!\bthe )(?<!\ban )affected\b(?! (?:individuals|patients|people|persons|children|adults|women|men|subjects|"
    r"participants|families|relatives|members|areas|regions|sites|limbs?|sides?|eyes?|teeth|joints?|segments?|levels?|cases|animals|"
    r"populations?|groups?)\b)",  # "in affected children", "the affected vertebra" name them
    r"(?:doubl|tripl|quadrupl)(?:es|ed|ing)\b",
    r"(?:a|an|the) (?:\w+ )?roles? (?:in|of)\b",
    r"(?:leading|common|major|main|important|principal|primary|frequent) causes? of\b",
    r"ineffective\b",
    r"alter(?:s|ed)?\b",
    r"modulat(?:e|es|ed|ing)\b",
    r"(?:(?:may|might|could|can|to) )?influenc(?:e|es|ed)\b(?<!\bthe influence)(?<!\ban influence)",
    r"confer(?:s|red)?\b",
    r"contribut(?:ed|es)\b",
    r"(?:crucial|critical|essential) (?:for|in|to)\b",
    r"enabl(?:e|es|ed)\b",
    r"sav(?:e|es|ed|ing) (?:\w+ )?li(?:fe|ves)\b",
    r"extend(?:s|ed|ing)? (?:\w+ )?li(?:fe|ves)\b",
    r"ups (?:\w+ ){0,2}(?:risk|odds|chances?)\b",
    r"heighten(?:s|ed)?\b",
    r"cur(?:e|es|ed)\b(?! rates?\b)",
    r"detrimental\b",
)
COMPARISON = any_of(  # a difference between groups: correlational when no causal verb claims more
    # not a quantity: "more than 50%", "fewer than half" count, "more common than" compares
    r"(?:higher|lower|greater|smaller|more|less|fewer|worse|poorer|better|faster|slower|longer|shorter|sooner|earlier|later)\s+"
    r"(?:[^\s.;]+\s+){0,12}?than\s+(?!\d|(?:half|one|two|three|four|five|ten|twice|a (?:third|quarter|fifth|tenth))\b)",
    r"at (?:\w+ )?risk (?:of|for)\b",
    r"compared (?:to|with)\b",
)
NO_FINDING = any_of(  # a recommendation, a call for research or a question states no finding: none
    r"should\b",
    r"(?:deserves?|merits?|requires?|warrants?) (?:\w+ )?further\b",
    r"needs? to\b",
    r"(?:is|are|be|remains?) (?:\w+ )?(?:needed|warranted|required|necessary)\b(?! for\b)",
    r"(?:further|future) (?:\w+ ){0,2}(?:research|study|studies|investigations?|trials|work|elucidation|"
    r"evaluation|exploration|examination|confirmation|validation|clarification)\b",
    r"to (?:examine|determine|assess|evaluate|investigate|explore|test|see|establish|find out) (?:if|whether)\b",
)
BACKGROUND = any_of(  # what was known before a causal verb: not this study's finding
    r"(?:previous|prior|earlier|past) (?:\w+ )?(?:studies|research|work|reports?|trials|findings)\b",
    r"(?:is|are|been) (?:well |widely |long |already )?known to\b",
    r"(?:it is|well|widely) (?:well[- ])?established\b",
    r"(?:has|have) (?:long |previously |already )?been (?:shown|proven|demonstrated|reported|known) to\b",
    r"(?:commonly|widely)[- ]held\b",
    r"(?:concerns?|fears?|feared|beliefs?|believed|surmised|worr(?:y|ies|ied)) that\b",  # not found yet
)
OUTCOME = re.compile(  # a causal verb whose outcome is a comparison: "resulted in similar improvements"
    r"\b(?:result(?:s|ed|ing)? in|lead(?:s|ing)? to|led to|caus(?:e|es|ed|ing))\s+(?:[^\s,;.]+\s+){0,3}$",
    re.IGNORECASE,
)
HEDGE = any_of(
    r"may\b",
    r"might\b",
    r"could\b",
    r"possibly\b",
    r"(?:it is|it's|is|are|remains|seems) possible that\b",  # "possible mechanisms", "as soon as possible" are not
    r"probabl[ey]\b",
    r"potentially\b(?! (?:fatal|lethal|toxic|harmful|dangerous|serious|life-threatening|inappropriate)\b)",
    r"tentative(?:ly)?\b",
    r"perhaps\b",
    r"likely\b",
    r"appear(?:s|ed)? to\b",
    r"seem(?:s|ed)? to\b",
    r"hypothes",
    r"would\b",
    r"presumabl[ey]\b",
    r"putative\b",
)


@dataclass(frozen=True)
class Reading:
    """A sentence's causal strength and the cue that decided it (None for none without cues)."""

    strength: Strength
    cue: str | None = None


def causal_strength(sentence: str) -> Reading:
    """The strongest relation `sentence` states, as Yu et al. grade it."""
    no_finding = NO_FINDING.search(sentence)
    if no_finding is not None:
        return Reading("none", no_finding.group())
    correlational = next(
        (m for m in CORRELATIONAL.finditer(sentence) if not OUTCOME.search(sentence, 0, m.start())), None
    )
    causal = CAUSAL.search(sentence)
    if correlational is None and causal is None:
        comparison = COMPARISON.search(sentence)
        return Reading("correlational", comparison.group()) if comparison else Reading("none")
    if correlational is not None:
        return Reading("correlational", correlational.group())
    assert causal is not None
    background = BACKGROUND.search(sentence, 0, causal.start())
    if background is not None:
        return Reading("none", background.group())
    hedge = HEDGE.search(sentence, 0, causal.start() + 1) or HEDGE.search(sentence)
    if hedge is not None:
        return Reading("conditional", hedge.group())
    return Reading("causal", causal.group())
