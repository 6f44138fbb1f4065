"""The PRISMA 2020 flow diagram: drawn from the same numbers as `stats`, in every format."""

from __future__ import annotations

import itertools
import json
import re

import defusedxml.ElementTree as SafeTree
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reviewer import formats
from reviewer.domain.decision import Decision
from reviewer.export import prisma_flow
from reviewer.importing.files import import_file
from reviewer.tui.prisma.screen import PrismaScreen
from tests.conftest import FIXTURES, make_app, run_cli, screen_text, settle


def screened(review):
    """Alice screened the Embase export: two included, one excluded for want of a full text."""
    import_file(review, FIXTURES / "embase-vertebroplasty.ris")
    import_file(review, FIXTURES / "ovid-medline.ris")
    ids = [r.id for r in review.records() if r.source == "embase-vertebroplasty.ris"]
    store = review.open_store("alice", "Alice")
    for record, decision in zip(ids, ("include", "include", "exclude", "maybe"), strict=False):
        store.put_decision(Decision(record, "Alice", "title-abstract", decision, "wrong population"))
    store.put_decision(Decision(ids[0], "Alice", "full-text", "include"))
    store.put_decision(Decision(ids[1], "Alice", "full-text", "exclude", "full text not available"))
    store.close()
    return review


def svg_boxes(svg):
    """Each box of the SVG: its heading (the bold lines, joined) and its details."""
    found = []
    for group in SafeTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}g"):
        texts = list(group.iter("{http://www.w3.org/2000/svg}text"))
        heading = " ".join("".join(t.itertext()) for t in texts if t.get("font-weight") == "bold")
        details = [("".join(t.itertext())) for t in texts if t.get("font-weight") != "bold"]
        found.append((heading, details))
    return found


def test_the_svg_is_xml_and_its_numbers_are_those_of_stats(review, capsys):
    screened(review)
    root = str(review.root)
    _, out, _ = run_cli(capsys, "stats", "--review", root, "--reviewer", "Alice", "--json")
    counts = json.loads(out)
    code, svg, _ = run_cli(capsys, "prisma", "--review", root, "--reviewer", "Alice", "--format", "svg", "-o", "-")
    assert code == 0
    headings = [heading for heading, _ in svg_boxes(svg)]
    databases, other = counts["by_method"]["databases"], counts["by_method"]["other"]
    for column, what in ((databases, "databases"), (other, "other sources")):
        ta, ft = column["title-abstract"], column["full-text"]
        expected = [
            f"Records identified from {what} (n = {sum(column['identified'].values())})",
            f"Records removed before screening (n = {column['duplicates_removed']})",
            f"Records screened (n = {ta['records']})",
            f"Records excluded (n = {ta['excluded']})",
            f"Reports sought for retrieval (n = {ft['records']})",
            f"Reports not retrieved (n = {ft['not_retrieved']})",
            f"Reports assessed for eligibility (n = {ft['assessed']})",
        ]
        assert all(box in headings for box in expected), (expected, headings)
    assert "Identification of studies via databases and registers" in headings
    assert "Identification of studies via other methods" in headings  # the two source texts
    assert databases["duplicates_removed"] == counts["duplicates_removed"] == 1  # Kallmes, by DOI
    assert databases["title-abstract"]["excluded"] == 1 and databases["full-text"]["records"] == 3
    assert databases["full-text"]["not_retrieved"] == 1 and databases["full-text"]["assessed"] == 2
    included = databases["full-text"]["included"] + other["full-text"]["included"]
    assert (
        f"Studies included in review (n = {included})" in headings and included == counts["full-text"]["included"] == 1
    )
    # the columns add up to the review's counts
    for key in ("duplicates_removed", "records_screened"):
        assert databases[key] + other[key] == counts[key]
    assert counts["records_identified"] - counts["duplicates_removed"] == counts["records_screened"]


def test_text_markdown_and_html_carry_the_same_numbers(review, capsys):
    screened(review)
    outputs = {}
    for fmt in ("txt", "md", "html"):
        code, out, _ = run_cli(capsys, "prisma", "--review", str(review.root), "--reviewer", "Alice", "--format", fmt)
        assert code == 0
        outputs[fmt] = sorted(re.findall(r"\(n = (\d+)", out))
    assert outputs["txt"] == outputs["md"] == outputs["html"]


def test_export_to_dash_writes_to_standard_output(review, capsys):
    screened(review)
    code, out, _ = run_cli(
        capsys, "export", "--format", "ris", "--review", str(review.root), "--reviewer", "Alice", "-o", "-"
    )
    assert code == 0 and "TY  - JOUR" in out
    assert not (review.root / "-").exists() and not (review.root.parent / "-").exists()


