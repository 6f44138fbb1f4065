"""Every export, parsed back and compared with the store; hostile claim text survives intact."""

import csv
import io
import json
import os
import stat
import threading

import pytest
import rispy
from markdown_it import MarkdownIt

from reviewer import formats
from reviewer.annotating.claims_import import import_claims
from reviewer.annotating.placing import new_claim
from reviewer.cli import main
from reviewer.domain.decision import Decision
from reviewer.export import ExportRefused, export_text, export_to_file
from reviewer.importing.files import import_file
from reviewer.review.folder import init_review
from reviewer.team.snapshot import EVERYONE
from reviewer.team.state import ReviewState
from tests.conftest import FIXTURES

HOSTILE = "He said \"yes, maybe\",\nthen =cmd|' /C calc'!A0 and <script>alert(1)</script> & *more* [x](y)."
SOURCE = "Intro sentence.\n" + HOSTILE + "\nThe end.\n"


def everyone(review):
    return ReviewState.read(review, EVERYONE)


@pytest.fixture
def tagged(tmp_path):
    review = init_review(tmp_path / "r")
    (review.corpus_dir / "hostile.txt").write_text(SOURCE, encoding="utf-8")
    import_file(review, FIXTURES / "embase-vertebroplasty.ris")
    store = review.open_store("alice", "Alice")
    start = SOURCE.index(HOSTILE)
    store.put_claim(
        new_claim(
            "file:hostile.txt", "Alice", SOURCE, start, start + len(HOSTILE), ("caveat", "safety"), "=1+1, <b>note</b>"
        )
    )
    store.put_claim(new_claim("file:hostile.txt", "Alice", SOURCE, 0, 5, ("efficacy",), ""))
    store.put_decision(Decision("doi:10.1056/nejmoa0900563", "Alice", "title-abstract", "include"))
    store.put_decision(Decision("doi:10.1136/bmj.k1551", "Alice", "title-abstract", "include"))
    store.put_decision(Decision("doi:10.1136/bmj.k1551", "Alice", "full-text", "exclude", "wrong outcome"))
    store.put_decision(Decision("hash:e3f65f93ce7eeee2", "Alice", "title-abstract", "exclude", "wrong study design"))
    store.close()
    return review


def test_csv_round_trip_is_formula_safe(tagged):
    rows = list(csv.DictReader(io.StringIO(export_text(everyone(tagged), "csv"))))
    hostile = next(r for r in rows if r["tags"] == "caveat;safety")
    assert hostile["quote"] == HOSTILE  # quotes, commas and the new line survive
    assert hostile["note"] == "'=1+1, <b>note</b>"  # a formula start is defused
    assert hostile["title"] == "Intro sentence."
    assert (hostile["start"], hostile["end"]) == (str(SOURCE.index(HOSTILE)), str(SOURCE.index(HOSTILE) + len(HOSTILE)))
    assert export_text(everyone(tagged), "csv", bom=True).startswith("\ufeffrecord,title")
    assert [
        r["tags"] for r in list(csv.DictReader(io.StringIO(export_text(everyone(tagged), "csv", tags=["efficacy"]))))
    ] == ["efficacy"]


def test_json_round_trip(tagged):
    data = json.loads(export_text(everyone(tagged), "json"))
    stored = {a.id: a for a in everyone(tagged).team.claims}
    assert len(data["claims"]) == 2
    for claim in data["claims"]:
        assert claim["exact"] == stored[claim["id"]].exact
        assert claim["record"]["id"] == "file:hostile.txt"


def test_markdown_parses_back_and_shows_source_text_literally(tagged):
    text = export_text(everyone(tagged), "md")
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [t.content for i, t in enumerate(tokens) if tokens[i - 1].type == "heading_open"]
    assert headings[:3] == ["Evidence table: r", "Efficacy (1)", "Intro sentence."]
    assert "Safety (1)" in headings and "Caveat (1)" in headings
    html = MarkdownIt("commonmark", {"html": False}).render(text)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<em>more</em>" not in html and "*more* [x](y)." in html
    quotes = [plain(t) for i, t in enumerate(tokens) if t.type == "inline" and tokens[i - 2].type == "blockquote_open"]
    assert HOSTILE.replace("\n", " ") in quotes


