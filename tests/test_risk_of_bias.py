"""RoB 2 and ROBINS-I: every path of RoB 2's published flowcharts gives its judgement, the
overall rules, overrides, and unanswered questions giving no judgement."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.extraction import rob2, robins_i

LOW, SOME, HIGH = "low", "some concerns", "high"
EVERY = "Y/PY/PN/N/NI"  # any answer at all: the flow does not look at it on this path
QUESTIONS = {
    "D1": ("1.1", "1.2", "1.3"),
    "D2": ("2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"),
    "D3": ("3.1", "3.2", "3.3", "3.4"),
    "D4": ("4.1", "4.2", "4.3", "4.4", "4.5"),
    "D5": ("5.1", "5.2", "5.3"),
}


def expand(path: dict[str, str]) -> list[dict[str, str]]:
    """Every set of answers a path's branch labels allow: {"1.2": "Y/PY"} gives Y, then PY."""
    keys = list(path)
    return [dict(zip(keys, answers, strict=True)) for answers in itertools.product(*(path[k].split("/") for k in keys))]


# Each table is one flowchart of the RoB 2 guidance (22 August 2019), one row a path through it:
# the branch taken at each question asked, and the judgement it ends in.

D1_PATHS = [
    pytest.param({"1.2": "N/PN"}, HIGH, id="not concealed"),
    pytest.param({"1.2": "NI", "1.3": "N/PN/NI"}, SOME, id="concealment unknown, no baseline problem"),
    pytest.param({"1.2": "NI", "1.3": "Y/PY"}, HIGH, id="concealment unknown, baseline problem"),
    pytest.param({"1.2": "Y/PY", "1.1": "N/PN"}, SOME, id="concealed, sequence not random"),
    pytest.param({"1.2": "Y/PY", "1.1": "Y/PY/NI", "1.3": "N/PN/NI"}, LOW, id="concealed, random, no baseline problem"),
    pytest.param({"1.2": "Y/PY", "1.1": "Y/PY/NI", "1.3": "Y/PY"}, SOME, id="concealed, random, baseline problem"),
]

# Domain 2 is judged in two parts; the domain takes the worse. 2.3 is asked when either 2.1 or 2.2
# is Y/PY/NI: the two ways that can be are both tried on every path that goes through 2.3.
EITHER_AWARE = ({"2.1": "Y/PY/NI", "2.2": EVERY}, {"2.1": "N/PN", "2.2": "Y/PY/NI"})
D2_PART_1 = [
    pytest.param({"2.1": "N/PN", "2.2": "N/PN"}, LOW, id="nobody aware"),
    pytest.param({"2.3": "N/PN"}, LOW, id="aware, no deviations from the trial context"),
    pytest.param({"2.3": "NI"}, SOME, id="aware, deviations unknown"),
    pytest.param({"2.3": "Y/PY", "2.4": "N/PN"}, SOME, id="deviations, not affecting the outcome"),
    pytest.param({"2.3": "Y/PY", "2.4": "Y/PY/NI", "2.5": "Y/PY"}, SOME, id="deviations affecting it, balanced"),
    pytest.param({"2.3": "Y/PY", "2.4": "Y/PY/NI", "2.5": "N/PN/NI"}, HIGH, id="deviations affecting it, unbalanced"),
]
D2_PART_2 = [
    pytest.param({"2.6": "Y/PY"}, LOW, id="appropriate analysis"),
    pytest.param({"2.6": "N/PN/NI", "2.7": "N/PN"}, SOME, id="inappropriate analysis, no substantial impact"),
    pytest.param({"2.6": "N/PN/NI", "2.7": "Y/PY/NI"}, HIGH, id="inappropriate analysis, substantial impact"),
]

