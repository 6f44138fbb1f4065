"""Importing real exports, written in each vendor's layout, quirks included."""

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer import formats
from reviewer.cli import main
from reviewer.domain.decision import Decision
from reviewer.importing.files import ImportRefused, import_file
from reviewer.persistence.store import load_tables
from reviewer.review.folder import open_review
from reviewer.team.snapshot import EVERYONE
from reviewer.team.state import ReviewState
from tests.conftest import FIXTURES


def read(name):
    return formats.read_file(FIXTURES / name, name)


def test_ovid_ris_with_numbered_records_and_pmids_in_an():
    result = read("ovid-medline.ris")
    assert result.format == "ris" and result.warnings == []
    assert [r.id for r in result.records] == ["pmid:19657121", "pmid:19657122", "pmid:16484366"]
    first = result.records[0]
    assert first.title == "A randomized trial of vertebroplasty for osteoporotic spinal fractures."
    assert first.authors[:2] == ("Kallmes, David F", "Comstock, Bryan A") and len(first.authors) == 5
    assert first.year == 2009 and first.journal == "New England Journal of Medicine"
    assert first.doi == "10.1056/nejmoa0900563"
    assert first.abstract.startswith("BACKGROUND: Vertebroplasty") and "131 patients" in first.abstract


def test_scopus_ris_with_crlf_and_with_a_byte_order_mark():
    crlf = read("scopus-crlf.ris")
    assert [r.year for r in crlf.records] == [2010, 2018, 2009]
    assert crlf.records[0].keywords == ("vertebroplasty", "osteoporosis", "randomised controlled trial")
    assert crlf.records[0].journal == "The Lancet"
    assert not any("\r" in r.title + r.abstract for r in crlf.records)
    bom = read("scopus-bom.ris")
    assert bom.format == "ris" and len(bom.records) == 1
    assert bom.records[0].id == "doi:10.1016/s0140-6736(16)31341-1"


def test_messy_endnote_ris_reads_what_it_can_and_says_where():
    result = read("endnote-messy.ris")
    assert len(result.records) == 3
    long_list = result.records[0]
    assert len(long_list.authors) == 12
    assert long_list.abstract == "First part of the abstract. Second part of the abstract."
    assert result.records[1].title == "" and result.records[1].year is None
    assert result.records[2].title == "A record cut off at the end of the file"
    assert sorted(result.warnings) == [
        "endnote-messy.ris:20: record has no title",
        "endnote-messy.ris:20: year '1066' is not a year; left empty",
        "endnote-messy.ris:26: last record has no ER line; read to the end of the file",
    ]


def test_pubmed_medline_text():
    result = read("pubmed.nbib")
    assert result.format == "medline"
    assert [r.pmid for r in result.records] == ["19657121", "19657122", "16484366"]
    first = result.records[0]
    assert first.doi == "10.1056/nejmoa0900563" and first.year == 2009
    assert first.authors == ("Kallmes, David F", "Comstock, Bryan A")
    assert first.journal == "The New England journal of medicine"
    assert first.abstract.endswith("without cement (control group).")
    assert (
        result.records[1].title == "A randomized trial of vertebroplasty for painful osteoporotic vertebral fractures."
    )


def test_bibtex_with_latex_and_a_broken_entry():
    result = read("zotero.bib")
    assert result.format == "bibtex"
    titles = [r.title for r in result.records]
    assert titles[0] == "A Randomized Trial of Vertebroplasty for Osteoporotic Spinal Fractures"
    assert result.records[2].authors == ("Blasco, J.", "Martínez-Ferrer, A.")
    assert result.records[2].year == 2012  # "circa 2012"
    assert "Århus" in result.records[1].abstract
    assert result.warnings == ["zotero.bib:21: could not read this BibTeX entry; skipped"]


