"""Claims suggested as a text is read (#24): the rules on sentences of known kinds, the
suggestions on the sample corpus, and the Reader walked through by keys."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.domain.claim import Claim
from reviewer.domain.record import Record
from reviewer.domain.rejection import Rejection
from reviewer.persistence.store import load_tables
from reviewer.review.folder import bundled_corpus, open_review
from reviewer.suggesting.causal import STRENGTHS, Reading, causal_strength
from reviewer.suggesting.caveats import CAUSAL_FROM_OBSERVATION, HEDGED, NOT_PROOF, flag_of, observational_design
from reviewer.suggesting.grading import TRAINING, grader, readings
from reviewer.suggesting.learning import TeamModel
from reviewer.suggesting.suggest import read_sentences, suggestions
from reviewer.suggesting.tagging import BUILT_IN, rule_scores
from reviewer.tui.reader.screen import ReaderScreen
from reviewer.tui.reader.suggestions_panel import SuggestionsPanel
from tests.conftest import make_app, run_cli, screen_text, settle

SIZE = (140, 40)
ADJACENT = "vertebroplasty-adjacent-fractures.txt"
SHAM = "vertebroplasty-sham-controlled-trial.txt"


def corpus_record(name: str) -> Record:
    return Record(id=f"file:{name}", title=name, source=name, text=(bundled_corpus() / name).read_text("utf-8"))


def saved(review, table: str, name: str = "alice") -> list[dict]:
    return list(load_tables(review.annotations_dir, name)[table].values())


# The rules ----------------------------------------------------------------------------------


KNOWN_KINDS = pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("Aspirin reduces the risk of recurrent stroke.", "causal"),
        ("Vertebroplasty led to fewer new fractures than conservative care.", "causal"),
        ("The intervention was effective in lowering systolic blood pressure.", "causal"),
        ("Statins may reduce the incidence of dementia.", "conditional"),
        ("Vertebroplasty appears to increase the risk for new fractures.", "conditional"),
        ("Coffee intake might contribute to lower mortality.", "conditional"),
        ("Smoking was associated with an increased risk of hip fracture.", "correlational"),
        ("Higher vitamin D levels were linked to fewer falls.", "correlational"),
        ("Obese children were more likely to report back pain.", "correlational"),
        ("Coffee consumption was not associated with mortality.", "correlational"),  # denied: the grade stands
        ("The procedure did not reduce pain at one month.", "causal"),
        ("Both groups showed similar improvements in pain and function.", "correlational"),  # a comparison
        ("There was no difference in mortality between the two groups.", "correlational"),
        ("Low or no coffee consumption was associated with an increased risk of stroke.", "correlational"),
        ("We enrolled 131 patients with osteoporotic vertebral fractures.", "none"),
        ("Mortality rates in the prevention trial were 8.1 per 100 person-years.", "none"),  # nouns, not
        ("We studied the causes of heart failure in 400 patients.", "none"),  # causal verbs
        ("Smoking causes lung cancer.", "causal"),
        ("These findings suggest that exercise reduces back pain.", "causal"),  # "suggest" reports, not hedges
        ("Sepsis is a leading cause of death in neonatal units.", "causal"),
        ("Acupuncture was ineffective for chronic neck pain.", "causal"),
        ("Statins should be offered to all adults with diabetes because they reduce stroke.", "none"),  # advice
        ("Further trials are needed to confirm this association.", "none"),  # a call for research
        ("The relationship between obesity and glaucoma deserves further study.", "none"),
        ("Sleeve dilatation occurred in more than 50% of the patients.", "none"),  # a quantity
        ("Diarrhoea was more common in girls than in boys.", "correlational"),  # a comparison
        ("The statin did not alter insulin response.", "causal"),
        ("Body shape may influence the severity of carpal tunnel syndrome.", "conditional"),
        ("We aimed to determine whether early feeding improves survival.", "none"),  # a question
        ("Vertebroplasty involves injecting bone cement into the affected vertebra.", "none"),
        ("Research raises questions about a routine surgical treatment.", "none"),
        ("New fractures occurred sooner in adjacent vertebrae than in distant ones.", "correlational"),
        ("Exercise reduced pain but did not improve function.", "causal"),
        ("CPAP and bilevel ventilation resulted in similar improvements in sleepiness.", "causal"),  # the outcome
        ("Glucocorticoid use led to an increased risk of vertebral fractures.", "causal"),  # of a causal verb
        ("The risk of falls increased with age.", "correlational"),  # change alongside change
        ("Pain scores improved steadily with time in both groups.", "correlational"),
        ("There was a significant improvement in quality of life at six months.", "correlational"),  # seen
        ("A reduction in HbA1c was observed in the intervention group.", "correlational"),
        ("Individuals with binge eating had increased use of psychiatric medication.", "correlational"),  # a state
        ("At 26 weeks the intervention had decreased the number of medicines taken.", "causal"),  # an act
        ("Removing catheters as soon as possible prevents bloodstream infections.", "causal"),  # no hedge
        ("Anticoagulation reduced deaths from this potentially fatal embolism.", "causal"),
        ("It is possible that exercise reduces falls.", "conditional"),
        ("Wealth and age associate with the supply of hospice care.", "correlational"),
        ("Women with early menopause are twice as likely to suffer from osteoporosis.", "correlational"),
        ("Autistic children have poorer sleep than their peers.", "correlational"),
        ("A cheap steroid saves the lives of critically ill patients.", "causal"),
        ("Early menopause ups heart failure risk.", "causal"),
        ("People who go to bed after midnight are more prone to depression.", "correlational"),
        ("Previous studies have shown that statins reduce stroke.", "none"),
        (
            "There is growing concern that screen time may increase obesity.",
            "none",
        ),  # a worry, not a finding  # known before: not a finding
        ("Radiotherapy is known to reduce recurrence, yet few women received it.", "none"),
        ("Antibiotics did not improve recovery, unlike in earlier trials.", "causal"),  # this study's, compared
    ],
)


@KNOWN_KINDS
def test_the_rules_grade_sentences_of_known_kinds(sentence, strength):
    assert causal_strength(sentence).strength == strength


@KNOWN_KINDS
def test_the_trained_grader_grades_sentences_of_known_kinds(sentence, strength):
    (reading,) = readings([sentence])
    assert reading.strength == strength
    if reading.cue is not None:  # a cue is said only where the rules agree, and it is in the sentence
        assert causal_strength(sentence).strength == strength and reading.cue.lower() in sentence.lower()


def test_the_trained_grader_is_kept_for_the_next_session_and_a_damaged_copy_is_trained_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    grader.cache_clear()  # a new session
    first = grader()
    (kept,) = (tmp_path / "reviewer" / "grader").iterdir()
    written = kept.stat().st_mtime_ns
    grader.cache_clear()
    causal = "Aspirin reduces the risk of stroke."
    assert grader().grades([causal], [causal_strength(causal)]) == ["causal"]
    assert kept.stat().st_mtime_ns == written  # read back, not trained and written again
    kept.write_bytes(b"not a pickle")  # damaged between sessions
    grader.cache_clear()
    again = grader()
    hedged = "Coffee may lower mortality."
    assert again is not first and again.grades([hedged], [causal_strength(hedged)]) == ["conditional"]
    assert kept.read_bytes() != b"not a pickle"  # trained again and kept again
    grader.cache_clear()


def test_the_grader_learns_only_from_our_own_sentences_with_every_grade_well_represented():
    with TRAINING.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["label"] for row in rows} == set(STRENGTHS)
    assert all(sum(row["label"] == grade for row in rows) >= 400 for grade in STRENGTHS)
    assert len({row["sentence"] for row in rows}) == len(rows) == 2240  # no sentence twice


def test_words_in_a_trials_name_are_not_cues():
    named = "Researchers from the Vertebroplasty Safety and Efficacy Trial (INVEST) enrolled 131 patients."
    assert rule_scores(named)["safety"] == 0.0
    assert rule_scores("The procedure was safe in all 131 patients.")["safety"] > 0.5


def test_hedged_is_said_only_where_a_hedge_word_is():
    assert flag_of("Statins may reduce dementia.", causal_strength("Statins may reduce dementia."), None) == HEDGED
    learnt = Reading("conditional")  # the grader's grade, with no word of the sentence to show for it
    assert flag_of("Something else is helping these patients.", learnt, None) is None


def test_a_causal_claim_on_an_observational_study_is_flagged_and_a_trial_is_not():
    reading = causal_strength("Coffee reduces the risk of death.")
    cohort = observational_design([], "We followed a prospective cohort of 40,000 nurses.")
    assert cohort == "cohort"
    assert flag_of("Coffee reduces the risk of death.", reading, cohort) == CAUSAL_FROM_OBSERVATION
    trial = observational_design([], "In this randomised cohort of patients, treatment was assigned at random.")
    assert trial is None  # randomised outranks the word cohort
    design = Claim("r", "A", "a retrospective registry study", "", "", 0, 30, ("design",))
    assert observational_design([design], "randomised") == "retrospective"  # the design claims, not the text
    assert flag_of("Coffee reduces the risk of death.", reading, trial) is None
    said = "It is not absolute proof of cause and effect."
    assert flag_of(said, causal_strength(said), None) == NOT_PROOF


def test_the_sample_corpus_known_claims_are_suggested_with_their_tags():
    """The three claims the sample is known for (#24): the 4.62-times risk as safety, the similar
    improvement with sham as efficacy, "not absolute proof of cause and effect" as a caveat."""
    tags = tuple(BUILT_IN)
    adjacent = suggestions(corpus_record(ADJACENT), tags, [], [])
    sham = suggestions(corpus_record(SHAM), tags, [], [])

    def tags_of(found, words):
        return next(s.tags for s in found if words in s.exact)

    assert tags_of(adjacent, "4.62 times")[0] == "safety"
    assert tags_of(sham, "similar improvements")[0] == "efficacy"
    assert tags_of(adjacent, "not absolute proof")[0] == "caveat"
    caveat = next(s for s in adjacent if "not absolute proof" in s.exact)
    assert (caveat.causal, caveat.flag) == ("correlational", NOT_PROOF)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Aspirin reduces the risk of stroke.",
                "Statins may reduce dementia in 131 patients aged 70.",
                "Adverse events were rare\n",
                "However, the sample was small.",
                "<b>[bold]Placebo[/bold]</b> was compared with sham.",
                "\x1b[31mRandomised\x1b[0m double-blind trial of 40 women.",
                "   ",
                "é" * 7,
            ]
        ),
        max_size=12,
    ),
    st.integers(0, 3),
)
def test_suggestions_are_spans_of_the_text_and_never_where_the_reviewer_claimed_or_rejected(parts, n):
    text = " ".join(parts)
    record = Record(id="r", title="t", source="t.txt", text=text)
    read = read_sentences(record, BUILT_IN)
    for sentence in read:
        assert text[sentence.start : sentence.end] == sentence.exact
        assert all(0.0 <= score <= 1.0 for score in sentence.scores.values())
        assert (
            list(sentence.tags) == sorted(sentence.tags, key=lambda t: -sentence.scores[t]) or "caveat" in sentence.tags
        )
    offered = [s for s in read if s.tags]
    claimed, rejected = offered[:n], offered[n : 2 * n]
    claims = [Claim("r", "Alice", s.exact, "", "", s.start, s.end, (s.tag,)) for s in claimed]
    rejections = [Rejection("r", "Alice", s.exact, s.start, s.end, s.tags) for s in rejected]
    left = suggestions(record, BUILT_IN, claims, rejections)
    assert all(s.exact not in {r.exact for r in rejections} for s in left)
    assert all(not (c.start < s.end and s.start < c.end) for s in left for c in claims)


def test_the_team_model_learns_a_tag_the_rules_do_not_know():
    quotes = [
        "Cement leaked into the disc space.",
        "Cement leakage occurred in 12 levels.",
        "Leakage of cement was seen.",
    ]
    others = ["Pain improved at one month.", "We enrolled 131 patients.", "Function was similar in both groups."]
    claims = [Claim("r", "A", q, "", "", 0, len(q), ("leakage",)) for q in quotes]
    claims += [Claim("r", "A", q, "", "", 0, len(q), ("efficacy",)) for q in others]
    model = TeamModel.learned_from(claims, [])
    text = "Cement leakage into the disc was frequent. Patients were followed for a year after surgery."
    read = read_sentences(Record("x", "t", "t.txt", text=text), ("leakage",), model)
    assert read[0].scores["leakage"] > 0.5 > read[1].scores["leakage"]


# Headless ------------------------------------------------------------------------------------


def test_suggest_prints_json_with_offsets_as_claims_count_them(review, capsys):
    code, out, _ = run_cli(capsys, "suggest", f"file:{ADJACENT}", "--review", str(review.root), "--json")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    text = (review.corpus_dir / ADJACENT).read_text("utf-8")
    assert lines and all(text[doc["start"] : doc["end"]] == doc["exact"] for doc in lines)
    assert set(lines[0]) == {"start", "end", "exact", "page", "tags", "scores", "causal", "flag"}
    every = run_cli(capsys, "suggest", f"file:{ADJACENT}", "--review", str(review.root), "--all", "--json")[
        1
    ].splitlines()
    assert len(every) > len(lines)  # every sentence, suggested or not


# The Reader ----------------------------------------------------------------------------------


async def open_adjacent(pilot) -> ReaderScreen:
    await pilot.press("enter")  # the adjacent-fractures text is the first row
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReaderScreen)
    return pilot.app.screen


async def test_walk_accept_and_reject_suggestions_by_keys_and_they_stay_so_after_a_restart(review, capsys):
    async with make_app(review).run_test(size=SIZE) as pilot:
        reader = await open_adjacent(pilot)
        panel = reader.query_one(SuggestionsPanel)
        before = len(panel.items)
        assert before >= 3 and "Suggestions (" in screen_text(pilot.app)

        await pilot.press("right_curly_bracket")  # to the first, selected
        first = reader.suggesting.at_cursor()
        assert first is not None and reader.source.selection == (first.start, first.end)
        assert f"◌ {','.join(first.tags)}" in screen_text(pilot.app)
        await pilot.press("y")
        accepted = saved(review, "annotations")
        assert [(c["exact"], c["tags"], c["origin"]) for c in accepted] == [(first.exact, [first.tag], "suggested")]

        second = reader.suggesting.at_cursor()  # accepting moved on to the next
        assert second is not None and second != first
        await pilot.press("r")
        rejected = saved(review, "rejections")
        assert [r["exact"] for r in rejected] == [second.exact]
        assert len(panel.items) == before - 2
        assert second.exact not in [s.exact for s in panel.items]
        await pilot.press("u")  # a rejection is taken back as a claim is: offered again, gone from the file
        pilot.app.store.flush()
        assert saved(review, "rejections") == [] and second.exact in [s.exact for s in panel.items]
        assert "undone: rejected the suggestion" in screen_text(pilot.app)
        reader.source.move_cursor(reader.source.cursor + 1)
        await settle(pilot)
        assert "undone: rejected" not in screen_text(pilot.app)  # said until the cursor moves on
        reader.source.move_cursor(second.start)
        await settle(pilot)
        await pilot.press("ctrl+r")  # and made again
        pilot.app.store.flush()
        assert [r["exact"] for r in saved(review, "rejections")] == [second.exact]
        await pilot.press("right_curly_bracket")

        third = reader.suggesting.at_cursor()
        assert third is not None
        await pilot.press("4")  # accepted with the fourth tag, population, whatever was suggested
        assert saved(review, "annotations")[-1]["tags"] == ["population"]
        assert saved(review, "annotations")[-1]["origin"] == "suggested"
        pilot.app.store.flush()

    async with make_app(review).run_test(size=SIZE) as pilot:
        reader = await open_adjacent(pilot)
        shown = [s.exact for s in reader.query_one(SuggestionsPanel).items]
        assert second.exact not in shown and first.exact not in shown and third.exact not in shown
        assert len(shown) == before - 3

    code, out, err = run_cli(
        capsys, "report", "--format", "json", "-o", "-", "--review", str(review.root), "--reviewer", "Alice"
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["claims"] == {
        "by_hand": 0,
        "accepted_from_suggestions": 2,
        "suggestions_rejected": 1,
        "suggestions_enabled": True,
    }


def test_in_a_blind_review_a_colleagues_rejections_and_claims_never_shape_your_suggestions(review, capsys):
    from reviewer.annotating.placing import new_claim

    record = corpus_record(ADJACENT)
    every = suggestions(record, BUILT_IN, [], [])
    bob = review.open_store("bob", "Bob")
    for found in every:
        bob.put_rejection(Rejection(record.id, "Bob", found.exact, found.start, found.end, found.tags))
    bob.put_claim(new_claim(record.id, "Bob", record.text, every[0].start, every[0].end, ("design",)))
    bob.close()
    args = ("suggest", record.id, "--review", str(review.root), "--json")
    alices = [json.loads(line) for line in run_cli(capsys, *args, "--reviewer", "Alice")[1].splitlines()]
    assert [s["exact"] for s in alices] == [s.exact for s in every]  # Bob rejected them all; Alice still sees them
    assert [s["scores"] for s in alices] == [{t: round(v, 3) for t, v in s.scores.items()} for s in every]
    _, out, err = run_cli(capsys, *args, "--reviewer", "Bob")
    assert out == "" and "nothing left to suggest" in err  # Bob's are all gone, for him, and he is told


async def test_a_suggestion_chosen_in_the_list_is_selected_in_the_text_and_y_accepts_it(review):
    async with make_app(review).run_test(size=SIZE) as pilot:
        reader = await open_adjacent(pilot)
        panel = reader.query_one(SuggestionsPanel)
        panel.focus()
        await pilot.press("down", "down", "enter")
        chosen = panel.items[1]
        assert reader.source.has_focus and reader.source.selection == (chosen.start, chosen.end)
        await pilot.press("y")
        pilot.app.store.flush()
        assert [(c["exact"], c["origin"]) for c in saved(review, "annotations")] == [(chosen.exact, "suggested")]


async def test_widen_grows_a_suggestion_by_one_sentence_each_time(review):
    async with make_app(review).run_test(size=SIZE) as pilot:
        reader = await open_adjacent(pilot)
        caveat = next(s for s in reader.suggesting.shown if "not absolute proof" in s.exact)
        reader.source.move_cursor(caveat.start)
        await pilot.press("right_curly_bracket", "less_than_sign")  # a clause of it
        await pilot.press("greater_than_sign")  # back to the whole suggestion
        assert reader.source.selection == (caveat.start, caveat.end)
        ends = []
        for _ in range(2):
            await pilot.press("greater_than_sign")
            start, end = reader.source.selection
            assert start == caveat.start
            ends.append(end)
        assert caveat.end < ends[0] < ends[1]  # wider each time, never back
        await pilot.press("less_than_sign")  # narrower again: a sentence at a time (it said "one clause")
        assert reader.source.selection == (caveat.start, ends[0])
        await pilot.press("less_than_sign")
        assert reader.source.selection == (caveat.start, caveat.end)


async def test_narrow_a_suggestion_to_its_clause_then_accept_it(review, capsys):
    async with make_app(review).run_test(size=SIZE) as pilot:
        reader = await open_adjacent(pilot)
        caveat = next(s for s in reader.suggesting.shown if "not absolute proof" in s.exact)
        reader.source.move_cursor(caveat.start)
        await pilot.press("right_curly_bracket")  # the one under the cursor is selected first
        assert reader.source.selection == (caveat.start, caveat.end)
        await pilot.press("less_than_sign")  # its first clause, then each in turn
        start, end = reader.source.selection
        assert reader.source.text[start:end] == "Kallmes explains that"
        await pilot.press("less_than_sign", "less_than_sign")
        start, end = reader.source.selection
        assert reader.source.text[start:end] == "it is not absolute proof of cause and effect."
        await pilot.press("y")
        claim = saved(review, "annotations")[0]
        assert (claim["exact"], claim["tags"]) == ("it is not absolute proof of cause and effect.", ["caveat"])
        await pilot.press("greater_than_sign")  # nothing selected under a claim: said, not done
        assert len(saved(review, "annotations")) == 1
        pilot.app.store.flush()

    code, out, _ = run_cli(capsys, "export", "--format", "csv", "--review", str(review.root), "--reviewer", "Alice")
    row = next(csv.DictReader(io.StringIO(out)))
    assert (row["causal"], row["caveat"], row["origin"]) == (
        "none",
        NOT_PROOF,
        "suggested",
    )  # "cause and effect" names no relation


async def test_a_span_you_select_yourself_inside_a_suggestion_is_your_claim_not_the_machines(review):
    async with make_app(review).run_test(size=SIZE) as pilot:
        reader = await open_adjacent(pilot)
        caveat = next(s for s in reader.suggesting.shown if "not absolute proof" in s.exact)
        reader.source.move_cursor(caveat.start)
        await pilot.press("v", "w", "w")  # "Kallmes explains t"…: a selection of one's own
        await pilot.press("y")
        assert reader.claims == [] and pilot.app.store.claims() == []
        assert "the selection is yours" in screen_text(pilot.app)
        await pilot.press("3")
        pilot.app.store.flush()
        claim = saved(review, "annotations")[0]
        assert (claim["tags"], claim["origin"]) == (["caveat"], "")
        assert claim["exact"].startswith("Kallmes explains")


async def test_suggestions_switch_off_by_key_and_in_review_toml(review):
    async with make_app(review).run_test(size=SIZE) as pilot:
        reader = await open_adjacent(pilot)
        assert reader.suggesting.shown
        await pilot.press("S")
        assert reader.suggesting.shown == [] and "Suggestions (" not in screen_text(pilot.app)
        assert "suggestions hidden" in screen_text(pilot.app)
        for key in ("right_curly_bracket", "y", "r", "less_than_sign"):
            await pilot.press(key)
            assert "suggestions are off: S shows them" in screen_text(pilot.app)
        await pilot.press("S")
        await settle(pilot)
        assert reader.suggesting.shown

    toml = review.root / "review.toml"
    toml.write_text(toml.read_text("utf-8").replace("[suggestions]\nenabled = true", "[suggestions]\nenabled = false"))
    off = open_review(review.root)
    assert off.config.suggestions is False
    async with make_app(off).run_test(size=SIZE) as pilot:
        reader = await open_adjacent(pilot)
        assert reader.suggesting.shown == [] and reader.suggesting.read == []


def test_a_colleagues_damaged_rejection_is_named_and_the_rest_still_suggests(review, capsys):
    """A hand-edited rejection with the wrong types is set aside with one line naming the file
    and the document; suggestions, learning and the counts go on without it."""
    (review.annotations_dir / "bob.json").write_text(
        json.dumps({"rejections": {"1": {"id": "1", "record": 5, "reviewer": "Bob", "exact": "x", "start": 0}}}),
        encoding="utf-8",
    )
    args = ("suggest", f"file:{ADJACENT}", "--review", str(review.root), "--reviewer", "Alice", "--json")
    code, out, err = run_cli(capsys, *args)
    assert code == 0 and len(out.splitlines()) == len(suggestions(corpus_record(ADJACENT), BUILT_IN, [], []))
    assert "bob" in err and "rejections document 1" in err and "record should be str" in err


def test_the_claims_export_flags_a_causal_quote_on_a_record_whose_design_claim_is_observational(review, capsys):
    """The design claims say what the study is, else its text; read once per record."""
    from reviewer.annotating.placing import new_claim

    record = corpus_record(SHAM)
    text = record.text
    effect = text.index("Kallmes and his team do not refute")
    design = text.index("randomly assigned")
    alice = review.open_store("alice", "Alice")
    alice.put_claim(new_claim(record.id, "Alice", text, effect, text.index(".", effect) + 1, ("efficacy",)))
    alice.put_claim(new_claim(record.id, "Alice", text, design, design + 17, ("design",)))
    alice.close()
    args = ("export", "--format", "csv", "--review", str(review.root), "--reviewer", "Alice")

    def efficacy() -> list[tuple[str, str]]:
        rows = csv.DictReader(io.StringIO(run_cli(capsys, *args)[1]))
        return [(r["causal"], r["caveat"]) for r in rows if r["tags"] == "efficacy"]

    assert efficacy() == [("causal", "")]  # "randomly assigned": a trial may say so
    alice = review.open_store("alice", "Alice")
    for claim in alice.claims():
        if "design" in claim.tags:  # the reviewer's design claim says otherwise
            alice.put_claim(claim.edited(exact="a retrospective cohort"))
    alice.close()
    assert efficacy() == [("causal", "causal claim from an observational design")]


def test_only_the_exports_that_carry_causal_strength_grade_the_claims(review, capsys, monkeypatch):
    """The grader loads scikit-learn and a model: the Claims screen and the other exports
    never wait for it."""
    from reviewer.annotating.placing import new_claim
    from reviewer.suggesting import grading

    record = corpus_record(SHAM)
    alice = review.open_store("alice", "Alice")
    alice.put_claim(new_claim(record.id, "Alice", record.text, 0, 40, ("efficacy",)))
    alice.close()
    asked: list[int] = []
    graded = grading.readings
    monkeypatch.setattr(grading, "readings", lambda sentences: asked.append(len(sentences)) or graded(sentences))
    monkeypatch.setattr("reviewer.team.claims.readings", grading.readings)
    root = ("--review", str(review.root), "--reviewer", "Alice")
    for fmt in ("md", "w3c", "decisions-csv"):
        assert run_cli(capsys, "export", "--format", fmt, *root)[0] == 0
    assert asked == []
    assert run_cli(capsys, "export", "--format", "json", *root)[0] == 0
    assert asked == [1]
