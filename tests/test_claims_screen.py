"""The Claims screen: every claim in one table, filtered, sorted, opened, exported — by keys."""

from textual.widgets import DataTable

from reviewer.tui.claims.screen import ClaimsScreen
from reviewer.tui.reader.screen import ReaderScreen
from tests.conftest import CAVEAT_SENTENCE, make_app, screen_text, settle

SIZE = (140, 40)


async def tag(pilot, words, key):
    await pilot.press("slash", *words, "enter", "s", key)


async def test_claims_table_filter_sort_open_and_export(review, tmp_path):
    app = make_app(review)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the adjacent-fractures text
        await tag(pilot, "absolute proof", "3")
        await tag(pilot, "4.62 times", "2")
        await pilot.press("escape", "j", "enter")  # the sham-trial text
        await tag(pilot, "similar improvements", "1")
        await pilot.press("escape", "c")
        assert isinstance(app.screen, ClaimsScreen)
        await settle(pilot)  # every reviewer's file is read in a worker
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        assert "3 of 3 claims · sorted by record · blind: only your claims" in screen_text(app)

        await pilot.press("slash", *"tag:cav", "enter")
        assert table.row_count == 1
        assert table.get_row_at(0)[1].plain == "caveat"
        await pilot.press("slash", *"adjasent vertebrae", "enter")  # a typo
        assert {table.get_row_at(i)[1].plain for i in range(table.row_count)} == {"caveat", "safety"}

        await pilot.press("slash", "backspace", "enter", "o", *"tag", "enter")
        assert [table.get_row_at(i)[1].plain for i in range(3)] == ["caveat", "efficacy", "safety"]

        await pilot.press("enter")  # open the caveat claim in its source
        assert isinstance(app.screen, ReaderScreen)
        await pilot.pause()  # the cursor is put on the claim after the first refresh
        view = app.screen.source
        assert view.text[view.cursor :].startswith(CAVEAT_SENTENCE)
        assert "on: caveat" in screen_text(app)

        await pilot.press("escape", "E", *"md", "enter", *str(tmp_path / "table.md"), "enter")
        await settle(pilot)  # the export is written in a worker
        assert any(message.startswith("Wrote") for message in app.notified)
    written = (tmp_path / "table.md").read_text(encoding="utf-8")
    assert written.startswith("# Evidence table") and "## Caveat (1)" in written


async def test_claims_of_several_reviewers_show_together_and_alike_ones_are_grouped(review):
    lines = review.config_path.read_text(encoding="utf-8").replace("blind = true", "blind = false")
    review.config_path.write_text(lines, encoding="utf-8")
    from reviewer.review.config import load_config

    review.config = load_config(review.config_path)
    for name, words in (("Alice", "absolute proof"), ("Bob", "absolute proof"), ("Cem", "4.62 times")):
        async with make_app(review, name).run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await tag(pilot, words, "3")
            await pilot.press("q")
    async with make_app(review, "Alice").run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(pilot)
        table = pilot.app.screen.query_one(DataTable)
        rows = sorted((table.get_row_at(i)[4].plain, table.get_row_at(i)[5].plain) for i in range(table.row_count))
        assert rows == [("Alice", "×2"), ("Bob", "×2"), ("Cem", "")]
        assert "blind" not in screen_text(pilot.app)


def test_the_claims_filter_forgives_a_typo_in_a_tag():
    from reviewer.domain.claim import Claim
    from reviewer.team.claims import ClaimEntry, filter_claims

    entries = [
        ClaimEntry(Claim("r", "Alice", "quote one", "", "", 0, 9, tags=(tag,)), None) for tag in ("safety", "caveat")
    ]
    assert [e.claim.tags for e in filter_claims(entries, "tag:saftey")] == [("safety",)]
    assert [e.claim.tags for e in filter_claims(entries, "tag:cav")] == [("caveat",)]
    assert filter_claims(entries, "tag:outcome") == []


async def test_the_claims_table_shows_every_column_whole_at_160_columns(sample):
    """The Date column was cut at 160 columns (#25): the quote takes what the others leave."""
    from tests.conftest import make_app, screen_text, settle

    app = make_app(sample)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        header = next(line for line in screen_text(app).splitlines() if "Record" in line and "Quote" in line)
        assert header.rstrip().endswith("Date")
