"""One truth about the review (#23): every screen, command and diagram tells the same numbers.

Each test here is one finding of a team trying the review as a paper needs it, reproduced
(each failed before the review's state was computed in one place).
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import pytest

from reviewer.domain.decision import INCLUDE, Decision
from reviewer.importing.files import import_file
from reviewer.review.config import load_config
from reviewer.review.folder import init_review
from reviewer.tui.library.record_list import RecordList
from tests.conftest import FIXTURES, make_app, run_cli, screen_text, settle

VENDOR_EXPORTS = (
    "embase-vertebroplasty.ris",
    "ovid-medline.ris",
    "pubmed.nbib",
    "scopus-crlf.ris",
    "scopus-bom.ris",
    "wos-plain.txt",
)


def name_adjudicators(review, names):
    text = review.config_path.read_text(encoding="utf-8").replace("adjudicators = []", f"adjudicators = {names!r}")
    review.config_path.write_text(text, encoding="utf-8")
    review.config = load_config(review.config_path)


def stats(capsys, review, reviewer):
    code, out, _ = run_cli(capsys, "stats", "--review", str(review.root), "--reviewer", reviewer, "--json")
    assert code == 0
    return json.loads(out)


def lines_of(capsys, *args):
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture
def vendors(tmp_path):
    """Six real vendor exports of the same studies: five groups of duplicates."""
    review = init_review(tmp_path / "vendors")
    for name in VENDOR_EXPORTS:
        import_file(review, FIXTURES / name)
    return review


def labelled_export(path, rows, labels):
    """An ASReview-layout export of `rows` (title, doi, year) with its labels."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["record_id", "title", "abstract", "authors", "doi", "year", "included"])
        for number, ((title, doi, year), label) in enumerate(zip(rows, labels, strict=True)):
            writer.writerow([number, title, f"Abstract of {title}.", "Smith J", doi, year, label])
    return path


STUDIES = [(f"Trial {chr(65 + n)} of cement in spinal fractures", f"10.1000/trial.{n}", 2010 + n) for n in range(8)]


def test_decisions_on_records_set_aside_count_the_same_in_stats_conflicts_and_agreement(tmp_path, capsys, monkeypatch):
    """Two reviewers import their own labelled export of the same records: the second's are set
    aside as duplicates, and their decisions count on the records kept, everywhere alike."""
    review = init_review(tmp_path / "review")
    name_adjudicators(review, ["Dana"])
    alice = labelled_export(tmp_path / "alice.csv", STUDIES, [1, 1, 0, 0, 1, 0, 0, 1])
    bob = labelled_export(tmp_path / "bob.csv", STUDIES, [1, 0, 0, 1, 1, 0, 1, 1])
    root = str(review.root)
    assert run_cli(capsys, "import", str(alice), "--review", root, "--as-reviewer", "Alice")[0] == 0
    assert run_cli(capsys, "import", str(bob), "--review", root, "--as-reviewer", "Bob")[0] == 0
    counts = stats(capsys, review, "Dana")
    assert counts["duplicates_removed"] == 8 and counts["records_screened"] == 8
    listed = lines_of(capsys, "conflicts", "--review", root, "--reviewer", "Dana", "--json")
    assert counts["title-abstract"]["conflicts"] == len(listed) == 3
    (pair,) = lines_of(capsys, "agreement", "--review", root, "--reviewer", "Dana", "--json")[0]["pairs"]
    assert pair["records_both_screened"] == 8 and pair["agreed"] == 5
    monkeypatch.setenv("REVIEWER", "Dana")  # everyone's decisions, as the adjudicator sees them
    decisions = lines_of(capsys, "decisions", "--review", root, "--json")
    bobs = [d for d in decisions if d["reviewer"] == "Bob"]
    assert len(bobs) == 8 and all(d["record"] != d["decided_on"] for d in bobs)  # counted on Alice's copy