def test_rayyan_csv_with_inclusion_notes():
    result = read("rayyan.csv")
    assert [r.id for r in result.records][0] == "pmid:19657121"
    assert result.records[1].abstract == 'Costs were modelled, commas, "quotes" and all.'
    assert list(result.labels.values()) == ["include", "exclude", "maybe"]


def test_asreview_csv_labels_and_unseen_records():
    result = read("asreview.csv")
    assert result.records[0].authors == ("Firanescu CE", "de Vries J")
    assert result.labels == {
        "doi:10.1136/bmj.k1551": "include",
        result.records[1].id: "exclude",
    }  # -1 (not seen) is no label


def test_semicolon_csv_in_cp1252_with_bad_year_and_empty_row():
    result = read("covidence-semicolon-cp1252.csv")
    assert [r.title for r in result.records] == [
        "Vertebroplastie bei osteoporotischen Wirbelkörperfrakturen",
        "Another record without a year",
    ]
    assert result.records[0].journal == "Der Orthopäde"
    assert result.records[0].abstract == "Eine Übersicht – mit Kommentar."
    assert result.warnings == [
        "covidence-semicolon-cp1252.csv: not UTF-8 (first bad byte 0xf6 on line 2); read as cp1252",
        "covidence-semicolon-cp1252.csv:3: year 'unknown' is not a year; left empty",
    ]


def test_format_is_detected_from_content_not_extension(tmp_path):
    disguised = tmp_path / "export.txt"
    disguised.write_bytes((FIXTURES / "pubmed.nbib").read_bytes())
    assert formats.read_file(disguised, "export.txt").format == "medline"
    ris_as_txt = tmp_path / "scopus.txt"
    ris_as_txt.write_bytes((FIXTURES / "scopus-crlf.ris").read_bytes())
    assert formats.read_file(ris_as_txt, "scopus.txt").format == "ris"


def test_import_copies_unchanged_and_twice_adds_nothing(review):
    first = import_file(review, FIXTURES / "ovid-medline.ris")
    assert (review.corpus_dir / "ovid-medline.ris").read_bytes() == (FIXTURES / "ovid-medline.ris").read_bytes()
    assert (first.records, first.new, first.with_abstract) == (3, 3, 3)
    again = import_file(review, FIXTURES / "ovid-medline.ris")
    assert again.already_there and again.new == 0
    assert sorted(p.name for p in review.corpus_dir.iterdir() if p.suffix == ".ris") == ["ovid-medline.ris"]
    pubmed = import_file(review, FIXTURES / "pubmed.nbib")  # the same three studies, from PubMed
    assert pubmed.new == 0
    # every entry stays a record; PubMed's copies are set aside as duplicates of Ovid's
    assert len([r for r in review.records() if r.id.startswith("pmid:")]) == 6
    assert sorted(review.same_study.values()) == sorted(r.id for r in review.records() if r.source.endswith(".ris"))
    counts = ReviewState.read(review, EVERYONE).prisma()
    assert (counts["records_identified"], counts["duplicates_removed"], counts["records_screened"]) == (6 + 2, 3, 5)


def test_import_refuses_unknown_formats_and_copies_nothing(review, tmp_path):
    odd = tmp_path / "image.png"
    odd.write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ImportRefused, match="not a format reviewer reads"):
        import_file(review, odd)
    assert not (review.corpus_dir / "image.png").exists()


def test_labels_come_along_as_a_reviewers_decisions(review):
    report = import_file(review, FIXTURES / "rayyan.csv", as_reviewer="Alice")
    assert report.labels_stored == 3
    again = import_file(review, FIXTURES / "rayyan.csv", as_reviewer="Alice")
    assert again.labels_stored == 0
    decisions = load_tables(review.annotations_dir, "alice")["decisions"].values()
    assert sorted((d["record"], d["decision"], d["stage"], d["reason"]) for d in decisions) == sorted(
        [
            ("pmid:19657121", "include", "title-abstract", ""),
            (report_id_of(review, "cost analysis"), "exclude", "title-abstract", "wrong study design"),
            ("doi:10.1016/s0140-6736(09)60010-6", "maybe", "title-abstract", ""),
        ]
    )


