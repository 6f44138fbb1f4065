"""Search: typos and word forms forgiven, filters, incremental refresh, and by keys in the app."""

import json

import pytest

from reviewer.annotating.placing import new_claim
from reviewer.cli import main
from reviewer.importing.files import import_file
from reviewer.search.index import index_path, open_index
from reviewer.tui.reader.screen import ReaderScreen
from reviewer.tui.screening.screen import ScreeningScreen
from reviewer.tui.search.screen import SearchScreen
from tests.conftest import CAVEAT_SENTENCE, FIXTURES, make_app, screen_text, settle


@pytest.fixture
def searchable(review):
    import_file(review, FIXTURES / "embase-vertebroplasty.ris")
    return review


def titles(hits):
    return [h.to_json()["title"] for h in hits]


def test_typos_and_word_forms_still_find_the_record(searchable):
    index = open_index(searchable)
    assert titles(index.search("vertebroplsty sham", limit=1)) == [
        "Vertebroplasty versus sham procedure for painful acute osteoporotic vertebral compression "
        "fractures (VERTOS IV): randomised sham controlled clinical trial"
    ]
    assert "New fractures after vertebroplasty: adjacent fractures occur significantly sooner" in titles(
        index.search("fracture adjacent")
    )
    assert set(titles(index.search("cadavers"))) == {  # "cadaver" and "cadavers"
        "Biomechanics of cement augmentation in cadaver spines",
        "Back Procedure Can Make Matters Worse",
    }
    assert index.search("zzzzqqq") == []
    index.close()


def test_matching_words_are_marked_and_fields_filter(searchable):
    index = open_index(searchable)
    [hit] = index.search("in:title cadaver")
    assert hit.title == "Biomechanics of cement augmentation in \x02cadaver\x03 spines"
    assert index.search("in:title sooner")[0].record == "hash:9a47d4deb8ac896f"
    assert index.search("in:title retrospective") == []  # only in that abstract
    assert index.search("retrospective")[0].record == "hash:9a47d4deb8ac896f"
    index.close()


def test_claims_and_notes_are_searched_and_refreshed_incrementally(searchable):
    index = open_index(searchable)
    assert index.refresh(searchable) == 0  # nothing changed: nothing re-indexed
    record = searchable.record("file:vertebroplasty-adjacent-fractures.txt")
    start = record.text.index(CAVEAT_SENTENCE)
    store = searchable.open_store("alice", "Alice")
    store.put_claim(
        new_claim(record.id, "Alice", record.text, start, start + len(CAVEAT_SENTENCE), ("caveat",), "association only")
    )
    store.close()
    written = index.refresh(searchable)
    assert written == 1  # the one claim; no corpus file was read again
    [claim] = index.search("kind:claim asociation")
    assert claim.tags == "caveat" and claim.reviewer == "Alice"
    assert index.search("tag:caveat proof")[0].kind == "claim"
    assert index.search("tag:safety proof") == []
    # filters alone keep what they say (they found nothing before: a trial found it)
    assert [(h.kind, h.reviewer) for h in index.search("tag:caveat")] == [("claim", "Alice")]
    assert [h.kind for h in index.search("reviewer:alice kind:claim")] == ["claim"]
    assert index.search("tag:caveat", claims_of="bob") == []  # blind: another's claims never hits
    assert {h.kind for h in index.search("kind:record", limit=100)} == {"record"}
    (searchable.corpus_dir / "new.txt").write_text("A note about kyphoplasty balloons.\n", encoding="utf-8")
    searchable.reload()
    assert index.refresh(searchable) == 1
    assert index.search("kyphoplasty")[0].record == "file:new.txt"
    index.close()
    assert index_path(searchable).exists()  # kept on disk for the next start


def test_search_command_json(searchable, capsys):
    assert main(["search", "randomised", "trial", "--review", str(searchable.root), "--limit", "2", "--json"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(hits) == 2 and all(h["kind"] == "record" for h in hits)
    assert "\x02" not in json.dumps(hits)


async def test_slash_searches_as_you_type_and_enter_opens(searchable):
    app = make_app(searchable)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await settle(pilot)  # the index is built
        assert app.search_index is not None
        await pilot.press(*"cadavr")
        await settle(pilot)
        assert "Biomechanics of cement augmentation in cadaver spines" in screen_text(app)
        await pilot.press("enter")  # a RIS record: it opens in Screening
        assert isinstance(app.screen, ScreeningScreen)
        assert "Biomechanics of cement augmentation" in screen_text(app)
        await pilot.press("escape", *["backspace"] * 6, *"Kallmes INVEST")
        await settle(pilot)
        await pilot.press("enter")  # back in search: a text record
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.record.id == "file:vertebroplasty-sham-controlled-trial.txt"


async def test_command_palette_offers_screens_and_records(searchable):
    app = make_app(searchable)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)  # the index is built
        assert app.search_index is not None
        await pilot.press("ctrl+p", *"claims")
        await settle(pilot)  # the palette's search is a worker
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.sub_title == "Claims"
        await pilot.press("ctrl+p", *"cement cadaver")
        await settle(pilot)
        assert "Biomechanics of cement augmentation in cadaver spines" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ScreeningScreen)


def test_decision_alone_lists_the_records_you_decided_so(searchable):
    ids = [r.id for r in searchable.records() if r.source.endswith(".ris")]
    mine = {ids[0]: "include", ids[1]: "exclude", ids[2]: "include"}
    index = open_index(searchable)
    try:
        found = index.search("decision:include", decisions=lambda: mine)
        assert sorted(hit.key for hit in found) == sorted([ids[0], ids[2]])
        assert all(hit.kind == "record" and hit.title for hit in found)
        assert index.search("decision:include") == []  # nobody's decisions given: nothing to list
    finally:
        index.close()
