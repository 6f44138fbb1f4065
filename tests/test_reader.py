"""The Reader, driven by keys as a reviewer would, checked on screen and in the file."""

import json

from reviewer.persistence.store import load_tables
from reviewer.tui.library.record_list import RecordList
from reviewer.tui.reader.claims_panel import ClaimsPanel
from reviewer.tui.reader.screen import ReaderScreen
from reviewer.tui.reader.source_view import SourceView
from tests.conftest import CAVEAT_SENTENCE, make_app, reviewer_file, screen_text, settle

CAVEAT_COLOUR = "#f9a825"
SIZE = (140, 40)


async def open_adjacent_fractures(pilot):
    """From the Library, open "Back Procedure Can Make Matters Worse" (the first row)."""
    table = pilot.app.screen.query_one(RecordList)
    assert table.row_text(0)[0] == "Back Procedure Can Make Matters Worse"
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, ReaderScreen)
    return pilot.app.screen


async def find(pilot, words: str):
    await pilot.press("slash", *words, "enter")


async def tag_two_sentences(pilot):
    """The sentence with "4.62 times" as safety (tag 2), the one with "absolute proof" as caveat (3)."""
    for words, key in (("4.62 times", "2"), ("absolute proof", "3")):
        await find(pilot, words)
        await pilot.press("s", key)


def saved_claims(review, name="Alice"):
    """What is on disk now for this reviewer (TinyDB file plus journal)."""
    return list(load_tables(review.annotations_dir, name.lower())["annotations"].values())


async def test_library_lists_every_source_with_where_it_stands_and_claims(sample):
    async with make_app(sample).run_test(size=SIZE) as pilot:
        table = pilot.app.screen.query_one(RecordList)
        rows = [table.row_text(i) for i in range(table.item_count)]
        # Title, Year, First author, TA, FT, Text, Claims, File
        assert rows[0] == [
            "Back Procedure Can Make Matters Worse",
            "",
            "",
            "·",
            "·",
            "txt",
            "0",
            "vertebroplasty-adjacent…",
        ]
        assert rows[1][1:] == ["", "", "·", "·", "txt", "0", "vertebroplasty-sham-con…"]
        long_title = sample.records()[1].title
        assert rows[1][0].endswith("…") and long_title.startswith(rows[1][0][:-1])
        await settle(pilot)  # the review's counts come from its state, computed in a worker
        shown = screen_text(pilot.app)
        assert "reviewer: Alice" in shown and "2 records · 0 claims by Alice · bundled sample" in shown
        assert "vertebroplasty-sham-con…" in shown  # the table fits the screen
        assert "✔ 0 included · ✘ 0 excluded · ? 0 maybe · · 2 undecided" in shown  # the counts on top