def test_abstrackr_labels_in_a_column_per_reviewer_are_that_reviewers(review):
    """Abstrackr names a label column after each reviewer (1, -1, 0 for borderline, o for none):
    they were not read at all, so its labels could not be kept (#25)."""
    path = FIXTURES / "abstrackr-sections.csv"
    nobody = import_file(review, path, as_reviewer="Carla")
    assert nobody.labels_stored == 0
    assert any("'Ana Silva', 'bo'" in w and "--as-reviewer NAME" in w for w in nobody.warnings)
    assert import_file(review, path, as_reviewer="ana silva").labels_stored == 2
    assert import_file(review, path, as_reviewer="Bo").labels_stored == 1
    title = {r.id: r.title for r in review.records()}
    decided = {
        name: sorted(
            (title[d["record"]], d["decision"]) for d in load_tables(review.annotations_dir, name)["decisions"].values()
        )
        for name in ("ana-silva", "bo")
    }
    assert decided == {
        "ana-silva": [
            ("A randomized trial of vertebroplasty", "include"),
            ("Cement leakage: a case report", "exclude"),
        ],
        "bo": [("A randomized trial of vertebroplasty", "maybe")],
    }


def report_id_of(review, words):
    return next(r.id for r in review.records() if words in r.title)


def test_dedupe_groups_the_same_study_from_different_databases(capsys, review):
    for name in ("ovid-medline.ris", "scopus-crlf.ris", "zotero.bib", "pubmed.nbib"):
        import_file(review, FIXTURES / name)
    assert main(["dedupe", "--review", str(review.root), "--json"]) == 0
    groups = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # Kallmes 2009: PMID in Ovid/PubMed, DOI only in Scopus and Zotero; every copy is its own record.
    kallmes = next(g for g in groups if "pmid:19657121" in g["records"])
    assert sorted(kallmes["records"]) == [
        "doi:10.1056/nejmoa0900563",
        "doi:10.1056/nejmoa0900563@zotero.bib:1",
        "pmid:19657121",
        "pmid:19657121@pubmed.nbib:1",
    ]
    assert kallmes["keep"] == "pmid:19657121" and not kallmes["settled"]
    # the other Ovid studies each have their PubMed copy beside them
    assert all(any(r.startswith(g["keep"] + "@pubmed.nbib") for r in g["records"]) for g in groups if g is not kallmes)


def test_dedupe_and_records_say_what_a_settlement_kept_as_stats_counts_it(capsys, review):
    """Once a reviewer keeps another copy, `dedupe` names it and the group as settled, and
    `records --json` gives each record set aside the one kept in its place (both still gave
    what the import did: a trial found them contradicting the Library and stats)."""
    for name in ("ovid-medline.ris", "embase-vertebroplasty.ris"):
        import_file(review, FIXTURES / name)
    root = str(review.root)
    assert main(["dedupe", "--keep", "doi:10.1056/nejmoa0900563", "--review", root, "--reviewer", "Bob"]) == 0
    capsys.readouterr()
    assert main(["dedupe", "--review", root, "--json"]) == 0
    groups = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    kallmes = next(g for g in groups if "pmid:19657121" in g["records"])
    assert (kallmes["keep"], kallmes["settled"], kallmes["status"]) == (
        "doi:10.1056/nejmoa0900563",
        True,
        "settled by Bob",
    )
    assert main(["records", "--review", root, "--json"]) == 0
    duplicate_of = {d["id"]: d["duplicate_of"] for d in map(json.loads, capsys.readouterr().out.splitlines())}
    assert (
        duplicate_of["pmid:19657121"] == "doi:10.1056/nejmoa0900563"
        and duplicate_of["doi:10.1056/nejmoa0900563"] is None
    )
    aside = {record for record, kept in duplicate_of.items() if kept}
    assert len(aside) == ReviewState.read(review, EVERYONE).prisma()["duplicates_removed"]
    assert main(["dedupe", "--review", root]) == 0
    out, err = capsys.readouterr()
    assert "keep doi:10.1056/nejmoa0900563\tsettled by Bob" in out and f"{len(aside)} records set aside" in err


