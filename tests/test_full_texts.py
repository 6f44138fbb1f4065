"""Full texts: PDFs (and HTML) read, attached to their records, read and tagged by page."""

from __future__ import annotations

import json
import shutil

import platformdirs
import pytest

from benchmarks.pdfs import HEADER, article_pdf, placed_pdf, press_release_pdf
from reviewer.annotating.placing import new_claim
from reviewer.formats import UnreadableFile, read_full_text
from reviewer.formats.pdf import Line, readable
from reviewer.importing.attach import attach
from reviewer.importing.files import import_file
from reviewer.review.folder import bundled_corpus, init_review
from reviewer.text.markdown_spans import markdown_spans
from reviewer.tui.reader.screen import ReaderScreen
from tests.conftest import FIXTURES, make_app, run_cli, screen_text, settle

DOI = "10.1234/jpr.2021.0042"
TITLE = "Sumatriptan for acute migraine: a randomised trial"
PAGE_1 = (
    "Background. Migraine is common and disabling. We tested whether sumatriptan relieves pain at two hours in "
    "adults. The treat-\nment was given at the onset of an attack, in a placebo-controlled design.",
    "Methods. We randomised 400 adults to sumatriptan or placebo in a double-blind and placebo-\ncontrolled "
    "trial across twelve centres.",
)
PAGE_2 = (
    "Results. Pain relief at two hours was 58% with sumatriptan and 24% with placebo. Adverse events were mild.",
    "Discussion. The association with recurrence is not proof of causation.",
)


@pytest.fixture
def article(tmp_path):
    return article_pdf(tmp_path / "article.pdf", TITLE, [PAGE_1, PAGE_2, ("", "")], doi=DOI, blank_pages=(3,))


@pytest.fixture
def trial_review(tmp_path):
    review = init_review(tmp_path / "migraine")
    ris = tmp_path / "search.ris"
    ris.write_text(
        "TY  - JOUR\nTI  - " + TITLE + "\nAU  - Smith, J.\nPY  - 2021\nDO  - " + DOI + "\nER  - \n\n"
        "TY  - JOUR\nTI  - Hip fracture surgery timing in older adults\nAU  - Jones, K.\nPY  - 2019\n"
        "DO  - 10.5555/hip.2019.7\nER  - \n\n"
        "TY  - JOUR\nTI  - Rizatriptan in menstrual migraine: a crossover study\nPY  - 2018\nER  - \n",
        encoding="utf-8",
    )
    import_file(review, ris)
    return review


# Reading a PDF --------------------------------------------------------------------------


def test_a_journal_pdf_reads_as_flowing_text_with_its_pages(article):
    full = read_full_text(article, "article.pdf")
    text = full.text
    assert text.startswith(f"{TITLE}\n\nhttps://doi.org/{DOI}\n\nBackground.")  # a change of font size ends a paragraph
    assert HEADER not in text  # the running header repeats on every page: left out
    assert "The treatment was given" in text  # the hyphen at the line end joined
    assert "double-blind and placebo-controlled trial" in text  # written so elsewhere: kept
    page_2 = text[full.pages[1] :]
    assert page_2.startswith("Results. Pain relief at two hours was 58%")
    assert "\n2\n" not in text and not text.rstrip().endswith("2")  # page numbers left out
    assert len(full.pages) == 3 and full.warnings == ("article.pdf: no text on page 3 (scanned?)",)


def test_ligatures_and_soft_hyphens_are_written_out():
    assert readable("eﬃcacy of the ﬁrst ﬂow\xadrate  ") == "efficacy of the first flowrate"


def test_a_scanned_pdf_with_no_text_layer_is_named_with_what_to_do(tmp_path):
    scanned = article_pdf(tmp_path / "scan.pdf", TITLE, [PAGE_1, PAGE_2], blank_pages=(1, 2))
    with pytest.raises(UnreadableFile, match="scan.pdf: no text layer on any page.*OCR"):
        read_full_text(scanned, "scan.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    with pytest.raises(UnreadableFile, match="broken.pdf: not a PDF that can be read"):
        read_full_text(broken, "broken.pdf")


def test_the_sample_press_releases_read_back_from_pdf(tmp_path):
    for source in sorted(bundled_corpus().glob("*.txt")):
        original = source.read_text(encoding="utf-8")
        pdf = press_release_pdf(tmp_path / f"{source.stem}.pdf", original)
        extracted = read_full_text(pdf, pdf.name).text
        words = [w for w in original.split() if w.isascii() and w.isalpha() and len(w) > 3]
        found = sum(w in extracted for w in words)
        assert found / len(words) > 0.97  # words split at line ends are joined again


def test_an_html_full_text_is_its_text_never_its_markup(tmp_path):
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><style>p{}</style><script>alert(1)</script></head><body><h1>Trial &amp; error</h1>"
        "<p>First <b>bold</b> paragraph.</p><p>[red]Not markup[/red]</p></body></html>",
        encoding="utf-8",
    )
    assert (
        read_full_text(page, "article.html").text == "Trial & error\n\nFirst bold paragraph.\n\n[red]Not markup[/red]"
    )