D3_PATHS = [
    pytest.param({"3.1": "Y/PY"}, LOW, id="data for nearly all"),
    pytest.param({"3.1": "N/PN/NI", "3.2": "Y/PY"}, LOW, id="evidence the result is not biased"),
    pytest.param({"3.1": "N/PN/NI", "3.2": "N/PN", "3.3": "N/PN"}, LOW, id="missingness cannot depend on the value"),
    pytest.param(
        {"3.1": "N/PN/NI", "3.2": "N/PN", "3.3": "Y/PY/NI", "3.4": "N/PN"}, SOME, id="could depend, not likely"
    ),
    pytest.param(
        {"3.1": "N/PN/NI", "3.2": "N/PN", "3.3": "Y/PY/NI", "3.4": "Y/PY/NI"}, HIGH, id="likely depended on the value"
    ),
]

D4_PATHS = [
    pytest.param({"4.1": "Y/PY"}, HIGH, id="inappropriate method"),
    pytest.param({"4.1": "N/PN/NI", "4.2": "Y/PY"}, HIGH, id="measurement differed between groups"),
    # 4.2 N/PN: measurement did not differ
    pytest.param({"4.1": "N/PN/NI", "4.2": "N/PN", "4.3": "N/PN"}, LOW, id="same measurement, assessors blinded"),
    pytest.param(
        {"4.1": "N/PN/NI", "4.2": "N/PN", "4.3": "Y/PY/NI", "4.4": "N/PN"}, LOW, id="same, aware, could not influence"
    ),
    pytest.param(
        {"4.1": "N/PN/NI", "4.2": "N/PN", "4.3": "Y/PY/NI", "4.4": "Y/PY/NI", "4.5": "N/PN"},
        SOME,
        id="same, aware, could but not likely influenced",
    ),
    pytest.param(
        {"4.1": "N/PN/NI", "4.2": "N/PN", "4.3": "Y/PY/NI", "4.4": "Y/PY/NI", "4.5": "Y/PY/NI"},
        HIGH,
        id="same, aware, likely influenced",
    ),
    # 4.2 NI: no information on whether measurement differed; the good ends are some concerns
    pytest.param({"4.1": "N/PN/NI", "4.2": "NI", "4.3": "N/PN"}, SOME, id="differed unknown, assessors blinded"),
    pytest.param(
        {"4.1": "N/PN/NI", "4.2": "NI", "4.3": "Y/PY/NI", "4.4": "N/PN"},
        SOME,
        id="differed unknown, aware, could not influence",
    ),
    pytest.param(
        {"4.1": "N/PN/NI", "4.2": "NI", "4.3": "Y/PY/NI", "4.4": "Y/PY/NI", "4.5": "N/PN"},
        SOME,
        id="differed unknown, aware, could but not likely influenced",
    ),
    pytest.param(
        {"4.1": "N/PN/NI", "4.2": "NI", "4.3": "Y/PY/NI", "4.4": "Y/PY/NI", "4.5": "Y/PY/NI"},
        HIGH,
        id="differed unknown, aware, likely influenced",
    ),
]

D5_PATHS = [
    pytest.param({"5.2": "Y/PY", "5.3": EVERY, "5.1": EVERY}, HIGH, id="selected from measurements"),
    pytest.param({"5.2": "N/PN/NI", "5.3": "Y/PY", "5.1": EVERY}, HIGH, id="selected from analyses"),
    pytest.param({"5.2": "NI", "5.3": "N/PN/NI", "5.1": EVERY}, SOME, id="measurements unknown, not selected"),
    pytest.param({"5.2": "N/PN", "5.3": "NI", "5.1": EVERY}, SOME, id="analyses unknown, not selected"),
    pytest.param({"5.2": "N/PN", "5.3": "N/PN", "5.1": "Y/PY"}, LOW, id="not selected, pre-specified plan"),
    pytest.param({"5.2": "N/PN", "5.3": "N/PN", "5.1": "N/PN/NI"}, SOME, id="not selected, no pre-specified plan"),
]


def worse(*judgements: str) -> str:
    return max(judgements, key=rob2.JUDGEMENTS.index)


def with_awareness(path: dict[str, str]) -> list[dict[str, str]]:
    return [path] if "2.1" in path else [{**aware, **path} for aware in EITHER_AWARE]


