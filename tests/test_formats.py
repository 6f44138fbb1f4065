"""The tagged, XML and spreadsheet exports databases and reference managers write, and
text in the encodings they come in: each read from a fixture in its vendor's layout."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer import formats
from reviewer.formats.fields import plain
from reviewer.importing.files import import_file
from tests.conftest import FIXTURES

KALLMES = "A randomized trial of vertebroplasty for osteoporotic spinal fractures"


@pytest.mark.parametrize(
    "name, fmt",
    [("wos-plain.txt", "wos"), ("endnote.enw", "refer"), ("endnote.xml", "endnote-xml")],
)
def test_tagged_and_xml_exports_are_read_by_content(name, fmt):
    result = formats.read_file(FIXTURES / name, name)
    assert result.format == fmt and len(result.records) == 2
    kallmes = result.records[0]
    assert kallmes.title.casefold() == KALLMES.casefold()
    assert (kallmes.year, kallmes.pmid, kallmes.doi) == (2009, "19657121", "10.1056/nejmoa0900563")
    assert kallmes.authors[0].startswith("Kallmes") and len(kallmes.authors) == 2
    assert kallmes.abstract.startswith(("Vertebroplasty has", "BACKGROUND: Vertebroplasty"))


def test_a_web_of_science_txt_export_is_never_one_plain_text_record():
    result = formats.read_file(FIXTURES / "wos-plain.txt", "wos-plain.txt")
    assert result.format == "wos" and [r.keywords for r in result.records][0] == (
        "vertebroplasty",
        "osteoporosis",
        "sham",
    )


def test_an_excel_workbook_is_read_with_its_preamble_skipped(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Covidence export"])
    sheet.append([])
    sheet.append(["Title", "Authors", "Published Year", "DOI", "Abstract"])
    sheet.append([KALLMES, "Kallmes D; Comstock B", 2009, "10.1056/NEJMoa0900563", "An abstract."])
    sheet.append(["Second study", "Lee K", 2014, None, None])
    path = tmp_path / "covidence.xlsx"
    workbook.save(path)
    result = formats.read_file(path, "covidence.xlsx")
    assert result.format == "xlsx" and [r.title for r in result.records] == [KALLMES, "Second study"]
    assert result.records[0].authors == ("Kallmes D", "Comstock B") and result.records[0].year == 2009


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "gb18030"])
def test_text_in_other_encodings_reads_as_written(tmp_path, encoding):
    title = "椎体成形术的随机试验" if encoding == "gb18030" else "Vertébroplastie : un essai randomisé"
    row = f"{title},2009,摘要 résumé 要約 — a longer abstract for the detector to read\n"
    csv_text = "Title,Year,Abstract\n" + row * 3
    raw = csv_text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    result = formats.read_file(path, "export.csv")
    assert [r.title for r in result.records] == [title] * 3


def test_a_pdf_is_refused_naming_what_it_looks_like(tmp_path, review):
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"%PDF-1.7\n...")
    with pytest.raises(Exception, match="looks like a PDF"):
        import_file(review, path)


def test_fields_are_cleaned_of_markup_lists_and_copyright_lines():
    ris = (
        "TY  - JOUR\nTI  - Effects <i>in vivo</i> of p&lt;0.05 &amp; it&apos;s <sup>2</sup>\n"
        "AB  - <p>The abstract itself.</p>\nAB  - © 2020 Elsevier Ltd. All rights reserved.\nPY  - 2014//\nER  - \n"
    )
    [record] = formats.ris.read(ris, "scopus.ris").records
    assert record.title == "Effects in vivo of p<0.05 & it's 2"
    assert record.abstract == "The abstract itself." and record.year == 2014
    table = "title,authors,publication_year\nA study,\"['Marx, Karl', 'Lindgren, Astrid']\",2001\n"
    [listed] = formats.table.read(table, "asreview.csv").records
    assert listed.authors == ("Marx, Karl", "Lindgren, Astrid") and listed.year == 2001


def test_a_huge_bibtex_field_is_read_in_linear_time_and_said(tmp_path):
    path = tmp_path / "huge.bib"
    path.write_text("@article{a, title={Caf\\'e " + "and \\'etude " * 20_000 + "}, year={2001}}\n", encoding="utf-8")
    result = formats.read_file(path, "huge.bib")
    assert len(result.records) == 1 and result.records[0].year == 2001
    assert "kept as written (its LaTeX not decoded)" in result.warnings[0]
    small = tmp_path / "small.bib"
    small.write_text("@article{b, title={Caf\\'e {\\\"u}ber}, year={2001}}\n", encoding="utf-8")
    assert formats.read_file(small, "small.bib").records[0].title == "Café über"


def test_medline_text_without_pubmed_ids_is_read_as_medline_not_as_one_text():
    result = formats.read_file(FIXTURES / "eric-medline.txt", "eric-medline.txt")
    assert result.format == "medline"
    assert [r.title for r in result.records] == [
        "Peer Tutoring and Reading Gains in Primary Schools",
        "Homework and Achievement: A Meta-Analysis",
    ]


_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=40)


@given(
    st.lists(
        st.tuples(
            _TEXT.filter(lambda t: t.strip()),
            st.lists(_TEXT.filter(lambda t: t.strip()), max_size=3),
            st.integers(1950, 2030),
            st.from_regex(r"\A[0-9]{1,4}\Z"),
        ),
        min_size=1,
        max_size=20,
    )
)
@settings(max_examples=40, deadline=None)
def test_any_records_we_write_as_ris_read_back_as_themselves(rows):
    from reviewer.domain.record import Record

    records = [
        Record(f"hash:{n}", title, "x.ris", authors=tuple(authors), year=year, volume=volume, pages=f"{n}-{n + 9}")
        for n, (title, authors, year, volume) in enumerate(rows)
    ]
    back = formats.ris.read(formats.ris.write_records(records), "back.ris").records
    assert len(back) == len(records)
    for written, read in zip(records, back, strict=True):
        assert read.title == plain(written.title)  # as any title is read: white space folded, markup dropped
        assert read.authors == tuple(" ".join(a.split()) for a in written.authors)
        assert (read.year, read.volume, read.pages) == (written.year, written.volume, written.pages)


def test_the_ris_export_carries_where_in_the_journal_and_no_numbered_lines():
    records = formats.read_file(FIXTURES / "ovid-medline.ris", "ovid-medline.ris").records
    out = formats.ris.write_records(records)
    assert out.startswith("TY  - JOUR") and "\n1." not in out
    assert "VL  - 361" in out and "IS  - 6" in out and "SP  - 569" in out and "EP  - 579" in out


def test_a_bibtex_entry_with_a_field_given_twice_is_kept_with_the_first(tmp_path):
    path = tmp_path / "twice.bib"
    path.write_text(
        "@article{a, title={First {\\'e}tude}, title={Second}, year={2001}}\n"
        "@article{b, title={Next one}, year={2002}}\n",
        encoding="utf-8",
    )
    result = formats.read_file(path, "twice.bib")
    assert [r.title for r in result.records] == ["First étude", "Next one"]
    assert result.warnings == ["twice.bib:1: title given twice; the first kept"]


def test_a_csv_row_of_only_punctuation_is_skipped_with_a_warning_a_drawn_line_without():
    from reviewer.formats import table

    text = "title,year\nA trial of cement,2009\n-----,----\n?!,...\nAnother trial,2010\n"
    result = table.read(text, "rows.csv")
    assert [r.title for r in result.records] == ["A trial of cement", "Another trial"]
    assert result.warnings == ["rows.csv:4: a row with no letter or digit (?! ...) skipped"]


def test_a_web_of_science_export_with_tags_rispy_does_not_know_keeps_every_record():
    """A Zoological Record export (AN accession numbers, a byte-order mark, more tags): every
    record was skipped as unreadable (#25); unknown tags are left out, and named, instead."""
    from reviewer import formats

    result = formats.read_file(FIXTURES / "wos-zoological-record.txt", "zr.txt")
    assert result.format == "wos" and len(result.records) == 3
    assert result.records[2].doi == "10.1111/jzo.12345" and result.records[0].authors[0] == "Kallmes, DF"
    assert result.warnings == ["zr.txt: tags not read (their values left out): AN, BT, SY"]


def test_an_endnote_export_whose_records_start_with_their_title_reads_each_record_once():
    """%T before %0, two blank lines between records: each title was read as a record of its
    own (8 records where there were 6, #25). A record also ends where a second %0 starts one."""
    from reviewer import formats

    result = formats.read_file(FIXTURES / "endnote-title-first.enw", "e.enw")
    assert [(r.title, r.year) for r in result.records] == [
        ("Vertebroplasty for painful fractures", 2009),
        ("Cement leakage: a case report", 2012),
        ("Sham procedures in surgery", 2014),
        ("Fracture healing after cement", 2015),
    ]


def test_an_abstrackr_export_keeps_its_section_headings_out_of_the_records():
    """Abstrackr writes "citations that are not yet labeled by anyone" as a row between its
    sections: it became a record (#25). A row holding only an id stays a record."""
    from reviewer import formats

    result = formats.read_file(FIXTURES / "abstrackr-sections.csv", "a.csv")
    assert [r.title for r in result.records] == [
        "A randomized trial of vertebroplasty",
        "Cement leakage: a case report",
        "Sham procedures in surgery",
    ]
    assert result.warnings == [
        "a.csv:2: a heading row (citations labeled by at least one reviewer) skipped, not a record",
        "a.csv:5: a heading row (citations that are not yet labeled by anyone) skipped, not a record",
    ]
    assert len(formats.read_file(FIXTURES / "untitled-pubmed-ids.csv", "u.csv").records) == 25
