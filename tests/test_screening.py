"""Screening a review of real records (an Embase RIS export) by keys alone."""

import pytest

from reviewer.domain.decision import Decision, latest_decisions
from reviewer.importing.files import import_file
from reviewer.persistence.store import load_tables
from reviewer.review.config import load_config
from reviewer.review.folder import init_review
from reviewer.screening.session import ORDERS
from reviewer.tui.library.record_list import RecordList
from reviewer.tui.screening.screen import ScreeningScreen
from reviewer.tui.widgets.record_card import RecordCard
from tests.conftest import FIXTURES, make_app, screen_text

SIZE = (130, 40)
KALLMES = "A randomized trial of vertebroplasty for osteoporotic spinal fractures"
KLAZEN = "Vertebroplasty versus conservative treatment in acute osteoporotic vertebral compression"
TROUT = "New fractures after vertebroplasty: adjacent fractures occur significantly sooner"
CASE_REPORT = "Cement leakage after vertebroplasty: a case report"
CADAVER = "Biomechanics of cement augmentation in cadaver spines"
VERTOS_IV = "Vertebroplasty versus sham procedure for painful acute osteoporotic"


@pytest.fixture
def ris_review(tmp_path):
    review = init_review(tmp_path / "screening-review")
    import_file(review, FIXTURES / "embase-vertebroplasty.ris")
    return review