def first(path: dict[str, str]) -> dict[str, str]:
    """One set of answers taking this path (its first answer on each branch)."""
    return {key: branch.split("/")[0] for key, branch in path.items()}


@pytest.mark.parametrize(("path", "expected"), D1_PATHS)
def test_randomisation_process_takes_each_path_of_its_flowchart(path, expected):
    for answers in expand(path):
        assert rob2.domain_judgement("D1", answers) == expected, answers


@pytest.mark.parametrize(("path", "expected"), D2_PART_1)
def test_deviations_part_1_takes_each_path_with_an_appropriate_analysis(path, expected):
    for full_path in with_awareness(path):
        for answers in expand({**full_path, "2.6": "Y/PY"}):
            assert rob2.domain_judgement("D2", answers) == expected, answers


@pytest.mark.parametrize(("path", "expected"), D2_PART_2)
def test_deviations_part_2_takes_each_path_when_nobody_was_aware(path, expected):
    for answers in expand({"2.1": "N/PN", "2.2": "N/PN", **path}):
        assert rob2.domain_judgement("D2", answers) == expected, answers


@pytest.mark.parametrize(("part_1", "judgement_1"), D2_PART_1)
@pytest.mark.parametrize(("part_2", "judgement_2"), D2_PART_2)
def test_deviations_take_the_worse_of_the_two_parts(part_1, judgement_1, part_2, judgement_2):
    for part_1_answered in with_awareness(part_1):
        answers = first({**part_1_answered, **part_2})
        assert rob2.domain_judgement("D2", answers) == worse(judgement_1, judgement_2), answers


@pytest.mark.parametrize(("path", "expected"), D3_PATHS)
def test_missing_outcome_data_takes_each_path_of_its_flowchart(path, expected):
    for answers in expand(path):
        assert rob2.domain_judgement("D3", answers) == expected, answers


@pytest.mark.parametrize(("path", "expected"), D4_PATHS)
def test_measurement_of_the_outcome_takes_each_path_of_its_flowchart(path, expected):
    for answers in expand(path):
        assert rob2.domain_judgement("D4", answers) == expected, answers


@pytest.mark.parametrize(("path", "expected"), D5_PATHS)
def test_selection_of_the_reported_result_takes_each_path_of_its_flowchart(path, expected):
    for answers in expand(path):
        assert rob2.domain_judgement("D5", answers) == expected, answers


def test_no_information_on_3_2_reads_as_no_evidence_the_result_is_unbiased():
    """3.2 offers no NI in the tool; answered NI anyway, it takes the N/PN branch on to 3.3."""
    for could, likely, expected in (("N", "NA", LOW), ("Y", "N", SOME), ("Y", "Y", HIGH)):
        answers = {"3.1": "N", "3.2": "NI", "3.3": could, "3.4": likely}
        assert rob2.domain_judgement("D3", answers) == expected
        assert rob2.domain_judgement("D3", {**answers, "3.2": "N"}) == expected


