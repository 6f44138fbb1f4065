"""Importing and settling duplicates from the app, by keys."""

from reviewer.cli import main
from reviewer.importing.files import import_file
from reviewer.persistence.store import load_tables
from reviewer.review.folder import init_review
from reviewer.team.snapshot import EVERYONE
from reviewer.team.state import ReviewState
from reviewer.tui.duplicates.screen import DuplicatesScreen
from tests.conftest import FIXTURES, make_app, screen_text, settle

SIZE = (130, 40)


async def test_import_from_the_library_then_keep_one_of_each_duplicate_group(tmp_path):
    review = init_review(tmp_path / "r")
    app = make_app(review)
    paths = f"{FIXTURES / 'ovid-medline.ris'} {FIXTURES / 'scopus-crlf.ris'}"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I", *paths, "enter")
        table = app.screen.query_one("#records")
        await settle(pilot)  # the import worker is done
        assert table.item_count == 6
        assert "Imported: ovid-medline.ris: ris, 3 records, 3 new, 0 warnings" in screen_text(app)
        assert [p.name for p in review.source_files()] == ["ovid-medline.ris", "scopus-crlf.ris"]  # as imported

        await pilot.press("D")
        assert isinstance(app.screen, DuplicatesScreen)
        await settle(pilot)  # the groups are found
        shown = screen_text(app)
        assert "Group 1 of 1 · same doi" in shown
        first = "1  A randomized trial of vertebroplasty for osteoporotic spinal fractures.  (read first: d keeps it"
        assert first in shown
        await pilot.press("2")  # keep the Scopus copy instead of the suggested Ovid one
        assert "No open groups of duplicates (1 settled now" in screen_text(app)
        app.store.flush()
        [settled] = load_tables(review.annotations_dir, "alice")["duplicates"].values()
        assert settled["keep"] == "doi:10.1056/nejmoa0900563"
        assert settled["removed"] == ["pmid:19657121"]

        await pilot.press("escape", "s")  # the removed record is no longer screened
        assert "0 of 5 screened" in screen_text(app)
    counts = ReviewState.read(review, EVERYONE).prisma()
    assert counts["records_identified"] == 6 and counts["duplicates_removed"] == 1
    assert counts["title-abstract"]["records"] == 5


async def test_not_duplicates_is_remembered(tmp_path):
    review = init_review(tmp_path / "r")
    (review.corpus_dir / "a.ris").write_bytes((FIXTURES / "ovid-medline.ris").read_bytes())
    (review.corpus_dir / "b.ris").write_bytes((FIXTURES / "scopus-crlf.ris").read_bytes())
    async with make_app(review).run_test(size=SIZE) as pilot:
        await pilot.press("D")
        await settle(pilot)
        assert pilot.app.screen.groups
        await pilot.press("x")
    async with make_app(review).run_test(size=SIZE) as pilot:
        await pilot.press("D")
        await settle(pilot)
        assert "No open groups" in screen_text(pilot.app)
    assert ReviewState.read(review, EVERYONE).prisma()["duplicates_removed"] == 0


async def test_import_of_an_unreadable_file_says_so(tmp_path):
    review = init_review(tmp_path / "r")
    odd = tmp_path / "picture.png"
    odd.write_bytes(b"\x89PNG\r\n")
    app = make_app(review)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I", *str(odd), "enter")
        await settle(pilot)
        assert "picture.png: not a format reviewer reads" in screen_text(app)
    assert list(review.corpus_dir.iterdir()) == []


def test_duplicates_settled_headless_count_as_removed(tmp_path, capsys):
    review = init_review(tmp_path / "r")
    (review.corpus_dir / "a.ris").write_bytes((FIXTURES / "ovid-medline.ris").read_bytes())
    (review.corpus_dir / "b.ris").write_bytes((FIXTURES / "scopus-crlf.ris").read_bytes())
    keep = ["dedupe", "--review", str(review.root), "--reviewer", "Alice", "--keep", "doi:10.1056/nejmoa0900563"]
    assert main(keep) == 0
    assert "set aside as duplicates: pmid:19657121" in capsys.readouterr().out
    counts = ReviewState.read(review, EVERYONE).prisma()
    assert counts["duplicates_removed"] == 1 and counts["title-abstract"]["records"] == 5
    distinct = [*keep[:-2], "--distinct", "pmid:19657121"]  # a settled group can be settled again
    assert main(distinct) == 0 and "not duplicates" in capsys.readouterr().out
    assert ReviewState.read(review, EVERYONE).prisma()["duplicates_removed"] == 0
    assert main([*keep[:-2], "--keep", "hash:nowhere"]) == 1
    assert "is in no group of duplicates" in capsys.readouterr().err


