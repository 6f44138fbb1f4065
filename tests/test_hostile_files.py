"""Nothing lost, nothing let in, round two: symlinks, escape sequences from colleagues,
damaged journals and caches, files of the wrong shape, leftovers (one test per finding)."""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.domain.claim import Claim
from reviewer.domain.decision import Decision
from reviewer.export.claims_csv import safe_cell
from reviewer.importing.files import import_file
from reviewer.persistence import record_cache
from reviewer.persistence.journal import JournalError
from reviewer.persistence.store import StoreError, load_tables
from reviewer.review.config import ConfigError, load_config
from reviewer.review.folder import init_review, open_review
from reviewer.review.identity import slug
from reviewer.search.index import SearchIndex, index_path, open_index
from reviewer.text.display import displayable
from tests.conftest import FIXTURES, run_cli

ESCAPES = "\x1b]0;PWNED\x07\x1b]52;c;cHduZWQ=\x07"


@pytest.fixture
def team(tmp_path):
    review = init_review(tmp_path / "r")
    import_file(review, FIXTURES / "embase-vertebroplasty.ris")
    return review


# The review folder is the only place written ------------------------------------------------------


def test_a_journal_that_links_outside_is_refused_and_its_target_untouched(team, tmp_path, capsys):
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me\n")
    (team.annotations_dir / "alice.journal").symlink_to(outside)
    code, _, err = run_cli(
        capsys, "import", str(FIXTURES / "asreview.csv"), "--review", str(team.root), "--as-reviewer", "alice"
    )
    assert code == 1 and "alice.journal is a symbolic link" in err
    assert outside.read_text() == "keep me\n"


def test_a_lock_that_links_outside_is_refused_and_its_target_untouched(team, tmp_path):
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me\n")
    (team.annotations_dir / "alice.lock").symlink_to(outside)
    with pytest.raises(StoreError, match="alice.lock is a symbolic link"):
        team.open_store("alice", "Alice")
    assert outside.read_text() == "keep me\n"


def test_a_colleague_file_that_links_outside_is_left_out_and_never_copied(team, tmp_path, capsys):
    secret = tmp_path / "id_rsa"
    secret.write_text('{"decisions": {}} PRIVATE KEY')
    (team.annotations_dir / "mallory.json").symlink_to(secret)
    code, _, err = run_cli(capsys, "stats", "--review", str(team.root), "--reviewer", "alice")
    assert code == 0 and "mallory.json is a symbolic link" in err
    assert err.count("left out") == 1  # said once, not once by the store and again by the reader
    assert sorted(p.name for p in team.annotations_dir.iterdir()) == ["mallory.json"]