def test_dedupe_matches_titles_that_differ_only_slightly(review):
    from reviewer.domain.record import Record
    from reviewer.duplicates.groups import find_duplicates

    records = [
        Record(
            "hash:a",
            "Vertebroplasty for osteoporotic fractures: a randomised trial.",
            "a.ris",
            authors=("Smith, J",),
            year=2010,
        ),
        Record(
            "hash:b",
            "Vertebroplasty for osteoporotic fractures - a randomized trial",
            "b.ris",
            authors=("J Smith",),
            year=2011,
        ),
        Record(
            "hash:c",
            "Kyphoplasty for osteoporotic fractures: a randomised trial",
            "c.ris",
            authors=("Smith, J",),
            year=2010,
        ),
    ]
    [group] = find_duplicates(records)
    assert set(group.records) == {"hash:a", "hash:b"} and group.reason == "title"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (
            "Vertebroplasty outcomes in older adults: part 1 of 4",
            "Vertebroplasty outcomes in older adults: part 2 of 4",
        ),
        (
            "Proceedings of the 8th annual conference on spine surgery",
            "Proceedings of the 9th annual conference on spine surgery",
        ),
        ("The VERTOS II trial of vertebroplasty", "The VERTOS III trial of vertebroplasty"),
        (
            "Vertebroplasty versus sham procedure for painful acute osteoporotic vertebral fractures: erratum",
            "Vertebroplasty versus sham procedure for painful acute osteoporotic vertebral fractures",
        ),
        (
            "Correction: a randomized trial of vertebroplasty for painful osteoporotic vertebral fractures in adults",
            "A randomized trial of vertebroplasty for painful osteoporotic vertebral fractures in adults",
        ),
    ],
)
def test_dedupe_never_groups_parts_editions_or_an_erratum_with_its_article(one, other):
    from reviewer.domain.record import Record
    from reviewer.duplicates.groups import find_duplicates

    records = [
        Record(f"hash:{n}", title, "a.ris", authors=("Smith, J",), year=2010) for n, title in enumerate((one, other))
    ]
    assert find_duplicates(records) == []


def test_a_record_that_trips_rispy_is_still_read():
    # A repeated tag followed by a continuation line makes rispy's list mode fail (found by
    # benchmarks/fuzz_importers.py); the record is read again rispy's default way.
    from reviewer.formats import ris

    text = "TY  - JOUR\nTI  - First title\nTI  - Second title\ncontinued here\nPY  - 2001\nER  - \n"
    result = ris.read(text, "tripped.ris")
    [record] = result.records
    assert record.title.startswith("First title") and record.year == 2001


def test_a_medline_block_that_trips_biopython_is_skipped_with_a_warning():
    from reviewer.formats import medline

    text = "PMID- 1\nTI  - Kept\n\n      starts with a continuation line\nTI  - Lost\n\nPMID- 3\nTI  - Also kept\n"
    result = medline.read(text, "damaged.nbib")
    assert [r.title for r in result.records] == ["Kept", "Also kept"]
    assert result.warnings == ["damaged.nbib:4: this record could not be read; skipped"]


