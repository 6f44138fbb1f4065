"""Extraction forms headless: defined in review.toml, answered with `extract` (typed, citing a
quote), compared across reviewers, settled, exported (#27)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reviewer.domain.decision import Decision
from reviewer.persistence.store import load_tables
from tests.conftest import TEXT, name_adjudicators, run_cli


def cli(capsys, review, *args):
    return run_cli(capsys, *args, "--review", str(review.root))


def extract(capsys, review, record, form, name, *answers_and_options):
    """`reviewer extract RECORD --form FORM --reviewer NAME --set A ...` (options after "--quote" as given)."""
    sets, options = list(answers_and_options), []
    if "--quote" in sets:
        at = sets.index("--quote")
        sets, options = sets[:at], sets[at:]
    setting = [part for answer in sets for part in ("--set", answer)]
    return cli(capsys, review, "extract", record, "--form", form, "--reviewer", name, *setting, *options)


def answers_in_file(review, slug="alice"):
    return {doc["field"]: doc for doc in load_tables(review.annotations_dir, slug)["answers"].values()}


def test_the_issues_form_syntax_is_listed_beside_the_built_in_tools(capsys, trial):
    review, _ = trial
    code, out, _ = cli(capsys, review, "forms", "--json")
    forms = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [f["key"] for f in forms] == ["study", "rob2", "robins-i"]
    design = forms[0]["fields"][0]
    assert design == {
        "key": "design",
        "label": "Design",
        "type": "choice",
        "section": "",
        "help": "",
        "choices": ["RCT", "cohort", "case-control", "case series"],
    }
    assert [f["key"] for f in forms[1]["fields"]][:3] == ["1.1", "1.2", "1.3"]


def test_answers_are_typed_saved_at_once_and_cite_their_quote(capsys, trial):
    review, record = trial
    code, out, err = cli(
        capsys, review, "extract", record, "--form", "study", "--reviewer", "Alice",
        "--set", "design=rct", "--set", "participants=131", "--quote", "We randomly assigned 131 patients",
    )  # fmt: skip
    assert code == 0, err
    assert "study participants = 131 · citing «We randomly assigned 131 patients»" in out
    stored = answers_in_file(review)
    assert stored["design"]["value"] == "RCT" and stored["design"]["start"] == -1  # the choice as the form writes it
    quoted = stored["participants"]
    assert quoted["value"] == 131 and TEXT[quoted["start"] : quoted["end"]] == "We randomly assigned 131 patients"
    code, out, _ = cli(capsys, review, "extract", record, "--form", "study", "--reviewer", "Alice", "--json")
    assert json.loads(out) == {
        "record": record,
        "form": "study",
        "reviewer": "Alice",
        "answers": {
            "design": {"value": "RCT", "quote": None, "page": None, "note": None},
            "participants": {"value": 131, "quote": "We randomly assigned 131 patients", "page": None, "note": None},
        },
        "judgements": {},
    }


@pytest.mark.parametrize(
    ("assignment", "quote", "message"),
    [
        ("participants=many", None, "Participants randomised: a whole number, not 'many'"),
        ("design=RCTs", None, "Design: 'RCTs' is not one of RCT, cohort, case-control, case series"),
        ("arms=2", None, "form 'study' has no field 'arms'"),
        ("country=USA", "treated with acupuncture", "the quote 'treated with acupuncture' is not in the text of"),
    ],
)
def test_a_wrong_answer_is_refused_with_one_message_and_nothing_is_saved(capsys, trial, assignment, quote, message):
    review, record = trial
    args = ["extract", record, "--form", "study", "--reviewer", "Alice", "--set", assignment]
    code, out, err = cli(capsys, review, *args, *(["--quote", quote] if quote else []))
    assert code == 1 and message in err and "Traceback" not in err
    assert not (review.annotations_dir / "alice.json").exists()  # refused before anything was opened


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ('[[forms]]\nkey = "x"\n[[forms.fields]]\nkey = "n"\ntype = "float"\n', "field n: type 'float' is not one of"),
        ('[[forms]]\nkey = "y"\n[[forms.fields]]\nkey = "arm"\ntype = "choice"\n', "a choice field needs choices"),
        ('[[forms]]\nkey = "study"\n[[forms.fields]]\nkey = "n"\n', "the form key 'study' is used twice"),
        ('[[forms]]\nkey = "z"\nstage = "fulltext"\n[[forms.fields]]\nkey = "n"\n', "stage 'fulltext' is not one of"),
        (
            '[[forms]]\nkey = "w"\n[[forms.fields]]\nkey = "design"\ntype = "choice"\nchoices = ["a", "a"]\n',
            "listed twice",
        ),
        ('[[forms]]\nkey = "v"\n[[forms.fields]]\nkey = "n"\n[[forms.fields]]\nkey = "n"\n', "'n' is used twice"),
    ],
)
def test_a_form_with_a_mistake_is_named_with_its_line(capsys, trial, definition, message):
    review, _ = trial
    toml = review.root / "review.toml"
    before = toml.read_text(encoding="utf-8")
    toml.write_text(before + definition, encoding="utf-8")
    code, _, err = cli(capsys, review, "forms")
    assert code == 1 and message in err and "review.toml:" in err
    lines = before.count("\n")
    where = {"float": 5, "fulltext": 3, "listed twice": 6, "'n' is used twice": 6, "choices": 4}
    for words, line in where.items():  # the line of the mistake, never one of another table's
        if words in message:
            assert f"review.toml:{lines + line}:" in err


def test_an_answer_to_a_field_removed_from_the_form_is_kept_and_shown_orphaned(capsys, trial):
    review, record = trial
    cli(capsys, review, "extract", record, "--form", "study", "--reviewer", "Alice", "--set", "country=USA")
    toml = review.root / "review.toml"
    toml.write_text(
        toml.read_text().replace('key = "country"\nlabel = "Country"\n', 'key = "site"\n'), encoding="utf-8"
    )
    code, out, _ = cli(capsys, review, "extract", record, "--form", "study", "--reviewer", "Alice")
    assert code == 0 and "country (orphaned: no such field in the form now): USA" in out
    assert answers_in_file(review)["country"]["value"] == "USA"


def test_dual_extraction_disagreements_are_listed_then_settled(capsys, trial):
    review, record = trial
    name_adjudicators(review, "Dana")
    for name, design, n in (("Alice", "RCT", "131"), ("Bob", "cohort", "131")):
        cli(
            capsys,
            review,
            "extract",
            record,
            "--form",
            "study",
            "--reviewer",
            name,
            "--set",
            f"design={design}",
            "--set",
            f"participants={n}",
        )
    code, _, err = cli(capsys, review, "extract", "--disagreements", "--reviewer", "Bob")
    assert code == 1 and "only its adjudicators may" in err  # blind: Bob may not see Alice's answers
    code, out, _ = cli(capsys, review, "extract", "--disagreements", "--reviewer", "Dana", "--json")
    assert [json.loads(line) for line in out.splitlines()] == [
        {"record": record, "form": "study", "field": "design", "values": {"alice": "RCT", "bob": "cohort"}}
    ]
    code, _, err = cli(
        capsys, review, "extract", record, "--form", "study", "--reviewer", "Bob", "--settle", "--set", "design=RCT"
    )
    assert code == 1 and "--settle is for its adjudicators" in err
    cli(capsys, review, "extract", record, "--form", "study", "--reviewer", "Dana", "--settle", "--set", "design=RCT")
    code, out, err = cli(capsys, review, "extract", "--disagreements", "--reviewer", "Dana")
    assert out == "" and "no disagreements" in err
    code, out, _ = cli(capsys, review, "extract", record, "--form", "study", "--reviewer", "Bob", "--json")
    assert json.loads(out)["answers"]["design"]["value"] == "cohort"  # Bob's own answer stays his
    code, out, _ = cli(capsys, review, "export", "--format", "extraction-long-csv", "--reviewer", "Bob")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["reviewer"], r["role"], r["value"]) for r in rows} == {
        ("Bob", "reviewer", "cohort"),
        ("Bob", "reviewer", "131"),
        ("Dana", "adjudicator", "RCT"),
    }  # blind: Alice's answers are not Bob's to see; the settlement is the team's


def test_the_outcomes_template_gives_rows_meta_reads(capsys, trial):
    review, record = trial
    code, out, _ = cli(capsys, review, "forms", "--add", "outcomes")
    assert code == 0 and "added the form 'outcomes'" in out
    sets = []
    for row, (arm, role, n, events) in enumerate(
        [("cement", "intervention", 68, 12), ("sham", "comparator", 63, 9)], 1
    ):
        sets += [
            f"results.{row}.outcome=new fracture",
            f"results.{row}.timepoint=12 months",
            f"results.{row}.arm={arm}",
        ]
        sets += [f"results.{row}.role={role}", f"results.{row}.n={n}", f"results.{row}.events={events}"]
    args = [arg for assignment in sets for arg in ("--set", assignment)]
    assert cli(capsys, review, "extract", record, "--form", "outcomes", "--reviewer", "Alice", *args)[0] == 0
    code, out, _ = cli(capsys, review, "export", "--format", "effects-csv", "--reviewer", "Alice")
    assert list(csv.reader(io.StringIO(out)))[1][2:12] == [
        "new fracture", "12 months", "cement", "sham", "68", "12", "", "", "63", "9",
    ]  # fmt: skip


def test_the_extraction_table_has_a_row_per_included_study_with_quotes_and_judgements(capsys, trial):
    """One row per record included at full text: each field's team value, its quote and page,
    and the risk-of-bias judgements derived from the signalling answers."""
    review, record = trial
    store = review.open_store("alice", "Alice")
    for stage in ("title-abstract", "full-text"):
        store.put_decision(Decision(record, "Alice", stage, "include"))
    store.close()
    quote = "We randomly assigned 131 patients"
    extract(capsys, review, record, "study", "Alice", "participants=131", "--quote", quote)
    extract(capsys, review, record, "rob2", "Alice", "1.1=Y", "1.2=Y", "1.3=N")
    code, out, _ = cli(capsys, review, "export", "--format", "extraction-csv", "--reviewer", "Alice")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 1
    row = rows[0]
    assert (row["record"], row["study.participants"], row["study.participants quote"]) == (record, "131", quote)
    assert (row["rob2.1.1"], row["rob2.judgement.D1"], row["study.design"]) == ("Y", "low", "")
    judged = [column for column in row if column.startswith("rob2.judgement.")]  # every domain, judged or not
    assert judged == [f"rob2.judgement.{d}" for d in ("D1", "D2", "D3", "D4", "D5", "overall")]
    assert row["rob2.judgement.D2"] == ""


def test_a_record_only_included_at_title_abstract_is_no_study_to_extract_from_yet(capsys, trial):
    """Included at title-abstract and not yet decided at full text, without answers: not a row
    (a trial found it listed, against the README's "included at full text")."""
    review, record = trial
    store = review.open_store("alice", "Alice")
    store.put_decision(Decision(record, "Alice", "title-abstract", "include"))
    store.close()
    code, out, _ = cli(capsys, review, "export", "--format", "extraction-csv", "--reviewer", "Alice")
    assert code == 0 and list(csv.DictReader(io.StringIO(out))) == []
    store = review.open_store("alice", "Alice")
    store.put_decision(Decision(record, "Alice", "full-text", "include"))
    store.close()
    code, out, _ = cli(capsys, review, "export", "--format", "extraction-csv", "--reviewer", "Alice")
    assert [row["record"] for row in csv.DictReader(io.StringIO(out))] == [record]


def test_the_evidence_tables_carry_the_answers_and_the_risk_of_bias(capsys, trial):
    review, record = trial
    cli(capsys, review, "extract", record, "--form", "study", "--reviewer", "Alice", "--set", "country=<b>USA</b> | 1")
    extract(capsys, review, record, "rob2", "Alice", "1.1=N", "1.2=N", "1.3=Y")
    code, out, _ = cli(capsys, review, "export", "--format", "md", "--reviewer", "Alice")
    assert "### Study characteristics" in out and "&lt;b\\>USA&lt;/b\\> \\| 1" in out
    assert "| Study | D1 | Overall |" in out and "| Vertebroplasty for osteoporotic fractures | high | high |" in out
    code, out, _ = cli(capsys, review, "export", "--format", "html", "--reviewer", "Alice")
    assert "<th>Country</th>" in out and "<td>high</td>" in out and "<b>USA" not in out


def test_overriding_a_derived_judgement_needs_its_reason(capsys, trial):
    review, record = trial
    args = ["extract", record, "--form", "rob2", "--reviewer", "Alice"]
    cli(capsys, review, *args, "--set", "1.1=Y", "--set", "1.2=Y", "--set", "1.3=N")
    code, _, err = cli(capsys, review, *args, "--set", "D1=high")
    assert code == 1 and "rob2 D1 is derived from the answers: overriding it needs its reason" in err
    cli(capsys, review, *args, "--set", "D1=high", "--note", "baseline imbalance in age the authors discount")
    code, out, _ = cli(capsys, review, *args, "--json")
    assert json.loads(out)["judgements"] == {"D1": "high", "overall": "high"}  # the override counts, and makes it high
    assert answers_in_file(review)["D1"]["note"] == "baseline imbalance in age the authors discount"


def test_an_override_against_a_colleagues_derived_judgement_is_a_disagreement(capsys, trial):
    """Ana overrode D5 ("some concerns"); Bo's answers derive "low": the team has no D5 until an
    adjudicator settles it, and the plot does not show Ana's as the team's (#27)."""
    review, record = trial
    name_adjudicators(review, "Dana")
    rob2 = ["extract", record, "--form", "rob2", "--reviewer"]
    cli(capsys, review, *rob2, "Ana", "--set", "D5=some concerns", "--note", "no protocol")
    cli(capsys, review, *rob2, "Bo", "--set", "5.1=Y", "--set", "5.2=N", "--set", "5.3=N")
    code, out, _ = cli(capsys, review, "extract", "--disagreements", "--reviewer", "Dana")
    assert code == 0 and "rob2 D5" in out
    assert "Ana: some concerns (no protocol)" in out and "Bo: low (derived" in out
    code, out, _ = cli(capsys, review, "rob", "--form", "rob2", "--format", "csv", "--reviewer", "Dana")
    assert "Some concerns" not in out and ",Low," not in out  # D5 is open: neither reviewer's
    cli(capsys, review, *rob2, "Dana", "--settle", "--set", "D5=low", "--note", "protocol found")
    code, out, _ = cli(capsys, review, "extract", "--disagreements", "--reviewer", "Dana")
    assert "D5" not in out


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400"])
def test_a_number_that_is_not_finite_is_refused(capsys, trial, value):
    review, record = trial
    with (review.root / "review.toml").open("a", encoding="utf-8") as toml:
        toml.write('[[forms]]\nkey = "effects"\n[[forms.fields]]\nkey = "effect"\ntype = "number"\n')
    args = ["extract", record, "--form", "effects", "--reviewer", "Ana", "--set", f"effect={value}"]
    code, _, err = cli(capsys, review, *args)
    assert code == 1 and "a finite number" in err and "Traceback" not in err


def test_a_cited_quote_follows_its_text_when_the_text_changes(capsys, trial):
    """Answers are anchored as claims are: `check` finds a quote that moved, `--fix` moves it, and a
    quote no longer there is said while the answer stands (#27)."""
    review, record = trial
    quote = "Pain at one month improved similarly in both groups."
    cli(
        capsys,
        review,
        "extract",
        record,
        "--form",
        "study",
        "--reviewer",
        "Ana",
        "--set",
        "country=USA",
        "--quote",
        quote,
    )
    source = review.corpus_dir / "kallmes.txt"
    source.write_text(source.read_text().replace("Vertebroplasty for", "A trial of vertebroplasty for"))
    code, out, _ = cli(capsys, review, "check")
    assert "the quote it cites moved in the changed text" in out
    cli(capsys, review, "check", "--fix")
    stored = answers_in_file(review, "ana")["country"]
    assert source.read_text()[stored["start"] : stored["end"]] == quote
    source.write_text(source.read_text().replace(quote, "Pain was not measured."))
    code, out, _ = cli(capsys, review, "check")
    assert "the quote it cites is not in the text now (the answer stands)" in out
    assert answers_in_file(review, "ana")["country"]["value"] == "USA"


def test_forms_in_files_beside_review_toml(capsys, trial):
    """review.toml may name files of forms in its forms/ folder (shared by sync); a mistake in
    one names that file and its line."""
    review, record = trial
    (review.root / "forms").mkdir()
    extra = review.root / "forms" / "outcomes.toml"
    extra.write_text('[[forms]]\nkey = "harms"\n[[forms.fields]]\nkey = "events"\ntype = "integer"\n')
    config = review.root / "review.toml"
    config.write_text('form_files = ["forms/outcomes.toml"]\n' + config.read_text())
    code, out, _ = cli(capsys, review, "forms")
    assert code == 0 and "harms: harms (1 field)" in out and "study: Study characteristics" in out
    assert extract(capsys, review, record, "harms", "Ana", "events=3")[0] == 0
    extra.write_text('[[forms]]\nkey = "harms"\n[[forms.fields]]\nkey = "events"\ntype = "count"\n')
    code, _, err = cli(capsys, review, "forms")
    assert code == 1 and "forms/outcomes.toml:5: form harms, field events: type 'count'" in err
    config.write_text(config.read_text().replace('"forms/outcomes.toml"', '"../elsewhere.toml"'))
    code, _, err = cli(capsys, review, "forms")
    assert code == 1 and "is not in the review's forms/ folder" in err


def test_setting_answers_with_json_prints_each_as_json(capsys, trial):
    """--json was ignored with --set (a trial found it)."""
    review, record = trial
    args = ["extract", record, "--form", "study", "--reviewer", "Alice", "--set", "participants=131", "--json"]
    code, out, _ = cli(capsys, review, *args)
    [doc] = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and (doc["record"], doc["field"], doc["value"]) == (record, "participants", 131)


def test_a_judgement_one_reviewer_reached_before_the_other_is_not_the_teams(capsys, trial):
    """Alice judged D1 only; Bob judged D1 alike and D2 too. The team has D1, not Bob's D2
    alone (the team's figure showed it; a trial found it)."""
    review, record = trial
    review.config_path.write_text(review.config_path.read_text().replace("blind = true", "blind = false"))
    store = review.open_store("alice", "Alice")
    for stage in ("title-abstract", "full-text"):
        store.put_decision(Decision(record, "Alice", stage, "include"))
    store.close()
    extract(capsys, review, record, "rob2", "Alice", "1.1=Y", "1.2=Y", "1.3=N")
    extract(capsys, review, record, "rob2", "Bob", "1.1=Y", "1.2=Y", "1.3=N", "2.1=N", "2.2=N", "2.6=Y")
    code, out, _ = cli(capsys, review, "export", "--format", "extraction-csv", "--reviewer", "Alice")
    [row] = csv.DictReader(io.StringIO(out))
    assert (row["rob2.judgement.D1"], row["rob2.judgement.D2"]) == ("low", "")