async def test_the_prisma_screen_draws_the_flow(review):
    screened(review)
    app = make_app(review, "Alice")
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, PrismaScreen)
        shown = screen_text(app)
        assert "Records screened (n = 8)" in shown and "Identification of studies via other methods".upper() in shown
        assert "blind review: counted from your own decisions" in shown


def test_each_database_is_named_as_its_export_names_it_or_as_given(review, capsys):
    root = str(review.root)
    for name in ("ovid-medline.ris", "pubmed.nbib", "scopus-crlf.ris", "wos-plain.txt", "embase-preamble.csv"):
        code, out, _ = run_cli(capsys, "import", str(FIXTURES / name), "--review", root)
        assert code == 0 and "(named in the file;" in out
    code, out, _ = run_cli(capsys, "import", str(FIXTURES / "rayyan.csv"), "--review", root)
    assert "not named in the file; give it with --source NAME" in out
    text = review.root.parent / "a-source-text.txt"
    text.write_text("Aspirin reduced strokes in the trial.\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "import", str(text), "--review", root)
    assert code == 0 and "a source text: PRISMA counts it among records identified by other methods" in out
    assert "--source NAME" not in out  # no database to name
    code, out, _ = run_cli(capsys, "import", str(FIXTURES / "zotero.bib"), "--source", "Scopus", "--review", root)
    assert "database: Scopus (as given;" in out
    _, out, _ = run_cli(capsys, "stats", "--review", root, "--json")
    databases = json.loads(out)["identified_from_databases"]
    assert databases["Scopus"] == 3 + len(formats.read_file(FIXTURES / "zotero.bib", "z").records)  # together
    assert {"Ovid MEDLINE(R) ALL", "PubMed", "Web of Science", "Embase", "rayyan.csv"} <= set(databases)
    assert '"pubmed.nbib" = "PubMed"' in review.config_path.read_text(encoding="utf-8")  # kept for the team
    _, flow, _ = run_cli(capsys, "prisma", "--review", root)
    assert "PubMed (n = 3)" in flow and "pubmed.nbib" not in flow


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.text(min_size=1, max_size=90), min_size=1, max_size=6),
    numbers=st.lists(st.integers(0, 10**9), min_size=12, max_size=12),
)
@example(names=["\ufffe"], numbers=[0] * 12)  # a noncharacter no XML may hold: the SVG did not parse
def test_no_text_runs_past_its_box_at_any_count_or_name_length(names, numbers):
    flow = {
        "identified": {name: numbers[0] for name in names},
        "duplicates_removed": numbers[1],
        "duplicates_removed_automatically": numbers[2] % (numbers[1] + 1),
        "marked_ineligible_by_automation": numbers[0] % 7,
        "records_screened": numbers[3],
        "title-abstract": {
            "records": numbers[3],
            "excluded": numbers[4],
            "awaiting": numbers[5],
            "undecided": numbers[5],
            "conflicts": 0,
            "maybe": numbers[6],
        },
        "full-text": {
            "records": numbers[7],
            "not_retrieved": numbers[8],
            "assessed": numbers[9],
            "excluded": numbers[10],
            "included": numbers[11],
            "awaiting": 0,
            "undecided": 0,
            "conflicts": 0,
            "maybe": 0,
            "excluded_by_reason": {name: numbers[10] for name in names},
        },
    }
    counts = {"by_method": {"databases": flow, "other": flow}, "identified_from_other_sources": 1}
    placed, _, width, height = prisma_flow.layout(counts)
    for box in placed:
        assert box.height >= prisma_flow.LINE * len(box.lines) + 2 * prisma_flow.PAD
        for text, bold in box.lines:
            indent = 0 if bold else prisma_flow.INDENT
            assert prisma_flow.text_width(text) + indent + 2 * prisma_flow.PAD <= box.width
        assert box.x + box.width <= width and box.y + box.height <= height
    for one, other in itertools.combinations(placed, 2):  # boxes never overlap
        apart = one.x + one.width <= other.x or other.x + other.width <= one.x
        assert apart or one.y + one.height <= other.y or other.y + other.height <= one.y
    svg = prisma_flow.to_svg(counts)
    SafeTree.fromstring(svg)  # names are escaped: still XML


def test_the_diagram_is_drawn_as_png_and_pdf_for_the_paper(review, capsys, tmp_path):
    screened(review)
    for fmt, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF")):
        out = tmp_path / f"prisma.{fmt}"
        code, _, err = run_cli(capsys, "prisma", "--review", str(review.root), "--format", fmt, "-o", str(out))
        assert code == 0, err
        assert out.read_bytes().startswith(magic)
