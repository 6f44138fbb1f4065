"""Filling a form in the Reader by keys, beside the text: answers typed, picked and cited (#27)."""

from __future__ import annotations

from reviewer.persistence.store import load_tables
from reviewer.review.folder import open_review
from reviewer.tui.reader.form_panel import FormPanel
from reviewer.tui.reader.screen import EVIDENCE_COLOUR, ReaderScreen
from reviewer.tui.reader.source_view import Highlight
from tests.conftest import TEXT, make_app, name_adjudicators, run_cli, screen_text, settle

SIZE = (150, 40)


def answers_saved(review, slug="alice"):
    docs = load_tables(review.annotations_dir, slug)["answers"].values()
    return {(doc["form"], doc["field"]): doc for doc in sorted(docs, key=lambda doc: doc["at"])}


async def open_form(pilot, form_key: str) -> FormPanel:
    await pilot.press("enter")  # the Library's first record: the trial's text
    assert isinstance(pilot.app.screen, ReaderScreen)
    await pilot.press("f", *form_key, "enter")
    await settle(pilot)
    await pilot.pause()
    panel = pilot.app.screen.query_one(FormPanel)
    assert panel.display and panel.has_focus
    return panel


async def test_fill_a_form_by_keys_with_a_typed_value_refused_in_place_and_a_quote_cited(trial):
    review, record = trial
    app = make_app(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = await open_form(pilot, "study")
        assert "Study characteristics · 0/3" in screen_text(app)
        await pilot.press("1")  # design: the first choice
        await pilot.press("j", "c", *"many", "enter")  # participants, typed wrong
        shown = screen_text(app)
        assert "Participants randomised: a whole number, not 'many'" in shown
        assert ("study", "participants") not in answers_saved(review)
        await pilot.press("c", *"131", "enter")
        assert "a whole number" not in screen_text(app)
        await pilot.press("c", "ctrl+u", *"lots", "enter")  # wrong again: said, and 131 kept
        assert "✘ a whole number, not 'lots'  (kept: 131)" in screen_text(app)
        assert answers_saved(review)[("study", "participants")]["value"] == 131
        await pilot.press("slash", *"We randomly", "enter", "tab")  # to the text
        assert app.screen.source.has_focus
        await pilot.press("v", *"w" * 5, "E")  # select five words, cite them for participants
        await settle(pilot)
        saved = answers_saved(review)
        assert saved[("study", "design")]["value"] == "RCT"
        cited = saved[("study", "participants")]
        assert cited["value"] == 131 and TEXT[cited["start"] : cited["end"]] == cited["exact"]
        assert cited["exact"].startswith("We randomly assigned 131")
        shown = screen_text(app)
        assert "131  «We randomly assigned 131" in shown and "Study characteristics · 2/3" in shown
        await pilot.press("g")  # to the top of the text, then back to the quote by enter
        assert Highlight(cited["start"], cited["end"], EVIDENCE_COLOUR) in app.screen.source.highlights
        await pilot.press("shift+tab", "enter")  # back to the quote: selected
        assert app.screen.source.selection == (cited["start"], cited["end"])
        assert panel.current is not None and panel.current.key == "participants"


async def test_rob2_answers_by_number_keys_derive_the_domains_judgement_on_screen(trial):
    review, _ = trial
    app = make_app(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_form(pilot, "rob2")
        await pilot.press("1", "j", "1", "j", "4")  # 1.1 Y, 1.2 Y, 1.3 N: low risk from randomisation
        await settle(pilot)
        shown = screen_text(app)
        assert "low (derived)" in shown
        saved = answers_saved(review)
        assert [saved[("rob2", key)]["value"] for key in ("1.1", "1.2", "1.3")] == ["Y", "Y", "N"]
        await pilot.press("k", "x")  # 1.2 cleared: D1 can no longer be judged
        await settle(pilot)
        assert "low (derived)" not in screen_text(app)
        await pilot.press("f")  # closed: the claims are back
        assert not app.screen.query_one(FormPanel).display and "Claims (0)" in screen_text(app)


async def test_an_adjudicator_settles_a_disagreement_by_key_and_takes_it_back(trial, capsys):
    """Alice and Bob extracted the design differently; Dana, the adjudicator, takes Bob's answer
    with its quote (2), undoes it (u), then types a new one (n): the team's value (#27)."""
    review, record = trial
    name_adjudicators(review, "Dana")
    quote = "We randomly assigned 131 patients"
    for name, design, n in (("Alice", "RCT", "131"), ("Bob", "cohort", "130")):
        args = ["extract", record, "--form", "study", "--reviewer", name, "--set", f"participants={n}"]
        run_cli(capsys, *args, "--set", f"design={design}", "--quote", quote, "--review", str(review.root))
    app = make_app(open_review(review.root), "Dana")  # review.toml as changed
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        shown = screen_text(app)
        assert "2 disagreements open · 0 settled now" in shown
        assert "agreement on study: design 0%" in shown and "participants 0%" in shown
        assert "1 of 2 · study design: Design" in shown and "cohort" in shown and quote in shown
        await pilot.press("2")  # Bob's: cohort, with his quote
        await settle(pilot)
        settled = answers_saved(review, "dana")[("study", "design")]
        assert (settled["value"], settled["role"], settled["exact"]) == ("cohort", "adjudicator", quote)
        assert "1 disagreement open · 1 settled now" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert "2 disagreements open · 0 settled now" in screen_text(app)
        assert answers_saved(review, "dana")[("study", "design")]["value"] is None  # taken back, kept in the file
        await pilot.press("n", *"case series", "enter")
        await settle(pilot)
    assert answers_saved(review, "dana")[("study", "design")]["value"] == "case series"
    code, out, err = run_cli(capsys, "extract", "--disagreements", "--reviewer", "Dana", "--review", str(review.root))
    assert "design" not in out and "participants" in out  # settled: one left


async def test_an_override_asks_why_and_an_orphaned_answer_stays_on_the_panel(trial, capsys):
    review, record = trial
    run_cli(
        capsys,
        "extract",
        record,
        "--form",
        "study",
        "--reviewer",
        "Alice",
        "--set",
        "country=USA",
        "--review",
        str(review.root),
    )
    toml = review.root / "review.toml"
    toml.write_text(
        toml.read_text().replace('key = "country"\nlabel = "Country"\n', 'key = "site"\n'), encoding="utf-8"
    )
    app = make_app(open_review(review.root))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_form(pilot, "study")
        shown = screen_text(app)
        assert "country (no longer in the form: kept)" in shown and "USA" in shown
        await pilot.press("f", "f", *"rob2", "enter")  # closed, then RoB 2
        await settle(pilot)
        await pilot.press("1", "j", "1", "j", "4", "j", "3")  # 1.1-1.3, then D1: high, over the derived low
        await settle(pilot)
        assert "Why high, over the derived low, for D1?" in screen_text(app)
        await pilot.press(*"age imbalance", "enter")
        await settle(pilot)
        saved = answers_saved(review)[("rob2", "D1")]
        assert (saved["value"], saved["note"]) == ("high", "age imbalance")
        assert "high  override: age imbalance" in screen_text(app)
        await pilot.press("1")  # low: the derived one again, the override taken back
        await settle(pilot)
        assert answers_saved(review)[("rob2", "D1")]["value"] is None and "low (derived)" in screen_text(app)