def test_a_corpus_file_that_links_outside_is_not_read(team, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("a private text\n")
    (team.corpus_dir / "notes.txt").symlink_to(secret)
    review = open_review(team.root)
    assert all(record.source != "notes.txt" for record in review.records())
    assert any("notes.txt: a symbolic link" in warning for warning in review.warnings)


# Colleague data reaches the terminal only as visible characters -------------------------------------


def test_a_colleagues_escape_sequences_never_reach_the_terminal(team, capsys):
    team.config_path.write_text(
        team.config_path.read_text(encoding="utf-8").replace("adjudicators = []", 'adjudicators = ["Dana"]')
    )
    record = team.records()[0].id
    for name, choice in (("Alice", "include"), (f"Mallory{ESCAPES}", "exclude")):
        store = team.open_store(name.lower()[:7], name)
        store.put_decision(Decision(record, name, "title-abstract", choice, ESCAPES, ESCAPES))
        store.close()
    for command in ("conflicts", "decisions", "stats", "agreement", "claims"):
        code, out, err = run_cli(capsys, command, "--review", str(team.root), "--reviewer", "Dana")
        assert code == 0, err
        assert "\x1b" not in out + err and "\x07" not in out + err, command
    code, out, _ = run_cli(capsys, "conflicts", "--review", str(team.root), "--reviewer", "Dana", "--json")
    [conflict] = [json.loads(line) for line in out.splitlines()]
    assert {d["reason"] for d in conflict["decisions"]} == {ESCAPES}  # JSON stays exact


def test_bidirectional_overrides_in_source_text_are_shown_not_obeyed():
    shown = displayable("safe \u202egnp.exe\u202c and \u2067isolate\u2069")
    assert not any(c in shown for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert len(shown) == len("safe \u202egnp.exe\u202c and \u2067isolate\u2069")  # offsets stay 1:1


# Damage is named, kept and never silently shortened -------------------------------------------------


def acknowledged_journal(review, count=10) -> bytes:
    """A journal of `count` acknowledged decisions, as a crash leaves it (never folded)."""
    store = review.open_store("alice", "Alice")
    for n in range(count):
        store.put_decision(Decision(f"r{n}", "Alice", "title-abstract", "include"))
    store.flush()
    raw = (review.annotations_dir / "alice.journal").read_bytes()
    store.close()
    (review.annotations_dir / "alice.json").unlink()
    return raw


def test_a_carriage_return_inside_the_journal_is_damage_not_a_torn_tail(tmp_path):
    review = init_review(tmp_path / "r")
    raw = acknowledged_journal(review)
    middle = raw.index(b"\n", len(raw) // 2) - 5
    damaged = raw[:middle] + b"\r" + raw[middle + 1 :]
    journal = review.annotations_dir / "alice.journal"
    journal.write_bytes(damaged)
    with pytest.raises(JournalError, match="is damaged.*kept as it is, with a copy in alice.journal.damaged-"):
        review.open_store("alice", "Alice")
    assert journal.read_bytes() == damaged  # not shortened
    assert [p.read_bytes() for p in review.annotations_dir.glob("alice.journal.damaged-*")] == [damaged]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0), byte=st.integers(min_value=0, max_value=255))
def test_a_journal_with_any_byte_changed_opens_whole_or_refuses(tmp_path_factory, position, byte):
    review = init_review(tmp_path_factory.mktemp("j") / "r")
    raw = acknowledged_journal(review)
    position %= len(raw)
    changed = raw[:position] + bytes([byte]) + raw[position + 1 :]
    (review.annotations_dir / "alice.journal").write_bytes(changed)
    try:
        store = review.open_store("alice", "Alice")
    except (JournalError, StoreError) as error:
        assert "alice.journal" in str(error)
        return
    decided = {d.record for d in store.decisions()}
    store.close()
    assert decided == {f"r{n}" for n in range(10)}  # every acknowledged write, or a refusal above


@pytest.mark.parametrize(
    "content, said",
    [
        (b"[1]", "not a reviewer file"),
        (b'"a string"', "not a reviewer file"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b'{"decisions": {"1": {"record": "r"}}}', "has no id"),
        (b'{"decisions": [1, 2]}', "not a reviewer file"),
        (b'{"_meta": {"1": {"schema": "1"}}}', "newer reviewer"),
        (b"", "is empty"),
        (b"  \n", "is empty"),
        (b"null", "not a reviewer file"),
    ],
)
def test_an_own_file_of_the_wrong_shape_is_named_and_kept(tmp_path, content, said):
    review = init_review(tmp_path / "r")
    path = review.annotations_dir / "alice.json"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=said):
        review.open_store("alice", "Alice")
    assert path.read_bytes() == content


@pytest.mark.parametrize(
    "line, said",
    [
        (b"[1, 2]", "not an operation"),
        (b'"put"', "not an operation"),
        (b'{"op": "put", "doc": {"id": "x"}}', "not an operation"),
        (b'{"op": "put", "table": "decisions", "doc": {"record": "x"}}', "without a document id"),
        (b'{"op": "delete", "table": "decisions"}', "without an id"),
    ],
)
def test_a_journal_line_of_the_wrong_shape_is_damage(tmp_path, line, said):
    review = init_review(tmp_path / "r")
    (review.annotations_dir / "bob.journal").write_bytes(line + b"\n" + b'{"op":"delete","table":"x","id":"y"}\n')
    with pytest.raises(JournalError, match=said):
        load_tables(review.annotations_dir, "bob")


