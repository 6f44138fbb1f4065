"""What each screen shows, kept as SVG snapshots (pytest-textual-snapshot).

A change to what a screen draws fails here until a person has looked at the new picture
and accepted it: `make snapshots` (pytest --snapshot-update) rewrites them, and the
report pytest prints on a failure shows the old and the new side by side.

Everything on screen is fixed: the review's files are made here with set times, and each
test waits for the screen's workers before the picture is taken.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from reviewer.annotating.placing import new_claim
from reviewer.domain.decision import Decision
from reviewer.extraction.answering import with_evidence
from reviewer.importing.files import import_file
from reviewer.review.config import load_config
from reviewer.review.folder import SAMPLE_KEYWORDS, bundled_corpus, init_review
from tests.conftest import ADJACENT, CAVEAT_SENTENCE, FIXTURES, make_app, settle

SIZE = (120, 36)
AT = "2026-01-15T09:30:00.000+00:00"


@pytest.fixture(autouse=True)
def in_a_fixed_folder(tmp_path, monkeypatch):
    """Reviews are made at relative paths, so the folder the Library names is the same every run."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def review():
    """The sample texts and an Embase export, with two of Alice's claims on one text."""
    made = init_review(Path("snapshot-review"), keywords=SAMPLE_KEYWORDS)
    import_file(made, FIXTURES / "embase-vertebroplasty.ris")
    for source in sorted(bundled_corpus().iterdir()):  # put there after the import: listed after its records
        shutil.copy(source, made.corpus_dir / source.name)
    made.reload()
    text = (made.corpus_dir / ADJACENT).read_text(encoding="utf-8")
    store = made.open_store("alice", "Alice")
    for quote, tag, note in (
        (CAVEAT_SENTENCE, "caveat", "association, not proof of causation"),
        ("4.62 times", "safety", ""),
    ):
        start = text.index(quote)
        claim = new_claim(f"file:{ADJACENT}", "Alice", text, start, start + len(quote), (tag,), note)
        store.put_claim(replace(claim, created=AT, modified=AT))
    store.close()
    return made


@pytest.fixture
def team(review):
    """Alice and Bob screened the Embase records and disagree on two."""
    ids = [r.id for r in review.records() if r.source == "embase-vertebroplasty.ris"]
    for name, labels in (
        ("Alice", ["include", "include", "exclude", "exclude", "exclude", "include"]),
        ("Bob", ["include", "exclude", "exclude", "maybe", "exclude", "include"]),
    ):
        store = review.open_store(name.lower(), name)
        for record, label in zip(ids, labels, strict=True):
            reason = "wrong study design" if label == "exclude" else ""
            store.put_decision(Decision(record, name, "title-abstract", label, reason, f"{name}'s note", at=AT))
        store.close()
    text = review.config_path.read_text(encoding="utf-8").replace("adjudicators = []", 'adjudicators = ["Dana"]')
    review.config_path.write_text(text, encoding="utf-8")
    review.config = load_config(review.config_path)
    return review


def test_library(snap_compare, review):
    assert snap_compare(make_app(review), terminal_size=SIZE, run_before=settle)


def pressed(*keys: str):
    """Press the keys, then wait for the workers they start (snap_compare's own `press` comes
    after `run_before`, and would not wait for them)."""

    async def press_and_settle(pilot) -> None:
        await pilot.press(*keys)
        await settle(pilot)

    return press_and_settle


def test_screening(snap_compare, review):
    # settled: the ranking asked for after the decision, and the stopping aid, are on screen
    assert snap_compare(make_app(review), terminal_size=SIZE, run_before=pressed("s", "i"))


def test_reader_with_highlights(snap_compare, review):
    async def open_the_tagged_text(pilot) -> None:
        await pilot.press(*"jjjjjj", "enter")  # the adjacent-fractures text, seventh in the Library
        await pilot.press("n")  # onto the first claim: its tags show in the status line
        await settle(pilot)

    assert snap_compare(make_app(review), terminal_size=SIZE, run_before=open_the_tagged_text)


def test_reader_with_suggestions(snap_compare, review):
    """Suggestions underlined in their tag's colour and listed with tag, score, causal strength
    and caveat; the first selected, its reading in the status line."""

    async def onto_a_suggestion(pilot) -> None:
        await pilot.press(*"jjjjjj", "enter")
        await settle(pilot)
        await pilot.press("right_curly_bracket")

    assert snap_compare(make_app(review), terminal_size=SIZE, run_before=onto_a_suggestion)


def test_claims(snap_compare, review):
    assert snap_compare(make_app(review), terminal_size=SIZE, run_before=pressed("c"))


def test_conflicts(snap_compare, team):
    assert snap_compare(make_app(team, "Dana"), terminal_size=SIZE, run_before=pressed("C"))


def _answer(review, name: str, field: str, value: str, quote: str = "") -> None:
    """`name`'s RoB 2 answer on the adjacent-fractures text, made at a set time, citing `quote`."""
    from reviewer.domain.answer import Answer

    record = review.record(f"file:{ADJACENT}")
    made = Answer(record.id, name, "rob2", field, value, at=AT, id=f"{name}-{field}")
    if quote:
        start = record.text.index(quote)
        made = with_evidence(made, record, start, start + len(quote))
    store = review.open_store(name.lower(), name)
    store.put("answers", made.to_doc())
    store.close()


def test_reader_with_the_rob2_form(snap_compare, review):
    _answer(review, "Alice", "1.1", "Y", "4.62 times")
    _answer(review, "Alice", "1.2", "PY")
    _answer(review, "Alice", "1.3", "N")

    async def open_the_form(pilot) -> None:
        await pilot.press(*"jjjjjj", "enter", "f", *"rob2", "enter")
        await settle(pilot)
        await pilot.pause()  # the panel's first frame after it is shown

    assert snap_compare(make_app(review), terminal_size=SIZE, run_before=open_the_form)


def test_extraction_disagreements(snap_compare, team):
    _answer(team, "Alice", "1.1", "Y", "4.62 times")
    _answer(team, "Bob", "1.1", "PN", CAVEAT_SENTENCE)
    _answer(team, "Alice", "1.2", "Y")
    _answer(team, "Bob", "1.2", "Y")
    assert snap_compare(make_app(team, "Dana"), terminal_size=SIZE, run_before=pressed("X"))


def test_duplicates(snap_compare):
    review = init_review(Path("duplicates-review"))
    import_file(review, FIXTURES / "ovid-medline.ris")
    import_file(review, FIXTURES / "scopus-crlf.ris")
    assert snap_compare(make_app(review), terminal_size=SIZE, run_before=pressed("D"))


def test_search(snap_compare, review):
    async def search(pilot) -> None:
        await settle(pilot)  # the index is built
        await pilot.press("slash", *"cadaver")
        await settle(pilot)

    assert snap_compare(make_app(review), terminal_size=SIZE, run_before=search)


def test_prisma(snap_compare, team):
    assert snap_compare(make_app(team, "Dana"), terminal_size=(120, 44), run_before=pressed("P"))


async def test_screen_text_reads_what_the_screen_shows(review):
    """The self-check of the helper every screen test reads with: the Library's own words come
    back from Textual's screenshot, and an unknown drawing is an error, never an empty screen."""
    import pytest

    from tests.conftest import screen_text

    app = make_app(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "reviewer: Alice" in shown and "Back Procedure Can Make Matters Worse" in shown
        real = app.export_screenshot
        app.export_screenshot = lambda: real().replace("textLength=", "data-length=")  # Rich drawing otherwise
        with pytest.raises(AssertionError, match="found no text it knows how to read"):
            screen_text(app)
