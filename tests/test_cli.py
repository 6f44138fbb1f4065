import json
import subprocess
import sys

import pytest

from reviewer.review.identity import reviewer_name, slug
from tests.conftest import CAVEAT_SENTENCE, FIXTURES, make_app, run_cli, screen_text, settle


def test_records_json_prints_one_object_per_record(capsys, review):
    code, out, _ = run_cli(capsys, "records", "--review", str(review.root), "--json")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [
        "file:vertebroplasty-adjacent-fractures.txt",
        "file:vertebroplasty-sham-controlled-trial.txt",
    ]
    assert records[0]["title"] == "Back Procedure Can Make Matters Worse"
    assert set(records[0]) >= {"id", "title", "authors", "year", "doi", "pmid", "abstract", "source"}


async def test_claims_json_prints_every_reviewers_claims(capsys, review):
    for name in ("Alice", "Bob"):
        async with make_app(review, name).run_test() as pilot:
            await pilot.press("enter", "slash", *"absolute proof", "enter", "s", "3", "q")
    # blind (the default): each reviewer lists only their own claims, and is told so
    code, out, err = run_cli(capsys, "claims", "--review", str(review.root), "--json", "--reviewer", "Bob")
    assert code == 0 and [json.loads(line)["reviewer"] for line in out.splitlines()] == ["Bob"]
    assert "blind review" in err
    review.config_path.write_text(
        review.config_path.read_text(encoding="utf-8").replace("blind = true", "blind = false"), encoding="utf-8"
    )
    code, out, _ = run_cli(capsys, "claims", "--review", str(review.root), "--json", "--reviewer", "Bob")
    claims = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert sorted(c["reviewer"] for c in claims) == ["Alice", "Bob"]
    assert {c["exact"] for c in claims} == {CAVEAT_SENTENCE}
    assert set(claims[0]) >= {
        "id",
        "record",
        "reviewer",
        "tags",
        "note",
        "exact",
        "prefix",
        "suffix",
        "start",
        "end",
        "created",
        "modified",
    }


def test_init_makes_a_review_and_refuses_to_overwrite_one(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "init", str(tmp_path / "r"), "--name", 'My "big" review')
    assert code == 0 and "created review" in out
    assert (tmp_path / "r" / "corpus").is_dir() and (tmp_path / "r" / "annotations").is_dir()
    code, _, err = run_cli(capsys, "records", "--review", str(tmp_path / "r"))
    assert code == 0
    code, _, err = run_cli(capsys, "init", str(tmp_path / "r"))
    assert code == 1 and err == f"reviewer: {tmp_path / 'r'} is a review already (review.toml exists)\n"


def test_bad_input_gives_one_clear_line_and_a_non_zero_exit(capsys, tmp_path):
    code, _, err = run_cli(capsys, "records", "--review", str(tmp_path))
    assert code == 1
    assert err.count("\n") == 1 and "is not a review" in err and "reviewer init" in err
    (tmp_path / "review.toml").write_text("name = [unclosed", encoding="utf-8")
    code, _, err = run_cli(capsys, "claims", "--review", str(tmp_path))
    assert code == 1 and err.startswith(f"reviewer: {tmp_path / 'review.toml'}:")


def test_a_second_app_on_the_same_reviewer_file_is_refused(capsys, review):
    first = review.open_store("alice", "Alice")
    try:
        code, _, err = run_cli(capsys, str(review.root), "--reviewer", "Alice")
    finally:
        first.close()
    assert code == 1
    assert "alice.json is open in another reviewer window" in err