def set_option(review, line_start, new_line):
    path = review.config_path
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [new_line if line.startswith(line_start) else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    review.config = load_config(path)


def title_on_screen(pilot) -> str:
    return pilot.app.screen.query_one(RecordCard).title_text.plain


def latest(review, name="alice"):
    decisions = [Decision.from_doc(d) for d in load_tables(review.annotations_dir, name)["decisions"].values()]
    by_record = latest_decisions(decisions)
    return {record[:12]: (d.stage, d.decision, d.reason) for (record, _), d in by_record.items()}


async def start_screening(pilot, order: str | None = None):
    await pilot.press("s")
    assert isinstance(pilot.app.screen, ScreeningScreen)
    if order:
        await order_by(pilot, order)


async def order_by(pilot, order: str):
    """Press o until the order is `order` (o cycles through them); the reviewer has chosen it."""
    for _ in ORDERS:
        await pilot.press("o")
        if pilot.app.screen.screening.order == order and f"order: {order}" in screen_text(pilot.app):
            return
    raise AssertionError(f"o never gave the order {order}")


async def test_decide_with_one_key_each_with_reasons_and_undo(ris_review):
    app = make_app(ris_review)
    async with app.run_test(size=SIZE) as pilot:
        await start_screening(pilot, "file")
        assert title_on_screen(pilot).startswith(KALLMES)
        assert "0 of 6 screened" in screen_text(app)
        await pilot.press("i")
        assert title_on_screen(pilot).startswith(KLAZEN)
        await pilot.press("e", "1")  # the first exclusion reason: wrong population
        assert title_on_screen(pilot).startswith(TROUT)
        await pilot.press("m")
        assert title_on_screen(pilot).startswith(CASE_REPORT)
        shown = screen_text(app)
        assert "3 of 6 screened" in shown and "✔ include 1" in shown and "✘ exclude 1" in shown
        await pilot.press("u")  # takes back "maybe" and shows that record again
        assert title_on_screen(pilot).startswith(TROUT)
        assert "2 of 6 screened" in screen_text(app)
        assert "You: · undecided" in screen_text(app)
        app.store.flush()
        assert latest(ris_review) == {
            "doi:10.1056/": ("title-abstract", "include", ""),
            "doi:10.1016/": ("title-abstract", "exclude", "wrong population"),
            "hash:9a47d4d": ("title-abstract", "none", ""),
        }
        # the audit trail keeps the maybe that was undone
        history = load_tables(ris_review.annotations_dir, "alice")["decisions"].values()
        assert sorted(d["decision"] for d in history) == ["exclude", "include", "maybe", "none"]


async def test_a_reason_digit_typed_before_the_picker_has_the_focus_still_picks(ris_review):
    """`e` then `5` at once: the digit came before the picker's filter had the focus and was
    lost, and the keys after it became a new reason's name (a trial found it)."""
    app = make_app(ris_review)
    async with app.run_test(size=SIZE) as pilot:
        await start_screening(pilot, "file")
        await pilot.press("e")
        app.screen.set_focus(None)  # as it is for a moment after the picker opens
        await pilot.press("1")
        assert title_on_screen(pilot).startswith(KLAZEN)  # decided, the next record shown
        app.store.flush()
    assert latest(ris_review)["doi:10.1056/"] == ("title-abstract", "exclude", "wrong population")


async def test_j_and_k_move_without_deciding_and_a_adds_a_note(ris_review):
    app = make_app(ris_review)
    async with app.run_test(size=SIZE) as pilot:
        await start_screening(pilot)
        await pilot.press("j", "j")
        assert title_on_screen(pilot).startswith(TROUT)
        await pilot.press("k")
        assert title_on_screen(pilot).startswith(KLAZEN)
        await pilot.press("a", *"open-label, no sham", "enter")
        assert "note: open-label, no sham" in screen_text(app)
        await pilot.press("i")
        app.store.flush()
        [decision] = [
            d
            for d in load_tables(ris_review.annotations_dir, "alice")["decisions"].values()
            if d["decision"] == "include"
        ]
        assert decision["note"] == "open-label, no sham"  # the note stays with the decision
        assert "1 of 6 screened" in screen_text(app)


async def test_a_new_exclusion_reason_is_added_to_review_toml_for_the_team(ris_review):
    app = make_app(ris_review)
    async with app.run_test(size=SIZE) as pilot:
        await start_screening(pilot)
        await pilot.press("e", *"animal model", "enter")
        await pilot.pause()
        assert "for the whole team" in screen_text(app)  # asked before the team's list changes
        await pilot.press("1")
        await pilot.press("e", *"in vitro only", "enter", "2")  # on this record only
        app.store.flush()
    reasons = load_config(ris_review.config_path).exclusion_reasons
    assert "animal model" in reasons and "in vitro only" not in reasons
    assert "# Settings of this review" in ris_review.config_path.read_text()  # comments kept
    assert latest(ris_review)["doi:10.1056/"] == ("title-abstract", "exclude", "animal model")
    assert ("title-abstract", "exclude", "in vitro only") in latest(ris_review).values()


async def test_typing_filters_reasons_with_typos(ris_review):
    app = make_app(ris_review)
    async with app.run_test(size=SIZE) as pilot:
        await start_screening(pilot)
        await pilot.press("e", *"wrong desing", "enter")
        app.store.flush()
    assert latest(ris_review)["doi:10.1056/"] == ("title-abstract", "exclude", "wrong study design")


async def test_reasons_optional_or_required_as_the_review_says(ris_review):
    async with make_app(ris_review).run_test(size=SIZE) as pilot:
        await start_screening(pilot)
        await pilot.press("e", "0")  # optional by default: 0 is "no reason"
        pilot.app.store.flush()
        assert latest(ris_review)["doi:10.1056/"] == ("title-abstract", "exclude", "")
    set_option(ris_review, "reasons_required", "reasons_required = true")
    async with make_app(ris_review).run_test(size=SIZE) as pilot:
        await start_screening(pilot)
        assert title_on_screen(pilot).startswith(KLAZEN)
        await pilot.press("e", "0", "escape")  # no "no reason" to pick; escape cancels
        assert title_on_screen(pilot).startswith(KLAZEN)
        pilot.app.store.flush()
        assert "doi:10.1016/" not in latest(ris_review)


async def test_full_text_stage_lists_included_and_maybe_and_opens_the_text(ris_review):
    fulltext = ris_review.corpus_dir / "fulltext"
    fulltext.mkdir()
    (fulltext / "doi-10.1056-nejmoa0900563.txt").write_text(
        "Full text of the INVEST trial.\nBoth groups improved similarly.\n", encoding="utf-8"
    )
    app = make_app(ris_review)
    async with app.run_test(size=SIZE) as pilot:
        await start_screening(pilot, "file")  # a chosen order stays at the next stage
        await pilot.press("i", "e", "2", "m", "e", "3", "e", "4", "i")
        assert "6 of 6 screened" in screen_text(app)
        await pilot.press("s")  # to the full-text stage
        shown = screen_text(app)
        assert "Full text · 0 of 3 screened" in shown
        assert title_on_screen(pilot).startswith(KALLMES)
        assert "full text: r to read" in shown
        await pilot.press("r")
        assert pilot.app.screen.source.text.startswith("Full text of the INVEST trial.")
        await pilot.press("escape", "e", "4")  # back to screening, exclude: wrong outcome
        assert title_on_screen(pilot).startswith(TROUT)
        await pilot.press("i", "i")
        app.store.flush()
    # both stages' decisions on the INVEST trial stand side by side
    by_stage = {
        stage: d.decision
        for (record, stage), d in latest_decisions(
            Decision.from_doc(doc) for doc in load_tables(ris_review.annotations_dir, "alice")["decisions"].values()
        ).items()
        if record == "doi:10.1056/nejmoa0900563"
    }
    assert by_stage == {"title-abstract": "include", "full-text": "exclude"}
    decisions = load_tables(ris_review.annotations_dir, "alice")["decisions"].values()
    full_text = sorted((d["record"][:12], d["decision"], d["reason"]) for d in decisions if d["stage"] == "full-text")
    assert full_text == [
        ("doi:10.1056/", "exclude", "wrong outcome"),
        ("doi:10.1136/", "include", ""),
        ("hash:9a47d4d", "include", ""),
    ]


async def test_filters_and_orders(ris_review):
    app = make_app(ris_review)
    async with app.run_test(size=SIZE) as pilot:
        await start_screening(pilot, "file")
        await pilot.press("i", "e", "1", "e", "5")
        await pilot.press("f", *"excluded", "enter")
        assert title_on_screen(pilot).startswith(KLAZEN)
        assert "showing exclude (1/2)" in screen_text(app)
        await pilot.press("j")
        assert title_on_screen(pilot).startswith(TROUT)
        await pilot.press("f", *"wrong study", "enter")  # by reason
        assert "showing exclude: wrong study design (1/1)" in screen_text(app)
        await pilot.press("f", *"undecided", "enter")
        await order_by(pilot, "year")
        assert title_on_screen(pilot).startswith(CASE_REPORT)  # 2012 comes before 2015 and 2018
        await pilot.press("j")
        assert title_on_screen(pilot).startswith(CADAVER)
        await order_by(pilot, "file")
        assert title_on_screen(pilot).startswith(CADAVER)  # reordering keeps your place
        await pilot.press("f", *"all", "enter")
        assert title_on_screen(pilot).startswith(KALLMES)  # a new filter starts at the top
        await order_by(pilot, "year")
        await pilot.press("g")
        assert title_on_screen(pilot).startswith(TROUT)  # 2006 first
        await order_by(pilot, "random")
        await pilot.press("g")
        assert "order: random" in screen_text(app)
        first_random = [title_on_screen(pilot)]
        for _ in range(5):
            await pilot.press("j")
            first_random.append(title_on_screen(pilot))
        assert first_random != sorted(first_random)
    async with make_app(ris_review).run_test(size=SIZE) as pilot:  # seeded: the same order again
        await start_screening(pilot, "random")
        await pilot.press("g")
        again = [title_on_screen(pilot)]
        for _ in range(5):
            await pilot.press("j")
            again.append(title_on_screen(pilot))
        assert again == first_random


async def test_blind_by_default_and_open_when_the_review_says(ris_review):
    async with make_app(ris_review, "Bob").run_test(size=SIZE) as pilot:
        await start_screening(pilot)
        await pilot.press("i")
    async with make_app(ris_review).run_test(size=SIZE) as pilot:
        await start_screening(pilot)
        assert "Bob" not in screen_text(pilot.app)
        assert "0 of 6 screened" in screen_text(pilot.app)  # Bob's decision is not counted as Alice's
    set_option(ris_review, "blind", "blind = false")
    async with make_app(ris_review).run_test(size=SIZE) as pilot:
        await start_screening(pilot)
        assert "Bob: ✔ include" in screen_text(pilot.app)


async def test_keywords_are_highlighted_in_two_colours(ris_review):
    set_option(ris_review, "include = []", 'include = ["randomised", "randomized", "placebo"]')
    set_option(ris_review, "exclude = []", 'exclude = ["case report", "cadaver"]')
    async with make_app(ris_review).run_test(size=SIZE) as pilot:
        await start_screening(pilot)
        title = pilot.app.screen.query_one(RecordCard).title_text
        assert "randomized" in screen_text(pilot.app).lower()
        included = [title.plain[s.start : s.end] for s in title.spans if "c8e6c9" in str(s.style)]
        assert included == ["randomized"]
        assert "order: keywords" in screen_text(pilot.app)  # those with inclusion keywords first
        await pilot.press("G")
        title = pilot.app.screen.query_one(RecordCard).title_text
        excluded = [title.plain[s.start : s.end] for s in title.spans if "ffcdd2" in str(s.style)]
        assert excluded in (["case report"], ["cadaver"])  # and those with exclusion keywords last


async def test_the_next_card_is_wrapped_ahead_and_again_after_a_resize(ris_review):
    async with make_app(ris_review).run_test(size=SIZE) as pilot:
        await start_screening(pilot)
        screen = pilot.app.screen
        card = screen.query_one(RecordCard)
        await pilot.pause()  # the next records' cards are wrapped once the screen is drawn
        upcoming = screen.screening.upcoming()
        assert upcoming and card.prepared == {record.id for record in upcoming}
        await pilot.resize_terminal(70, 40)  # the screen redraws, and wraps the upcoming cards again
        await pilot.pause()
        await pilot.press("i")
        assert title_on_screen(pilot) == upcoming[0].title
        width = card.scrollable_content_region.width
        assert width < 70 and card.wrapped_width == width
        lines = [line.rstrip() for line in screen_text(pilot.app).splitlines()]
        abstract_start = upcoming[0].abstract.split()[0]
        assert any(abstract_start in line for line in lines)


async def test_r_without_a_full_text_says_how_to_attach_one(ris_review):
    app = make_app(ris_review)
    async with app.run_test(size=SIZE) as pilot:
        await start_screening(pilot)
        record = pilot.app.screen.screening.current
        await pilot.press("r")
        expected = f"reviewer attach FILE --to {record.id}"
        assert any(expected in message and "A attaches one" in message for message in app.notified)


async def test_back_in_the_library_your_new_decisions_show(ris_review):
    app = make_app(ris_review)
    async with app.run_test(size=(160, 40)) as pilot:
        await start_screening(pilot, "file")
        await pilot.press("i", "escape")  # include the first record, back to the Library
        table = app.screen.query_one(RecordList)
        assert table.row_text(0)[3] == "✔"
        assert "✔ 1 included" in screen_text(app)


def test_the_count_since_the_last_include_is_the_decisions_as_made_now(ris_review):
    """The stopping aid's line counts from the session's own decisions, not from the last
    ranking's (it lagged a decision behind until the next ranking came; a trial saw it)."""
    from reviewer.screening.session import Screening
    from reviewer.team.state import ReviewState

    ids = [r.id for r in ris_review.records()]
    store = ris_review.open_store("alice", "Alice")
    screening = Screening(ReviewState.read(ris_review, "alice"), store)
    counts = []
    for record, choice in zip(ids, ("exclude", "include", "exclude", "exclude"), strict=False):
        screening.show_record(record)
        screening.decide(choice, "wrong population" if choice == "exclude" else "")
        counts.append(screening.since_last_include())
    store.close()
    assert counts == [1, 0, 1, 2]