# Attaching ---------------------------------------------------------------------------------


def test_attach_links_by_doi_title_or_name_and_reports_the_rest(trial_review, article, tmp_path):
    by_title = article_pdf(tmp_path / "scan-0042.pdf", "Rizatriptan in menstrual migraine: a crossover study", [PAGE_2])
    by_name = article_pdf(tmp_path / "10.5555_hip.2019.7.pdf", "Untitled", [("Some text.", "More text.")])
    stray = article_pdf(tmp_path / "other.pdf", "Statins and the heart", [("Cholesterol.", "Heart.")])
    done = attach(trial_review, [article, by_title, by_name, stray])
    assert [(a.how, a.changed) for a in done] == [("doi", True), ("title", True), ("name", True), ("unmatched", False)]
    assert done[0].record == f"doi:{DOI}" and done[0].stored_as == "corpus/fulltext/doi-10.1234-jpr.2021.0042.pdf"
    assert len(done[3].nearest) == 3
    records = trial_review.records()
    assert len(records) == 3  # full texts are never records of their own
    again = attach(trial_review, [article])[0]
    assert (again.how, again.changed) == ("doi", False)  # the same file twice changes nothing
    refused = attach(trial_review, [stray], to=f"doi:{DOI}")[0]
    assert refused.how == "refused" and "already has a full text" in refused.problem and "--replace" in refused.problem
    replaced = attach(trial_review, [stray], to=f"doi:{DOI}", replace=True)[0]
    assert (replaced.how, replaced.changed) == ("given", True)


def test_a_doi_in_the_pdf_metadata_is_enough(trial_review, tmp_path):
    only_metadata = article_pdf(tmp_path / "x.pdf", "No title here", [("Text.", "Text.")], doi=DOI, metadata_doi=True)
    # the DOI printed on the page is there too; take it off the page by attaching a copy
    # whose first page has none: the metadata alone links it.
    plain = article_pdf(tmp_path / "y.pdf", "Nothing to see", [("Text.", "Text.")], doi="", metadata_doi=False)
    assert attach(trial_review, [only_metadata])[0].how == "doi"
    assert attach(trial_review, [plain])[0].how == "unmatched"


def test_attach_and_text_commands(trial_review, article, capsys):
    code, out, err = run_cli(capsys, "attach", str(article), "--review", str(trial_review.root), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["matched_by"] == "doi" and doc["record"] == f"doi:{DOI}"
    code, out, _ = run_cli(capsys, "text", f"doi:{DOI}", "--review", str(trial_review.root), "--json")
    doc = json.loads(out)
    assert [p["page"] for p in doc["pages"]] == [1, 2, 3] and doc["source"].endswith(".pdf")
    second = doc["pages"][1]
    assert doc["text"][second["start"] : second["end"]].startswith("Results.")
    code, out, _ = run_cli(capsys, "text", f"doi:{DOI}", "--review", str(trial_review.root))
    assert "The treatment was given" in out
    assert out == doc["text"] + "\n"  # its paragraphs as the JSON has them (plain text was one line)
    code, _, err = run_cli(capsys, "attach", str(FIXTURES / "pubmed.nbib"), "--review", str(trial_review.root))
    assert code == 1 and "pubmed.nbib" in err and "PDF" in err


# Reading and tagging by page -----------------------------------------------------------------


async def test_tag_a_sentence_on_page_2_by_keyboard_and_find_it_with_its_page(trial_review, article, capsys):
    attach(trial_review, [article])
    app = make_app(trial_review)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "r")  # Screening opens on the trial; r reads its PDF (in a worker)
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert "p. 1 of 3" in screen_text(app)
        await pilot.press("right_square_bracket")  # to page 2
        assert "p. 2 of 3" in screen_text(app)
        await pilot.press("s", "1")  # select the sentence, tag it with the first tag
        app.store.flush()
    alice = ("--review", str(trial_review.root), "--reviewer", "Alice", "-o", "-")
    code, out, _ = run_cli(capsys, "export", "--format", "md", *alice)
    assert "> Results." in out and "p. 2, characters" in out
    code, out, _ = run_cli(capsys, "claims", "--review", str(trial_review.root), "--json", "--reviewer", "Alice")
    assert json.loads(out.splitlines()[0])["page"] == 2
    code, out, _ = run_cli(capsys, "export", "--format", "w3c", *alice)
    selectors = json.loads(out)["first"]["items"][0]["target"]["selector"]
    assert {
        "type": "FragmentSelector",
        "conformsTo": "http://tools.ietf.org/rfc/rfc3778",
        "value": "page=2",
    } in selectors
    code, out, _ = run_cli(capsys, "export", "--format", "csv", *alice)
    header, row = out.splitlines()[:2]
    assert header.split(",")[7] == "page" and row.split(",")[7] == "2"


