"""Team review: kappa against hand-computed and published values; conflicts settled by keys."""

import json
import shutil

import pytest

from reviewer.annotating.placing import new_claim
from reviewer.cli import main
from reviewer.domain.decision import Decision
from reviewer.importing.files import import_file
from reviewer.review.config import load_config
from reviewer.review.folder import init_review
from reviewer.team.agreement import cohen_kappa, fleiss_kappa, span_agreement
from reviewer.team.snapshot import EVERYONE
from reviewer.team.state import ReviewState
from reviewer.tui.conflicts.screen import ConflictsScreen
from tests.conftest import FIXTURES, make_app, screen_text, settle


def open_conflicts(review):
    return ReviewState.read(review, EVERYONE).conflicts("title-abstract")


def test_cohen_kappa_perfect_agreement():
    assert cohen_kappa([("include", "include"), ("exclude", "exclude"), ("maybe", "maybe")]) == 1.0


def test_cohen_kappa_at_chance_is_zero():
    # Each rater says include half the time, independently: po = pe = 0.5.
    pairs = [("include", "include"), ("include", "exclude"), ("exclude", "include"), ("exclude", "exclude")]
    assert cohen_kappa(pairs) == 0.0


def test_cohen_kappa_published_worked_example():
    # 50 proposals read by two editors: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no.
    # po = 0.70, pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.50, kappa = 0.40.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.40)


def test_cohen_kappa_by_hand_three_labels():
    # 10 records: agreement on 7; marginals A: inc 4, exc 5, maybe 1; B: inc 3, exc 6, maybe 1.
    pairs = (
        [("include", "include")] * 3
        + [("exclude", "exclude")] * 4
        + [("include", "exclude")]
        + [("exclude", "maybe")]
        + [("maybe", "exclude")]
    )
    pe = (4 * 3 + 5 * 6 + 1 * 1) / 100
    assert cohen_kappa(pairs) == pytest.approx((0.7 - pe) / (1 - pe))


def test_cohen_kappa_undefined_when_both_used_one_label():
    assert cohen_kappa([("include", "include")] * 3) is None
    assert cohen_kappa([]) is None


def test_fleiss_kappa_published_worked_example():
    # Fleiss (1971) style example: 10 subjects, 14 raters, 5 categories; kappa = 0.210.
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    assert fleiss_kappa(table) == pytest.approx(0.210, abs=0.001)


def test_span_agreement_counts_overlapping_spans_per_tag():
    text = "Vertebroplasty relieved pain. It may cause new fractures nearby. Cost was high."
    a = [new_claim("r", "A", text, 0, 29, ("efficacy",)), new_claim("r", "A", text, 30, 64, ("safety",))]
    b = [new_claim("r", "B", text, 0, 22, ("efficacy",)), new_claim("r", "B", text, 65, 79, ("safety",))]
    result = span_agreement(a, b)
    assert result["efficacy"] == {"spans": [1, 1], "matched": [1, 1], "agreement": 1.0}
    assert result["safety"] == {"spans": [1, 1], "matched": [0, 0], "agreement": 0.0}


@pytest.fixture
def team_review(tmp_path):
    review = init_review(tmp_path / "team")
    import_file(review, FIXTURES / "embase-vertebroplasty.ris")
    ids = [r.id for r in review.records()]
    for name, labels in (
        ("Alice", ["include", "include", "exclude", "exclude", "exclude", "include"]),
        ("Bob", ["include", "exclude", "exclude", "exclude", "maybe", "include"]),
        ("Cem", ["include", "include", "exclude", "include", "exclude", "include"]),
    ):
        store = review.open_store(name.lower(), name)
        for record, label in zip(ids, labels, strict=True):
            reason = "wrong study design" if label == "exclude" else ""
            store.put_decision(Decision(record, name, "title-abstract", label, reason, note=f"{name}'s note"))
        store.close()
    set_adjudicators(review, ["Dana"])
    return review