@pytest.mark.parametrize(
    "edit, said",
    [
        (("[screening]", "[unused]"), "must be a table"),
        (("include = []", "include = [1]"), "must be a list of strings"),
        (("blind = true", 'blind = "false"'), "must be true or false"),
        (("reasons_required = false", 'reasons_required = "false"'), "must be true or false"),
    ],
)
def test_review_settings_of_the_wrong_type_are_named(tmp_path, edit, said):
    review = init_review(tmp_path / "r")
    text = review.config_path.read_text(encoding="utf-8")
    assert edit[0] in text
    text = text.replace(edit[0], edit[1], 1)
    if edit[1] == "[unused]":  # the [screening] table made a string
        text = 'screening = "x"\n' + text
    review.config_path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=said):
        load_config(review.config_path)


# Caches heal themselves ------------------------------------------------------------------------------


@pytest.mark.parametrize("garbage", [b"", b"\x80\x04garbage", pickle.dumps(("another key", None)) + b"x" * 10])
def test_a_damaged_record_cache_is_read_again_from_the_file(team, garbage):
    path = team.corpus_dir / "embase-vertebroplasty.ris"
    record_cache._entry(path).write_bytes(garbage)  # noqa: SLF001
    assert len(open_review(team.root).records()) == 6


def test_a_garbage_search_index_is_built_again(team):
    path = index_path(team)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    index = open_index(team)
    try:
        assert index.search("vertebroplasty")
    finally:
        index.close()


# Bad values in imported claims --------------------------------------------------------------------------


def test_imported_claims_with_bad_values_finish_and_are_reported(tmp_path, capsys):
    review = init_review(tmp_path / "r")
    (review.corpus_dir / "a.txt").write_text("Some text to anchor a quote in.\n", encoding="utf-8")
    items = [
        {
            "id": "a",
            "target": {"source": "a.txt", "selector": {"type": "TextQuoteSelector", "exact": "text"}},
            "body": [{"purpose": "commenting", "value": "lone \ud800 surrogate"}],
        },
        {
            "id": "b",
            "target": {"source": "a.txt", "selector": {"type": "TextQuoteSelector", "exact": "quote"}},
            "body": [{"purpose": "tagging", "value": 7}],
        },
        {"id": "c", "target": 5},
        {"id": "d", "target": {"source": "a.txt", "selector": {"type": "TextPositionSelector", "start": "x"}}},
    ]
    path = tmp_path / "in.jsonld"
    path.write_text(json.dumps(items), encoding="utf-8")
    code, out, _ = run_cli(capsys, "import-claims", str(path), "--review", str(review.root), "--reviewer", "Alice")
    assert code == 0 and "4 claims read, 1 added" in out
    assert out.count("kept as orphaned") == 3
    [saved] = load_tables(review.annotations_dir, "alice")["annotations"].values()
    assert saved["note"] == "lone ? surrogate"


# Leftovers and names -------------------------------------------------------------------------------------


def test_a_fold_cut_off_by_a_crash_leaves_nothing_behind(tmp_path):
    review = init_review(tmp_path / "r")
    leftover = review.annotations_dir / ".alice.json.abc123.tmp"
    leftover.write_bytes(b"half a fold")
    review.open_store("alice", "Alice").close()
    assert not leftover.exists()
    ignored = (review.root / ".gitignore").read_text(encoding="utf-8")
    assert all(rule in ignored.splitlines() for rule in ("annotations/*.lock", ".*.tmp", "annotations/*.damaged-*"))


def test_a_very_long_reviewer_name_still_saves(tmp_path):
    review = init_review(tmp_path / "r")
    name = "Reviewer " + "x" * 300
    store = review.open_store(slug(name), name)
    store.put_decision(Decision("r1", name, "title-abstract", "include"))
    store.close()
    assert len(next(review.annotations_dir.glob("*.json")).name) < 120


