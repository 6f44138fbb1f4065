"""A team's review that holds: blind means blind, one broken or half-synced file never stops
the team, one claim keeps one identity, one person has one file, reads are consistent."""

from __future__ import annotations

import json
import threading

import pytest

from reviewer.annotating.placing import new_claim
from reviewer.cli import main
from reviewer.domain.decision import Decision
from reviewer.importing.files import import_file
from reviewer.persistence import store as store_module
from reviewer.persistence.store import StoreError
from reviewer.review.config import load_config
from reviewer.review.folder import init_review
from reviewer.team.snapshot import TeamSnapshot
from reviewer.tui.claims.screen import ClaimsScreen
from reviewer.tui.conflicts.screen import ConflictsScreen
from reviewer.tui.library.record_list import RecordList
from tests.conftest import ADJACENT, CAVEAT_SENTENCE, FIXTURES, make_app, run_cli, screen_text, settle

SIZE = (130, 40)


def set_option(review, old: str, new: str) -> None:
    text = review.config_path.read_text(encoding="utf-8")
    assert old in text
    review.config_path.write_text(text.replace(old, new), encoding="utf-8")
    review.config = load_config(review.config_path)


@pytest.fixture
def team(review):
    """The sample texts and an Embase export; Alice and Bob screened and tagged, and disagree."""
    import_file(review, FIXTURES / "embase-vertebroplasty.ris")
    ids = [r.id for r in review.records() if r.source.endswith(".ris")]
    text = (review.corpus_dir / ADJACENT).read_text(encoding="utf-8")
    for name, labels, quote in (
        ("Alice", ["include", "include", "exclude"], CAVEAT_SENTENCE),
        ("Bob", ["include", "exclude", "exclude"], "4.62 times"),
    ):
        store = review.open_store(name.lower(), name)
        for record, label in zip(ids, labels, strict=False):
            store.put_decision(Decision(record, name, "title-abstract", label, "wrong population", f"{name}'s note"))
        start = text.index(quote)
        store.put_claim(new_claim(f"file:{ADJACENT}", name, text, start, start + len(quote), ("safety",)))
        store.close()
    return review


# Blind means blind ---------------------------------------------------------------------------