async def test_tag_the_caveat_sentence_add_a_note_quit_and_find_it_in_the_file(sample):
    app = make_app(sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_adjacent_fractures(pilot)
        await find(pilot, "absolute proof")
        await pilot.press("s")  # select the sentence at the cursor
        assert reader.source.selection is not None
        await pilot.press("3")  # caveat, the third tag in review.toml
        await pilot.press("a", *"Association only: Kallmes says so himself", "enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "■ caveat" in shown
        assert "✎ Association only: Kallmes" in shown  # the panel wraps the rest
        assert "saved" in shown
        await pilot.press("q")
    document = json.loads(reviewer_file(sample).read_text(encoding="utf-8"))
    [claim] = document["annotations"].values()
    assert claim["exact"] == CAVEAT_SENTENCE
    assert claim["tags"] == ["caveat"]
    assert claim["note"] == "Association only: Kallmes says so himself"
    assert claim["record"] == "file:vertebroplasty-adjacent-fractures.txt"
    assert claim["reviewer"] == "Alice"
    assert claim["end"] - claim["start"] == len(CAVEAT_SENTENCE)
    assert claim["prefix"].endswith('expected."\n\n')
    assert claim["suffix"].startswith("\n\nIndeed")
    assert document["_meta"]["1"]["schema"] == 1


async def test_reopening_shows_the_highlight_in_the_tag_colour(sample):
    async with make_app(sample).run_test(size=SIZE) as pilot:
        await open_adjacent_fractures(pilot)
        await find(pilot, "absolute proof")
        await pilot.press("s", "3", "q")

    async with make_app(sample).run_test(size=(140, 70)) as pilot:  # the whole text fits
        table = pilot.app.screen.query_one(RecordList)
        assert table.row_text(0)[6] == "1"  # the Library counts the claim
        reader = await open_adjacent_fractures(pilot)
        await pilot.press("n")  # jump to the claim
        view = reader.source
        assert view.text[view.cursor :].startswith("Kallmes explains")
        colours = highlighted_text(view)
        assert colours[CAVEAT_COLOUR].replace("\n", " ").split() == CAVEAT_SENTENCE.split()


def highlighted_text(view: SourceView) -> dict[str, str]:
    """The text drawn on each background colour in the view, by colour."""
    drawn: dict[str, str] = {}
    for y in range(view.size.height):
        for segment in view.render_line(y):
            if segment.style and segment.style.bgcolor and segment.style.bgcolor.triplet:
                colour = segment.style.bgcolor.triplet.hex
                drawn[colour] = drawn.get(colour, "") + segment.text
    return drawn


async def test_undo_and_redo_write_through_to_the_file(sample):
    async with make_app(sample).run_test(size=SIZE) as pilot:
        reader = await open_adjacent_fractures(pilot)
        await find(pilot, "absolute proof")
        await pilot.press("s", "3")
        pilot.app.store.flush()
        assert [a["tags"] for a in saved_claims(sample)] == [["caveat"]]

        await pilot.press("u")
        pilot.app.store.flush()
        assert saved_claims(sample) == []
        assert "undone: added caveat" in screen_text(pilot.app)

        await pilot.press("ctrl+r")
        pilot.app.store.flush()
        assert [a["exact"] for a in saved_claims(sample)] == [CAVEAT_SENTENCE]
        assert len(reader.claims) == 1

        await pilot.press("1")  # on the claim without a selection: add efficacy to it
        await pilot.press("u")  # and take it off again
        pilot.app.store.flush()
        assert [a["tags"] for a in saved_claims(sample)] == [["caveat"]]


async def test_delete_the_claim_under_the_cursor(sample):
    async with make_app(sample).run_test(size=SIZE) as pilot:
        reader = await open_adjacent_fractures(pilot)
        await find(pilot, "absolute proof")
        await pilot.press("s", "2")
        await pilot.press("x")
        pilot.app.store.flush()
        assert saved_claims(sample) == []
        assert reader.query_one(ClaimsPanel).item_count == 0
        assert "deleted safety" in screen_text(pilot.app)
        await pilot.press("u")  # a deletion can be undone too
        pilot.app.store.flush()
        assert [a["tags"] for a in saved_claims(sample)] == [["safety"]]


async def test_tag_picker_filters_by_typing_with_typos(sample):
    async with make_app(sample).run_test(size=SIZE) as pilot:
        await open_adjacent_fractures(pilot)
        await find(pilot, "4.62 times")
        await pilot.press("s", "t", *"saftey", "enter")
        pilot.app.store.flush()
        [claim] = saved_claims(sample)
        assert claim["tags"] == ["safety"]
        assert claim["exact"].startswith("The researchers discovered")


async def test_select_by_word_and_line_motions(review):
    (review.corpus_dir / "short.txt").write_text("One two three. Four five six.\nSeven eight nine.\n", encoding="utf-8")
    for other in review.corpus_dir.glob("vertebroplasty-*"):
        other.unlink()
    async with make_app(review).run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        reader = pilot.app.screen
        view = reader.source
        await pilot.press("w")
        assert view.cursor == 4  # "two"
        await pilot.press("right_parenthesis")
        assert view.text[view.cursor :].startswith("Four")
        await pilot.press("left_parenthesis", "v", "e", "e")  # select "One two"
        assert view.selection == (0, 7)
        await pilot.press("1")
        assert view.selection is None  # tagging ends the selection
        await pilot.press("j")  # down a line, same column: "Seven e|ight"
        assert view.text[view.cursor :].startswith("eight")
        await pilot.press("v", "dollar_sign", "5")  # to the end of the line
        await pilot.press("g", "shift+right", "shift+right", "8")
        pilot.app.store.flush()
        saved = sorted((a["exact"], a["tags"][0]) for a in saved_claims(review))
        assert saved == [("One", "design"), ("One two", "efficacy"), ("eight nine.", "intervention")]


async def test_next_and_previous_claim_and_the_side_panel(sample):
    async with make_app(sample).run_test(size=SIZE) as pilot:
        reader = await open_adjacent_fractures(pilot)
        await tag_two_sentences(pilot)
        await pilot.press("g", "n")
        assert reader.source.text[reader.source.cursor :].startswith("The researchers")
        await pilot.press("n")
        assert reader.source.text[reader.source.cursor :].startswith("Kallmes explains")
        claims = reader.query_one(ClaimsPanel)
        assert claims.cursor == 1  # the panel follows the cursor
        await pilot.press("N")
        assert reader.source.text[reader.source.cursor :].startswith("The researchers")
        assert claims.cursor == 0


async def test_overlapping_claims_both_stay_visible(sample):
    async with make_app(sample).run_test(size=SIZE) as pilot:
        reader = await open_adjacent_fractures(pilot)
        await find(pilot, "absolute proof")
        await pilot.press("s", "3")  # the whole sentence: caveat
        await find(pilot, "absolute proof")
        await pilot.press("v", "e", "e", "1")  # "absolute proof" inside it: efficacy
        drawn = highlighted_text(reader.source)
        assert drawn["#2e7d32"] == "absolute proof"
        assert "it is not" in drawn[CAVEAT_COLOUR]
        assert len(reader.claims) == 2


async def test_a_source_edited_after_tagging_reanchors_and_orphans(review):
    source = review.corpus_dir / "vertebroplasty-adjacent-fractures.txt"
    async with make_app(review).run_test(size=SIZE) as pilot:
        await open_adjacent_fractures(pilot)
        await find(pilot, "absolute proof")
        await pilot.press("s", "3")
        await find(pilot, "4.62 times")
        await pilot.press("s", "2", "q")
    text = source.read_text(encoding="utf-8")
    start = text.index("The researchers discovered")
    moved_sentence = text[start : text.index("vertebral fractures.", start) + len("vertebral fractures.")]
    source.write_text("UPDATE: corrected.\n\n" + text.replace(CAVEAT_SENTENCE, ""), encoding="utf-8")

    review.reload()  # the app reads the corpus as it is on disk now
    async with make_app(review).run_test(size=SIZE) as pilot:
        reader = await open_adjacent_fractures_by_title(pilot)
        await pilot.pause()
        shown = screen_text(pilot.app)
        assert "orphaned" in shown
        by_tag = {a.tags[0]: a for a in reader.claims}
        assert by_tag["caveat"].status == "orphaned"
        assert by_tag["caveat"].exact == CAVEAT_SENTENCE
        safety = by_tag["safety"]
        assert reader.source.text[safety.start : safety.end] == moved_sentence
        await pilot.press("q")
    statuses = {a["tags"][0]: a["status"] for a in saved_claims(review)}
    assert statuses == {"caveat": "orphaned", "safety": "anchored"}


async def open_adjacent_fractures_by_title(pilot):
    await pilot.press("enter")
    return pilot.app.screen


async def test_the_claims_panel_is_a_list_to_move_through_and_jump_from(sample):
    async with make_app(sample).run_test(size=SIZE) as pilot:
        reader = await open_adjacent_fractures(pilot)
        await tag_two_sentences(pilot)
        panel = reader.query_one(ClaimsPanel)
        assert panel.item_count == 2
        shown = screen_text(pilot.app)
        assert "Claims (2)" in shown and "■ safety" in shown and "■ caveat" in shown
        await pilot.press("g", "tab")  # cursor to the top, focus to the panel
        assert panel.has_focus
        await pilot.press("G", "enter")  # the last claim, then jump to it
        assert reader.source.has_focus
        assert reader.source.text[reader.source.cursor :].startswith("Kallmes explains")
        await pilot.press("tab", "k", "enter")
        assert reader.source.text[reader.source.cursor :].startswith("The researchers")


async def test_the_reader_stays_usable_at_60_by_20(sample):
    async with make_app(sample).run_test(size=(60, 20)) as pilot:
        await pilot.press("enter")
        screen = pilot.app.screen
        assert not screen.query_one("#side").display  # the claims panel folds away
        assert "claims panel hidden (<100 cols)" in screen_text(pilot.app)  # and says so
        assert screen.source.size.width >= 55  # the text takes the width
        await pilot.press("s", "1")  # tagging still works, and the status line says so
        assert "on: efficacy" in screen_text(pilot.app)
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert screen.query_one("#side").display  # wide again: the panel is back


async def test_the_key_help_names_the_tags(sample):
    async with make_app(sample).run_test(size=SIZE) as pilot:
        await pilot.press("enter", "question_mark")
        await pilot.pause()
        shown = screen_text(pilot.app)
        assert "1 Tag: Efficacy" in shown and "2 Tag: Safety" in shown and "Tag 2" not in shown
        assert "9 (no tag)" in shown  # the sample names eight tags
        await pilot.press("question_mark", "s", "2")  # the key still tags: the second tag, Safety
        assert "on: safety" in screen_text(pilot.app)


async def test_a_selection_extended_by_sentence_ends_at_the_full_stop(sample):
    """`v` then `)` `)` left a quote ending "… Universe. T": it ran one character into the next
    sentence (#25). Extended by sentence, a selection stops at the sentence's end; trailing
    spaces never belong to a claim."""
    app = make_app(sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_adjacent_fractures(pilot)
        await find(pilot, "Kallmes explains")
        await pilot.press("v", "right_parenthesis")
        start, end = reader.source.selection
        assert reader.source.text[start:end] == CAVEAT_SENTENCE
        await pilot.press("right_parenthesis", "3")
        app.store.flush()
    [claim] = json.loads(reviewer_file(sample).read_text(encoding="utf-8"))["annotations"].values()
    assert claim["exact"].startswith(CAVEAT_SENTENCE) and claim["exact"].endswith(".")
    assert not claim["exact"][-1].isspace() and claim["suffix"][:1].isspace()
