"""Cochrane RoB 2 for individually randomised, parallel-group trials: the effect of assignment to
intervention (intention-to-treat). The signalling questions are a built-in form; the domain and
overall judgements are derived from their answers by the tool's published algorithm.

The algorithm is the RoB 2 guidance's (Sterne et al., BMJ 2019;366:l4898; guidance and template
of 22 August 2019 at https://www.riskofbias.info/welcome/rob-2-0-tool/current-version-of-rob-2):
one flowchart per domain, its "Algorithm for suggested judgement". They were read in the text of
the template's signalling-question tables and flowcharts as transcribed in the public repository
github.com/InfinityBowman/corates, packages/web/src/components/checklist/ROB2Checklist/scoring/
decision-diagrams/; domain 1 was checked against the criteria table reproduced in Syst Rev
2021;10:171 (https://pmc.ncbi.nlm.nih.gov/articles/PMC8191126/table/Tab2). Y and PY take the
same branch, as do N and PN; NI takes the branch each flowchart draws it on.
"""

from __future__ import annotations

from collections.abc import Mapping

from reviewer.extraction.forms import Field, Form

ANSWERS = ("Y", "PY", "PN", "N", "NI", "NA")  # NA: not applicable, a question the flow skips
JUDGEMENTS = ("low", "some concerns", "high")
LOW, SOME_CONCERNS, HIGH = JUDGEMENTS
DOMAINS = ("D1", "D2", "D3", "D4", "D5")
DOMAIN_NAMES = {
    "D1": "Randomisation process",
    "D2": "Deviations from intended interventions",
    "D3": "Missing outcome data",
    "D4": "Measurement of the outcome",
    "D5": "Selection of the reported result",
}

# How an answer reads in the flowcharts: a branch for Y/PY, one for N/PN, one for NI.
_YES, _NO, _NI = "yes", "no", "ni"
_READINGS = {"Y": _YES, "PY": _YES, "PN": _NO, "N": _NO, "NI": _NI}
_OVERRIDE_HELP = "derived from the answers; answer it to override, with a reason"
_ALWAYS = "always answered"

_QUESTIONS = (
    ("1.1", "Was the allocation sequence random?", _ALWAYS),
    (
        "1.2",
        "Was the allocation sequence concealed until participants were enrolled and assigned to interventions?",
        _ALWAYS,
    ),
    (
        "1.3",
        "Did baseline differences between intervention groups suggest a problem with the randomisation process?",
        _ALWAYS,
    ),
    ("2.1", "Were participants aware of their assigned intervention during the trial?", _ALWAYS),
    (
        "2.2",
        "Were carers and people delivering the interventions aware of participants' assigned intervention "
        "during the trial?",
        _ALWAYS,
    ),
    (
        "2.3",
        "Were there deviations from the intended intervention that arose because of the trial context?",
        "only if 2.1 or 2.2 is Y/PY/NI",
    ),
    ("2.4", "Were these deviations likely to have affected the outcome?", "only if 2.3 is Y/PY"),
    ("2.5", "Were these deviations from intended intervention balanced between groups?", "only if 2.4 is Y/PY/NI"),
    ("2.6", "Was an appropriate analysis used to estimate the effect of assignment to intervention?", _ALWAYS),
    (
        "2.7",
        "Was there potential for a substantial impact (on the result) of the failure to analyse participants "
        "in the group to which they were randomised?",
        "only if 2.6 is N/PN/NI",
    ),
    ("3.1", "Were data for this outcome available for all, or nearly all, participants randomised?", _ALWAYS),
    (
        "3.2",
        "Is there evidence that the result was not biased by missing outcome data?",
        "only if 3.1 is N/PN/NI; the tool offers no NI here, and NI is read as N (no such evidence)",
    ),
    ("3.3", "Could missingness in the outcome depend on its true value?", "only if 3.2 is N/PN"),
    ("3.4", "Is it likely that missingness in the outcome depended on its true value?", "only if 3.3 is Y/PY/NI"),
    ("4.1", "Was the method of measuring the outcome inappropriate?", _ALWAYS),
    ("4.2", "Could measurement or ascertainment of the outcome have differed between intervention groups?", _ALWAYS),
    (
        "4.3",
        "Were outcome assessors aware of the intervention received by study participants?",
        "only if 4.1 and 4.2 are N/PN/NI",
    ),
    (
        "4.4",
        "Could assessment of the outcome have been influenced by knowledge of intervention received?",
        "only if 4.3 is Y/PY/NI",
    ),
    (
        "4.5",
        "Is it likely that assessment of the outcome was influenced by knowledge of intervention received?",
        "only if 4.4 is Y/PY/NI",
    ),
    (
        "5.1",
        "Were the data that produced this result analysed in accordance with a pre-specified analysis plan "
        "that was finalised before unblinded outcome data were available for analysis?",
        _ALWAYS,
    ),
    (
        "5.2",
        "Is the result likely to have been selected, on the basis of the results, from multiple eligible "
        "outcome measurements (scales, definitions, time points) within the outcome domain?",
        _ALWAYS,
    ),
    (
        "5.3",
        "Is the result likely to have been selected, on the basis of the results, from multiple eligible "
        "analyses of the data?",
        _ALWAYS,
    ),
)
_DOMAIN_LABELS = {
    "D1": "Risk of bias arising from the randomisation process",
    "D2": "Risk of bias due to deviations from the intended interventions (effect of assignment)",
    "D3": "Risk of bias due to missing outcome data",
    "D4": "Risk of bias in measurement of the outcome",
    "D5": "Risk of bias in selection of the reported result",
}