def plain(inline) -> str:
    """The text a reader sees in an inline token: escapes and entities resolved."""
    return "".join(c.content if c.type == "text" else " " if c.type == "softbreak" else "" for c in inline.children)


def test_html_is_one_self_contained_file_with_source_html_escaped(tagged):
    page = export_text(everyone(tagged), "html")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<script" not in page and "<b>note</b>" not in page
    assert "&lt;b&gt;note&lt;/b&gt;" in page and "<blockquote" in page
    assert "http" not in page.replace("http://www.w3.org", "")  # nothing fetched from elsewhere


def test_html_quotes_take_the_colour_of_their_tag(tagged):
    page = export_text(everyone(tagged), "html")
    colours = {tag.key: tag.colour for tag in tagged.config.tags}
    sections = {}
    for section in page.split("<h2>")[1:]:
        label = section.split(" (", 1)[0]
        sections[label] = section.split("border-left-color: ")[1][:7]
    assert sections == {"Efficacy": colours["efficacy"], "Safety": colours["safety"], "Caveat": colours["caveat"]}


def test_w3c_round_trip_through_import_claims(tagged, tmp_path):
    data = json.loads(export_text(everyone(tagged), "w3c"))
    assert data["type"] == "AnnotationCollection" and data["total"] == 2
    item = next(i for i in data["first"]["items"] if len(i["body"]) == 3)
    assert [b["purpose"] for b in item["body"]] == ["tagging", "tagging", "commenting"]
    assert {s["type"] for s in item["target"]["selector"]} == {"TextQuoteSelector", "TextPositionSelector"}

    # Into another review whose copy of the text has changed: anchored again, nothing lost.
    path = tmp_path / "claims.jsonld"
    path.write_text(json.dumps(data), encoding="utf-8")
    other = init_review(tmp_path / "other")
    (other.corpus_dir / "hostile.txt").write_text(
        "A new preface.\n" + SOURCE.replace("Intro", "Opening"), encoding="utf-8"
    )
    store = other.open_store("bob", "Bob")
    report = import_claims(other, store, path, set())
    assert (report.read, report.added, report.already_there) == (2, 2, 0)
    again = import_claims(other, store, path, set())
    assert (again.added, again.already_there) == (0, 2)
    by_tags = {a.tags: a for a in store.claims()}
    store.close()
    moved = by_tags[("caveat", "safety")]
    assert moved.status == "anchored" and moved.exact == HOSTILE and moved.note == "=1+1, <b>note</b>"
    assert by_tags[("efficacy",)].status == "orphaned"  # "Intro" is gone: kept, reported
    assert any("quote not found" in line for line in report.orphaned)


def test_hypothesis_json_ld_is_read(tmp_path):
    review = init_review(tmp_path / "r")
    (review.corpus_dir / "article.txt").write_text(SOURCE, encoding="utf-8")
    hypothesis = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": "https://hypothes.is/a/AbC123",
        "created": "2024-01-02T03:04:05.000000+00:00",
        "modified": "2024-01-02T03:04:05.000000+00:00",
        "creator": "acct:carol@hypothes.is",
        "body": [
            {"type": "TextualBody", "value": "Key caveat", "format": "text/markdown"},
            {"type": "TextualBody", "purpose": "tagging", "value": "caveat"},
        ],
        "target": [
            {
                "source": "https://example.org/article.txt",
                "selector": [{"type": "TextQuoteSelector", "exact": "The end.", "prefix": "", "suffix": ""}],
            }
        ],
    }
    path = tmp_path / "h.jsonld"
    path.write_text(json.dumps(hypothesis), encoding="utf-8")
    store = review.open_store("carol", "Carol")
    report = import_claims(review, store, path, set())
    [claim] = store.claims()
    store.close()
    assert report.added == 1 and claim.tags == ("caveat",) and claim.note == "Key caveat"
    assert SOURCE[claim.start : claim.end] == "The end." and claim.record == "file:article.txt"


