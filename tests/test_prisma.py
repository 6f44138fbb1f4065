"""The PRISMA 2020 flow diagram: drawn from the same numbers as `stats`, in every format."""

from __future__ import annotations

import json
import re

import defusedxml.ElementTree as SafeTree

from reviewer import formats
from reviewer.domain.decision import Decision
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


def test_the_svg_is_xml_and_its_numbers_are_those_of_stats(review, capsys):
    screened(review)
    root = str(review.root)
    _, out, _ = run_cli(capsys, "stats", "--review", root, "--reviewer", "Alice", "--json")
    counts = json.loads(out)
    code, svg, _ = run_cli(capsys, "prisma", "--review", root, "--reviewer", "Alice", "--format", "svg", "-o", "-")
    assert code == 0
    texts = ["".join(node.itertext()) for node in SafeTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    number = {t.split(" (n = ")[0]: int(re.search(r"\(n = (\d+)", t).group(1)) for t in texts if "(n = " in t}
    ta, ft = counts["title-abstract"], counts["full-text"]
    assert number["Records identified from databases"] == sum(counts["identified_from_databases"].values())
    assert number["Records identified from other sources"] == counts["identified_from_other_sources"] == 2
    assert number["Duplicate records removed before screening"] == counts["duplicates_removed"] == 1  # Kallmes, by DOI
    assert number["Records screened"] == ta["records"] == counts["records_screened"]
    assert number["Records excluded"] == ta["excluded"] == 1
    assert number["Reports sought for retrieval"] == ft["records"] == 3
    assert number["Reports not retrieved"] == 1
    assert number["Reports assessed for eligibility"] == ft["assessed"] == ft["records"] - 1  # sought - not retrieved
    assert number["Studies included in review"] == ft["included"] == 1
    # the boxes add up
    assert counts["records_identified"] - counts["duplicates_removed"] == ta["records"]


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
        assert "Records screened (n = 10)" in shown and "Studies included in review (n = 1)" in shown
        assert "blind review: counted from your own decisions" in shown


def test_each_database_is_named_as_its_export_names_it_or_as_given(review, capsys):
    root = str(review.root)
    for name in ("ovid-medline.ris", "pubmed.nbib", "scopus-crlf.ris", "wos-plain.txt", "embase-preamble.csv"):
        code, out, _ = run_cli(capsys, "import", str(FIXTURES / name), "--review", root)
        assert code == 0 and "(named in the file;" in out
    code, out, _ = run_cli(capsys, "import", str(FIXTURES / "rayyan.csv"), "--review", root)
    assert "not named in the file; give it with --source NAME" in out
    code, out, _ = run_cli(capsys, "import", str(FIXTURES / "zotero.bib"), "--source", "Scopus", "--review", root)
    assert "database: Scopus (as given;" in out
    _, out, _ = run_cli(capsys, "stats", "--review", root, "--json")
    databases = json.loads(out)["identified_from_databases"]
    assert databases["Scopus"] == 3 + len(formats.read_file(FIXTURES / "zotero.bib", "z").records)  # together
    assert {"Ovid MEDLINE(R) ALL", "PubMed", "Web of Science", "Embase", "rayyan.csv"} <= set(databases)
    assert '"pubmed.nbib" = "PubMed"' in review.config_path.read_text(encoding="utf-8")  # kept for the team
    _, flow, _ = run_cli(capsys, "prisma", "--review", root)
    assert "PubMed (n = 3)" in flow and "pubmed.nbib" not in flow