def set_adjudicators(review, names):
    text = review.config_path.read_text(encoding="utf-8")
    review.config_path.write_text(text.replace("adjudicators = []", f"adjudicators = {names!r}"), encoding="utf-8")
    review.config = load_config(review.config_path)


def test_agreement_command_reports_pairs_and_fleiss(team_review, capsys):
    assert main(["agreement", "--review", str(team_review.root), "--json", "--reviewer", "Dana"]) == 0
    report = json.loads(capsys.readouterr().out)
    alice_bob = next(p for p in report["pairs"] if p["reviewers"] == ["Alice", "Bob"])
    assert alice_bob["records_both_screened"] == 6 and alice_bob["agreed"] == 4
    # by hand: po = 4/6; A inc 3, exc 3; B inc 2, exc 3, maybe 1; pe = (3*2 + 3*3)/36
    assert alice_bob["cohen_kappa"] == pytest.approx(round((4 / 6 - 15 / 36) / (1 - 15 / 36), 4))
    assert alice_bob["counts"] == {"exclude/exclude": 2, "exclude/maybe": 1, "include/exclude": 1, "include/include": 2}
    assert report["fleiss_records"] == 6 and report["fleiss_kappa"] is not None


async def test_conflicts_side_by_side_and_resolved_with_one_key(team_review):
    assert len(open_conflicts(team_review)) == 3
    app = make_app(team_review, "Dana")
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("C")
        assert isinstance(app.screen, ConflictsScreen)
        await settle(pilot)  # every reviewer's file is read in a worker
        shown = screen_text(app)
        assert "3 conflicts open" in shown
        assert "Vertebroplasty versus conservative treatment" in shown
        for name in ("Alice", "Bob", "Cem"):
            assert name in shown and f"{name}'s note" in shown
        assert "wrong study design" in shown
        await pilot.press("i")  # Dana settles the first as include
        assert "2 conflicts open · 1 resolved now" in screen_text(app)
        await pilot.press("e", "5")  # and the second as exclude: wrong study design
        app.store.flush()
    final = ReviewState.read(team_review, EVERYONE).final["title-abstract"]
    ids = [r.id for r in team_review.records()]
    assert final[ids[1]].decision == "include" and final[ids[1]].role == "adjudicator"
    assert final[ids[1]].reviewer == "Dana"
    assert final[ids[3]].decision == "exclude" and final[ids[3]].reason == "wrong study design"
    assert len(open_conflicts(team_review)) == 1
    # every command reads every reviewer's file: the adjudications count in the PRISMA numbers
    counts = ReviewState.read(team_review, EVERYONE).prisma()["title-abstract"]
    assert counts["conflicts"] == 1 and counts["screened"] == 6


def erin_excludes_the_first_record(review, other):
    """Erin's file, written in her own clone (`other`), arrives in `review` (copied, as a pull does)."""
    erin = other.open_store("erin", "Erin")
    erin.put_decision(Decision(review.records()[0].id, "Erin", "title-abstract", "exclude"))
    erin.close()
    shutil.copy(other.annotations_dir / "erin.json", review.annotations_dir / "erin.json")


async def test_a_colleagues_file_copied_in_is_picked_up_on_refresh(team_review, tmp_path):
    other = init_review(tmp_path / "colleague")
    shutil.copytree(team_review.corpus_dir, other.corpus_dir, dirs_exist_ok=True)
    app = make_app(team_review, "Dana")
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("C")
        await settle(pilot)
        assert "3 conflicts open" in screen_text(app)
        erin_excludes_the_first_record(team_review, other)
        await pilot.press("r")
        await settle(pilot)
        assert "4 conflicts open" in screen_text(app)