def test_an_embase_csv_with_a_preamble_and_quoted_new_lines_reads_every_row(review):
    result = formats.read_file(FIXTURES / "embase-preamble.csv", "embase-preamble.csv")
    assert [r.title for r in result.records] == [
        'Vertebroplasty for "painful" fractures, a trial',
        "Cement leakage: a case report",
        "Sham procedures in surgery",
    ]
    first = result.records[0]
    assert (first.year, first.doi, first.pmid) == (2009, "10.1056/nejmoa0900563", "19657121")
    assert first.abstract == "Line one. Line two, with a comma; and a semicolon."
    assert result.records[2].abstract == 'Abstract with "quotes" and three lines.'
    assert "4 lines above the header skipped" in result.warnings[0]


def test_separator_rows_are_not_records():
    result = formats.read_file(FIXTURES / "abstrackr-separators.tsv", "abstrackr-separators.tsv")
    assert [r.title for r in result.records] == ["First study", "Second study"]


def test_untitled_records_with_distinct_pubmed_ids_stay_distinct_records(review):
    report = import_file(review, FIXTURES / "untitled-pubmed-ids.csv", as_reviewer="Ana")
    assert report.records == 25
    untitled = [r for r in review.records() if r.source == "untitled-pubmed-ids.csv" and not r.title]
    assert len({r.id for r in untitled}) == 24 and all(r.id.startswith("pmid:100000") for r in untitled)
    titled = review.record("hash:" + next(r.id for r in review.records() if r.title == "A titled one")[5:])
    assert titled is not None and titled.pmid == ""  # a PubMed id of 0 stands for none