async def test_opening_a_scanned_pdf_says_so_and_the_app_goes_on(trial_review, tmp_path):
    scanned = article_pdf(tmp_path / "scan.pdf", TITLE, [PAGE_1], blank_pages=(1,))
    attach(trial_review, [scanned], to=f"doi:{DOI}")
    app = make_app(trial_review)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "r")
        await settle(pilot)
        assert not isinstance(app.screen, ReaderScreen)
        assert any("no text layer" in message and "OCR" in message for message in app.notified)
        await pilot.press("i")  # screening goes on
        assert "1 of 3 screened" in screen_text(app)


def test_copying_the_sample_corpus_keeps_working(tmp_path):
    review = init_review(tmp_path / "r")
    for source in bundled_corpus().iterdir():
        shutil.copy(source, review.corpus_dir / source.name)
    assert all(r.page_starts == () for r in review.records())


async def test_A_attaches_with_a_progress_bar_and_links_the_unmatched_by_picking(trial_review, article, tmp_path):
    stray = article_pdf(tmp_path / "my scan.pdf", "Scanned letter", [("Hip fracture timing.", "Surgery.")])
    app = make_app(trial_review)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("A")
        await pilot.press(*f"{article} '{stray}'", "enter")  # a path with a space, quoted
        await settle(pilot)
        assert "Link my scan.pdf to which record?" in screen_text(app)  # the unmatched file, offered to link
        await pilot.press(*"hip fracture", "enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "article.pdf: attached to Sumatriptan" in shown and "(by the DOI in" in shown  # wrapped
        assert "my scan.pdf: attached to Hip" in shown and "(as you chose)" in shown and "2 of 2 attached" in shown
        linked = app.screen.attachments[1]
        assert (linked.how, linked.title) == ("given", "Hip fracture surgery timing in older adults")
        await pilot.press("escape")
        await settle(pilot)
        rows = {row[0][:20]: row[5] for row in (app.screen.query_one("#records").row_text(i) for i in range(3))}
        assert rows == {TITLE[:20]: "pdf", "Hip fracture surgery": "pdf", "Rizatriptan in menst": "—"}


# Markdown sources read formatted, anchored in the file --------------------------------------

MARKDOWN = """# Vertebroplasty trial

The procedure **did not** reduce pain more than a *sham* procedure.

- Pain at one month: no difference.
- Adverse events: `rare`.
"""


def test_markdown_spans_are_offsets_into_the_source():
    spans = markdown_spans(MARKDOWN)
    kinds = {(s.kind, MARKDOWN[s.start : s.end]) for s in spans}
    assert ("heading", "# Vertebroplasty trial") in kinds and ("syntax", "# ") in kinds
    assert ("strong", "**did not**") in kinds and ("emphasis", "*sham*") in kinds
    assert ("code", "`rare`") in kinds and ("syntax", "- ") in kinds


async def test_a_markdown_source_reads_formatted_and_claims_keep_the_files_offsets(tmp_path):
    review = init_review(tmp_path / "md")
    (review.corpus_dir / "trial.md").write_text(MARKDOWN, encoding="utf-8")
    app = make_app(review)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        view = app.screen.source
        first_line = "".join(segment.text for segment in list(view.render_line(0)))
        assert first_line.startswith("# Vertebroplasty trial")  # the file's own characters
        styles = {segment.text: segment.style for segment in list(view.render_line(0)) if segment.text.strip()}
        assert any(style and style.bold for style in styles.values())  # the heading reads bold
        await pilot.press("j", "j", "s", "1")  # the sentence on the third line, tagged
        app.store.flush()
    claim = app.store.claims()[0]
    assert MARKDOWN[claim.start : claim.end] == claim.exact
    assert claim.exact.startswith("The procedure **did not** reduce pain")


async def test_claims_find_their_quote_again_when_the_pdf_reads_differently(trial_review, article, capsys):
    """A newer pypdfium2 (or a better extraction) may give other text: claims re-anchor by
    quote, as on an edited text, and keep their page."""
    attach(trial_review, [article])
    record = trial_review.full_text_of(trial_review.record(f"doi:{DOI}"))
    quote = "Pain relief at two hours was 58% with sumatriptan"
    start = record.text.index(quote)
    store = trial_review.open_store("alice", "Alice")
    store.put_claim(new_claim(record.id, "Alice", record.text, start, start + len(quote), ("efficacy",)))
    store.close()
    [entry] = list((platformdirs.user_cache_path("reviewer") / "fulltext").glob("*.json"))
    doc = json.loads(entry.read_text(encoding="utf-8"))
    doc["text"] = "Extracted again, differently. " + doc["text"]
    doc["pages"] = [0, *(p + 30 for p in doc["pages"][1:])]
    entry.write_text(json.dumps(doc), encoding="utf-8")
    app = make_app(trial_review)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")  # the Library's first record: the trial, its PDF
        await settle(pilot)
        claim = app.store.claims()[0]
        assert claim.start == start + 30 and claim.status == "anchored"
        app.store.flush()
    code, out, _ = run_cli(
        capsys, "export", "--format", "md", "--review", str(trial_review.root), "--reviewer", "Alice", "-o", "-"
    )
    assert "p. 2, characters" in out


def test_a_pdf_with_a_missing_page_or_a_page_tree_loop_is_named_not_a_traceback(trial_review, capsys, tmp_path):
    """A missing page object gave a PdfiumError traceback in attach and text; a page-tree loop
    was called a scanned PDF (#28.4)."""
    from benchmarks.pdfs import damaged_pdf

    missing, loop = tmp_path / "missing.pdf", tmp_path / "loop.pdf"
    missing.write_bytes(damaged_pdf("missing page"))
    loop.write_bytes(damaged_pdf("page tree loop"))
    root = str(trial_review.root)
    code, out, err = run_cli(capsys, "attach", str(missing), "--to", f"doi:{DOI}", "--review", root)
    assert code == 0 and "page 2 cannot be read" in err and "Traceback" not in err
    code, out, err = run_cli(capsys, "text", f"doi:{DOI}", "--review", root)
    assert code == 0 and "Pain fell by half" in out
    code, out, err = run_cli(capsys, "attach", str(loop), "--to", "doi:10.5555/hip.2019.7", "--review", root)
    assert "no page can be read" in out + err and "scanned" not in out + err and "Traceback" not in err


def test_accents_a_pdf_sets_apart_from_their_letters_are_composed():
    """TeX writes "Lemaître" into a PDF's text as "Lemaˆıtre": a spacing circumflex, then a
    dotless i (#25). Composed with their letter; a backtick or a quote before a word stays."""
    assert readable("Lemaˆıtre and Schr¨odinger, G´omez, na¨ıve, Universit`a") == (
        "Lemaître and Schrödinger, Gómez, naïve, Università"
    )
    assert readable("say `quoted' and ´tis") == "say `quoted' and ´tis"


def test_a_numbered_heading_is_its_own_paragraph_and_unmapped_glyphs_one_mark_each():
    """ "3. Results The patients…" ran a heading into its paragraph, so `s` on it selected "3."; a
    math glyph with no Unicode map showed as a control picture (#25)."""
    from reviewer.formats.pdf import _paragraphs

    body = "The patients who received the cement reported less pain at one month than before"
    texts = ["An introduction that runs on for a long line of body text here.", "3. Results", body]
    lines = [Line(text, 10.0, False) for text in [*texts, "and so the trial ended."]]
    assert _paragraphs(lines).split("\n\n") == [
        "An introduction that runs on for a long line of body text here.",
        "3. Results",
        f"{body} and so the trial ended.",
    ]
    assert readable("p \x04 0.05 and x\x1by") == "p \ufffd 0.05 and x\ufffdy"  # one for one: offsets kept


@pytest.mark.parametrize("cap_at", [37.0, 44.0], ids=["before its line", "after its line"])
def test_a_drop_cap_stays_with_its_word_and_a_bold_heading_is_its_own_paragraph(tmp_path, cap_at):
    """ "ournal of Cosmology" for "Journal of Cosmology": the large first letter was read as a
    line of its own; "Methods and patients" in bold ran into the paragraph after it (#25)."""
    body = [
        "ournal of Cosmology readers will know the story of the",
        "expanding universe, told first by Lemaitre and then by",
        "Hubble in the years that followed. The story is long.",
    ]
    lines = [(30.0, 35 + 4.5 * i, "", 10, line) for i, line in enumerate(body)]
    lines += [(20.0, cap_at, "", 36, "J"), (20.0, 60, "B", 10, "Methods and patients")]
    lines += [(20.0, 65, "", 10, "We enrolled one hundred patients in the trial that was run over")]
    lines += [(20.0, 70, "", 10, "two years at four hospitals in three countries in Europe.")]
    path = placed_pdf(tmp_path / "cap.pdf", lines)
    assert read_full_text(path, "cap.pdf").text.split("\n\n") == [
        " ".join(["J" + body[0], *body[1:]]),
        "Methods and patients",
        "We enrolled one hundred patients in the trial that was run over two years at four hospitals "
        "in three countries in Europe.",
    ]


async def test_the_attach_picker_tells_copies_apart_and_offers_the_record_on_screen_first(trial_review, tmp_path):
    """The same title three times, nothing to tell them apart, and "(by given)" (#25): each
    record now shows its year, first author, file and id, the one on screen first."""
    stray = article_pdf(tmp_path / "scan.pdf", "Scanned letter", [("Nothing here.", "At all.")])
    app = make_app(trial_review)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("s")  # Screening, on the first record
        await settle(pilot)
        current = app.screen.screening.current
        await pilot.press("A", *str(stray), "enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "Link scan.pdf to which record?" in shown
        listed = [line for line in shown.splitlines() if "·" in line and "search.ris" in line]
        assert current.title in listed[0] and "on screen · 2021 · Smith, J. · search.ris" in listed[0]
        assert current.id in shown and "nearest" in listed[1]  # the nearest titles next
        await pilot.press("enter")  # the one on screen
        await settle(pilot)
        assert "(as you chose)" in screen_text(app)


def test_claims_and_exports_place_each_claim_on_the_text_as_it_is_now(trial_review, tmp_path, capsys):
    """A full text replaced with a changed copy: `claims --json` and the exports gave the old
    offsets, still 'anchored', until the Reader opened it (a trial found it)."""
    from reviewer.annotating.placing import new_claim
    from tests.conftest import run_cli

    record = trial_review.records()[0]
    first = tmp_path / "first.txt"
    first.write_text("Results. The risk was 4.62 times higher after cement.\n", encoding="utf-8")
    attach(trial_review, [first], to=record.id)
    text = trial_review.full_text_of(record).text
    start = text.index("4.62 times")
    store = trial_review.open_store("alice", "Alice")
    store.put_claim(new_claim(record.id, "Alice", text, start, start + len("4.62 times"), ("safety",)))
    store.close()
    changed = tmp_path / "changed.txt"
    changed.write_text(
        "A paragraph added above.\n\nResults. The risk was 4.62 times higher after cement.\n", encoding="utf-8"
    )
    attach(trial_review, [changed], to=record.id, replace=True)
    now = trial_review.full_text_of(record).text
    root = str(trial_review.root)
    code, out, _ = run_cli(capsys, "claims", "--json", "--review", root, "--reviewer", "Alice")
    [claim] = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and claim["status"] == "anchored"
    assert now[claim["start"] : claim["end"]] == "4.62 times" == claim["exact"] and claim["start"] > start
    code, out, _ = run_cli(capsys, "export", "--format", "json", "--review", root, "--reviewer", "Alice")
    assert code == 0 and f'"start": {claim["start"]}' in out


def test_a_full_text_of_a_copy_set_aside_goes_to_the_record_kept(tmp_path, capsys):
    """Matched (or given) to a duplicate set aside, a full text landed on it, where nobody
    screens, and the kept record could get a second one (a trial found it)."""
    from reviewer.importing.files import import_file

    review = init_review(tmp_path / "r")
    for name in ("ovid-medline.ris", "pubmed.nbib"):  # PubMed's copies are set aside for Ovid's
        import_file(review, FIXTURES / name)
    aside = next(r.id for r in review.records() if r.source == "pubmed.nbib")
    kept = review.same_study[aside]
    text = tmp_path / "trial.txt"
    text.write_text("Results. Pain fell by half.\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "attach", str(text), "--to", aside, "--review", str(review.root), "--json")
    assert code == 0 and json.loads(out)["record"] == kept
    assert review.full_text_path(kept) is not None and review.full_text_path(aside) is None
