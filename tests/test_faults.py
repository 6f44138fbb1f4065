"""Nothing lost, nothing let in: crashes, full disks, damaged files, hostile text, odd paths."""

import errno
import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.annotating.placing import new_claim
from reviewer.cli import main
from reviewer.importing.files import import_file
from reviewer.persistence import store as store_module
from reviewer.persistence import tinydb_storage
from reviewer.persistence.journal import Journal
from reviewer.persistence.store import ReviewerStore, load_tables
from reviewer.review.folder import init_review
from tests.conftest import CAVEAT_SENTENCE, FIXTURES, make_app, run_cli, screen_text

MIXED_BURST = """
import sys
from pathlib import Path
from reviewer.persistence import store as store_module
import pytest

from reviewer.annotating.placing import new_claim
from reviewer.domain.decision import Decision
store_module.COMPACT_AFTER = 97  # fold often, so kills land in atomic rewrites too


def confirm(line):
    # One write per line: with PYTHONUNBUFFERED set, print() writes its pieces one by one, and a
    # kill between them left a torn "decisions" line that was never a confirmation.
    sys.stdout.write(line + "\\n")
    sys.stdout.flush()


store = store_module.ReviewerStore.open(Path(sys.argv[1]), "alice", "Alice")
text = "y" * 300
for number in range(1000):
    if number % 2:
        store.put_decision(Decision(f"rec:{number}", "Alice", "title-abstract", "include")).result()
        confirm(f"decisions {store.decisions()[-1].id}")
    else:
        saved = new_claim("file:a.txt", "Alice", text, number % 200, number % 200 + 60, note=str(number))
        store.put_claim(saved).result()
        confirm(f"annotations {saved.id}")
"""


def test_sigkill_at_random_moments_fifty_times_loses_nothing_confirmed(tmp_path):
    rng = random.Random(50)
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    for attempt in range(50):
        directory = tmp_path / f"run-{attempt}"
        process = subprocess.Popen(
            [sys.executable, "-c", MIXED_BURST, str(directory)], stdout=subprocess.PIPE, text=True, env=environment
        )
        confirmed = [process.stdout.readline().split() for _ in range(rng.randint(1, 400))]
        assert confirmed[0], f"run {attempt}: the writer confirmed nothing (did it start?)"
        process.send_signal(signal.SIGKILL)
        process.wait()
        confirmed += [line.split() for line in process.stdout if line.strip()]
        if (directory / "alice.json").exists():
            json.loads((directory / "alice.json").read_text())  # always whole
        reopened = ReviewerStore.open(directory, "alice", "Alice")
        present = {"annotations": {a.id for a in reopened.claims()}, "decisions": {d.id for d in reopened.decisions()}}
        reopened.close()
        missing = [entry for entry in confirmed if entry and entry[1] not in present[entry[0]]]
        assert missing == [], f"run {attempt}: {len(missing)} confirmed writes lost"


async def test_a_full_disk_is_reported_retried_and_nothing_is_lost(review, monkeypatch):
    monkeypatch.setattr(store_module, "RETRY_SECONDS", (0.05, 0.05, 0.05))
    failures = {"left": 3}
    real_append = Journal.append

    def append_or_fail(self, operations):
        if failures["left"]:
            failures["left"] -= 1
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_append(self, operations)

    monkeypatch.setattr(Journal, "append", append_or_fail)
    app = make_app(review)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter", "slash", *"absolute proof", "enter", "s", "3")
        app.store.flush()  # returns once the writer got past the full disk
        await pilot.pause()  # and the app has handled the messages it sent on the way
        assert any("No space left on device" in n and "kept in memory" in n for n in app.notified)
        assert "saved" in screen_text(app)
    [saved] = load_tables(review.annotations_dir, "alice")["annotations"].values()
    assert saved["exact"] == CAVEAT_SENTENCE and failures["left"] == 0


def test_a_truncated_reviewer_file_is_named_kept_and_reported(review, capsys):
    path = review.annotations_dir / "alice.json"
    path.write_text('{"annotations": {"1": {"id": "a", "exact": "tru', encoding="utf-8")
    before = path.read_bytes()
    assert main([str(review.root), "--reviewer", "Alice"]) == 1
    error = capsys.readouterr().err
    assert str(path) in error and "not valid JSON" in error and "kept as it is" in error
    [backup] = review.annotations_dir.glob("alice.json.damaged-*")
    assert backup.read_bytes() == before and backup.name in error
    assert main(["check", "--review", str(review.root)]) == 1
    assert "annotations/alice.json" in capsys.readouterr().out
    assert path.read_bytes() == before


def test_a_file_from_a_newer_version_is_refused(review, capsys):
    path = review.annotations_dir / "alice.json"
    path.write_text(json.dumps({"_meta": {"1": {"schema": 7}}}), encoding="utf-8")
    assert main([str(review.root), "--reviewer", "Alice"]) == 1
    assert "newer reviewer (schema 7)" in capsys.readouterr().err


