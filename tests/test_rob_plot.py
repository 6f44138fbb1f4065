"""Risk-of-bias plots as robvis draws them: the SVG (kept as snapshots), the text, the page and
robvis's own CSV; hostile study names kept as data, and no text past the drawing's edge."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeTree
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from syrupy.extensions.image import SVGImageSnapshotExtension

from reviewer.domain.errors import ReviewerError
from reviewer.export import rob_plot
from reviewer.export.rob_plot import StudyJudgements

SVG = "{http://www.w3.org/2000/svg}"


def _judged(study: str, domains: str, overall: str | None, weight: float = 1.0) -> StudyJudgements:
    """A study from its judgements D1, D2.. in order, "|" between them, "" for one missing."""
    judged = {f"D{i}": judgement for i, judgement in enumerate(domains.split("|"), start=1) if judgement}
    return StudyJudgements(study, judged, overall, weight)


STUDIES = {
    "rob2": [
        _judged("Kallmes 2009", "low|low|some concerns|low|low", "some concerns", 2.0),
        _judged("Buchbinder 2009", "low|high|low|no information|low", "high"),
        _judged("Klazen 2010", "some concerns|low||low|high", None),
    ],
    "robins-i": [
        _judged("Cohort A 2015", "moderate|critical|low|low|moderate|moderate|moderate", "critical", 3.0),
        _judged("Registry B 2018", "serious|no information|low|low|low|low|moderate", "serious"),
    ],
}


@pytest.fixture
def svg_snapshot(snapshot):
    return snapshot.use_extension(SVGImageSnapshotExtension)


@pytest.mark.parametrize("tool", ["rob2", "robins-i"])
def test_the_traffic_lights_and_the_summary_are_drawn_as_robvis_draws_them(tool, svg_snapshot):
    drawn = rob_plot.svg(STUDIES[tool], tool)
    assert drawn == svg_snapshot
    SafeTree.fromstring(drawn)


def test_each_plot_is_a_document_of_its_own_and_both_stack_in_one():
    studies = STUDIES["rob2"]
    heights = [
        int(SafeTree.fromstring(f(studies, "rob2")).get("height"))
        for f in (rob_plot.traffic_light_svg, rob_plot.summary_svg)
    ]
    assert int(SafeTree.fromstring(rob_plot.svg(studies, "rob2")).get("height")) == sum(heights)


def test_the_csv_is_robvis_input():
    assert rob_plot.robvis_csv(STUDIES["rob2"], "rob2") == (
        "Study,D1,D2,D3,D4,D5,Overall,Weight\r\n"
        "Kallmes 2009,Low,Low,Some concerns,Low,Low,Some concerns,2.0\r\n"
        "Buchbinder 2009,Low,High,Low,No information,Low,High,1.0\r\n"
        "Klazen 2010,Some concerns,Low,NA,Low,High,NA,1.0\r\n"
    )
    tiny = [StudyJudgements("Tiny", {}, "low", 1e-05)]  # robvis reads no "1e-05" as a weight
    assert rob_plot.robvis_csv(tiny, "robins-i") == (
        "Study,D1,D2,D3,D4,D5,D6,D7,Overall,Weight\r\nTiny,NA,NA,NA,NA,NA,NA,NA,Low,0.00001\r\n"
    )


def test_the_text_is_a_table_and_the_weighted_summary():
    assert rob_plot.text(STUDIES["rob2"], "rob2") == (
        "Risk of bias (RoB 2)\n"
        "\n"
        "Study           | D1            | D2   | D3            | D4             | D5   | Overall\n"
        "Kallmes 2009    | Low           | Low  | Some concerns | Low            | Low  | Some concerns\n"
        "Buchbinder 2009 | Low           | High | Low           | No information | Low  | High\n"
        "Klazen 2010     | Some concerns | Low  | Not judged    | Low            | High | Not judged\n"
        "\n"
        "Domains:\n"
        "D1: Bias arising from the randomization process.\n"
        "D2: Bias due to deviations from intended interventions.\n"
        "D3: Bias due to missing outcome data.\n"
        "D4: Bias in measurement of the outcome.\n"
        "D5: Bias in selection of the reported result.\n"
        "\n"
        "Summary (percentage of the studies' weight at each judgement):\n"
        "D1: Low 75.0%, Some concerns 25.0%\n"
        "D2: Low 75.0%, High 25.0%\n"
        "D3: Low 25.0%, Some concerns 50.0%, Not judged 25.0%\n"
        "D4: Low 75.0%, No information 25.0%\n"
        "D5: Low 75.0%, High 25.0%\n"
        "Overall: Some concerns 50.0%, High 25.0%, Not judged 25.0%\n"
    )


def test_the_summary_is_the_share_of_weight_drawn_in_robvis_order():
    shares = rob_plot.summary_percentages(STUDIES["robins-i"], "robins-i")
    assert shares["D1"] == {"moderate": 75.0, "serious": 25.0}
    assert list(shares["Overall"].items()) == [("serious", 25.0), ("critical", 75.0)]  # least bias first
    drawn = rob_plot.summary_svg(STUDIES["robins-i"], "robins-i")
    bars = [(rect.get("width"), rect.findtext(f"{SVG}title")) for rect in SafeTree.fromstring(drawn).iter(f"{SVG}rect")]
    width = rob_plot.BAR_WIDTH
    assert (f"{width * 0.25:g}", "Serious risk: 25.0%") in bars and (
        f"{width * 0.75:g}",
        "Critical risk: 75.0%",
    ) in bars
    unweighted = [StudyJudgements(s.study, s.domains, s.overall) for s in STUDIES["robins-i"]]
    assert rob_plot.summary_percentages(unweighted, "robins-i")["D1"] == {"moderate": 50.0, "serious": 50.0}
    assert rob_plot.summary_percentages([], "rob2")["Overall"] == {}
    assert "Overall: no studies" in rob_plot.text([], "rob2")


HOSTILE = '<script>alert("x")</script> & \x1b[31mred\x1b[0m \u202e' + "長" * 80


def test_a_hostile_study_name_is_drawn_as_data():
    studies = [StudyJudgements(HOSTILE, {"D1": "low"}, "high"), StudyJudgements("=HYPERLINK(1)\ufffe", {}, None)]
    drawn = rob_plot.svg(studies, "rob2")
    labels = [t.text for t in SafeTree.fromstring(drawn).iter(f"{SVG}text")]
    label = next(t for t in labels if t and t.startswith("<script>"))
    assert len(label) == rob_plot.LABEL_LIMIT and label.endswith("…") and "␛[31m" in label
    assert "\x1b" not in drawn and "\u202e" not in drawn and "\ufffe" not in drawn and "<script" not in drawn
    page = rob_plot.html(studies, "rob2")
    assert "<script" not in page and "&lt;script&gt;alert(&quot;x&quot;)" in page and "\x1b" not in page
    table = rob_plot.text(studies, "rob2")
    assert "\x1b" not in table and "␛[31m" in table
    csv = rob_plot.robvis_csv(studies, "rob2")
    assert "'=HYPERLINK(1)" in csv and "\x1b" not in csv  # no formula for a spreadsheet, no escape code
    assert '"<script>alert(""x"")</script> & ␛[31mred␛[0m' in csv  # the whole name, quoted


@pytest.mark.parametrize(
    ("tool", "studies", "message"),
    [
        ("rob3", [], "Unknown risk-of-bias tool 'rob3': the tools are rob2, robins-i"),
        ("rob2", [StudyJudgements("S", {"D1": "moderate"}, "low")], "'S', D1: 'moderate' is no RoB 2 judgement"),
        ("robins-i", [StudyJudgements("S", {}, "some concerns")], "'S', Overall: 'some concerns' is no ROBINS-I"),
        ("rob2", [StudyJudgements("S", {"D7": "low"}, "low")], "'S': RoB 2 has no domain D7"),
        ("rob2", [StudyJudgements("S", {}, "low", -1.0)], "'S': the weight must be a number of at least 0"),
        ("rob2", [StudyJudgements("S", {}, "low", float("nan"))], "the weight must be a number"),
    ],
)
def test_an_unknown_tool_domain_judgement_or_weight_is_refused(tool, studies, message):
    for export in (rob_plot.svg, rob_plot.text, rob_plot.html, rob_plot.robvis_csv):
        with pytest.raises(ReviewerError, match=re.escape(message)):
            export(studies, tool)


def test_judgements_and_tools_are_read_whatever_their_case():
    shouted = [StudyJudgements("S", {"D1": " Some  Concerns"}, "HIGH")]
    assert rob_plot.text(shouted, "RoB2") == rob_plot.text(
        [StudyJudgements("S", {"D1": "some concerns"}, "high")], "rob2"
    )


def _any_studies(tool: str) -> st.SearchStrategy[StudyJudgements]:
    judgement = st.none() | st.sampled_from(rob_plot.JUDGEMENTS[tool])
    domains = st.dictionaries(st.sampled_from(rob_plot.TOOLS[tool]), st.sampled_from(rob_plot.JUDGEMENTS[tool]))
    return st.builds(StudyJudgements, st.text(), domains, judgement, st.floats(0, 1e9))


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(list(rob_plot.TOOLS)).flatmap(lambda tool: st.tuples(st.just(tool), st.lists(_any_studies(tool))))
)
@example(("rob2", [rob_plot.StudyJudgements("", dict.fromkeys(rob_plot.TOOLS["rob2"], "low"), "low", 0.0)]))
def test_no_text_runs_past_the_drawing_or_out_of_its_strip(drawn):
    tool, studies = drawn
    for draw in (rob_plot.traffic_light_svg, rob_plot.summary_svg):
        root = SafeTree.fromstring(draw(studies, tool))
        width, height = float(root.get("width")), float(root.get("height"))
        for element in root.iter(f"{SVG}text"):
            if element.get("transform"):  # "Study", upwards, in the room kept for it
                continue
            left, right = _extent(element)
            assert 0 <= left and right <= width, element.text
            assert float(element.get("font-size", rob_plot.FONT_SIZE)) <= float(element.get("y")) <= height
        for shape in (*root.iter(f"{SVG}rect"), *root.iter(f"{SVG}circle")):
            if shape.get("width") != "100%":
                right = float(shape.get("x", shape.get("cx", 0))) + float(shape.get("width", shape.get("r", 0)))
                assert right <= width
        drawn_in_order = list(root)
        for strip, label in zip(drawn_in_order, drawn_in_order[1:], strict=False):
            if strip.get("fill") == rob_plot.STRIP:  # a study's name or a domain's, on its grey strip
                left, right = _extent(label)
                assert float(strip.get("x")) <= left and right <= float(strip.get("x")) + float(strip.get("width"))


def _extent(text: Element) -> tuple[float, float]:
    """Where a text starts and ends, by the module's own estimate of its width."""
    width = rob_plot.text_width(text.text or "", float(text.get("font-size", rob_plot.FONT_SIZE)))
    left = float(text.get("x")) - {"start": 0, "middle": width / 2, "end": width}[text.get("text-anchor")]
    return left, left + width