@pytest.mark.parametrize("name", ["two\nlines", "esc\x1b[31m", 'quote " and \\ backslash', "del\x7f"])
def test_init_writes_a_review_toml_it_can_read_whatever_the_name(tmp_path, name):
    review = init_review(tmp_path / "r", name=name)
    assert tomllib.loads(review.config_path.read_text(encoding="utf-8"))["name"] == name


# Formula-safe CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell", [" =1", "\n=1", "\xa0=1", "\ufeff=1", "\u200b=1", "\x00=1", "\x1b=1", "\u2028=1", "\uff1d1", "\t=1", "\r=1"]
)
def test_a_cell_whose_first_visible_character_starts_a_formula_is_defused(cell):
    safe = safe_cell(cell)
    assert safe.startswith("'")
    assert not any(c in safe for c in "\x00\x1b\r")


# Documents of the wrong shape (#28.3) ----------------------------------------------------------------


def colleague_file(review, claims=(), duplicates=()):
    """Bob's file as a hand edit or a bad merge leaves it: documents of the wrong shape."""
    good = {"record": review.records()[0].id, "reviewer": "Bob", "exact": "cement", "prefix": "", "suffix": ""}
    annotations = {str(n): {"id": str(n), **good, "start": 0, "end": 6, **changes} for n, changes in enumerate(claims)}
    groups = {
        f"d{n}": {"id": f"d{n}", "at": "2026-01-01T00:00:00.000+00:00", **doc} for n, doc in enumerate(duplicates)
    }
    document = {"annotations": annotations, "decisions": {}, "duplicates": groups}
    (review.annotations_dir / "bob.json").write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize(
    "claims, duplicates",
    [
        ([{"tags": [1]}], []),
        ([{"tags": None}], []),
        ([{"prefix": None}], []),
        ([{"suffix": 3, "tags": ["safety"]}], []),
        ([], [{"group": [1, [2]], "removed": [], "keep": None}]),
        ([], [{"group": ["a", "b"], "removed": ["b"], "keep": 7}]),
    ],
)
def test_documents_of_the_wrong_shape_are_named_left_out_and_reported_by_check(team, capsys, claims, duplicates):
    colleague_file(team, claims, duplicates)
    root = str(team.root)
    for command in (
        ["claims"],
        ["claims", "--json"],
        ["search", "cement"],
        ["stats"],
        ["rank"],
        ["export", "--format", "md"],
        ["export", "--format", "csv"],
        ["export", "--format", "html"],
    ):
        code, _, err = run_cli(capsys, *command, "--review", root, "--reviewer", "Dana")
        assert code == 0, (command, err)
        if command[0] != "search":  # search reads the team once per change, into its index
            assert "bob.json" in err, command  # named, and left out
    code, out, _ = run_cli(capsys, "check", "--review", root)
    assert code == 1 and "annotations/bob.json" in out and "should be" in out


@pytest.mark.parametrize("folder", ["corpus", "corpus/fulltext", "annotations"])
def test_a_review_folder_that_is_a_symbolic_link_is_refused_naming_it(team, tmp_path, capsys, folder):
    """A link committed by a colleague (or made by hand) would have reads and writes go outside
    the review (#28.8)."""
    inside = team.root / folder
    outside = tmp_path / "elsewhere" / folder.replace("/", "-")
    outside.parent.mkdir(exist_ok=True)
    if inside.exists():
        inside.rename(outside)
    else:
        outside.mkdir()
    inside.symlink_to(outside, target_is_directory=True)
    for command in (["records"], ["decisions"], ["import", str(FIXTURES / "pubmed.nbib")], ["sync"]):
        code, _, err = run_cli(capsys, *command, "--review", str(team.root))
        assert code == 1 and f"{inside} is a symbolic link" in err and "Traceback" not in err, command
    assert not any(outside.glob("pubmed*"))  # nothing written through the link


HOSTILE_TEXT = f"quote {ESCAPES} \u009b31m \u0085 \u202eevil\u202c end"
RAW = ("\x1b", "\x07", "\u009b", "\u0085", "\u202e")