def _section(domain: str) -> str:
    return f"{domain} {DOMAIN_NAMES[domain]}"


FORM = Form(
    key="rob2",
    label="Risk of bias (RoB 2)",
    fields=(
        *(
            Field(key, label=label, type="choice", choices=ANSWERS, help=applies, section=_section(f"D{key[0]}"))
            for key, label, applies in _QUESTIONS
        ),
        *(
            Field(
                domain,
                label=_DOMAIN_LABELS[domain],
                type="choice",
                choices=JUDGEMENTS,
                help=_OVERRIDE_HELP,
                section=_section(domain),
            )
            for domain in DOMAINS
        ),
        Field(
            "overall",
            label="Overall risk of bias",
            type="choice",
            choices=JUDGEMENTS,
            help=_OVERRIDE_HELP,
            section="Overall",
        ),
    ),
    tool="rob2",
)


def domain_judgement(domain: str, answers: Mapping[str, str]) -> str | None:
    """The judgement the RoB 2 algorithm gives `domain` (D1..D5) for these answers, or None
    while it depends on a question not yet answered. A question the flow does not reach need
    not be answered; one it reaches counts as unanswered if it holds NA or anything not in
    ANSWERS."""
    if domain not in _DOMAIN_RULES:
        raise ValueError(f"RoB 2 has no domain {domain!r} (its domains: {', '.join(DOMAINS)})")
    return _DOMAIN_RULES[domain](answers)


def overall_judgement(domains: Mapping[str, str]) -> str | None:
    """High as soon as any domain is high (no other domain can lower it); else low if every
    domain is low, some concerns otherwise; None until all five domains have a judgement.

    RoB 2 also allows "high" when several domains have some concerns in a way that substantially
    lowers confidence in the result. That is the assessors' judgement, not a rule, so it is not
    derived here: they record it by answering the `overall` field."""
    values = [domains.get(domain) for domain in DOMAINS]
    if HIGH in values:
        return HIGH
    if not all(value in JUDGEMENTS for value in values):
        return None
    return SOME_CONCERNS if SOME_CONCERNS in values else LOW


def judgements(answers: Mapping[str, str]) -> dict[str, str]:
    """D1..D5 and `overall`: each derived from the answers unless answered itself (an override,
    which also feeds the overall). A judgement that cannot be reached yet is left out."""
    found: dict[str, str] = {}
    for domain in DOMAINS:
        judgement = _answered(answers, domain) or domain_judgement(domain, answers)
        if judgement:
            found[domain] = judgement
    overall = _answered(answers, "overall") or overall_judgement(found)
    if overall:
        found["overall"] = overall
    return found


def _answered(answers: Mapping[str, str], key: str) -> str | None:
    value = answers.get(key)
    return value if value in JUDGEMENTS else None