def test_check_reports_hand_edits_and_fix_mends_what_is_safe(review, capsys):
    record = review.record("file:vertebroplasty-adjacent-fractures.txt")
    start = record.text.index(CAVEAT_SENTENCE)
    good = new_claim(record.id, "Alice", record.text, start, start + len(CAVEAT_SENTENCE), ("caveat",))
    moved = good.to_doc() | {"id": "moved", "start": 3, "end": 3 + len(CAVEAT_SENTENCE)}
    stringly = good.to_doc() | {"id": "stringly", "tags": "caveat,safety"}
    broken = {"id": "broken", "record": "file:nowhere.txt", "reviewer": "Alice", "exact": "x", "start": "0", "end": 1}
    decision = {"id": "d1", "record": record.id, "reviewer": "Alice", "stage": "abstract", "decision": "yes"}
    (review.annotations_dir / "alice.json").write_text(
        json.dumps({"annotations": {"1": moved, "2": stringly, "3": broken}, "decisions": {"1": decision}}),
        encoding="utf-8",
    )
    assert main(["check", "--review", str(review.root)]) == 1
    report = capsys.readouterr().out
    assert "claim moved: moved in the changed text (--fix mends this)" in report
    assert "claim stringly: tags written as a string" in report
    assert "claim broken: start should be int, is '0'" in report
    assert "claim broken: record file:nowhere.txt is not in the corpus" in report
    assert "decision d1: unknown decision 'yes'" in report and "unknown stage 'abstract'" in report
    main(["check", "--review", str(review.root), "--fix"])
    tables = load_tables(review.annotations_dir, "alice")["annotations"]
    assert tables["moved"]["start"] == start
    assert tables["stringly"]["tags"] == ["caveat", "safety"]
    assert "broken" in tables  # reported, never dropped


async def test_hostile_source_text_is_shown_and_never_crashes(review):
    for other in review.corpus_dir.iterdir():
        other.unlink()
    long_line = ("word " * 2_000_000).encode()  # a 10 MB single line
    (review.corpus_dir / "huge.txt").write_bytes(long_line)
    mixed = (
        "שלום עולם and e\u0301 and 👍🏽 and 漢字\n".encode() + b"bad \xff\xfe bytes \x1b]52;c;ZXZpbA==\x07 clipboard\n"
    )
    (review.corpus_dir / "mixed.txt").write_bytes(mixed)
    review.reload()
    app = make_app(review)
    async with app.run_test(size=(100, 30)) as pilot:
        assert any("mixed.txt: not valid UTF-8" in w and "shown as \ufffd" in w for w in review.warnings)
        await pilot.press("j", "enter")  # mixed.txt
        shown = screen_text(app)
        assert "שלום עולם" in shown and "👍🏽" in shown and "漢字" in shown
        assert "␛]52;c;ZXZpbA==␇ clipboard" in shown  # the clipboard write is shown, not sent
        await pilot.press("escape", "k", "enter")  # huge.txt
        await pilot.press("G")
        view = app.screen.source
        assert view.cursor == len(view.text) - 1
        await pilot.press("s", "1")  # the whole 10 MB line is one sentence
        assert app.screen.claims[0].end - app.screen.claims[0].start == len(view.text) - 1
        assert app.is_running


def test_import_writes_only_inside_the_corpus(review, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    link = outside / "linked.ris"
    link.symlink_to(FIXTURES / "ovid-medline.ris")
    report = import_file(review, outside / ".." / "elsewhere" / "linked.ris")
    stored = review.corpus_dir / report.stored_as
    assert report.stored_as == "linked.ris" and not stored.is_symlink()
    assert stored.read_bytes() == (FIXTURES / "ovid-medline.ris").read_bytes()
    hidden = tmp_path / ".hidden.ris"
    hidden.write_bytes((FIXTURES / "scopus-bom.ris").read_bytes())
    assert import_file(review, hidden).stored_as == "hidden.ris"  # never a hidden or outside name
    assert sorted(p.name for p in outside.iterdir()) == ["linked.ris"]


@pytest.mark.parametrize(
    "command",
    [
        ["import", str(FIXTURES / "asreview.csv"), "--as-reviewer", "Alice"],
        ["dedupe", "--keep", "pmid:19657121", "--reviewer", "Alice"],
    ],
)
def test_a_command_on_a_full_disk_ends_with_the_disks_message(tmp_path, capsys, monkeypatch, command):
    """The app keeps what cannot be saved in memory and tries again; a command that cannot save
    gives up after its retries with the disk's own words, instead of hanging (#28.6)."""
    review = init_review(tmp_path / "r")
    for name in ("embase-vertebroplasty.ris", "ovid-medline.ris"):
        import_file(review, FIXTURES / name)

    def full(self, lines):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Journal, "append", full)
    monkeypatch.setattr(tinydb_storage, "write_atomically", lambda path, data: full(None, None))
    monkeypatch.setattr(store_module, "RETRY_SECONDS", (0.001, 0.001))
    code, _, err = run_cli(capsys, *command, "--review", str(review.root))
    assert code == 1 and "No space left on device" in err, err
    assert not (review.annotations_dir / "alice.json").exists()  # nothing half-written