def test_no_export_or_listing_sends_a_control_character_to_the_terminal(team, capsys):
    """Tag labels, colleagues' tag keys, quotes and notes full of escape sequences, C1 and bidi
    controls: every export printed to standard output, and check, stays inert (#28.9)."""
    text = team.config_path.read_text(encoding="utf-8")
    text = text.replace('label = "Safety"', 'label = "Safety\\u001b]0;T\\u0007"').replace(
        "blind = true", "blind = false"
    )
    team.config_path.write_text(text, encoding="utf-8")
    team.config = load_config(team.config_path)
    record = team.records()[0]
    store = team.open_store("bob", "Bob")
    store.put_claim(
        Claim(record.id, "Bob", HOSTILE_TEXT, "", "", 0, len(HOSTILE_TEXT), ("safety", f"k{ESCAPES}"), HOSTILE_TEXT)
    )
    store.put_decision(Decision(record.id, "Bob", "title-abstract", "exclude", HOSTILE_TEXT, HOSTILE_TEXT))
    store.close()
    (team.annotations_dir / f"mal{ESCAPES}lory.json").write_text("{", encoding="utf-8")  # a damaged, hostile name
    root = str(team.root)
    outputs = []
    for fmt in ("csv", "json", "md", "html", "w3c", "decisions-csv"):
        code, out, err = run_cli(capsys, "export", "--format", fmt, "--review", root, "--reviewer", "Bob")
        assert code == 0, (fmt, err)
        outputs.append((fmt, out + err))
    for command in (["claims", "--json", "--reviewer", "Bob"], ["decisions", "--json", "--reviewer", "Bob"], ["check"]):
        _, out, err = run_cli(capsys, *command, "--review", root)
        outputs.append((command[0], out + err))
    for what, printed in outputs:
        assert not any(raw in printed for raw in RAW), what
    csv_rows = list(csv.reader(io.StringIO(dict(outputs)["csv"])))
    assert all(not cell.startswith("\t") for row in csv_rows for cell in row)
    _, out, _ = run_cli(capsys, "claims", "--json", "--review", root, "--reviewer", "Bob")
    assert json.loads(out.splitlines()[0])["exact"] == HOSTILE_TEXT  # JSON keeps the text exact, escaped


def test_a_bit_flipped_anywhere_in_a_record_cache_entry_never_changes_a_record(team):
    """One bit flipped in the parsed-exports cache gave an AttributeError on every command, or
    silently changed a record's id (#28.5): each entry now carries a checksum of what it holds."""
    import random

    path = team.corpus_dir / "embase-vertebroplasty.ris"
    truth = [(r.id, r.title, r.abstract, r.authors) for r in open_review(team.root).records()]
    entry = record_cache._entry(path)  # noqa: SLF001
    original = entry.read_bytes()
    rng = random.Random(5)
    for _ in range(150):
        flipped = bytearray(original)
        position = rng.randrange(len(flipped))
        flipped[position] ^= 1 << rng.randrange(8)
        entry.write_bytes(bytes(flipped))
        read = [(r.id, r.title, r.abstract, r.authors) for r in open_review(team.root).records()]
        assert read == truth, position


def damaged_index(review, rng):
    """The review's search index with one bit flipped somewhere (its journal files gone)."""
    path = index_path(review)
    data = bytearray(path.read_bytes())
    position = rng.randrange(len(data))
    data[position] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))
    for journal in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        journal.unlink(missing_ok=True)


def test_a_damaged_search_index_never_gives_a_traceback_it_is_built_again(team, capsys):
    """32 of 150 mutations of the index gave a traceback on every search (#28.5)."""
    import random

    for name in ("ovid-medline.ris", "pubmed.nbib", "scopus-crlf.ris"):
        import_file(team, FIXTURES / name)
    open_index(team).close()
    original = index_path(team).read_bytes()
    rng = random.Random(7)
    for _ in range(60):
        index_path(team).write_bytes(original)
        damaged_index(team, rng)
        for query in ("vertebroplasty fracture", "kind:claim cement", "sough"):
            code, out, err = run_cli(capsys, "search", query, "--review", str(team.root))
            assert code == 0 and "Traceback" not in err, err
    code, out, _ = run_cli(capsys, "search", "vertebroplasty", "--review", str(team.root), "--json")
    assert code == 0 and len(out.splitlines()) > 3  # found again, whatever happened before