@given(st.lists(st.tuples(st.text(min_size=0, max_size=40), st.integers(1950, 2030)), min_size=1, max_size=30))
@settings(max_examples=40, deadline=None)
def test_any_csv_we_write_reads_back_as_as_many_records(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Title", "Year", "Abstract"])
    for title, year in rows:
        writer.writerow([title, year, f'{title}\n; "{year}"'])
    result = formats.table.read(out.getvalue(), "generated.csv")
    assert len(result.records) == len([row for row in rows if any(c.isalnum() for c in f"{row[0]}{row[1]}")])


def test_a_covidence_exclusion_reason_column_becomes_the_decisions_reason(review, tmp_path):
    path = tmp_path / "covidence.csv"
    path.write_text(
        "Title,Published Year,Decision,Exclusion reason\n"
        "A trial,2001,Excluded,Wrong population\n"
        "B trial,2002,Included,\n",
        encoding="utf-8",
    )
    import_file(review, path, as_reviewer="Ana")
    decisions = load_tables(review.annotations_dir, "ana")["decisions"].values()
    assert sorted((d["decision"], d["reason"]) for d in decisions) == [("exclude", "Wrong population"), ("include", "")]


def test_a_decision_on_a_record_later_set_aside_shows_on_the_one_kept(review):
    from reviewer.domain.decision import Decision
    from reviewer.screening.session import Screening

    import_file(review, FIXTURES / "ovid-medline.ris")
    store = review.open_store("alice", "Alice")
    store.put_decision(Decision("pmid:19657121", "Alice", "title-abstract", "exclude", "wrong population"))
    store.close()
    # Embase's copy of the same study (same DOI), imported later, is set aside; a reviewer keeps it instead
    import_file(review, FIXTURES / "embase-vertebroplasty.ris")
    assert review.same_study["doi:10.1056/nejmoa0900563"] == "pmid:19657121"
    keep = ["dedupe", "--keep", "doi:10.1056/nejmoa0900563", "--review", str(review.root), "--reviewer", "Bob"]
    assert main(keep) == 0
    state = ReviewState.read(review, EVERYONE)
    assert state.kept_instead == {"pmid:19657121": "doi:10.1056/nejmoa0900563"}
    final = state.final["title-abstract"]["doi:10.1056/nejmoa0900563"]
    assert (final.decision, final.reason) == ("exclude", "wrong population")
    assert state.prisma()["title-abstract"]["excluded"] == 1  # not lost with its record
    store = review.open_store("alice", "Alice")
    screening = Screening(state, store)
    assert screening.decision("doi:10.1056/nejmoa0900563").decision == "exclude"  # shown where it now counts
    store.close()
    from reviewer.export import export_text  # the audit trail says both: where it was made, where it counts

    [row] = [r for r in csv.DictReader(io.StringIO(export_text(state, "decisions-csv"))) if r["reviewer"] == "Alice"]
    assert (row["record"], row["counts_on"]) == ("pmid:19657121", "doi:10.1056/nejmoa0900563")


def test_copies_cut_off_by_a_crash_are_removed_from_corpus_once_old(review):
    import os
    import time

    old = review.corpus_dir / ".pubmed.nbib.k2j3h4.tmp"
    fresh = review.corpus_dir / ".scopus.ris.a1b2c3.tmp"
    for leftover in (old, fresh):
        leftover.write_bytes(b"half a copy")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    import_file(review, FIXTURES / "embase-vertebroplasty.ris")
    assert not old.exists() and fresh.exists()  # a copy under way now is never touched


def test_the_import_report_says_which_copies_are_set_aside(review):
    """Of a PMID shared, the file imported first keeps its copy, whatever the names:
    importing ovid-medline.ris after pubmed.nbib sets aside ovid-medline.ris's copies (#25)."""
    first = import_file(review, FIXTURES / "pubmed.nbib")
    kept = {r.id for r in review.records() if r.source == "pubmed.nbib"}
    second = import_file(review, FIXTURES / "ovid-medline.ris")
    aside = {r.source for r in review.records() if r.id in review.same_study}
    assert first.set_aside == 0 and aside == {"ovid-medline.ris"}
    assert second.set_aside == len(review.same_study) > 0
    assert kept <= {r.id for r in review.records() if r.source == "pubmed.nbib"}  # no id moved


def test_an_import_never_takes_an_id_already_given_so_decisions_stay_on_their_study(review, tmp_path):
    """Two papers titled "Correction" in 2019 share an id made from title and year. The later
    import's file sorts first by name; it used to take the id, and the exclusion made on the
    first paper moved onto the second, unseen (a trial found it)."""
    later, first = tmp_path / "aa_other.ris", tmp_path / "zz_other.ris"
    for path, author, journal in ((first, "Zeta, Zed", "Journal of Zoology"), (later, "Alpha, Ann", "Spine")):
        path.write_text(f"TY  - JOUR\nTI  - Correction\nAU  - {author}\nPY  - 2019\nJO  - {journal}\nER  - \n")
    import_file(review, first)
    [screened] = [r for r in review.records() if r.source == "zz_other.ris"]
    store = review.open_store("alice", "Alice")
    store.put_decision(Decision(screened.id, "Alice", "title-abstract", "exclude", "wrong population"))
    store.close()
    report = import_file(review, later)
    assert report.new == 1  # it said 0: its record's id was taken to be one already there
    again = open_review(review.root)  # as the next session reads it
    assert again.record(screened.id).authors == screened.authors == ("Zeta, Zed",)
    assert [r.source for r in again.records() if r.source.endswith("_other.ris")] == ["zz_other.ris", "aa_other.ris"]
    state = ReviewState.read(again, "alice")
    assert state.final["title-abstract"][screened.id].decision == "exclude"


def test_the_suggested_copy_is_the_one_that_says_most_then_the_longer_abstract():
    """Both copies hold every field: the longer abstract and more authors win (a 7-word abstract
    with 2 authors was suggested over a 52-word one with 5)."""
    from reviewer.domain.record import Record
    from reviewer.duplicates.groups import most_complete

    short = Record(
        "a", "Trial", "endnote.xml", abstract="Seven words of an abstract, no more.", authors=("A", "B"), doi="10.1/x"
    )
    long = Record(
        "b", "Trial", "ovid.ris", abstract=" ".join(["word"] * 52), authors=("A", "B", "C", "D", "E"), doi="10.1/x"
    )
    assert most_complete([short, long]) == "b" and most_complete([long, short]) == "b"