def test_an_exclusion_reason_added_headless_keeps_the_files_comments(tmp_path, capsys):
    review = init_review(tmp_path / "r")
    before = review.config_path.read_text(encoding="utf-8")
    assert main(["reasons", "--add", "  wrong setting ", "--review", str(review.root)]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[-1] == "wrong setting" and "added: wrong setting" in out.err
    after = review.config_path.read_text(encoding="utf-8")
    assert "# Must every exclusion have a reason?" in after and len(after) > len(before)
    assert main(["reasons", "--add", "wrong setting", "--review", str(review.root)]) == 0
    assert "already there" in capsys.readouterr().err
    assert review.config_path.read_text(encoding="utf-8") == after


async def test_the_duplicates_screen_suggests_the_most_complete_record_not_an_erratum(tmp_path):
    """An erratum with no abstract, read first, was the suggested record to keep (#25): the
    suggestion is the most complete record; d still keeps the first read."""
    review = init_review(tmp_path / "r")
    (review.corpus_dir / "a-erratum.ris").write_text(
        "TY  - JOUR\nTI  - Cement for spinal fractures: a trial\nDO  - 10.1000/cement.1\nER  - \n", encoding="utf-8"
    )
    (review.corpus_dir / "b-full.ris").write_text(
        "TY  - JOUR\nTI  - Cement for spinal fractures: a trial\nAU  - Smith, J.\nPY  - 2020\n"
        "JO  - Spine\nDO  - 10.1000/cement.1\nAB  - Pain fell by half.\nER  - \n",
        encoding="utf-8",
    )
    review.reload()
    app = make_app(review)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        lines = [line for line in screen_text(app).splitlines() if "Cement for spinal fractures" in line]
        assert "(read first: d keeps it)" in lines[0] and "(suggested: the most complete)" in lines[1]


async def test_a_settled_group_is_shown_again_with_a_and_settled_again(tmp_path):
    """The Duplicates screen listed open groups only: a settlement could not be seen or
    reversed there (a trial found it). `a` shows settled groups too, with who settled them."""
    review = init_review(tmp_path / "r")
    for name in ("ovid-medline.ris", "scopus-crlf.ris"):
        import_file(review, FIXTURES / name)
    app = make_app(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("2")  # keep the Scopus copy
        assert "No open groups of duplicates (1 settled now" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        assert "Group 1 of 1 · same doi · settled by Alice: kept 2" in screen_text(app)
        await pilot.press("1")  # settled again: the Ovid copy after all
        app.store.flush()
    words = sorted(load_tables(review.annotations_dir, "alice")["duplicates"].values(), key=lambda d: d["at"])
    assert [d["keep"] for d in words] == ["doi:10.1056/nejmoa0900563", "pmid:19657121"]
    state = ReviewState.read(review, "alice")
    assert "doi:10.1056/nejmoa0900563" in state.set_aside and "pmid:19657121" not in state.set_aside


async def test_the_duplicates_screen_shows_your_decision_on_each_copy(tmp_path):
    """Which copy you already screened decides which to keep (a trial could not see it)."""
    from reviewer.domain.decision import Decision

    review = init_review(tmp_path / "r")
    for name in ("ovid-medline.ris", "scopus-crlf.ris"):
        import_file(review, FIXTURES / name)
    store = review.open_store("alice", "Alice")
    store.put_decision(Decision("pmid:19657121", "Alice", "title-abstract", "include"))
    store.close()
    app = make_app(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        shown = screen_text(app)
    assert shown.count("you: include at title-abstract") == 1