def test_adjudicate_command_settles_a_conflict_and_refuses_one_that_is_not_open(team_review, capsys):
    ids = [r.id for r in team_review.records()]
    assert ids[1] in {c.record for c in open_conflicts(team_review)}
    args = ["adjudicate", ids[1], "exclude", "--reason", "wrong comparator", "--review", str(team_review.root)]
    assert main([*args, "--reviewer", "Dana"]) == 0
    assert "exclude at title-abstract, adjudicated by Dana" in capsys.readouterr().out
    final = ReviewState.read(team_review, EVERYONE).final["title-abstract"][ids[1]]
    assert (final.decision, final.reason, final.role, final.reviewer) == (
        "exclude",
        "wrong comparator",
        "adjudicator",
        "Dana",
    )
    assert ids[1] not in {c.record for c in open_conflicts(team_review)}
    assert main([*args, "--reviewer", "Dana"]) == 1  # settled now: nothing open to adjudicate
    assert "has no open conflict at title-abstract" in capsys.readouterr().err
    assert main(["adjudicate", "pmid:99999", "include", "--review", str(team_review.root), "--reviewer", "Dana"]) == 1
    assert "pmid:99999: no record with this id in the review" in capsys.readouterr().err


def test_conflicts_command_shows_each_side_with_its_reason_and_note(team_review, capsys):
    ids = [r.id for r in team_review.records()]
    assert main(["conflicts", "--review", str(team_review.root), "--reviewer", "Dana"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(ids[1]))
    assert "Alice: include “Alice's note”" in line and "Bob: exclude (wrong study design) “Bob's note”" in line


async def test_the_conflicts_screen_redraws_when_the_review_changes_without_r(team_review, tmp_path):
    """A colleague's file arrives (with a sync, say); the next change anywhere in the app brings
    the review's new state, and the Conflicts screen on show redraws from it."""
    other = init_review(tmp_path / "colleague")
    shutil.copytree(team_review.corpus_dir, other.corpus_dir, dirs_exist_ok=True)
    app = make_app(team_review, "Dana")
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("C")
        await settle(pilot)
        assert "3 conflicts open" in screen_text(app)
        erin_excludes_the_first_record(team_review, other)
        app.review_changed()  # what a decision, a settlement or an import elsewhere in the app does
        await settle(pilot)
        assert "4 conflicts open" in screen_text(app)


async def test_a_blind_reviewer_is_told_who_settles_the_conflicts(team_review):
    blind = team_review.config_path.read_text(encoding="utf-8").replace("blind = false", "blind = true")
    team_review.config_path.write_text(blind, encoding="utf-8")
    app = make_app(team_review, "Alice")
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("C")
        await settle(pilot)
        shown = screen_text(app)
        assert "only its adjudicators (Dana) see them" in shown and "Name them in review.toml" not in shown


def test_span_agreement_reads_as_words(team_review, capsys):
    record = team_review.records()[0].id
    text = "Pain fell by half with cement, and fractures were no more frequent."
    for name, start, end in (("Alice", 0, 29), ("Bob", 0, 18)):
        store = team_review.open_store(name.lower(), name)
        store.put_claim(new_claim(record, name, text, start, end, ("efficacy",)))
        store.close()
    assert main(["agreement", "--review", str(team_review.root), "--reviewer", "Dana"]) == 0
    out = capsys.readouterr().out
    assert "spans Alice & Bob, efficacy: 1 and 1 spans, 1 and 1 of them found by the other; agreement 100%" in out
    assert "{" not in out


async def test_a_blind_reviewers_library_offers_no_conflicts_filter(team_review):
    """While blind, conflicts are the adjudicators' to see: the filter would list none."""
    blind = team_review.config_path.read_text(encoding="utf-8").replace("blind = false", "blind = true")
    team_review.config_path.write_text(blind, encoding="utf-8")
    for viewer, offered in (("Alice", False), ("Dana", True)):
        app = make_app(team_review, viewer)
        async with app.run_test(size=(130, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            shown = screen_text(app)
            assert "undecided" in shown and ("conflicts" in shown.split("Show", 1)[-1]) == offered