async def test_typing_in_search_over_a_damaged_index_builds_it_again_and_answers(team):
    import random

    from tests.conftest import make_app, screen_text, settle

    open_index(team).close()
    app = make_app(team, "Alice")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)  # the app's index is open
        path = index_path(team)
        app.search_index.close()
        data = path.read_bytes()
        path.write_bytes(data[:8192] + bytes(random.Random(3).randrange(256) for _ in range(len(data) - 8192)))
        app.search_index = SearchIndex(path)  # the damage is found by a query, not at opening
        await pilot.press("slash", *"vertebroplasty")
        await settle(pilot)
        assert app.is_running and not any("failed" in message for message in app.notified)
        assert "A randomized trial of vertebroplasty" in screen_text(app)  # built again, and answered


def test_check_fix_recovers_a_damaged_own_journal_up_to_the_damage_and_the_app_opens(tmp_path, capsys):
    """The app refuses a damaged journal (nothing lost); check --fix now offers a way on: the
    changes before the damage in a fresh journal, the damaged one kept as a copy (#28.10)."""
    review = init_review(tmp_path / "r")
    raw = acknowledged_journal(review, count=10)
    lines = raw.split(b"\n")
    lines[6] = lines[6].replace(b"include", b"inclade")  # line 7 damaged: its checksum fails
    journal = review.annotations_dir / "alice.journal"
    journal.write_bytes(b"\n".join(lines))
    with pytest.raises(JournalError, match="reviewer check --fix recovers"):
        review.open_store("alice", "Alice")
    code, out, _ = run_cli(capsys, "check", "--review", str(review.root), "--fix")
    assert "the 6 changes before its damaged line recovered into a fresh journal" in out
    copies = list(review.annotations_dir.glob("alice.journal.damaged-*"))
    assert len(copies) == 1 and copies[0].read_bytes() == b"\n".join(lines)  # nothing thrown away
    store = review.open_store("alice", "Alice")  # the app opens again
    try:
        assert sorted(d.record for d in store.decisions()) == [f"r{n}" for n in range(6)]
    finally:
        store.close()


async def test_a_file_whose_journal_is_damaged_opens_read_only_and_nothing_is_written(tmp_path):
    """`reviewer --read-only`: everything before the damage is there, nothing is written (#28.10)."""
    from reviewer.persistence.read_only import ReadOnlyStore
    from tests.conftest import RecordingApp, screen_text, settle

    review = init_review(tmp_path / "r")
    import_file(review, FIXTURES / "embase-vertebroplasty.ris")
    ids = [r.id for r in review.records()]
    store = review.open_store("alice", "Alice")
    for record in ids[:4]:
        store.put_decision(Decision(record, "Alice", "title-abstract", "include"))
    store.flush()
    raw = (review.annotations_dir / "alice.journal").read_bytes()
    store.close()
    (review.annotations_dir / "alice.json").unlink()
    lines = raw.split(b"\n")
    lines[2] = lines[2].replace(b"include", b"inclade")
    (review.annotations_dir / "alice.journal").write_bytes(b"\n".join(lines))
    before = sorted((p.name, p.read_bytes()) for p in review.annotations_dir.iterdir() if p.suffix != ".lock")
    with pytest.raises(JournalError, match="--read-only opens it as it is"):
        review.open_store("alice", "Alice")
    store = ReadOnlyStore.open_read_only(review.annotations_dir, "alice", "Alice")
    app = RecordingApp(review, store)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert "read only" in screen_text(app)
        assert "Title-abstract (6): ✔ 2 included" in screen_text(app)  # the two before the damage
        await pilot.press("s", "e", "1")  # a decision: in memory only
        await settle(pilot)
    store.close()
    after = sorted((p.name, p.read_bytes()) for p in review.annotations_dir.iterdir() if p.suffix != ".lock")
    assert [entry for entry in after if "damaged" not in entry[0]] == before  # nothing written
