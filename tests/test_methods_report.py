"""The methods appendix (`reviewer report`): the machine's part and the people's, as RAISE and
PRISMA 2020 items 8 and 16 ask, read from the review's state (#29)."""

from __future__ import annotations

import json

from reviewer.export import methods_report
from reviewer.persistence.store import load_tables
from reviewer.team.state import ReviewState
from tests.conftest import RECORDS, RELEVANT, make_app, name_adjudicators, run_cli, settle


def cli(capsys, review, *args):
    return run_cli(capsys, *args, "--review", str(review.root))


def test_the_report_says_the_model_the_stopping_rule_and_every_decision(capsys, screened):
    review, _, decided = screened
    cli(capsys, review, "end-screening", "--reviewer", "Alice")
    code, out, _ = cli(capsys, review, "report", "--format", "json", "--reviewer", "Alice", "--simulate")
    data = json.loads(out)
    assert code == 0 and data["software"]["reviewer"] and data["software"]["scikit-learn"]
    assert "C = 0.25" in data["prioritisation"]["model"]["classifier"]
    ended = data["stopping"]["ended"]
    assert ended["by"] == "Alice" and ended["records_marked"] == RECORDS - decided and "p = " in ended["statistic"]
    assert data["identification"]["marked_ineligible_by_automation"] == RECORDS - decided
    assert [d["n"] for d in data["decisions"]] == list(range(1, decided + 1))  # every decision, in the order made
    assert data["decisions"][0]["decision"] == "include" and data["decisions"][-1]["decision"] == "exclude"
    replay = data["replay"]
    assert replay["done"] and (replay["records"], replay["relevant"]) == (decided, RELEVANT)
    assert replay["buscar_screened"] <= replay["stopping_screened"]  # the aid's stop comes after the sample
    assert data["screening"]["title-abstract"]["included"] == RELEVANT
    assert [event["ended"] for event in data["stopping"]["history"]] == [True]
    code, out, _ = cli(capsys, review, "report", "--reviewer", "Alice")
    assert "## Prioritisation (RAISE)" in out and f"the {RECORDS - decided} records left unscreened" in out
    assert out.count("\n| ") == decided + 2  # the header, its rule and a row per decision
    code, out, _ = cli(capsys, review, "report", "--format", "html", "--reviewer", "Alice")
    assert out.startswith("<!DOCTYPE html>") and "<table>" in out


def test_in_a_blind_team_the_report_is_for_the_adjudicators(capsys, screened):
    review, ids, _ = screened
    name_adjudicators(review, "Dana")
    store = review.open_store("bob", "Bob")
    store.close()
    code, _, err = cli(capsys, review, "report", "--reviewer", "Bob")
    assert code == 1 and "only its adjudicators may" in err
    assert cli(capsys, review, "report", "--reviewer", "Dana")[0] == 0


async def test_a_decision_keeps_how_screening_offered_the_record(review):
    """Before the model can rank, records come in file order (the priors); once it can, in its
    order: each decision keeps which, and the report counts the priors."""
    from reviewer.importing.files import import_file
    from tests.conftest import FIXTURES

    import_file(review, FIXTURES / "cohen-triptans-excerpt.csv")
    app = make_app(review)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s", "i")  # the first record: before any ranking
        await settle(pilot)
        await pilot.press("e", "1")  # the model can rank after this one (an include and an exclude)
        await settle(pilot)
        await pilot.press("e", "1")  # offered by the ranking
        await settle(pilot)
    decisions = sorted(load_tables(review.annotations_dir, "alice")["decisions"].values(), key=lambda d: d["at"])
    assert [d["offered"] for d in decisions] == ["file", "file", "relevance"]
    data = methods_report.report_data(ReviewState.read(review, "alice"))
    assert [prior["decision"] for prior in data["prioritisation"]["priors"]["Alice"]] == ["include", "exclude"]
    assert data["prioritisation"]["offered"]["Alice"] == {"file": 2, "relevance": 1}


def test_the_agreement_of_two_reviewers_is_reported_in_every_format(capsys, screened):
    """Two reviewers screening the same records: the report's agreement section, in Markdown
    and HTML as in JSON (Markdown and HTML read a key JSON does not have, and crashed)."""
    from reviewer.domain.decision import Decision

    review, ids, _ = screened
    name_adjudicators(review, "Dana")  # a blind review: the report is theirs
    alices = {d["record"]: d["decision"] for d in load_tables(review.annotations_dir, "alice")["decisions"].values()}
    store = review.open_store("bob", "Bob")
    for number, record_id in enumerate(ids[:4]):  # the same as alice's on three, the other on the fourth
        flipped = {"include": "exclude", "exclude": "include"}[alices[record_id]]
        store.put_decision(Decision(record_id, "Bob", "title-abstract", flipped if number == 3 else alices[record_id]))
    store.close()
    code, out, _ = cli(capsys, review, "report", "--format", "json", "--reviewer", "Dana")
    (pair,) = json.loads(out)["agreement"]["title-abstract"]
    assert code == 0 and pair["records_both_screened"] == 4 and pair["agreed"] == 3
    kappa = f"κ {pair['cohen_kappa']:.2f}"
    for form in ("md", "html"):
        code, out, err = cli(capsys, review, "report", "--format", form, "--reviewer", "Dana")
        assert code == 0, err
        assert f"title-abstract, Alice and Bob: 3 of 4 agreed, {kappa}" in out
    assert cli(capsys, review, "adjudicate", ids[3], "exclude", "--reviewer", "Dana")[0] == 0
    code, out, _ = cli(capsys, review, "report", "--format", "json", "--reviewer", "Dana")
    assert set(json.loads(out)["prioritisation"]["offered"]) == {"Alice", "Bob"}  # Dana settled, screened none
