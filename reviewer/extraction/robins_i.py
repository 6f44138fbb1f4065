"""ROBINS-I (Sterne et al., BMJ 2016;355:i4919): risk of bias in a non-randomised study of an
intervention. Its domain judgements are the assessors' own, informed by the tool's signalling
questions (version 1 of the tool has no algorithm for them), so the form asks for the seven
domain judgements; the overall judgement is derived from them unless answered.

The overall rule is the article's table of "interpretation of domain-level and overall risk of
bias judgements" (full text https://pmc.ncbi.nlm.nih.gov/articles/PMC5062054/, its table 2):
low when low in all domains; moderate when low or moderate in all; serious when serious in at
least one and critical in none; critical when critical in at least one; no information when there
is "no clear indication that the study is at serious or critical risk of bias and there is a lack
of information in one or more key domains of bias (a judgement is required for this)".
"""

from __future__ import annotations

from collections.abc import Mapping

from reviewer.extraction.forms import Field, Form

JUDGEMENTS = ("low", "moderate", "serious", "critical", "no information")
LOW, MODERATE, SERIOUS, CRITICAL, NO_INFORMATION = JUDGEMENTS
DOMAINS = ("D1", "D2", "D3", "D4", "D5", "D6", "D7")
DOMAIN_NAMES = {
    "D1": "Bias due to confounding",
    "D2": "Bias in selection of participants into the study",
    "D3": "Bias in classification of interventions",
    "D4": "Bias due to deviations from intended interventions",
    "D5": "Bias due to missing data",
    "D6": "Bias in measurement of outcomes",
    "D7": "Bias in selection of the reported result",
}
# The article's grouping of the domains by when the bias arises.
_SECTIONS = {
    "D1": "Pre-intervention",
    "D2": "Pre-intervention",
    "D3": "At intervention",
    "D4": "Post-intervention",
    "D5": "Post-intervention",
    "D6": "Post-intervention",
    "D7": "Post-intervention",
}

FORM = Form(
    key="robins-i",
    label="Risk of bias (ROBINS-I)",
    fields=(
        *(
            Field(
                domain,
                label=DOMAIN_NAMES[domain],
                type="choice",
                choices=JUDGEMENTS,
                help="the assessors' judgement, from the domain's signalling questions in the ROBINS-I tool",
                section=_SECTIONS[domain],
            )
            for domain in DOMAINS
        ),
        Field(
            "overall",
            label="Overall risk of bias",
            type="choice",
            choices=JUDGEMENTS,
            help="derived from the domains; answer it to override, with a reason",
            section="Overall",
        ),
    ),
    tool="robins-i",
)


def overall_judgement(domains: Mapping[str, str]) -> str | None:
    """The overall judgement by the tool's rule: critical as soon as any domain is critical (no
    other can lower it), else None until all seven domains are judged.

    Which domains are "key" for "no information" is left by the tool to the assessors: here any
    domain with no information counts, when none is serious or critical. Assessors who judge
    that domain not key record the overall judgement they reach by answering `overall`."""
    values = [domains.get(domain) for domain in DOMAINS]
    if CRITICAL in values:
        return CRITICAL
    if not all(value in JUDGEMENTS for value in values):
        return None
    for judgement in (CRITICAL, SERIOUS, NO_INFORMATION, MODERATE):
        if judgement in values:
            return judgement
    return LOW


def judgements(answers: Mapping[str, str]) -> dict[str, str]:
    """D1..D7 as answered, and `overall`: derived from them unless answered itself. A domain not
    yet judged is left out, and so is an overall that cannot be derived."""
    found = {key: answers[key] for key in (*DOMAINS, "overall") if answers.get(key) in JUDGEMENTS}
    if "overall" not in found:
        overall = overall_judgement(found)
        if overall:
            found["overall"] = overall
    return found