def test_version_and_help_run_as_a_real_command():
    version = subprocess.run([sys.executable, "-m", "reviewer", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("reviewer 0.")
    helped = subprocess.run([sys.executable, "-m", "reviewer", "--help"], capture_output=True, text=True)
    assert helped.returncode == 0
    assert all(command in helped.stdout for command in ("init", "records", "claims"))


def test_reviewer_name_comes_from_flag_then_env_then_git_then_login(monkeypatch, tmp_path):
    git_config = tmp_path / "gitconfig"
    git_config.write_text("[user]\n\tname = Gita Git\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(git_config))
    monkeypatch.setenv("REVIEWER", "Eve Env")
    assert reviewer_name("Fay Flag") == "Fay Flag"
    assert reviewer_name(None) == "Eve Env"
    monkeypatch.delenv("REVIEWER")
    assert reviewer_name(None) == "Gita Git"
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "none"))
    monkeypatch.setenv("USER", "loginname")
    monkeypatch.setenv("LOGNAME", "loginname")
    assert reviewer_name(None) == "loginname"


@pytest.mark.parametrize(
    "name, expected",
    [("Ana María", "ana-maría"), ("ana  maría", "ana-maría"), ("Jose\u0301", "josé"), ("../../etc", "etc")],
)
def test_reviewer_file_names_are_safe_and_one_per_person(name, expected):
    assert slug(name) == expected


@pytest.mark.parametrize("name", ["", "   ", "---", "../"])
def test_a_name_with_nothing_to_name_a_file_by_is_refused(name, capsys, review):
    code, _, err = run_cli(capsys, "claims", "--review", str(review.root), f"--reviewer={name}")
    assert code == 1 and err.startswith("reviewer: ") and "name" in err


def test_a_command_run_outside_any_review_says_it_used_the_sample(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, "records")
    assert code == 0 and out and "no review here: this is the bundled sample" in err


def test_importing_an_empty_file_says_so_and_stores_nothing(capsys, tmp_path):
    from reviewer.review.folder import init_review

    review = init_review(tmp_path / "r")
    empty = tmp_path / "export.ris"
    empty.write_text("  \n", encoding="utf-8")
    code, _, err = run_cli(capsys, "import", str(empty), "--review", str(review.root))
    assert code == 1 and "the file is empty; nothing imported" in err
    assert list(review.corpus_dir.iterdir()) == []


def test_simulate_says_why_it_cannot_run_instead_of_a_traceback(capsys):
    from tests.conftest import FIXTURES, run_cli

    code, _, err = run_cli(capsys, "simulate", str(FIXTURES / "asreview.csv"))  # two labelled records: both priors
    assert code == 1 and "take all 2 labelled records: nothing is left to screen" in err
    code, _, err = run_cli(capsys, "simulate", str(FIXTURES / "cohen-triptans-excerpt.csv"), "--seed", "-5")
    assert code == 1 and "--seed is a whole number from 0 up, not -5" in err


def test_import_claims_names_a_damaged_colleague_file_as_every_command_does(review, capsys, tmp_path):
    from tests.conftest import run_cli

    (review.annotations_dir / "bob.json").write_text('{"decisions": {', encoding="utf-8")
    empty = tmp_path / "none.jsonld"
    empty.write_text('{"type": "AnnotationCollection", "items": []}', encoding="utf-8")
    code, out, err = run_cli(capsys, "import-claims", str(empty), "--review", str(review.root), "--reviewer", "Alice")
    assert code == 0 and "0 claims read" in out and "bob.json" in err


def test_a_reviewer_variable_of_only_spaces_is_refused_not_replaced_by_another_name(review, capsys, monkeypatch):
    from tests.conftest import run_cli

    monkeypatch.setenv("REVIEWER", "   ")
    code, _, err = run_cli(capsys, "stats", "--review", str(review.root))
    assert code == 1 and "$REVIEWER is only spaces" in err


def test_commands_say_plainly_when_they_found_or_did_nothing(review, capsys, tmp_path):
    """#25: attach with nothing attached fails; search with no match says so; rank before any
    ranking does not claim a relevance order; agreement's spans read as words; a blind view is
    named with whose it is."""
    from tests.conftest import FIXTURES, run_cli

    root = str(review.root)
    stray = tmp_path / "unrelated.txt"
    stray.write_text("Nothing to do with any record here.\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "attach", str(stray), "--review", root)
    assert code == 1 and "0 of 1 files attached" in err
    code, out, err = run_cli(capsys, "search", "zzyzzyva", "--review", root)
    assert code == 0 and out == "" and "nothing matches 'zzyzzyva'" in err
    run_cli(capsys, "import", str(FIXTURES / "embase-vertebroplasty.ris"), "--review", root)
    review.open_store("bo", "Bo").close()  # a colleague: Ana's view is hers alone (alone, nothing is hidden)
    code, out, err = run_cli(capsys, "rank", "--review", root, "--reviewer", "Ana")
    assert code == 0 and "in file order" in out and "likely included" not in out
    assert "blind review: showing what Ana may see" in err


async def test_a_record_without_a_title_is_shown_as_such_in_rank_and_the_library(capsys, review):
    root = str(review.root)
    run_cli(capsys, "import", str(FIXTURES / "endnote-messy.ris"), "--review", root)
    code, out, _ = run_cli(capsys, "rank", "--review", root, "--reviewer", "alice")
    assert code == 0 and "· (no title)" in out  # not an id followed by nothing
    app = make_app(review, "alice")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert "(no title)" in screen_text(app)


async def test_a_record_with_nothing_to_read_says_how_to_decide_it_in_screening(capsys, review, tmp_path):
    blank = tmp_path / "blank.ris"
    blank.write_text("TY  - JOUR\nAU  - Doe, Jane\nPY  - 2001\nER  - \n", encoding="utf-8")
    run_cli(capsys, "import", str(blank), "--review", str(review.root))
    app = make_app(review, "alice")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        for _ in range(3):  # the sample's two records and this one, in file order
            if "(no title)" in screen_text(app):
                break
            await pilot.press("j")
            await settle(pilot)
        assert "(no abstract either: look the record up by its id to decide)" in screen_text(app)


def test_a_wrong_option_is_answered_with_the_commands_own_usage(capsys):
    with pytest.raises(SystemExit) as stopped:
        run_cli(capsys, "import", "export.ris", "--reviewer", "alice")  # import takes --as-reviewer
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert "usage: reviewer import" in err and "--as-reviewer NAME" in err
    assert "unrecognized arguments: --reviewer alice" in err