async def test_blind_search_finds_only_your_own_claims(team):
    app = make_app(team, "Alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the index is built
        await pilot.press("slash", *"kind:claim times")
        await settle(pilot)
        assert "Bob" not in screen_text(app) and "0 results" in screen_text(app)
        await pilot.press(*["backspace"] * 5, *"absolute proof")
        await settle(pilot)
        assert "1 result" in screen_text(app)


def test_blind_headless_search_claims_decisions_and_exports_show_only_yours(team, capsys):
    root = str(team.root)
    code, out, _ = run_cli(capsys, "search", "kind:claim", "times", "--review", root, "--reviewer", "Alice", "--json")
    assert code == 0 and out == ""
    code, out, _ = run_cli(capsys, "decisions", "--review", root, "--reviewer", "Alice", "--json")
    assert {json.loads(line)["reviewer"] for line in out.splitlines()} == {"Alice"}
    code, out, _ = run_cli(capsys, "export", "--format", "json", "--review", root, "--reviewer", "Alice")
    assert {c["reviewer"] for c in json.loads(out)["claims"]} == {"Alice"}
    code, out, err = run_cli(capsys, "stats", "--review", root, "--reviewer", "Alice", "--json")
    assert json.loads(out)["title-abstract"]["conflicts"] == 0 and "blind review" in err
    for command in ("conflicts", "agreement"):
        code, out, err = run_cli(capsys, command, "--review", root, "--reviewer", "Alice")
        assert code == 1 and out == "" and "only its adjudicators may" in err


async def test_blind_conflicts_are_for_adjudicators_only(team):
    app = make_app(team, "Alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        shown = screen_text(app)
        assert "only its adjudicators see conflicts" in shown and "Bob" not in shown
    set_option(team, "adjudicators = []", 'adjudicators = ["Cem"]')
    app = make_app(team, "Cem")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await settle(pilot)
        assert "1 conflict open" in screen_text(app) and "Bob's note" in screen_text(app)


def test_an_adjudicator_who_screened_the_record_does_not_settle_it_alone(team, capsys):
    set_option(team, "adjudicators = []", 'adjudicators = ["Alice", "Cem"]')
    record = [r.id for r in team.records() if r.source.endswith(".ris")][1]
    args = ["adjudicate", record, "include", "--review", str(team.root)]
    code, _, err = run_cli(capsys, *args, "--reviewer", "Alice")
    assert code == 1 and "screened" in err and "another adjudicator" in err
    code, _, err = run_cli(capsys, *args, "--reviewer", "Bob")
    assert code == 1 and "only its adjudicators may" in err
    code, out, _ = run_cli(capsys, *args, "--reviewer", "Cem")
    assert code == 0 and "adjudicated by Cem" in out


# One file never stops the team ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content, said",
    [
        (b'{"decisions": {"1": {"id": "x", "rec', "is not valid JSON"),
        (b'<<<<<<< HEAD\n{"decisions": {}}\n=======\n{}\n>>>>>>> theirs\n', "git merge-conflict markers"),
        (b'{"_meta": {"1": {"schema": 99}}}', "newer reviewer"),
        (b"[1]", "is not a reviewer file"),
    ],
)
def test_a_damaged_colleague_file_is_named_left_out_and_not_copied(team, capsys, content, said):
    (team.annotations_dir / "zed.json").write_bytes(content)
    code, out, err = run_cli(capsys, "stats", "--review", str(team.root), "--reviewer", "Alice", "--json")
    assert code == 0 and json.loads(out)["records_identified"] == 8
    assert "zed.json" in err and said in err and "left out" in err
    assert [p.name for p in team.annotations_dir.iterdir() if "damaged" in p.name] == []  # a reader writes nothing


async def test_the_app_opens_and_lists_claims_beside_a_damaged_colleague_file(team):
    set_option(team, "blind = true", "blind = false")
    (team.annotations_dir / "zed.json").write_bytes(b'{"decisions": {"1": {"id": "x", "rec')
    app = make_app(team, "Alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the search index is built beside the damaged file
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert "2 of 2 claims" in screen_text(app)
        assert any("zed.json" in message and "left out" in message for message in app.notified)
        assert app.is_running


# One claim, one identity; one person, one file --------------------------------------------------


async def test_importing_the_reviews_own_w3c_export_adds_nothing(team, tmp_path, capsys):
    set_option(team, "blind = true", "blind = false")
    exported = tmp_path / "claims.jsonld"
    assert main(["export", "--format", "w3c", "--review", str(team.root), "-o", str(exported)]) == 0
    code, out, _ = run_cli(capsys, "import-claims", str(exported), "--review", str(team.root), "--reviewer", "Cem")
    assert code == 0 and "2 claims read, 0 added, 2 already there" in out
    assert len(TeamSnapshot.read(team, None).claims) == 2
    code, out, _ = run_cli(
        capsys, "import-claims", str(exported), "--review", str(team.root), "--reviewer", "Cem", "--copies"
    )
    assert code == 0 and "2 added" in out  # asked for: Cem's own copies, with new ids
    claims = TeamSnapshot.read(team, None).claims
    assert len(claims) == 4 and len({c.id for c in claims}) == 4
    assert sorted(c.reviewer for c in claims) == ["Alice", "Bob", "Cem", "Cem"]
    app = make_app(team, "Alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(pilot)
        assert "4 of 4 claims" in screen_text(app)


def test_a_second_name_for_the_same_file_is_refused_naming_both(review, capsys):
    review.open_store("evil", "../evil").close()
    code, _, err = run_cli(
        capsys, "import-claims", "nothing.jsonld", "--review", str(review.root), "--reviewer", "EVIL"
    )
    assert code == 1 and "'../evil'" in err and "'EVIL'" in err
    with pytest.raises(StoreError, match="names the same file"):
        review.open_store("evil", "Evil")
    review.open_store("evil", "../evil").close()  # its owner still opens it


# Consistent reads -------------------------------------------------------------------------------


def test_reads_while_a_colleague_writes_never_lose_what_an_earlier_read_saw(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "COMPACT_AFTER", 25)  # fold the journal into the file often
    review = init_review(tmp_path / "r")
    writer = review.open_store("bob", "Bob")
    total, seen, errors = 400, [], []

    written = threading.Event()
    a_read = threading.Semaphore(0)  # the writer lets a read in between its batches, however fast it is

    def write() -> None:
        for n in range(total):
            writer.put_decision(Decision(f"r{n}", "Bob", "title-abstract", "include"))
            if n % 10 == 0:
                writer.flush()
                a_read.acquire(timeout=10)
        writer.flush()
        written.set()

    thread = threading.Thread(target=write)
    thread.start()
    while not written.is_set():
        team = TeamSnapshot.read(review, None)
        errors.extend(team.problems)
        seen.append(len(team.decisions.get("bob", [])))
        a_read.release()
    thread.join()
    writer.close()
    assert errors == []
    assert len(seen) > 10 and seen == sorted(seen), "a later read saw fewer decisions than an earlier one"
    assert len(TeamSnapshot.read(review, None).decisions["bob"]) == total


def bob_with_300_decisions(tmp_path):
    """A review where Bob's file holds 300 decisions, folded into his JSON file."""
    review = init_review(tmp_path / "r")
    store = review.open_store("bob", "Bob")
    for n in range(300):
        store.put_decision(Decision(f"r{n}", "Bob", "title-abstract", "include"))
    store.close()
    return review


def test_reads_while_git_rewrites_a_file_in_place_see_it_whole_or_name_it(tmp_path):
    review = bob_with_300_decisions(tmp_path)
    path = review.annotations_dir / "bob.json"
    content = path.read_bytes()
    stop = threading.Event()

    def rewrite_in_place() -> None:  # as `git checkout` does: truncate, then write; a pull every millisecond
        while not stop.wait(0.001):
            with path.open("wb") as handle:
                handle.write(content[: len(content) // 2])
                handle.flush()
                handle.write(content[len(content) // 2 :])

    thread = threading.Thread(target=rewrite_in_place)
    thread.start()
    try:
        reads = [TeamSnapshot.read(review, None) for _ in range(150)]
    finally:
        stop.set()
        thread.join()
    for team in reads:  # every read has all 300 decisions, or says the file was left out
        assert len(team.decisions.get("bob", [])) == 300 or any("bob.json" in p for p in team.problems)
    assert sum(len(team.decisions.get("bob", [])) == 300 for team in reads) > 75  # reading again mostly helps


def test_a_file_gone_for_a_moment_is_read_again_not_taken_for_an_empty_one(tmp_path):
    """`git checkout` removes a file and writes it anew: a read in between found no file, and
    counted the colleague as one with no decisions (#28.7). Now it is read again."""
    review = bob_with_300_decisions(tmp_path)
    path = review.annotations_dir / "bob.json"
    content = path.read_bytes()
    path.unlink()
    back = threading.Timer(store_module.READ_RETRY_SECONDS, path.write_bytes, (content,))
    back.start()  # written anew while the reader waits to read again
    try:
        tables = store_module.load_tables(review.annotations_dir, "bob")
    finally:
        back.join()
    assert len(tables["decisions"]) == 300
    path.unlink()  # and a file that stays gone is named, never read as a reviewer with nothing
    with pytest.raises(StoreError, match="is gone"):
        store_module.load_tables(review.annotations_dir, "bob")


def test_a_colleague_who_has_saved_nothing_yet_is_read_as_such_not_said_to_be_gone(tmp_path, capsys):
    """Bob opened his window and has decided nothing (or it was killed before his first save):
    an empty journal and no file. That is a reviewer with nothing, said to no one as a problem."""
    review = bob_with_300_decisions(tmp_path)
    (review.annotations_dir / "carol.journal").write_bytes(b"")
    tables = store_module.load_tables(review.annotations_dir, "carol")
    assert "decisions" in tables and not any(tables.values())
    code, _, err = run_cli(capsys, "stats", "--review", str(review.root), "--reviewer", "bob")
    assert code == 0 and "carol" not in err and "gone" not in err


# Adjudication is undoable; commands find their review ---------------------------------------------


async def test_an_adjudication_is_undone_with_u_and_the_audit_trail_keeps_both(team):
    set_option(team, "adjudicators = []", 'adjudicators = ["Cem"]')
    app = make_app(team, "Cem")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await settle(pilot)
        await pilot.press("i")
        assert "0 conflicts open · 1 resolved now" in screen_text(app)
        await pilot.press("u")
        assert "1 conflict open · 0 resolved now" in screen_text(app) and "Bob's note" in screen_text(app)
        app.store.flush()
    cem = TeamSnapshot.read(team, None).decisions["cem"]
    assert [(d.decision, d.role) for d in cem] == [("include", "adjudicator"), ("none", "adjudicator")]
    code = main(["conflicts", "--review", str(team.root), "--reviewer", "Cem", "--json"])
    assert code == 0


def test_a_command_run_inside_the_reviews_corpus_works_on_that_review(team, monkeypatch, capsys):
    monkeypatch.chdir(team.corpus_dir)
    code, out, _ = run_cli(capsys, "records", "--json")
    assert code == 0 and len(out.splitlines()) == len(team.records()) == 8


async def test_a_colleagues_claim_opens_in_the_reader_with_the_cursor_on_it(team):
    set_option(team, "blind = true", "blind = false")
    app = make_app(team, "Alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("DataTable")
        bobs = next(i for i in range(table.row_count) if table.get_row_at(i)[4].plain == "Bob")
        table.move_cursor(row=bobs)
        await pilot.press("enter")
        await settle(pilot)  # colleagues' claims are read in a worker
        await pilot.pause()  # and the cursor is put on the claim after the refresh
        view = app.screen.source
        assert view.text[view.cursor :].startswith("4.62 times")
        shown = screen_text(app)
        assert "Claims (1, 1 of colleagues)" in shown and "safety · Bob" in shown
        await pilot.press("x")  # a colleague's claim is theirs: nothing under the cursor is yours to delete
        app.store.flush()
        bob = app.screen.others[0]
        assert app.screen.colour_of(bob) == "#631414"  # safety's #c62828, dimmed: a colleague's
        await pilot.press("O")  # hide colleagues' claims
        assert "safety · Bob" not in screen_text(app) and "colleagues' claims hidden" in screen_text(app)
        await pilot.press("O")
        assert "safety · Bob" in screen_text(app)
    assert len(TeamSnapshot.read(team, None).claims) == 2


async def test_full_text_screening_and_stats_agree_on_a_record_in_conflict(team, capsys):
    set_option(team, "blind = true", "blind = false")
    app = make_app(team, "Alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "s")  # to the full-text stage
        # Alice included two records, Bob one of them: the other is in conflict and waits
        assert "Full text · 0 of 1 screened" in screen_text(app)
    code, out, _ = run_cli(capsys, "stats", "--review", str(team.root), "--reviewer", "Alice", "--json")
    assert json.loads(out)["full-text"]["records"] == 1


async def test_refresh_says_what_arrived_from_colleagues(team, tmp_path):
    set_option(team, "blind = true", "blind = false")
    app = make_app(team, "Alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        assert not any(" new " in message for message in app.notified)  # the first read has nothing to compare with
        cem = team.open_store("cem", "Cem")
        for record in team.records()[:4]:
            cem.put_decision(Decision(record.id, "Cem", "title-abstract", "maybe"))
        cem.close()
        await pilot.press("r")
        await settle(pilot)
        assert any("cem: 4 new decisions" in message for message in app.notified)


async def test_h_shows_a_records_history_from_the_library_and_screening(team):
    set_option(team, "blind = true", "blind = false")
    app = make_app(team, "Alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "h")  # after the two sample texts, Embase's first: both included it
        await settle(pilot)
        shown = screen_text(app)
        assert "History of" in shown and "Alice" in shown and "Bob" in shown and "include" in shown
        await pilot.press("escape", "s", "h")
        await settle(pilot)
        assert "History of" in screen_text(app)
    set_option(team, "blind = false", "blind = true")
    app = make_app(team, "Alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "h")
        await settle(pilot)
        shown = screen_text(app)
        assert "blind review: your decisions and the adjudicators'" in shown and "Bob" not in shown


# The Library as a dashboard ----------------------------------------------------------------


async def test_library_shows_where_each_record_stands_sorts_and_filters(team):
    set_option(team, "blind = true", "blind = false")
    app = make_app(team, "Alice")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)  # colleagues' files are read: conflicts show
        table = app.screen.query_one(RecordList)
        shown = screen_text(app)
        # the review's counts, as stats gives them: both included one, one is in conflict
        assert "Title-abstract (8): ✔ 1 included · ✘ 1 excluded" in shown and "! 1 conflicts" in shown
        marks = {table.row_text(i)[0][:30]: table.row_text(i)[3] for i in range(table.item_count)}
        assert sorted(marks.values()).count("✔!") == 1  # Alice included, Bob excluded: in conflict
        await pilot.press("f", *"conflicts", "enter")
        assert table.item_count == 1 and table.row_text(0)[3] == "✔!"
        await pilot.press("f", *"excluded for: wrong pop", "enter")
        assert table.item_count == 1 and table.row_text(0)[3] == "✘"
        assert "showing exclude: wrong population" in screen_text(app)
        await pilot.press("f", *"all", "enter", "o")  # sort by title
        titles = [table.row_text(i)[0] for i in range(table.item_count)]
        assert titles == sorted(titles, key=str.casefold) and "sorted by title" in screen_text(app)
        await pilot.press("o", "o")  # by author
        authors = [table.row_text(i)[2] for i in range(table.item_count) if table.row_text(i)[2]]
        assert authors == sorted(authors, key=str.casefold)


async def test_a_blind_reviewer_sees_no_conflict_marks_in_the_library(team):
    app = make_app(team, "Alice")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(RecordList)
        assert not any("!" in table.row_text(i)[3] for i in range(table.item_count))
        assert "conflicts" not in screen_text(app) and "blind view: yours and the adjudications" in screen_text(app)


async def test_the_librarys_header_lines_up_with_its_rows_when_the_key_help_opens(team):
    """With `?` open the Library's header and rows no longer lined up (#25)."""
    app = make_app(team, "Alice")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        for _ in range(2):  # closed, then open
            lines = screen_text(app).splitlines()
            header = next(line for line in lines if line.lstrip().startswith("Title") and "Year" in line)
            row = next(line for line in lines if " 2009 " in line)
            assert header.index("Year") == row.index(" 2009 ") + 1
            await pilot.press("question_mark")
            await settle(pilot)