def test_ris_has_the_records_included_at_their_last_stage(tagged, tmp_path):
    text = export_text(everyone(tagged), "ris")
    (tmp_path / "out.ris").write_text(text, encoding="utf-8")
    records = formats.read_file(tmp_path / "out.ris", "out.ris").records
    assert [r.id for r in records] == ["doi:10.1056/nejmoa0900563"]  # VERTOS IV fell at full text
    assert records[0].title == "A randomized trial of vertebroplasty for osteoporotic spinal fractures"
    assert rispy.loads(text)[0]["doi"] == "10.1056/nejmoa0900563"


def test_ris_shows_control_characters_instead_of_writing_them(tmp_path):
    """An escape code in a title or abstract is written as a visible stand-in, as the CSV
    exports write it: `cat out.ris` ran them in the terminal (a trial found it)."""
    review = init_review(tmp_path / "r")
    source = tmp_path / "hostile.ris"
    source.write_text(
        "TY  - JOUR\nTI  - Red \x1b[31mescape\x1b[0m and a bell \x07\nAB  - Clears \x1b[2J\x1b[H the screen\n"
        "PY  - 2020\nER  - \n",
        encoding="utf-8",
    )
    import_file(review, source)
    [record] = review.records()
    store = review.open_store("alice", "Alice")
    store.put_decision(Decision(record.id, "Alice", "title-abstract", "include"))
    store.close()
    text = export_text(everyone(review), "ris")
    assert "Red ␛[31mescape␛[0m and a bell ␇" in text and "Clears ␛[2J␛[H the screen" in text
    assert not any(ord(c) < 32 and c != "\n" for c in text)


def test_decisions_csv_has_every_decision(tagged):
    rows = list(csv.DictReader(io.StringIO(export_text(everyone(tagged), "decisions-csv"))))
    assert len(rows) == 4
    assert {(r["stage"], r["decision"], r["reason"]) for r in rows} >= {("full-text", "exclude", "wrong outcome")}


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "html", "w3c", "ris", "decisions-csv"])
def test_exports_are_deterministic(tagged, fmt):
    assert export_text(everyone(tagged), fmt) == export_text(everyone(tagged), fmt)


def test_export_never_overwrites_without_force(tagged, tmp_path, capsys):
    out = tmp_path / "claims.csv"
    assert main(["export", "--format", "csv", "--review", str(tagged.root), "-o", str(out)]) == 0
    first = out.read_bytes()
    assert main(["export", "--format", "md", "--review", str(tagged.root), "-o", str(out)]) == 1
    assert "exists; add --force" in capsys.readouterr().err
    assert out.read_bytes() == first
    assert main(["export", "--format", "md", "--review", str(tagged.root), "-o", str(out), "--force"]) == 0
    assert out.read_text().startswith("# Evidence table")
    with pytest.raises(ExportRefused):
        export_to_file(tmp_path, "x")


def test_an_export_to_a_pipe_or_device_is_written_into_it_not_over_it(tagged, tmp_path, capsys):
    """`-o /dev/null --force` replaced /dev/null with a file for the whole machine (a trial
    found it): a device or a FIFO is written into, as a shell's `>` would."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    code = main(["export", "--format", "md", "--review", str(tagged.root), "-o", str(pipe), "--force"])
    reader.join(timeout=30)
    assert code == 0 and received and received[0].startswith(b"# Evidence table")
    assert stat.S_ISFIFO(pipe.stat().st_mode)  # still the pipe


def test_positions_in_the_evidence_table_count_as_the_reader_does(tagged):
    page = export_text(everyone(tagged), "md")
    assert "characters 1–5" in page  # the claim on the first five characters: 1-based, first to last
    rows = list(csv.DictReader(io.StringIO(export_text(everyone(tagged), "csv"))))
    first_five = next(row for row in rows if row["end"] == "5")
    assert first_five["start"] == "0"  # CSV keeps W3C's 0-based start, exclusive end


def test_a_highlight_without_a_tag_is_untagged_everywhere(tagged, capsys):
    """It had four names: "(no tag)", "highlight", "untagged" and "-" (a trial found them)."""
    store = tagged.open_store("alice", "Alice")
    store.put_claim(new_claim("file:hostile.txt", "Alice", SOURCE, 6, 14))
    store.close()
    assert "## Untagged (1)" in export_text(everyone(tagged), "md")
    assert main(["claims", "--review", str(tagged.root), "--reviewer", "Alice"]) == 0
    assert "\tuntagged\t" in capsys.readouterr().out