def _read(answers: Mapping[str, str], question: str) -> str | None:
    """The branch an answer takes (_YES, _NO or _NI); None if unanswered, NA or unknown."""
    return _READINGS.get(answers.get(question, ""))


def _randomisation(answers: Mapping[str, str]) -> str | None:
    concealed = _read(answers, "1.2")
    if concealed == _NO:
        return HIGH
    if concealed == _NI:  # no information on concealment: baseline imbalance decides
        baseline = _read(answers, "1.3")
        return None if baseline is None else HIGH if baseline == _YES else SOME_CONCERNS
    if concealed == _YES:
        random = _read(answers, "1.1")
        if random == _NO:
            return SOME_CONCERNS
        baseline = _read(answers, "1.3") if random else None
        return None if baseline is None else SOME_CONCERNS if baseline == _YES else LOW
    return None


def _deviations(answers: Mapping[str, str]) -> str | None:
    """Part 1 (2.1-2.5) and part 2 (2.6-2.7) are judged apart; the domain takes the worse."""
    parts = (_deviations_in_trial_context(answers), _analysis_of_assignment(answers))
    if HIGH in parts:
        return HIGH
    if None in parts:
        return None
    return SOME_CONCERNS if SOME_CONCERNS in parts else LOW


def _deviations_in_trial_context(answers: Mapping[str, str]) -> str | None:
    aware = (_read(answers, "2.1"), _read(answers, "2.2"))
    if _YES not in aware and _NI not in aware:  # both N/PN (or not yet both answered)
        return None if None in aware else LOW
    deviations = _read(answers, "2.3")
    if deviations == _NO:
        return LOW
    if deviations == _NI:
        return SOME_CONCERNS
    affected = _read(answers, "2.4") if deviations else None
    if affected == _NO:
        return SOME_CONCERNS
    balanced = _read(answers, "2.5") if affected else None
    return None if balanced is None else SOME_CONCERNS if balanced == _YES else HIGH


def _analysis_of_assignment(answers: Mapping[str, str]) -> str | None:
    appropriate = _read(answers, "2.6")
    if appropriate == _YES:
        return LOW
    impact = _read(answers, "2.7") if appropriate else None
    return None if impact is None else SOME_CONCERNS if impact == _NO else HIGH


def _missing_outcome_data(answers: Mapping[str, str]) -> str | None:
    available = _read(answers, "3.1")
    if available == _YES:
        return LOW
    evidence = _read(answers, "3.2") if available else None
    if evidence == _YES:
        return LOW
    if evidence is None:
        return None
    # 3.2 offers no NI; NI there means no evidence, the N/PN branch
    could_depend = _read(answers, "3.3")
    if could_depend == _NO:
        return LOW
    likely = _read(answers, "3.4") if could_depend else None
    return None if likely is None else SOME_CONCERNS if likely == _NO else HIGH


def _measurement(answers: Mapping[str, str]) -> str | None:
    inappropriate = _read(answers, "4.1")
    if inappropriate == _YES:
        return HIGH
    differed = _read(answers, "4.2") if inappropriate else None
    if differed == _YES:
        return HIGH
    if differed is None:
        return None
    # The flow from 4.3 is drawn twice: after 4.2 N/PN its good ends are low, after NI some concerns.
    good = LOW if differed == _NO else SOME_CONCERNS
    for question in ("4.3", "4.4"):
        reading = _read(answers, question)
        if reading == _NO:
            return good
        if reading is None:
            return None
    likely = _read(answers, "4.5")
    return None if likely is None else SOME_CONCERNS if likely == _NO else HIGH


def _selection_of_reported_result(answers: Mapping[str, str]) -> str | None:
    selected = (_read(answers, "5.2"), _read(answers, "5.3"))
    if _YES in selected:
        return HIGH
    if None in selected:
        return None
    if _NI in selected:
        return SOME_CONCERNS
    planned = _read(answers, "5.1")
    return None if planned is None else LOW if planned == _YES else SOME_CONCERNS


_DOMAIN_RULES = {
    "D1": _randomisation,
    "D2": _deviations,
    "D3": _missing_outcome_data,
    "D4": _measurement,
    "D5": _selection_of_reported_result,
}