def test_the_prisma_boxes_add_up_with_maybes_and_reports_not_retrieved(vendors, capsys):
    ids = [r.id for r in vendors.records() if r.source == "embase-vertebroplasty.ris"]
    store = vendors.open_store("alice", "Alice")
    for record, choice in zip(ids, ("include", "maybe", "maybe", "exclude", "include"), strict=False):
        store.put_decision(Decision(record, "Alice", "title-abstract", choice, "wrong population"))
    store.put_decision(Decision(ids[0], "Alice", "full-text", "include"))
    store.put_decision(Decision(ids[1], "Alice", "full-text", "exclude", "full text not available"))
    store.put_decision(Decision(ids[2], "Alice", "full-text", "maybe"))
    store.close()
    counts = stats(capsys, vendors, "Alice")
    ta, ft = counts["title-abstract"], counts["full-text"]
    assert counts["records_identified"] - counts["duplicates_removed"] == counts["records_screened"] == ta["records"]
    # a maybe goes on to be read in full: it is sought, never also awaiting
    assert ta["records"] == ta["excluded"] + ta["awaiting"] + ft["records"]
    assert ft["records"] == ta["included"] + ta["maybe"] == 4
    assert ft["assessed"] == ft["records"] - ft["not_retrieved"] == 3  # not only the reports decided
    assert ft["assessed"] == ft["excluded"] - ft["not_retrieved"] + ft["included"] + ft["awaiting"]
    code, flow, _ = run_cli(capsys, "prisma", "--review", str(vendors.root), "--reviewer", "Alice")
    assert code == 0
    assert f"Reports sought for retrieval (n = {ft['records']})" in flow
    assert "Reports assessed for eligibility (n = 3)" in flow
    assert f"awaiting a decision (n = {ta['awaiting']}: {ta['undecided']} undecided, 0 in conflict)" in flow


def test_an_exclusion_agreed_with_different_reasons_counts_once_under_the_first_reason(vendors, capsys):
    name_adjudicators(vendors, ["Dana"])
    record = next(r.id for r in vendors.records() if r.source == "embase-vertebroplasty.ris")
    for name, reason, at in (
        ("Bob", "wrong study design", "2026-02-01T10:00:00.000+00:00"),  # Bob decided first
        ("Alice", "wrong population", "2026-02-02T10:00:00.000+00:00"),
    ):
        store = vendors.open_store(name.lower(), name)
        store.put_decision(Decision(record, name, "title-abstract", "exclude", reason, at=at))
        store.close()
    assert stats(capsys, vendors, "Dana")["title-abstract"]["excluded_by_reason"] == {"wrong study design": 1}
    code, out, _ = run_cli(
        capsys, "export", "--format", "decisions-csv", "--review", str(vendors.root), "--reviewer", "Dana"
    )
    reasons = {row["reviewer"]: row["reason"] for row in csv.DictReader(out.splitlines())}
    assert reasons == {"Alice": "wrong population", "Bob": "wrong study design"}  # the audit trail keeps both


def settled_by_dana(review, capsys) -> tuple[str, str]:
    """Alice includes two Embase records; Bob includes the first and excludes the second, which
    Dana, the adjudicator, settles excluded. The two records."""
    name_adjudicators(review, ["Dana"])
    first, second = [r.id for r in review.records() if r.source == "embase-vertebroplasty.ris"][:2]
    for name, labels in (("Alice", ("include", "include")), ("Bob", ("include", "exclude"))):
        store = review.open_store(name.lower(), name)
        for record, label in zip((first, second), labels, strict=True):
            store.put_decision(Decision(record, name, "title-abstract", label))
        store.close()
    assert run_cli(capsys, "adjudicate", second, "exclude", "--review", str(review.root), "--reviewer", "Dana")[0] == 0
    return first, second