ALL_PATHS = (
    [("D1", path, expected) for path, expected in (p.values for p in D1_PATHS)]
    + [
        ("D2", {**full_path, "2.6": "Y/PY"}, expected)
        for path, expected in (p.values for p in D2_PART_1)
        for full_path in with_awareness(path)
    ]
    + [("D2", {"2.1": "N/PN", "2.2": "N/PN", **path}, expected) for path, expected in (p.values for p in D2_PART_2)]
    + [
        (domain, path, expected)
        for domain, paths in (("D3", D3_PATHS), ("D4", D4_PATHS), ("D5", D5_PATHS))
        for path, expected in (p.values for p in paths)
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_questions_a_path_skips_do_not_change_its_judgement(data):
    """Whatever sits in the questions the flow does not ask (NA, a stray answer), the path's
    judgement stands."""
    domain, path, expected = data.draw(st.sampled_from(ALL_PATHS))
    answers = data.draw(st.sampled_from(expand(path)))
    for question in QUESTIONS[domain]:
        if question not in answers:
            answers[question] = data.draw(st.sampled_from(rob2.ANSWERS))
    assert rob2.domain_judgement(domain, answers) == expected


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_full_set_of_answers_gives_a_judgement_in_every_domain(data):
    substantive = [answer for answer in rob2.ANSWERS if answer != "NA"]
    answers = {q: data.draw(st.sampled_from(substantive)) for questions in QUESTIONS.values() for q in questions}
    for domain in rob2.DOMAINS:
        assert rob2.domain_judgement(domain, answers) in rob2.JUDGEMENTS
    assert set(rob2.judgements(answers)) == {*rob2.DOMAINS, "overall"}


@pytest.mark.parametrize(
    ("domain", "answers"),
    [
        pytest.param("D1", {}, id="nothing answered"),
        pytest.param("D1", {"1.2": "Y"}, id="concealed: 1.1 needed"),
        pytest.param("D1", {"1.2": "Y", "1.1": "PY"}, id="random: 1.3 needed"),
        pytest.param("D1", {"1.2": "NI", "1.1": "Y"}, id="concealment unknown: 1.3 needed"),
        pytest.param("D1", {"1.2": "NA", "1.1": "Y", "1.3": "N"}, id="NA on a question the flow asks"),
        pytest.param("D1", {"1.2": "Y", "1.1": "Y", "1.3": "maybe"}, id="not an answer"),
        pytest.param("D2", {"2.1": "N", "2.6": "Y"}, id="2.2 needed when 2.1 is N"),
        pytest.param("D2", {"2.1": "N", "2.2": "N"}, id="part 1 low: part 2 needed"),
        pytest.param("D2", {"2.1": "Y", "2.3": "NI", "2.6": "N"}, id="2.7 needed"),
        pytest.param("D2", {"2.1": "Y", "2.3": "Y", "2.4": "NI", "2.6": "Y"}, id="2.5 needed"),
        pytest.param("D3", {"3.1": "N", "3.2": "N", "3.3": "Y"}, id="3.4 needed"),
        pytest.param("D3", {"3.1": "N", "3.2": "NA", "3.3": "N"}, id="3.2 NA after 3.1 N"),
        pytest.param("D4", {"4.1": "N", "4.2": "NI", "4.3": "Y"}, id="4.4 needed"),
        pytest.param("D5", {"5.2": "NI"}, id="5.3 could still make it high"),
        pytest.param("D5", {"5.2": "N", "5.3": "PN"}, id="5.1 needed"),
    ],
)
def test_a_judgement_waiting_on_an_unanswered_question_is_none(domain, answers):
    assert rob2.domain_judgement(domain, answers) is None


@pytest.mark.parametrize(
    ("domain", "answers", "expected"),
    [
        pytest.param("D1", {"1.2": "N"}, HIGH, id="not concealed: 1.1 and 1.3 not needed"),
        pytest.param("D2", {"2.1": "Y", "2.3": "Y", "2.4": "Y", "2.5": "N"}, HIGH, id="part 1 high: part 2 not needed"),
        pytest.param("D2", {"2.1": "N", "2.2": "N", "2.6": "N", "2.7": "Y"}, HIGH, id="part 2 high"),
        pytest.param("D2", {"2.2": "PY", "2.3": "N", "2.6": "PY"}, LOW, id="2.2 aware: 2.1 not needed"),
        pytest.param("D5", {"5.3": "Y"}, HIGH, id="selected from analyses: 5.1 and 5.2 not needed"),
    ],
)
def test_a_judgement_the_answers_already_settle_needs_no_more(domain, answers, expected):
    assert rob2.domain_judgement(domain, answers) == expected


def test_an_unknown_domain_is_refused():
    with pytest.raises(ValueError, match="D6"):
        rob2.domain_judgement("D6", {})


@pytest.mark.parametrize(
    ("domains", "expected"),
    [
        pytest.param(dict.fromkeys(rob2.DOMAINS, LOW), LOW, id="all low"),
        pytest.param({**dict.fromkeys(rob2.DOMAINS, LOW), "D3": SOME}, SOME, id="one some concerns"),
        pytest.param(dict.fromkeys(rob2.DOMAINS, SOME), SOME, id="all some concerns: 'high' is left to the assessors"),
        pytest.param({**dict.fromkeys(rob2.DOMAINS, LOW), "D5": HIGH}, HIGH, id="one high"),
        pytest.param({**dict.fromkeys(rob2.DOMAINS, SOME), "D1": HIGH}, HIGH, id="high among some concerns"),
        pytest.param({"D1": HIGH, "D2": LOW, "D3": LOW, "D4": LOW}, HIGH, id="a domain missing, one high: high"),
        pytest.param({"D1": SOME, "D2": LOW, "D3": LOW, "D4": LOW}, None, id="a domain missing, none high"),
        pytest.param({**dict.fromkeys(rob2.DOMAINS, LOW), "D2": "unclear"}, None, id="not a judgement"),
    ],
)
def test_rob2_overall_rule(domains, expected):
    assert rob2.overall_judgement(domains) == expected


# A trial at low risk in every domain, and the same trial with concerns in domain 3.
ALL_LOW = {
    "1.1": "Y", "1.2": "Y", "1.3": "N",
    "2.1": "N", "2.2": "N", "2.6": "Y",
    "3.1": "Y",
    "4.1": "N", "4.2": "N", "4.3": "N",
    "5.1": "Y", "5.2": "N", "5.3": "N",
}  # fmt: skip
D3_CONCERNS = {**ALL_LOW, "3.1": "N", "3.2": "N", "3.3": "Y", "3.4": "N"}


def test_judgements_are_derived_for_every_domain_and_overall():
    assert rob2.judgements(ALL_LOW) == {**dict.fromkeys(rob2.DOMAINS, LOW), "overall": LOW}
    assert rob2.judgements(D3_CONCERNS) == {**dict.fromkeys(rob2.DOMAINS, LOW), "D3": SOME, "overall": SOME}


def test_an_answered_domain_overrides_its_derived_judgement_and_feeds_the_overall():
    assert rob2.judgements({**D3_CONCERNS, "D3": LOW}) == {**dict.fromkeys(rob2.DOMAINS, LOW), "overall": LOW}
    assert rob2.judgements({**ALL_LOW, "D4": HIGH})["overall"] == HIGH


def test_an_answered_overall_overrides_the_derived_one():
    """Several domains with some concerns may be judged high overall: the assessors say so."""
    found = rob2.judgements({**D3_CONCERNS, "overall": HIGH})
    assert found == {**dict.fromkeys(rob2.DOMAINS, LOW), "D3": SOME, "overall": HIGH}


def test_an_override_completes_a_domain_with_no_answers():
    answers = {key: value for key, value in ALL_LOW.items() if not key.startswith("5.")}
    assert "overall" not in rob2.judgements(answers)
    assert rob2.judgements({**answers, "D5": SOME})["overall"] == SOME


def test_judgements_leave_out_what_cannot_be_reached():
    assert rob2.judgements({}) == {}
    assert rob2.judgements({"1.2": "N", "3.1": "Y"}) == {"D1": HIGH, "D3": LOW, "overall": HIGH}
    assert rob2.judgements({"1.2": "N", "D2": "not a judgement"}) == {"D1": HIGH, "overall": HIGH}
    assert rob2.judgements({"3.1": "Y"}) == {"D3": LOW}  # the overall waits for the other domains


def test_rob2_form_asks_the_signalling_questions_then_the_judgements():
    form = rob2.FORM
    assert (form.key, form.tool) == ("rob2", "rob2")
    questions = [q for domain in rob2.DOMAINS for q in QUESTIONS[domain]]
    assert [field.key for field in form.fields] == [*questions, *rob2.DOMAINS, "overall"]
    for field in form.fields[: len(questions)]:
        assert (field.type, field.choices) == ("choice", rob2.ANSWERS)
        assert field.section == f"D{field.key[0]} {rob2.DOMAIN_NAMES['D' + field.key[0]]}"
        assert field.label.endswith("?") and field.help
    for field in form.fields[len(questions) :]:
        assert (field.type, field.choices) == ("choice", rob2.JUDGEMENTS)
        assert "override" in field.help
    assert form.field("2.7").help == "only if 2.6 is N/PN/NI"
    assert form.field("4.3").value_of("py") == "PY"


# ROBINS-I: the overall judgement from the seven domain judgements.

ROBINS_LOW = dict.fromkeys(robins_i.DOMAINS, "low")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, "low", id="low in all domains"),
        pytest.param({"D1": "moderate"}, "moderate", id="low or moderate in all"),
        pytest.param(dict.fromkeys(robins_i.DOMAINS, "moderate"), "moderate", id="moderate in all"),
        pytest.param({"D1": "moderate", "D4": "serious"}, "serious", id="serious in one, critical in none"),
        pytest.param({"D2": "serious", "D5": "no information"}, "serious", id="serious outranks no information"),
        pytest.param({"D3": "critical"}, "critical", id="critical in one"),
        pytest.param(
            {"D3": "critical", "D4": "serious", "D5": "no information"}, "critical", id="critical outranks all"
        ),
        pytest.param({"D5": "no information"}, "no information", id="no information, nothing serious"),
        pytest.param(
            {"D1": "moderate", "D7": "no information"}, "no information", id="no information among low and moderate"
        ),
        pytest.param(dict.fromkeys(robins_i.DOMAINS, "no information"), "no information", id="no information in all"),
    ],
)
def test_robins_i_overall_rule(changes, expected):
    assert robins_i.overall_judgement({**ROBINS_LOW, **changes}) == expected