def test_a_blind_reviewers_full_text_list_follows_the_adjudication(vendors, capsys):
    first, second = settled_by_dana(vendors, capsys)
    root = str(vendors.root)
    code, out, _ = run_cli(capsys, "rank", "--stage", "full-text", "--review", root, "--reviewer", "Alice", "--json")
    assert code == 0 and json.loads(out)["ranking"] == [first]
    assert (
        stats(capsys, vendors, "Alice")["full-text"]["records"]
        == 1
        == stats(capsys, vendors, "Dana")["full-text"]["records"]
    )
    # and still nothing of Bob's for Alice: her conflict-free view holds the settlement, not his vote
    code, out, _ = run_cli(capsys, "decisions", "--review", root, "--reviewer", "Alice", "--json")
    assert "Bob" not in out


async def test_the_library_shows_settlements_made_in_duplicates_and_counts_as_stats_does(vendors, capsys):
    app = make_app(vendors, "Alice")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        group = app.screen.groups[0]
        distinct = app.screen.groups[1]
        await pilot.press("2", "x")  # keep the second record of one group; the next is not duplicates
        app.store.flush()
        await pilot.press("escape")
        await settle(pilot)
        shown = screen_text(app)
        table = app.screen.query_one(RecordList)
        marks = {table.records[i].id: table.row_text(i)[3] for i in range(table.item_count)}
    counts = stats(capsys, vendors, "Alice")
    assert f"≡ {counts['duplicates_removed']:,} duplicates set aside" in shown
    assert sum(mark == "≡" for mark in marks.values()) == counts["duplicates_removed"]
    assert marks[group.records[1]] != "≡" and all(marks[r] == "≡" for r in group.records if r != group.records[1])
    assert all(marks[r] != "≡" for r in distinct.records)
    ta = counts["title-abstract"]
    assert f"Title-abstract ({ta['records']:,}): ✔ 0 included · ✘ 0 excluded · ? 0 maybe" in shown
    assert f"· {ta['undecided']:,} undecided" in shown  # set-aside records are not undecided ones


async def test_the_library_counts_each_stage_as_stats_does(vendors, capsys):
    ids = [r.id for r in vendors.records() if r.source == "embase-vertebroplasty.ris"]
    store = vendors.open_store("alice", "Alice")
    for record, choice in zip(ids, ("include", "maybe", "exclude"), strict=False):
        store.put_decision(Decision(record, "Alice", "title-abstract", choice, "wrong population"))
    store.put_decision(Decision(ids[0], "Alice", "full-text", "exclude", "wrong outcome"))
    store.close()
    app = make_app(vendors, "Alice")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
    counts = stats(capsys, vendors, "Alice")
    for stage, name in (("title-abstract", "Title-abstract"), ("full-text", "Full text")):
        at = counts[stage]
        assert (
            f"{name} ({at['records']:,}): ✔ {at['included']:,} included · ✘ {at['excluded']:,} excluded · "
            f"? {at['maybe']:,} maybe · · {at['undecided']:,} undecided"
        ) in shown


async def test_the_library_marks_a_settled_record_as_settled_as_its_counts_do(vendors, capsys):
    """Alice included a record Bob excluded and Dana settled it excluded: Alice's row, her
    'included' filter and the counts on top all say excluded (her row said ✔ while the counts
    said excluded; a team trial found it). Dana, who screened nothing, sees what counts."""
    first, second = settled_by_dana(vendors, capsys)
    for viewer in ("Alice", "Dana"):
        app = make_app(vendors, viewer)
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            shown = screen_text(app)
            table = app.screen.query_one(RecordList)
            marks = {table.records[i].id: table.row_text(i)[3] for i in range(table.item_count)}
            app.screen.view = replace(app.screen.view, shown=INCLUDE)  # what `f`, "included" chooses
            await settle(pilot)
            included = list(table.records)
        at = stats(capsys, vendors, viewer)["title-abstract"]
        assert f"✔ {at['included']:,} included · ✘ {at['excluded']:,} excluded" in shown
        assert marks[second] == "✘" and [r.id for r in included] == [first]  # Dana: what counts, all of it
        assert sum(mark == "✔" for mark in marks.values()) == len(included)