def test_robins_i_overall_waits_for_every_domain():
    without_d7 = {key: value for key, value in ROBINS_LOW.items() if key != "D7"}
    assert robins_i.overall_judgement(without_d7) is None
    assert robins_i.overall_judgement({"D3": "critical"}) == "critical"  # no other domain can lower it
    assert robins_i.overall_judgement({**ROBINS_LOW, "D7": "high"}) is None  # RoB 2's word, not ROBINS-I's


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(robins_i.JUDGEMENTS), min_size=7, max_size=7))
def test_robins_i_overall_is_never_milder_than_a_serious_or_critical_domain(values):
    overall = robins_i.overall_judgement(dict(zip(robins_i.DOMAINS, values, strict=True)))
    assert overall in robins_i.JUDGEMENTS
    assert (overall == "critical") == ("critical" in values)
    assert (overall == "low") == all(value == "low" for value in values)
    if "serious" in values:
        assert overall in ("serious", "critical")


def test_robins_i_judgements_keep_the_domains_and_derive_the_overall_unless_answered():
    assert robins_i.judgements({**ROBINS_LOW, "D2": "moderate"}) == {
        **ROBINS_LOW,
        "D2": "moderate",
        "overall": "moderate",
    }
    assert robins_i.judgements({**ROBINS_LOW, "overall": "moderate"})["overall"] == "moderate"
    assert robins_i.judgements({"D1": "serious", "D2": "bad"}) == {"D1": "serious"}
    assert robins_i.judgements({"overall": "critical"}) == {"overall": "critical"}


def test_robins_i_form_asks_the_seven_domains_and_the_overall():
    form = robins_i.FORM
    assert (form.key, form.label, form.tool) == ("robins-i", "Risk of bias (ROBINS-I)", "robins-i")
    assert [field.key for field in form.fields] == [*robins_i.DOMAINS, "overall"]
    assert all(field.type == "choice" and field.choices == robins_i.JUDGEMENTS for field in form.fields)
    assert form.field("D1").label == "Bias due to confounding"
    assert form.field("D7").label == "Bias in selection of the reported result"
